"""Login throttling: each account is paused a little longer after each run of wrong passwords,
and each network address is paused after many failures, whichever account they aimed at.

django-axes records the failures (one row per username, address and browser); this module
decides from those rows. An account is never locked for good: behind the reverse proxy a
stranger can type anybody's username, so the pause grows (AXES_FAILURE_LIMIT failures, then
LOGIN_PAUSE_FIRST, doubled after each further failure, at most LOGIN_PAUSE_MAX) and a failure
during a pause is not counted, so it neither lengthens the pause nor the next one. After the
pause the owner logs in with the right password, which clears the account's failures.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def client_ip(request):
    """The address the request came from (AXES_CLIENT_IP_CALLABLE).

    Behind the reverse proxy (BEHIND_HTTPS_PROXY) every request comes from the proxy, which
    appends the address it saw to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`): that
    last entry is the only one a client cannot write. Without the proxy the header is ignored.
    """
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


@dataclass(frozen=True)
class Pause:
    """Why logins are refused, and until when."""

    ACCOUNT = "account"
    ADDRESS = "address"

    reason: str
    until: datetime


def account_pause_after(failures):
    """How long an account waits after its `failures`-th failure (none below the limit)."""
    over = failures - settings.AXES_FAILURE_LIMIT
    if over < 0:
        return timedelta(0)
    # Past 2**10 the doubling is far over any sensible cap anyway.
    return min(settings.LOGIN_PAUSE_FIRST * 2 ** min(over, 10), settings.LOGIN_PAUSE_MAX)


def _account_pause(username, now):
    remembered = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(failures=Sum("failures_since_start", default=0), last=Max("attempt_time"))
    wait = account_pause_after(remembered["failures"])
    if wait and remembered["last"] + wait > now:
        return Pause(Pause.ACCOUNT, remembered["last"] + wait)
    return None


def _address_pause(ip_address, now):
    """Paused while LOGIN_ADDRESS_FAILURE_LIMIT failures fall in the last LOGIN_ADDRESS_WINDOW:
    until the oldest of those that reach the limit leaves the window."""
    window = settings.LOGIN_ADDRESS_WINDOW
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    recent = (
        AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=now - window)
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")[:limit]
    )
    counted = 0
    for attempt_time, failures in recent:
        counted += failures
        if counted >= limit:
            return Pause(Pause.ADDRESS, attempt_time + window)
    return None


def login_pause(request, credentials=None):
    """The pause that refuses this login attempt (the longer of the account's and the
    address's), or None."""
    now = timezone.now()
    username = get_client_username(request, credentials)
    pauses = [
        _account_pause(username, now) if username else None,
        _address_pause(request.axes_ip_address, now) if request.axes_ip_address else None,
    ]
    pauses = [pause for pause in pauses if pause is not None]
    return max(pauses, key=lambda pause: pause.until) if pauses else None


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler with the pauses above instead of its lockout.

    AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"], each with its own rule here; axes
    itself would apply AXES_FAILURE_LIMIT to either and clear an address's failures when anyone
    logs in from it (an office behind one address, or a sprayer with an account of their own).
    """

    def is_locked(self, request, credentials=None):
        request.login_pause = login_pause(request, credentials)
        return request.login_pause is not None

    def get_failures(self, request, credentials=None):
        """The account's remembered failures (what axes reports and logs)."""
        username = get_client_username(request, credentials)
        return AccessAttempt.objects.filter(
            username=username,
            attempt_time__gte=request.axes_attempt_time - settings.AXES_COOLOFF_TIME,
        ).aggregate(failures=Sum("failures_since_start", default=0))["failures"]

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None:
            # The failure just recorded may start a pause: say so now, not at the next try.
            request.axes_locked_out = self.is_locked(request, credentials)
            request.axes_credentials = credentials

    def reset_user_attempts(self, request, credentials=None):
        """A successful login clears that account's failures only, never its address's."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
