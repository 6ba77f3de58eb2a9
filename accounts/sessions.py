"""Sessions: ended after a spell of inactivity, and all of a user's ended at once.

Idle expiry: the session keeps the time of the user's last request, rewritten at most every
SESSION_ACTIVITY_STEP seconds (each rewrite is a write of the session row, which also keeps
that user's next reads on the primary database for a moment, see `cchc_portal.replicas`).
A request that comes more than SESSION_IDLE_TIMEOUT seconds after the recorded time signs
the user out; since the recorded time may lag by up to one step, an idle session ends
between SESSION_IDLE_TIMEOUT - SESSION_ACTIVITY_STEP and SESSION_IDLE_TIMEOUT after the
last request. SESSION_COOKIE_AGE still bounds a session from sign-in, however active.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .models import UserSession

LAST_SEEN = "_cchc_last_seen"


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


@receiver(user_logged_in, dispatch_uid="accounts-record-session")
def record_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LAST_SEEN] = int(time.time())
    if session.session_key is None:
        session.save()
    UserSession.objects.get_or_create(session_key=session.session_key, defaults={"user": user})


def end_sessions(user, *, keep=None):
    """Sign `user` out of every session they have open (except the session key `keep`).
    Returns how many sessions were ended."""
    store = _session_store()
    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    return len(keys)


class IdleTimeoutMiddleware:
    """Signs out a user whose last request is older than SESSION_IDLE_TIMEOUT seconds; the
    login page then says why (LoginRequiredMiddleware sends them there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                UserSession.objects.filter(session_key=request.session.session_key).delete()
                logout(request)
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.info(
                    request,
                    _(
                        "You were signed out after %(minutes)s minutes without activity. "
                        "Please sign in again."
                    )
                    % {"minutes": minutes},
                )
            elif last_seen is None or now - last_seen >= settings.SESSION_ACTIVITY_STEP:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
