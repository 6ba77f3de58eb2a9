"""The people pages: internal affairs manage the accounts of their subtree and no further."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import UserSession
from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def canary(other_city):
    """A person of another city: never on the city's internal affairs' pages."""
    ward = UnitFactory(name="Phường Canary", code="canary-ward", parent=other_city)
    return UserFactory(username="canary.person", unit=ward, roles=[Role.Code.UNIT_STAFF])


def _new_person(ward, **overrides):
    data = {
        "last_name": "Trần Thị",
        "first_name": "Hoa",
        "username": "tran.hoa",
        "email": "hoa@example.gov.vn",
        "unit": ward.pk,
        "role_codes": [Role.Code.UNIT_STAFF],
        "position": "Công chức Văn phòng - Thống kê",
        "phone": "0209 3870 123",
    }
    data.update(overrides)
    return data


def test_list_shows_the_subtree_only(client, internal_affairs_user, staff_user, canary):
    client.force_login(internal_affairs_user)
    response = client.get(reverse("accounts:people-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "staff" in page and "noivu" in page
    assert "canary.person" not in page
    assert "2 tài khoản" in page


def test_list_filters_by_unit_role_text_and_status(
    client, internal_affairs_user, staff_user, other_staff_user, ward
):
    client.force_login(internal_affairs_user)
    url = reverse("accounts:people-list")
    by_unit = client.get(url, {"unit": ward.pk}).context["page_obj"]
    assert [p.username for p in by_unit] == ["staff"]
    by_role = client.get(url, {"role": Role.Code.INTERNAL_AFFAIRS}).context["page_obj"]
    assert [p.username for p in by_role] == ["noivu"]
    by_text = client.get(url, {"q": "STAFF2"}).context["page_obj"]
    assert [p.username for p in by_text] == ["staff2"]
    other_staff_user.is_active = False
    other_staff_user.save()
    inactive = client.get(url, {"active": "0"}).context["page_obj"]
    assert [p.username for p in inactive] == ["staff2"]


def test_list_refuses_a_unit_outside_the_subtree(client, internal_affairs_user, other_city):
    client.force_login(internal_affairs_user)
    response = client.get(reverse("accounts:people-list"), {"unit": other_city.pk})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


@pytest.mark.parametrize("fixture", ["staff_user", "inspector_user", "leadership_user"])
def test_other_roles_get_403(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("accounts:people-list")).status_code == 403
    assert client.get(reverse("accounts:person-create")).status_code == 403


def test_create_an_account_in_a_ward(
    client, internal_affairs_user, ward, django_capture_on_commit_callbacks
):
    client.force_login(internal_affairs_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:person-create"), _new_person(ward))
    person = User.objects.get(username="tran.hoa")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:person-detail", args=[person.pk])
    assert person.unit == ward
    assert person.role_codes == {Role.Code.UNIT_STAFF}
    assert person.get_full_name() == "Trần Thị Hoa"
    assert person.source == User.Source.LOCAL
    assert not person.has_usable_password()
    assert person.history.count() >= 1
    assert person.history.first().history_user == internal_affairs_user
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hoa@example.gov.vn"]
    assert "/accounts/set-password/" in mail.outbox[0].body
    assert "tran.hoa" in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert "Đã tạo tài khoản “tran.hoa”" in page
    assert "/accounts/set-password/" in page  # the link to give by hand


def test_create_refuses_a_unit_outside_the_subtree(client, internal_affairs_user, other_city):
    client.force_login(internal_affairs_user)
    response = client.post(reverse("accounts:person-create"), _new_person(other_city))
    assert response.status_code == 200
    assert not User.objects.filter(username="tran.hoa").exists()
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_create_never_gives_the_administrator_role(client, internal_affairs_user, ward):
    client.force_login(internal_affairs_user)
    response = client.post(
        reverse("accounts:person-create"),
        _new_person(ward, role_codes=[Role.Code.ADMINISTRATOR]),
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="tran.hoa").exists()
    page = response.content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ. administrator không phải" in page


def test_the_service_refuses_the_administrator_role_in_vietnamese(internal_affairs_user, ward):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    data = {**_new_person(ward), "unit": ward, "role_codes": {Role.Code.ADMINISTRATOR}}
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.person_create(acting_user=internal_affairs_user, data=data)
    assert error.value.message_dict["roles"] == [
        "Chỉ quản trị viên mới được giao vai trò quản trị."
    ]


def test_create_checks_the_login(client, internal_affairs_user, ward, canary):
    client.force_login(internal_affairs_user)
    taken = client.post(
        reverse("accounts:person-create"), _new_person(ward, username="canary.person")
    )
    assert "Tên đăng nhập “canary.person” đã có người dùng." in taken.content.decode()
    bad = client.post(reverse("accounts:person-create"), _new_person(ward, username="Trần Hoa"))
    assert "Tên đăng nhập dài 3 đến 150 ký tự" in bad.content.decode()
    assert User.objects.filter(username__in=["tran.hoa", "Trần Hoa"]).count() == 0


def test_an_account_outside_the_subtree_is_404(client, internal_affairs_user, canary):
    client.force_login(internal_affairs_user)
    for name in ("person-detail", "person-edit"):
        assert client.get(reverse(f"accounts:{name}", args=[canary.pk])).status_code == 404
    for name in (
        "person-deactivate",
        "person-reactivate",
        "person-send-link",
        "person-end-sessions",
    ):
        assert client.post(reverse(f"accounts:{name}", args=[canary.pk])).status_code == 404
    canary.refresh_from_db()
    assert canary.is_active


def test_the_administrator_sees_and_manages_everyone(client, admin_user_, canary):
    client.force_login(admin_user_)
    assert client.get(reverse("accounts:person-detail", args=[canary.pk])).status_code == 200
    response = client.post(reverse("accounts:person-deactivate", args=[canary.pk]))
    assert response.status_code == 302
    canary.refresh_from_db()
    assert not canary.is_active


def test_deactivate_ends_every_session_and_keeps_the_name(
    client, internal_affairs_user, staff_user, django_capture_on_commit_callbacks
):
    from django.test import Client

    other = Client()
    other.post(reverse("login"), {"username": "staff", "password": "pw-test-123"})
    assert UserSession.objects.filter(user=staff_user).count() == 1
    key = UserSession.objects.get(user=staff_user).session_key
    assert Session.objects.filter(session_key=key).exists()
    assert other.get(reverse("home")).status_code == 200

    client.force_login(internal_affairs_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:person-deactivate", args=[staff_user.pk]))
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert not staff_user.is_active
    assert not Session.objects.filter(session_key=key).exists()
    assert UserSession.objects.filter(user=staff_user).count() == 0
    # The deactivated person's browser is signed out at once.
    assert other.get(reverse("home")).status_code == 302
    # Never deleted: the history keeps who did it, and the person can come back.
    assert User.objects.filter(pk=staff_user.pk).exists()
    last = staff_user.history.first()
    assert last.history_user == internal_affairs_user
    assert last.history_change_reason == "Khoá tài khoản"
    page = client.get(reverse("accounts:person-detail", args=[staff_user.pk])).content.decode()
    assert "đã khoá" in page
    response = client.post(reverse("accounts:person-reactivate", args=[staff_user.pk]))
    staff_user.refresh_from_db()
    assert staff_user.is_active


def test_cannot_deactivate_oneself(client, internal_affairs_user):
    client.force_login(internal_affairs_user)
    response = client.post(
        reverse("accounts:person-deactivate", args=[internal_affairs_user.pk]), follow=True
    )
    assert "Bạn không thể khoá tài khoản của chính mình." in response.content.decode()
    internal_affairs_user.refresh_from_db()
    assert internal_affairs_user.is_active


def test_internal_affairs_cannot_touch_an_administrator(client, internal_affairs_user, city):
    boss = UserFactory(username="boss", unit=city, roles=[Role.Code.ADMINISTRATOR])
    client.force_login(internal_affairs_user)
    assert client.get(reverse("accounts:person-edit", args=[boss.pk])).status_code == 403
    assert client.post(reverse("accounts:person-deactivate", args=[boss.pk])).status_code == 403
    boss.refresh_from_db()
    assert boss.is_active


def test_edit_changes_unit_and_roles_with_history(
    client, internal_affairs_user, staff_user, other_ward
):
    client.force_login(internal_affairs_user)
    data = {
        "last_name": "Nguyễn",
        "first_name": "Văn",
        "email": "staff@example.gov.vn",
        "unit": other_ward.pk,
        "role_codes": [Role.Code.UNIT_STAFF, Role.Code.INSPECTOR],
        "position": "",
        "phone": "",
    }
    response = client.post(reverse("accounts:person-edit", args=[staff_user.pk]), data)
    assert response.status_code == 302
    staff_user.refresh_from_db()
    staff_user.__dict__.pop("role_codes", None)
    assert staff_user.unit == other_ward
    assert staff_user.role_codes == {Role.Code.UNIT_STAFF, Role.Code.INSPECTOR}
    assert staff_user.username == "staff"
    page = client.get(reverse("accounts:person-detail", args=[staff_user.pk])).content.decode()
    assert "Phường Hai" in page
    assert "Lịch sử thay đổi" in page


def test_detail_shows_last_login_and_recent_activity(client, internal_affairs_user, staff_user):
    from django.test import Client

    Client().post(reverse("login"), {"username": "staff", "password": "pw-test-123"})
    client.force_login(internal_affairs_user)
    page = client.get(reverse("accounts:person-detail", args=[staff_user.pk])).content.decode()
    staff_user.refresh_from_db()
    assert staff_user.last_login is not None
    assert staff_user.last_login.astimezone().strftime("%d/%m/%Y") in page
    assert "Hoạt động gần đây" in page
    assert "đăng nhập" in page.lower()


def test_set_password_link_works_once(client, internal_affairs_user, ward):
    person = services.person_create(
        acting_user=internal_affairs_user,
        data={**_new_person(ward), "unit": ward, "role_codes": {Role.Code.UNIT_STAFF}},
        send_link=False,
    )
    link = services.password_link(person).split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    weak = client.post(
        form_url, {"new_password1": "tran.hoa2024!", "new_password2": "tran.hoa2024!"}
    )
    assert "Mật khẩu không được chứa tên đăng nhập (“tran.hoa”)." in weak.content.decode()
    short = client.post(form_url, {"new_password1": "Ab1!x", "new_password2": "Ab1!x"})
    assert "ít nhất 10 ký tự" in short.content.decode()
    done = client.post(
        form_url, {"new_password1": "Song-Cau-2026!", "new_password2": "Song-Cau-2026!"}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Song-Cau-2026!")
    again = client.get("/" + link, follow=True)
    assert "Liên kết này không còn dùng được" in again.content.decode()


def test_sign_out_everywhere_keeps_this_session(client, staff_user):
    from django.test import Client

    others = [Client(), Client()]
    for other in others:
        other.post(reverse("login"), {"username": "staff", "password": "pw-test-123"})
    client.post(reverse("login"), {"username": "staff", "password": "pw-test-123"})
    assert UserSession.objects.filter(user=staff_user).count() == 3
    response = client.post(reverse("accounts:sign-out-everywhere"), follow=True)
    assert "Đã đăng xuất khỏi 2 phiên khác." in response.content.decode()
    assert client.get(reverse("home")).status_code == 200
    assert all(other.get(reverse("home")).status_code == 302 for other in others)


def test_units_are_never_deleted_by_people(internal_affairs_user, ward):
    assert Unit.objects.filter(pk=ward.pk).exists()


def test_internal_affairs_reset_a_lost_phone(client, internal_affairs_user, staff_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=staff_user, name="điện thoại", confirmed=True)
    client.force_login(internal_affairs_user)
    page = client.get(reverse("accounts:person-detail", args=[staff_user.pk])).content.decode()
    assert "Đặt lại xác thực hai lớp (mất điện thoại)" in page
    response = client.post(
        reverse("accounts:person-reset-two-factor", args=[staff_user.pk]), follow=True
    )
    assert "Đã đặt lại xác thực hai lớp của “staff”" in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff_user).count() == 0
