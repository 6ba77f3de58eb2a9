"""Sign-in through LDAP against a real OpenLDAP server the tests start (conftest.ldap_directory):
the directory's unit code and groups become the account; an unknown unit is refused."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from accounts.ldap_directory import PortalLDAPBackend
from cchc_portal.factories import UserFactory
from cchc_portal.models import Role, User

from . import ldap_server
from .ldap_server import PASSWORDS, group_dn, person_dn

pytestmark = pytest.mark.django_db

WRONG = "Sai tên đăng nhập hoặc mật khẩu"
FROM_DIRECTORY = "Cập nhật từ hệ thống danh bạ khi đăng nhập"


def sign_in(client, username, password=None):
    return client.post(
        reverse("login"),
        {"username": username, "password": password or PASSWORDS[username]},
    )


def error_text(response):
    assert response.status_code == 200, response.status_code
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_a_directory_person_signs_in_and_gets_unit_roles_and_names(client, ldap_on, ward):
    response = sign_in(client, "canbo.mot")
    assert response.status_code == 302
    user = User.objects.get(username="canbo.mot")
    assert user.source == User.Source.LDAP
    assert user.unit == ward
    assert set(user.roles.values_list("code", flat=True)) == {Role.Code.UNIT_STAFF}
    assert (user.last_name, user.first_name, user.email) == (
        "Nguyễn",
        "Văn Một",
        "canbo.mot@cchc.test",
    )
    assert not user.has_usable_password()
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session["_auth_user_backend"] == "accounts.ldap_directory.PortalLDAPBackend"
    # The next page knows them (the session's user is loaded like any other).
    home = client.get("/")
    assert home.status_code == 200
    assert home.context["user"] == user
    created = user.history.get(history_type="+")
    assert created.history_change_reason == FROM_DIRECTORY


def test_several_groups_give_several_roles(client, ldap_on, city):
    assert sign_in(client, "noivu.tp").status_code == 302
    user = User.objects.get(username="noivu.tp")
    assert user.unit == city
    assert set(user.roles.values_list("code", flat=True)) == {
        Role.Code.INTERNAL_AFFAIRS,
        Role.Code.LEADERSHIP,
    }
    client.logout()
    assert sign_in(client, "lanhdao.tp").status_code == 302
    lanhdao = User.objects.get(username="lanhdao.tp")
    assert set(lanhdao.roles.values_list("code", flat=True)) == {Role.Code.LEADERSHIP}
    assert lanhdao.email == ""


def test_a_second_sign_in_with_nothing_changed_changes_nothing(client, ldap_on, ward):
    sign_in(client, "canbo.mot")
    user = User.objects.get(username="canbo.mot")
    from_directory = user.history.filter(history_change_reason=FROM_DIRECTORY)
    rows = from_directory.count()
    client.logout()
    assert sign_in(client, "canbo.mot").status_code == 302
    assert from_directory.count() == rows
    assert User.objects.filter(username="canbo.mot").count() == 1


def test_the_directory_is_the_source_at_each_sign_in(client, ldap_on, ward, other_ward):
    sign_in(client, "noivu.tp")
    client.logout()
    ldap_on.replace(person_dn("canbo.mot"), "departmentNumber", ["ward-two"])
    ldap_on.replace(person_dn("canbo.mot"), "mail", ["mot.moi@cchc.test"])
    ldap_on.replace(group_dn("cchc-lanhdao"), "member", [person_dn("lanhdao.tp")])
    assert sign_in(client, "canbo.mot").status_code == 302
    user = User.objects.get(username="canbo.mot")
    assert (user.unit, user.email) == (other_ward, "mot.moi@cchc.test")
    client.logout()
    # Taken out of the leadership group: the role goes at the next sign-in, with its history.
    from_directory = User.objects.get(username="noivu.tp").history.filter(
        history_change_reason=FROM_DIRECTORY
    )
    before = from_directory.count()
    assert sign_in(client, "noivu.tp").status_code == 302
    noivu = User.objects.get(username="noivu.tp")
    assert set(noivu.roles.values_list("code", flat=True)) == {Role.Code.INTERNAL_AFFAIRS}
    assert from_directory.count() == before + 1


def test_a_wrong_password_is_the_usual_message_and_makes_no_account(client, ldap_on, ward):
    response = sign_in(client, "canbo.mot", "not-the-password")
    assert WRONG in error_text(response)
    assert not User.objects.filter(username="canbo.mot").exists()
    assert SESSION_KEY not in client.session


def test_an_unknown_login_is_the_usual_message(client, ldap_on, ward):
    assert WRONG in error_text(sign_in(client, "ai.do", "Whatever-123"))
    assert not User.objects.filter(username="ai.do").exists()


def test_an_unknown_unit_code_is_refused_with_its_code(client, ldap_on, ward):
    text = error_text(sign_in(client, "sai.donvi"))
    assert "mã đơn vị “no-such-unit”" in text
    assert "cổng thông tin không có đơn vị này" in text
    assert not User.objects.filter(username="sai.donvi").exists()
    assert SESSION_KEY not in client.session


def test_no_unit_code_is_refused_not_given_a_default(client, ldap_on, ward):
    text = error_text(sign_in(client, "khong.donvi"))
    assert "chưa có mã đơn vị" in text
    assert not User.objects.filter(username="khong.donvi").exists()


def test_an_inactive_unit_is_refused(client, ldap_on, ward):
    ward.is_active = False
    ward.save()
    assert "mã đơn vị “ward-one”" in error_text(sign_in(client, "canbo.mot"))


def test_no_mapped_group_is_refused(client, ldap_on, ward):
    text = error_text(sign_in(client, "khong.nhom"))
    assert "không thuộc nhóm nào được giao vai trò" in text
    assert not User.objects.filter(username="khong.nhom").exists()


def test_a_login_that_is_a_local_account_is_not_taken_over(client, ldap_on, ward, other_ward):
    local = UserFactory(username="trung.ten", unit=other_ward, roles=[Role.Code.INSPECTOR])
    local.set_password("Local-matkhau-456")
    local.save()
    # The directory's password: refused, the local account untouched.
    text = error_text(sign_in(client, "trung.ten"))
    assert "là tài khoản của cổng thông tin, không phải tài khoản danh bạ" in text
    local.refresh_from_db()
    assert (local.source, local.unit) == (User.Source.LOCAL, other_ward)
    assert set(local.roles.values_list("code", flat=True)) == {Role.Code.INSPECTOR}
    # Its own password still works, through the portal's backend.
    assert sign_in(client, "trung.ten", "Local-matkhau-456").status_code == 302
    assert client.session["_auth_user_backend"] == "cchc_portal.backends.UserBackend"


def test_local_accounts_keep_working_beside_the_directory(client, ldap_on, staff_user):
    staff_user.set_password("Staff-matkhau-789")
    staff_user.save()
    assert sign_in(client, "staff", "Staff-matkhau-789").status_code == 302
    assert client.session[SESSION_KEY] == str(staff_user.pk)


def test_a_deactivated_directory_account_is_refused(client, ldap_on, ward):
    sign_in(client, "canbo.mot")
    client.logout()
    User.objects.filter(username="canbo.mot").update(is_active=False)
    text = error_text(sign_in(client, "canbo.mot"))
    assert "Tài khoản này đã bị khóa" in text
    assert SESSION_KEY not in client.session


def test_the_directory_never_gives_the_administrator_role(settings, ldap_on):
    settings.AUTH_LDAP_ROLE_GROUPS = f"administrator={group_dn('cchc-noivu')}"
    with pytest.raises(ImproperlyConfigured, match="“administrator” is not a role a directory"):
        sign_in(Client(), "noivu.tp")


def test_an_unknown_group_kind_is_a_configuration_error(settings, ldap_on):
    settings.AUTH_LDAP_GROUP_KIND = "nisNetgroup"
    with pytest.raises(ImproperlyConfigured, match="AUTH_LDAP_GROUP_KIND must be one of"):
        PortalLDAPBackend().settings  # noqa: B018


def test_a_directory_that_is_down_leaves_local_sign_in_working(
    client, settings, ldap_on, staff_user
):
    settings.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{ldap_server.free_port()}"
    assert WRONG in error_text(sign_in(client, "canbo.mot"))
    staff_user.set_password("Staff-matkhau-789")
    staff_user.save()
    assert sign_in(client, "staff", "Staff-matkhau-789").status_code == 302


def test_a_wrong_service_password_signs_nobody_in(client, settings, ldap_on, ward):
    settings.AUTH_LDAP_BIND_PASSWORD = "not-the-service-password"
    assert WRONG in error_text(sign_in(client, "canbo.mot"))
    assert not User.objects.filter(username="canbo.mot").exists()


def test_the_login_is_matched_without_case(client, ldap_on, ward):
    assert sign_in(client, "CanBo.Mot", PASSWORDS["canbo.mot"]).status_code == 302
    assert User.objects.filter(username="canbo.mot").count() == 1


def test_a_directory_account_on_the_people_pages(client, ldap_on, ward, internal_affairs_user):
    sign_in(client, "canbo.mot")
    person = User.objects.get(username="canbo.mot")
    client.force_login(internal_affairs_user)
    page = client.get(reverse("accounts:person-detail", args=[person.pk])).content.decode()
    assert "LDAP" in page
    assert "mật khẩu của hệ thống danh bạ" in page
    response = client.post(
        reverse("accounts:person-edit", args=[person.pk]),
        {
            "last_name": "Nguyễn",
            "first_name": "Văn Một",
            "username": "canbo.mot",
            "email": "canbo.mot@cchc.test",
            "unit": internal_affairs_user.unit.pk,
            "role_codes": [Role.Code.UNIT_STAFF],
        },
    )
    # The unit and roles are the directory's: the form does not take them.
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.unit == ward
    form = client.get(reverse("accounts:person-edit", args=[person.pk])).context["form"]
    assert form.fields["unit"].disabled and form.fields["role_codes"].disabled


def test_internal_affairs_link_a_portal_account_to_the_directory(
    client, ldap_on, ward, other_ward, internal_affairs_user
):
    local = UserFactory(username="trung.ten", unit=other_ward, roles=[Role.Code.INSPECTOR])
    local.set_password("Local-matkhau-456")
    local.save()
    client.force_login(internal_affairs_user)
    detail = reverse("accounts:person-detail", args=[local.pk])
    assert "Liên kết với hệ thống danh bạ" in client.get(detail).content.decode()
    response = client.post(
        reverse("accounts:person-to-directory", args=[local.pk]), {"source": "ldap"}, follow=True
    )
    assert "Đã liên kết tài khoản “trung.ten” với hệ thống danh bạ" in response.content.decode()
    local.refresh_from_db()
    assert local.source == User.Source.LDAP
    assert not local.has_usable_password()
    assert local.history.first().history_change_reason == (
        "Đã liên kết với hệ thống danh bạ (hệ thống danh bạ (LDAP / Active Directory))"
    )
    assert local.history.first().history_user == internal_affairs_user
    assert "Liên kết với hệ thống danh bạ" not in client.get(detail).content.decode()
    client.logout()
    # The portal password stops working; the directory's signs in and sets unit and roles.
    assert WRONG in error_text(sign_in(client, "trung.ten", "Local-matkhau-456"))
    assert sign_in(client, "trung.ten").status_code == 302
    local.refresh_from_db()
    assert local.unit == ward
    assert set(local.roles.values_list("code", flat=True)) == {Role.Code.UNIT_STAFF}


def test_linking_to_the_directory_is_refused_when_it_cannot_apply(
    client, settings, ldap_on, ward, internal_affairs_user, staff_user
):
    client.force_login(internal_affairs_user)

    def link(person, source="ldap"):
        response = client.post(
            reverse("accounts:person-to-directory", args=[person.pk]), {"source": source}
        )
        assert response.status_code == 302
        return " ".join(str(m) for m in get_messages(response.wsgi_request))

    assert "không thể tự liên kết tài khoản của mình" in link(internal_affairs_user)
    # Single sign-on is not configured here.
    assert "chưa được cấu hình đăng nhập qua hệ thống danh bạ loại này" in link(staff_user, "oidc")
    settings.AUTH_LDAP_SERVER_URI = ""
    assert "chưa được cấu hình" in link(staff_user)
    staff_user.refresh_from_db()
    assert staff_user.source == User.Source.LOCAL
    assert staff_user.has_usable_password()
    assert (
        "Liên kết với hệ thống danh bạ"
        not in client.get(reverse("accounts:person-detail", args=[staff_user.pk])).content.decode()
    )
    settings.AUTH_LDAP_SERVER_URI = ldap_on.uri
    link(staff_user)
    assert "đã đăng nhập qua hệ thống danh bạ" in link(staff_user)
