"""Sign-in through OpenID Connect against a real provider the tests start (conftest.oidc_provider:
django-oauth-toolkit in a second process): the browser goes to the provider and back with a
code, the portal exchanges it, checks the signed ID token and reads the claims."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from cchc_portal.models import Role, User

from .conftest import OIDC_PEOPLE

pytestmark = pytest.mark.django_db

BACKEND = "accounts.oidc.PortalOIDCBackend"
FROM_DIRECTORY = "Cập nhật từ hệ thống danh bạ khi đăng nhập"


def callback_for(client, provider, username, password=None, next_url=None):
    """The portal's callback address the provider sends the browser back to."""
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url} if next_url else {})
    assert start.status_code == 302
    assert start["Location"].startswith(provider.issuer + "/authorize/")
    password = password or OIDC_PEOPLE[username]["password"]
    callback = provider.login(start["Location"], username, password)
    assert callback.startswith("http://testserver/oidc/callback/?")
    return callback.removeprefix("http://testserver")


def sign_in(client, provider, username, **kwargs):
    return client.get(callback_for(client, provider, username, **kwargs))


def shown(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_login_page_offers_single_sign_on_only_when_configured(client, settings, oidc_on):
    settings.OIDC_LOGIN_LABEL = "Đăng nhập bằng tài khoản một cửa tỉnh"
    page = client.get(reverse("login"), {"next": "/reforms/"}).content.decode()
    assert "Đăng nhập bằng tài khoản một cửa tỉnh" in page
    assert 'href="/oidc/authenticate/?next=%2Freforms%2F"' in page
    settings.OIDC_LOGIN_LABEL = ""
    assert "Đăng nhập một lần (SSO)" in client.get(reverse("login")).content.decode()
    settings.OIDC_ENABLED = False
    page = client.get(reverse("login")).content.decode()
    assert "/oidc/authenticate/" not in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_a_person_signs_in_and_gets_unit_roles_and_names(client, oidc_on, ward):
    response = sign_in(client, oidc_on, "canbo.sso", next_url="/reforms/")
    assert response.status_code == 302
    assert response["Location"] == "/reforms/"
    user = User.objects.get(username="canbo.sso")
    assert user.source == User.Source.OIDC
    assert user.unit == ward
    assert set(user.roles.values_list("code", flat=True)) == {Role.Code.UNIT_STAFF}
    assert (user.last_name, user.first_name, user.email) == (
        "Đặng",
        "Thị Hoa",
        "canbo.sso@cchc.test",
    )
    assert not user.has_usable_password()
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session["_auth_user_backend"] == BACKEND
    assert user.history.get(history_type="+").history_change_reason == FROM_DIRECTORY
    home = client.get("/")
    assert home.status_code == 200
    assert home.context["user"] == user


def test_claim_values_map_to_several_roles_and_others_are_ignored(client, oidc_on, city):
    assert sign_in(client, oidc_on, "noivu.sso").status_code == 302
    user = User.objects.get(username="noivu.sso")
    assert user.unit == city
    assert set(user.roles.values_list("code", flat=True)) == {
        Role.Code.INTERNAL_AFFAIRS,
        Role.Code.LEADERSHIP,
    }
    assert user.email == ""


def test_the_claims_are_the_source_at_each_sign_in(client, oidc_on, ward, other_ward):
    sign_in(client, oidc_on, "canbo.sso")
    client.logout()
    people = {**OIDC_PEOPLE}
    people["canbo.sso"] = {
        **people["canbo.sso"],
        "unit_code": "ward-two",
        "groups": ["cchc-canbo", "cchc-lanhdao"],
    }
    oidc_on.set_people(people)
    assert sign_in(client, oidc_on, "canbo.sso").status_code == 302
    user = User.objects.get(username="canbo.sso")
    assert user.unit == other_ward
    assert set(user.roles.values_list("code", flat=True)) == {
        Role.Code.UNIT_STAFF,
        Role.Code.LEADERSHIP,
    }
    assert User.objects.filter(username="canbo.sso").count() == 1


def refused(client, response):
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert SESSION_KEY not in client.session
    return " ".join(shown(response))


def test_an_unknown_unit_code_is_refused_with_its_code(client, oidc_on, ward):
    text = refused(client, sign_in(client, oidc_on, "sai.sso"))
    assert "mã đơn vị “no-such-unit”" in text
    assert not User.objects.filter(username="sai.sso").exists()
    # The message is on the login page the browser is sent back to.
    page = client.get("/login/").content.decode()
    assert "no-such-unit" in page


def test_no_unit_code_is_refused_not_given_a_default(client, oidc_on, ward):
    text = refused(client, sign_in(client, oidc_on, "khong.sso"))
    assert "chưa có mã đơn vị" in text
    assert not User.objects.filter(username="khong.sso").exists()


def test_no_mapped_claim_value_is_refused(client, oidc_on, ward):
    text = refused(client, sign_in(client, oidc_on, "nhom.sso"))
    assert "không thuộc nhóm nào được giao vai trò" in text


def test_a_local_account_is_not_taken_over(client, oidc_on, staff_user):
    text = refused(client, sign_in(client, oidc_on, "staff"))
    assert "là tài khoản của cổng thông tin, không phải tài khoản danh bạ" in text
    staff_user.refresh_from_db()
    assert staff_user.source == User.Source.LOCAL


def test_a_deactivated_account_is_refused(client, oidc_on, ward):
    sign_in(client, oidc_on, "canbo.sso")
    client.logout()
    User.objects.filter(username="canbo.sso").update(is_active=False)
    text = refused(client, sign_in(client, oidc_on, "canbo.sso"))
    assert "Tài khoản này đã bị khóa" in text


def test_no_login_claim_is_refused(client, settings, oidc_on, ward):
    settings.OIDC_USERNAME_CLAIM = "employee_number"
    text = refused(client, sign_in(client, oidc_on, "canbo.sso"))
    assert "“employee_number”" in text
    assert not User.objects.exists() or not User.objects.filter(source=User.Source.OIDC).exists()


def test_cancelled_at_the_provider_returns_to_the_login_page_with_a_message(client, oidc_on):
    start = client.get(reverse("oidc_authentication_init"))
    state = start["Location"].split("state=")[1].split("&")[0]
    response = client.get("/oidc/callback/", {"error": "access_denied", "state": state})
    assert "Đăng nhập một lần không thành công" in refused(client, response)


def test_a_code_is_used_once(client, oidc_on, ward):
    callback = callback_for(client, oidc_on, "canbo.sso")
    assert client.get(callback).status_code == 302
    client.logout()
    # The same address again (a replay): the state was spent, nobody is signed in.
    replay = client.get(callback)
    assert "Đăng nhập một lần không thành công" in refused(client, replay)
    assert SESSION_KEY not in client.session


def test_a_provider_that_does_not_answer_gives_a_message_not_an_error(
    client, settings, oidc_on, ward
):
    callback = callback_for(client, oidc_on, "canbo.sso")
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/o/token/"
    text = refused(client, client.get(callback))
    assert "Không kết nối được dịch vụ đăng nhập một lần" in text
    assert not User.objects.filter(username="canbo.sso").exists()


def test_a_forged_id_token_signature_is_refused(client, settings, oidc_on, ward):
    """The ID token is checked against the provider's published keys: with the keys of
    another address (here: none), nothing signs in."""
    callback = callback_for(client, oidc_on, "canbo.sso")
    settings.OIDC_OP_JWKS_ENDPOINT = oidc_on.issuer + "/no-such-jwks/"
    refused(client, client.get(callback))
    assert not User.objects.filter(username="canbo.sso").exists()


def test_the_directory_never_gives_the_administrator_role(client, settings, oidc_on, ward):
    settings.OIDC_ROLE_VALUES = "administrator=cchc-canbo"
    with pytest.raises(ImproperlyConfigured, match="“administrator” is not a role a directory"):
        sign_in(client, oidc_on, "canbo.sso")


def test_a_role_required_to_use_two_factor_is_sent_to_set_it_up(client, settings, oidc_on, city):
    settings.TWO_FACTOR_REQUIRED_ROLES = [Role.Code.INTERNAL_AFFAIRS]
    assert sign_in(client, oidc_on, "noivu.sso").status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_the_single_sign_on_pages_answer_everyone_alike(client, oidc_on, staff_user):
    """Configured, both pages are public steps of signing in (the access matrix runs with
    single sign-on off, where they are 404)."""
    for signed_in in (False, True):
        if signed_in:
            client.force_login(staff_user)
        start = client.get("/oidc/authenticate/")
        assert (start.status_code, start["Location"][: len(oidc_on.issuer)]) == (
            302,
            oidc_on.issuer,
        )
        assert client.post("/oidc/authenticate/").status_code == 405
        assert client.post("/oidc/callback/").status_code == 405
        # A callback without a code: back to the login page, nobody signed in by it.
        assert client.get("/oidc/callback/")["Location"] == "/login/"
