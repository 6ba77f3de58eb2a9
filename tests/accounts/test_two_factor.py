"""Two-factor sign-in: who is asked, set-up, verify, recovery codes, turning off, reset."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from audit.models import AuditEvent
from cchc_portal.factories import UserFactory
from cchc_portal.models import Role

REQUIRED = ["internal_affairs", "leadership", "administrator"]
SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")
OVERVIEW = reverse("accounts:two-factor")


def code_for(device, *, steps_ahead=0):
    """The device's code now, or `steps_ahead` time steps later (a code is accepted once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED


def password_login(client, user):
    """A sign-in with the password alone (the session has no second factor)."""
    client.force_login(user)
    return client


def do_setup(client, user):
    response = client.get(SETUP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 302
    response = client.get(response["Location"])
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    device.refresh_from_db()
    return device, codes, response


def test_required_user_is_sent_to_setup_everywhere(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    for path in ("/", "/units/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{SETUP}?next={path.replace('/', '%2F')}", path


def test_required_user_reaches_pages_after_setup(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    response = client.get(SETUP)
    content = response.content.decode()
    assert "Thiết lập xác thực hai lớp" in content
    assert 'src="data:image/svg+xml' in content
    device = TOTPDevice.objects.get(user=internal_affairs_user, confirmed=False)
    secret = two_factor.secret_base32(device)
    assert len(secret.replace(" ", "")) == 32 and secret in content
    assert device.config_url.startswith("otpauth://totp/CCHC%20Portal%3Anoivu?")
    # The page shows the same unconfirmed device on a second visit.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=internal_affairs_user).count() == 1

    device, codes, shown = do_setup(client, internal_affairs_user)
    assert device.confirmed
    assert len(codes) == 10
    text = shown.content.decode()
    assert "Hãy in hoặc ghi lại các mã này ngay" in text
    assert "Đã bật xác thực hai lớp." in text
    assert two_factor.recovery_codes_left(internal_affairs_user) == 10
    # Shown once: the page does not show them again.
    again = client.get(reverse("accounts:two-factor-codes-shown"))
    assert again.status_code == 302 and again["Location"] == OVERVIEW
    assert client.get("/").status_code == 200
    assert client.get("/units/").status_code == 200


def test_new_session_with_a_device_asks_for_a_code(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    device, _codes, _ = do_setup(client, internal_affairs_user)
    client.logout()
    password_login(client, internal_affairs_user)
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Funits%2F"
    page = client.get(response["Location"])
    assert "Mã xác thực hoặc mã dự phòng" in page.content.decode()
    # The set-up page does not replace the app: it sends the user to verify.
    response = client.get(SETUP)
    assert response["Location"] == VERIFY
    # Nor may an unverified session make recovery codes or turn anything off.
    left = set(StaticToken.objects.filter(device__user=internal_affairs_user))
    response = client.post(reverse("accounts:two-factor-new-codes"))
    assert response["Location"].startswith(VERIFY)
    assert set(StaticToken.objects.filter(device__user=internal_affairs_user)) == left
    response = client.get(reverse("accounts:two-factor-codes-shown"))
    assert response["Location"].startswith(VERIFY)
    assert client.get(OVERVIEW)["Location"] == f"{VERIFY}?next=%2Faccounts%2Fsecurity%2F"
    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1), "next": "/units/"})
    assert response.status_code == 302 and response["Location"] == "/units/"
    assert client.get("/units/").status_code == 200
    assert TOTPDevice.objects.filter(user=internal_affairs_user).count() == 1


def test_wrong_code_and_throttling(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mã không đúng: chưa bật gì cả." in content
    assert not TOTPDevice.objects.filter(user=internal_affairs_user, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=internal_affairs_user).exists()
    # Throttled: the next guess comes too soon, even a right one.
    device = TOTPDevice.objects.get(user=internal_affairs_user)
    assert device.throttling_failure_count == 1
    device.throttle_reset()
    device, _codes, _ = do_setup(client, internal_affairs_user)
    client.logout()
    password_login(client, internal_affairs_user)
    response = client.post(VERIFY, {"code": "123456"})
    assert "Mã không đúng. Hãy kiểm tra và nhập lại." in response.content.decode()
    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})
    assert response.status_code == 200
    assert "Nhập sai quá nhiều lần. Hãy chờ 1 giây rồi thử lại." in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)


def test_unit_staff_is_not_asked(required, client, staff_user):
    password_login(client, staff_user)
    assert client.get("/").status_code == 200
    assert client.get("/units/").status_code == 200
    page = client.get(OVERVIEW).content.decode()
    assert "Xác thực hai lớp là tùy chọn đối với tài khoản của bạn" in page
    assert 'data-testid="two-factor-status">Đang tắt<' in page


def test_unit_staff_who_turned_it_on_is_asked(required, client, staff_user):
    password_login(client, staff_user)
    device, codes, _ = do_setup(client, staff_user)
    client.logout()
    password_login(client, staff_user)
    assert client.get("/")["Location"] == f"{VERIFY}?next=%2F"
    client.post(VERIFY, {"code": code_for(device, steps_ahead=1)})
    assert client.get("/").status_code == 200


def test_recovery_code_works_once(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    _device, codes, _ = do_setup(client, internal_affairs_user)
    client.logout()
    password_login(client, internal_affairs_user)
    response = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert response.status_code == 200
    assert "Bạn đã đăng nhập bằng một mã dự phòng. Còn lại 9 mã dự phòng." in (
        response.content.decode()
    )
    assert two_factor.recovery_codes_left(internal_affairs_user) == 9
    page = client.get(OVERVIEW).content.decode()
    assert "Số mã dự phòng còn lại: 9." in page
    client.logout()
    password_login(client, internal_affairs_user)
    response = client.post(VERIFY, {"code": codes[0]})
    assert "Mã không đúng. Hãy kiểm tra và nhập lại." in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)
    StaticDevice.objects.get(user=internal_affairs_user).throttle_reset()
    response = client.post(VERIFY, {"code": codes[1].replace("-", " ")})
    assert response["Location"] == "/"
    assert two_factor.recovery_codes_left(internal_affairs_user) == 8


def test_new_recovery_codes_replace_the_old(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    _device, old, _ = do_setup(client, internal_affairs_user)
    assert client.get(reverse("accounts:two-factor-new-codes")).status_code == 405
    response = client.post(reverse("accounts:two-factor-new-codes"), follow=True)
    new = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "Đã tạo mã dự phòng mới: các mã cũ không còn dùng được." in response.content.decode()
    assert StaticDevice.objects.filter(user=internal_affairs_user).count() == 1
    stored = set(
        StaticToken.objects.filter(device__user=internal_affairs_user).values_list(
            "token", flat=True
        )
    )
    assert stored == {code.replace("-", "") for code in new}
    client.logout()
    password_login(client, internal_affairs_user)
    response = client.post(VERIFY, {"code": old[0]})
    assert "Mã không đúng" in response.content.decode()


def test_turning_off_is_refused_while_required(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    device, _codes, _ = do_setup(client, internal_affairs_user)
    page = client.get(OVERVIEW).content.decode()
    assert "Tắt xác thực hai lớp" not in page
    assert "Bắt buộc dùng xác thực hai lớp đối với vai trò của bạn." in page
    response = client.post(
        reverse("accounts:two-factor-turn-off"),
        {"code": code_for(device, steps_ahead=1)},
        follow=True,
    )
    assert "Vai trò của bạn bắt buộc dùng xác thực hai lớp: không thể tắt." in (
        response.content.decode()
    )
    assert two_factor.has_two_factor(internal_affairs_user)


def test_turning_off_when_optional(required, client, staff_user):
    password_login(client, staff_user)
    device, _codes, _ = do_setup(client, staff_user)
    turn_off = reverse("accounts:two-factor-turn-off")
    response = client.post(turn_off, {"code": "999999"})
    assert "Mã không đúng" in response.content.decode()
    assert two_factor.has_two_factor(staff_user)
    TOTPDevice.objects.get(user=staff_user).throttle_reset()
    response = client.post(turn_off, {"code": code_for(device, steps_ahead=1)}, follow=True)
    assert "Đã tắt xác thực hai lớp." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff_user).exists()
    assert not StaticDevice.objects.filter(user=staff_user).exists()
    assert client.get("/").status_code == 200


def test_setup_is_refused_while_a_device_exists(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    do_setup(client, internal_affairs_user)
    response = client.get(SETUP, follow=True)
    assert "Xác thực hai lớp đã được bật và là bắt buộc đối với vai trò của bạn." in (
        response.content.decode()
    )
    assert TOTPDevice.objects.filter(user=internal_affairs_user).count() == 1
    with pytest.raises(two_factor.TwoFactorAlreadyOn):
        two_factor.start_setup(internal_affairs_user)


def test_reset_two_factor(required, client, internal_affairs_user, staff_user, other_city):
    password_login(client, staff_user)
    do_setup(client, staff_user)
    client.logout()
    outsider = UserFactory(username="noivu2", unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    with pytest.raises(two_factor.PermissionDenied):
        two_factor.reset_two_factor(staff_user, acting_user=outsider)
    with pytest.raises(two_factor.PermissionDenied):
        two_factor.reset_two_factor(staff_user, acting_user=staff_user)
    assert two_factor.reset_two_factor(staff_user, acting_user=internal_affairs_user) == 2
    assert not TOTPDevice.objects.filter(user=staff_user).exists()
    assert not StaticDevice.objects.filter(user=staff_user).exists()
    event = AuditEvent.objects.get(
        record_type="cchc_portal.user", object_id=staff_user.pk, reason__contains="hai lớp"
    )
    assert event.username == "noivu" and event.reason == "Đặt lại xác thực hai lớp"
    # Unit staff (optional): signs in with the password alone.
    password_login(client, staff_user)
    assert client.get("/").status_code == 200


def test_reset_sends_a_required_user_to_setup(required, client, internal_affairs_user, admin_user_):
    password_login(client, internal_affairs_user)
    do_setup(client, internal_affairs_user)
    two_factor.reset_two_factor(internal_affairs_user, acting_user=admin_user_)
    # Even the session verified by the deleted app.
    response = client.get("/units/")
    assert response["Location"] == f"{SETUP}?next=%2Funits%2F"


def test_htmx_request_gets_hx_redirect(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    response = client.get(
        "/units/?q=x",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/units/"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{SETUP}?next=%2Funits%2F"


def test_next_is_kept_and_unsafe_next_refused(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    device, _codes, _ = do_setup(client, internal_affairs_user)
    client.logout()
    password_login(client, internal_affairs_user)
    response = client.post(
        VERIFY, {"code": code_for(device, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    client.logout()
    password_login(client, internal_affairs_user)
    page = client.get(f"{VERIFY}?next=/reports/").content.decode()
    assert 'name="next" value="/reports/"' in page
    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=2), "next": "/reports/"})
    assert response["Location"] == "/reports/"


def test_setup_keeps_next(required, client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    client.get(f"{SETUP}?next=/units/")
    device = TOTPDevice.objects.get(user=internal_affairs_user)
    response = client.post(SETUP, {"code": code_for(device), "next": "/units/"})
    assert response["Location"] == f"{reverse('accounts:two-factor-codes-shown')}?next=%2Funits%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'href="/units/"' in page


def test_exempt_pages_and_anonymous(required, client, internal_affairs_user):
    assert client.get("/units/")["Location"].startswith("/login/")
    password_login(client, internal_affairs_user)
    assert client.get("/healthz/").status_code == 200
    for path in ("/s/no-such-token/", "/oidc/authenticate/", "/static/css/portal.css"):
        assert client.get(path).status_code != 302, path
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_administrator_reaches_admin_after_setup(required, client, admin_user_):
    password_login(client, admin_user_)
    response = client.get("/admin/")
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    do_setup(client, admin_user_)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200


def test_administrators_count_as_administrator_role(settings, admin_user_):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["administrator"]
    superuser = UserFactory(username="su", is_superuser=True, roles=[])
    assert two_factor.user_requires_two_factor(admin_user_)
    assert two_factor.user_requires_two_factor(superuser)
    settings.TWO_FACTOR_REQUIRED_ROLES = []
    assert not two_factor.user_requires_two_factor(admin_user_)


def test_leadership_required(required, client, leadership_user):
    password_login(client, leadership_user)
    assert client.get("/")["Location"] == f"{SETUP}?next=%2F"


def test_nobody_is_asked_by_default(client, internal_affairs_user):
    password_login(client, internal_affairs_user)
    assert client.get("/").status_code == 200


def test_admin_lists_the_devices(client, admin_user_):
    client.force_login(admin_user_)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    assert client.get("/admin/otp_static/staticdevice/").status_code == 200
