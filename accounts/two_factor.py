"""Two-factor sign-in: a time-based code (TOTP) from an authenticator app, and recovery codes.

Who must use it: a user holding any role listed in TWO_FACTOR_REQUIRED_ROLES (administrators,
superusers included, count as holding the administrator role). Anyone else may turn it on,
and is then asked for a code at every sign-in too.

A user's devices (django-otp): one confirmed TOTPDevice (the authenticator app), one
StaticDevice holding the unused recovery codes (each works once), and while set-up is under
way one unconfirmed TOTPDevice, confirmed by the first right code.

`TwoFactorRequiredMiddleware` sends a signed-in user whose session is not verified to the
verify page (they have an app) or the set-up page (they must have one and have not), with
`next` kept; the two-factor pages themselves, signing in and out, the language switch, the
health check, static and media files, the citizens' survey (/s/) and single sign-on (/oidc/)
are left alone. Internal affairs reset a person who lost their phone (`reset_two_factor`):
the person sets up a new app at their next request.
"""

import math
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from urllib.parse import urlencode, urlsplit

import segno
from django.conf import settings
from django.contrib.auth import user_logged_in
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc_portal import roles

APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"
# The recovery codes just made, kept in the session until their page has shown them once.
NEW_CODES_SESSION_KEY = "two_factor_new_codes"


# --- Who must use it, who has it ---------------------------------------------------------


def user_requires_two_factor(user):
    """True when one of the user's roles is in TWO_FACTOR_REQUIRED_ROLES."""
    if not user.is_authenticated:
        return False
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    if not required:
        return False
    codes = set(user.role_codes)
    if user.is_administrator:
        codes.add(roles.ADMINISTRATOR)
    return bool(codes & required)


def app_device(user):
    """The user's confirmed authenticator app (TOTPDevice), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user):
    """True when the user has a confirmed authenticator app."""
    if not user.is_authenticated:
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# Whether the signed-in user had an authenticator app when they signed in, kept in the session
# so that a page costs no query to find out (most users have none). A stale True (the app was
# reset since) is checked again; a stale False cannot happen, as setting an app up verifies
# the session at once.
HAS_TWO_FACTOR_SESSION_KEY = "two_factor_on"


@receiver(user_logged_in, dispatch_uid="accounts-two-factor-at-sign-in")
def _remember_at_sign_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[HAS_TWO_FACTOR_SESSION_KEY] = has_two_factor(user)


def session_has_two_factor(request):
    known = request.session.get(HAS_TWO_FACTOR_SESSION_KEY)
    if known is False:
        return False
    found = has_two_factor(request.user)
    if known is not found:
        request.session[HAS_TWO_FACTOR_SESSION_KEY] = found
    return found


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_verified(user):
    check = getattr(user, "is_verified", None)
    return bool(check and check())


# --- Set-up --------------------------------------------------------------------------------


class TwoFactorAlreadyOn(Exception):
    """Set-up asked for while a confirmed app exists: it is never silently replaced."""


def start_setup(user):
    """The unconfirmed TOTPDevice of the set-up under way (the same one on each visit, so the
    QR code does not change under a user who already scanned it), created if there is none."""
    if has_two_factor(user):
        raise TwoFactorAlreadyOn
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk")
    device = pending.first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_data_uri(device):
    """The QR code of the device's otpauth:// address, as an SVG data URI (CSP: img data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def secret_base32(device):
    """The device's key in base32, in groups of four letters, for typing into an app by hand."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalize(token):
    return "".join((token or "").split()).replace("-", "").lower()


def confirm_setup(request, device, token):
    """Confirms `device` when `token` is its current code: the session is then verified and
    new recovery codes are made (returned, to be shown once). None for a wrong code."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user).first()
        if device is None or device.confirmed or has_two_factor(user):
            return None
        if not device.verify_token(normalize(token)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = generate_recovery_codes(user)
    otp_login(request, device)
    return codes


# --- Recovery codes ------------------------------------------------------------------------


def generate_recovery_codes(user):
    """Replaces the user's recovery codes with TWO_FACTOR_RECOVERY_CODES new ones; returns them."""
    codes = set()
    while len(codes) < settings.TWO_FACTOR_RECOVERY_CODES:
        codes.add(StaticToken.random_token())
    codes = sorted(codes)
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def display_code(code):
    """A recovery code as shown: "abcd-efgh" (typed with or without the dash)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def keep_codes_to_show(request, codes):
    request.session[NEW_CODES_SESSION_KEY] = [display_code(code) for code in codes]


def take_codes_to_show(request):
    """The new recovery codes, once: the second call returns None."""
    return request.session.pop(NEW_CODES_SESSION_KEY, None)


# --- Verifying a code ----------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """The outcome of a code: the device that accepted it, or why none did."""

    device: object = None
    locked_until: datetime | None = None
    used_recovery_code: bool = False

    @property
    def ok(self):
        return self.device is not None

    @property
    def wait_seconds(self):
        if self.locked_until is None:
            return 0
        return max(1, math.ceil((self.locked_until - timezone.now()).total_seconds()))


def check_code(user, token):
    """Checks an authenticator code (six digits) or a recovery code against the user's devices,
    with django-otp's throttling: after each wrong code the next guess must wait 1, 2, 4, ...
    seconds. A right recovery code is used up."""
    token = normalize(token)
    if not token:
        return Check()
    with transaction.atomic():
        app = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if app is not None and len(token) == app.digits and token.isdigit():
            device, recovery = app, False
        else:
            device = (
                StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            recovery = True
        if device is None:
            return Check()
        allowed, info = device.verify_is_allowed()
        if not allowed:
            return Check(locked_until=(info or {}).get("locked_until"))
        if device.verify_token(token):
            return Check(device=device, used_recovery_code=recovery)
    return Check()


def verify(request, token):
    """Checks the code and, when it is right, marks the session as verified."""
    result = check_code(request.user, token)
    if result.ok:
        otp_login(request, result.device)
    return result


# --- Turning off, resetting ----------------------------------------------------------------


def _delete_devices(user):
    deleted = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    deleted += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    return deleted


def turn_off(request, token):
    """Turns two-factor sign-in off for the signed-in user when it is not required and `token`
    is a current code; returns the Check (refused: PermissionDenied)."""
    user = request.user
    if user_requires_two_factor(user):
        raise PermissionDenied
    result = check_code(user, token)
    if result.ok:
        _delete_devices(user)
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
    return result


def can_reset_two_factor(acting_user, user):
    """Administrators, and internal affairs for a person of a unit in their scope."""
    if not acting_user.is_authenticated:
        return False
    if acting_user.is_administrator:
        return True
    return (
        roles.is_internal_affairs(acting_user)
        and user.unit_id is not None
        and acting_user.can_see_unit(user.unit)
    )


def reset_two_factor(user, *, acting_user):
    """Deletes `user`'s authenticator app and recovery codes, for someone who lost their phone:
    at their next request they sign in with their password alone and (when two-factor sign-in
    is required for them) set up a new app. Recorded in the audit log under `acting_user`.
    Returns how many devices were deleted; PermissionDenied when `acting_user` may not."""
    from audit.models import AuditEvent

    if not can_reset_two_factor(acting_user, user):
        raise PermissionDenied
    with transaction.atomic():
        deleted = _delete_devices(user)
        with translation.override(settings.LANGUAGE_CODE):
            reason = gettext("Two-factor sign-in reset")
        AuditEvent.objects.create(
            occurred_at=timezone.now(),
            action=AuditEvent.Action.CHANGED,
            user=acting_user,
            username=acting_user.get_username()[:150],
            unit_id=user.unit_id,
            record_type=user._meta.label_lower,
            object_id=user.pk,
            object_repr=str(user)[:200],
            reason=reason,
        )
    return deleted


# --- Where to go next ----------------------------------------------------------------------


def safe_next(request, url):
    """`url` when it is a path on this site, else None."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def next_or_home(request, url):
    return safe_next(request, url) or reverse("home")


def with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# --- The middleware ------------------------------------------------------------------------

EXEMPT_PREFIXES = ("/s/", "/oidc/")
EXEMPT_URL_NAMES = (
    "login",
    "logout",
    "set_language",
    "healthz",
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
)


@cache
def _exempt_paths():
    return frozenset(reverse(name) for name in EXEMPT_URL_NAMES)


def _exempt_file_prefixes():
    """STATIC_URL and MEDIA_URL, as request.path has them (with the script prefix)."""
    return tuple(url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url != "/")


def is_exempt(request):
    """True for the pages a signed-in user without a second factor may still open."""
    return (
        request.path in _exempt_paths()
        or request.path.startswith(_exempt_file_prefixes())
        or request.path_info.startswith(EXEMPT_PREFIXES)
    )


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _path_of(request, url):
    """The path and query of `url` when it is on this site (an htmx current URL, a referrer)."""
    if not url or not safe_next(request, url):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _next_for(request):
    if _is_htmx(request):
        current = _path_of(request, request.headers.get("HX-Current-URL"))
        if current:
            return current
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return _path_of(request, request.headers.get("Referer"))


class TwoFactorRequiredMiddleware:
    """Sends a signed-in user whose session has no second factor yet to the verify page (they
    have an authenticator app) or the set-up page (it is required for them and they have
    none); htmx requests get an HX-Redirect. Anonymous requests are left to the login rule."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self.target(request)
        if target is None:
            return self.get_response(request)
        url = with_next(reverse(target), _next_for(request))
        if _is_htmx(request):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)

    @staticmethod
    def target(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_exempt(request):
            return None
        if is_verified(user):
            return None
        if session_has_two_factor(request):
            return "accounts:two-factor-verify"
        if user_requires_two_factor(user):
            return "accounts:two-factor-setup"
        return None
