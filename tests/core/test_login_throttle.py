"""Login throttling: an account is paused, never locked for good; an address trying many
accounts is paused; behind the proxy the forwarded address counts, otherwise it is ignored."""

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db.models import F, Max
from django.test import RequestFactory
from django.urls import reverse
from django.utils import formats, timezone

from cchc_portal.factories import UserFactory
from cchc_portal.logins import account_pause_after, client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-123"
WRONG = "Sai tên đăng nhập hoặc mật khẩu"


@pytest.fixture(autouse=True)
def _throttling_on(settings):
    settings.AXES_ENABLED = True
    settings.BEHIND_HTTPS_PROXY = False


def log_in(client, username, password="wrong-password", address="10.0.0.1", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def later(**delta):
    """The clock moves on: every recorded failure becomes that much older."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(**delta))


def at(moment):
    return formats.time_format(timezone.localtime(moment), "H:i")


def account_message(username, minutes):
    last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))
    until = at(last["last"] + timedelta(minutes=minutes))
    return (
        "Tài khoản này đã bị nhập sai mật khẩu quá nhiều lần. Để bảo vệ tài khoản, việc đăng "
        f"nhập tạm dừng đến {until} (khoảng {minutes} phút nữa). Sau thời điểm đó, hãy đăng "
        "nhập bình thường bằng mật khẩu đúng; nếu những lần nhập sai không phải do bạn, hãy "
        "báo cho quản trị hệ thống."
    )


def failures_of(username):
    return sum(
        AccessAttempt.objects.filter(username=username).values_list(
            "failures_since_start", flat=True
        )
    )


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_wrong_passwords_from_many_addresses_pause_the_account_then_its_owner_logs_in(
    client, staff_user
):
    for n in range(1, 5):
        response = log_in(client, "staff", address=f"10.0.0.{n}")
        assert response.status_code == 200
        assert WRONG in response.content.decode()

    fifth = log_in(client, "staff", address="10.0.0.5")
    assert fifth.status_code == 429
    # Seconds left of the minute's pause (a slow machine takes a moment to answer).
    assert 55 <= int(fifth["Retry-After"]) <= 60
    assert account_message("staff", 1) in fifth.content.decode()
    assert WRONG not in fifth.content.decode()

    # During the pause even the right password is refused, and a stranger's further
    # failures are not counted: they cannot make the pause longer.
    for n in range(6, 16):
        assert log_in(client, "staff", address=f"10.0.0.{n}").status_code == 429
    refused = log_in(client, "staff", PASSWORD, address="192.0.2.1")
    assert refused.status_code == 429
    assert account_message("staff", 1) in refused.content.decode()
    assert not is_logged_in(client)
    assert failures_of("staff") == 5

    later(minutes=1, seconds=1)
    response = log_in(client, "staff", PASSWORD, address="192.0.2.1")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert is_logged_in(client)
    assert failures_of("staff") == 0


def test_an_administrator_can_end_a_pause_at_once(client, staff_user):
    for n in range(5):
        log_in(client, "staff", address=f"10.0.0.{n + 1}")
    assert log_in(client, "staff", PASSWORD).status_code == 429

    call_command("axes_reset_username", "staff", stdout=io.StringIO())

    assert log_in(client, "staff", PASSWORD).status_code == 302


def test_another_account_is_not_paused(client, staff_user, other_staff_user):
    for n in range(5):
        log_in(client, "staff", address=f"10.0.0.{n + 1}")

    response = log_in(client, "staff2", PASSWORD, address="10.0.0.1")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_pause_doubles_after_each_further_failure_up_to_fifteen_minutes():
    assert [account_pause_after(n) for n in range(3, 12)] == [
        timedelta(0),
        timedelta(0),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
        timedelta(minutes=15),
        timedelta(minutes=15),
        timedelta(minutes=15),
    ]
    assert account_pause_after(10_000) == timedelta(minutes=15)


def test_a_failure_after_the_pause_pauses_the_account_twice_as_long(client, staff_user):
    for n in range(5):
        log_in(client, "staff", address=f"10.0.0.{n + 1}")
    later(minutes=1, seconds=1)

    sixth = log_in(client, "staff", address="10.0.0.6")
    assert sixth.status_code == 429
    assert account_message("staff", 2) in sixth.content.decode()

    later(minutes=1, seconds=1)
    assert log_in(client, "staff", PASSWORD).status_code == 429
    later(minutes=1)
    assert log_in(client, "staff", PASSWORD).status_code == 302


def address_message(minutes):
    oldest = AccessAttempt.objects.order_by("attempt_time").first().attempt_time
    until = at(oldest + timedelta(hours=1))
    return (
        "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Việc đăng nhập từ địa chỉ này "
        f"tạm dừng đến {until} (khoảng {minutes} phút nữa). Vui lòng thử lại sau thời điểm đó."
    )


def test_one_address_trying_many_accounts_is_paused(client, staff_user):
    assert django_settings.LOGIN_ADDRESS_FAILURE_LIMIT == 30
    for n in range(1, 30):
        response = log_in(client, f"user{n}", address="203.0.113.9")
        assert response.status_code == 200, n

    thirtieth = log_in(client, "user30", address="203.0.113.9")
    assert thirtieth.status_code == 429
    assert address_message(60) in thirtieth.content.decode()

    # The right password of an account with no failure: refused from that address only.
    assert log_in(client, "staff", PASSWORD, address="203.0.113.9").status_code == 429
    assert not is_logged_in(client)
    assert log_in(client, "staff", PASSWORD, address="198.51.100.1").status_code == 302

    client.logout()
    later(hours=1, seconds=1)
    assert log_in(client, "staff", PASSWORD, address="203.0.113.9").status_code == 302


def test_an_accounts_owner_logging_in_does_not_clear_the_address(client, settings, staff_user):
    """A sprayer with an account of their own cannot reset the count by logging in."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    log_in(client, "user1", address="203.0.113.9")
    log_in(client, "user2", address="203.0.113.9")
    assert log_in(client, "staff", PASSWORD, address="203.0.113.9").status_code == 302
    client.logout()

    assert log_in(client, "user3", address="203.0.113.9").status_code == 429


def test_behind_the_proxy_each_forwarded_address_is_counted_apart(client, settings, staff_user):
    settings.BEHIND_HTTPS_PROXY = True
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    proxy = "10.0.0.254"
    for n in range(1, 3):
        response = log_in(client, f"user{n}", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert response.status_code == 200
    third = log_in(client, "user3", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert third.status_code == 429
    assert address_message(60) in third.content.decode()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}

    # nginx appends the address it saw: an entry the client wrote before it changes nothing.
    forged = log_in(
        client, "staff", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.50, 198.51.100.7"
    )
    assert forged.status_code == 429

    other = log_in(client, "staff", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 302


def test_without_the_proxy_the_forwarded_header_is_ignored(client, settings, staff_user):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(1, 3):
        response = log_in(client, f"user{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 200
    third = log_in(client, "user3", HTTP_X_FORWARDED_FOR="198.51.100.3")

    assert third.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}
    assert log_in(client, "staff", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4").status_code == 429


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "expected"),
    [
        (True, "198.51.100.7", "198.51.100.7"),
        (True, "192.0.2.50, 198.51.100.7", "198.51.100.7"),
        (True, "2001:db8::1", "2001:db8::1"),
        (True, "not-an-address", "10.0.0.254"),
        (True, "", "10.0.0.254"),
        (False, "198.51.100.7", "10.0.0.254"),
    ],
)
def test_client_address(settings, behind_proxy, forwarded, expected):
    settings.BEHIND_HTTPS_PROXY = behind_proxy
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_the_paused_page_is_in_english_for_english_users(client, staff_user):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    for n in range(5):
        response = log_in(client, "staff", address=f"10.0.0.{n + 1}")

    assert response.status_code == 429
    assert "logging in is paused until" in response.content.decode()
    assert "(in about 1 minute)" in response.content.decode()


def test_a_session_ends_with_the_browser_and_at_the_latest_eight_hours_after_login(client):
    UserFactory(username="canbo")
    settings_age = django_settings.SESSION_COOKIE_AGE
    assert settings_age == 8 * 60 * 60

    before = timezone.now()
    response = log_in(client, "canbo", PASSWORD)
    assert response.status_code == 302

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    # No Max-Age and no Expires: the browser forgets the cookie when it closes.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    session = Session.objects.get()
    assert before + timedelta(hours=8) <= session.expire_date <= timezone.now() + timedelta(hours=8)

    Session.objects.update(expire_date=F("expire_date") - timedelta(hours=7, minutes=59))
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=F("expire_date") - timedelta(minutes=2))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("behind_proxy", ["0", "1"])
def test_check_deploy_is_clean_with_production_settings(behind_proxy):
    # Only what production sets: other tests leave variables behind (DJANGO_ALLOW_ASYNC_UNSAFE).
    environment = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "k" * 60,
        "ALLOWED_HOSTS": "portal.example.gov.vn",
        "BEHIND_HTTPS_PROXY": behind_proxy,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    # Only django-ratelimit's "backend not on our list" warning is silenced: both rate-limit
    # caches increment atomically (cchc_portal/ratelimit_cache.py, Redis).
    assert django_settings.SILENCED_SYSTEM_CHECKS == ["django_ratelimit.W001"]
    assert "System check identified no issues (1 silenced)." in result.stdout
