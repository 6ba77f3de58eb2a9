"""Abuse resistance of the public survey pages, without locking real citizens out.

- Hard limits (django-ratelimit, counted in the "ratelimit" cache every app server shares):
  per sending address and per counter on the phone page, per counter on the kiosk. Over a
  limit the answer is refused with a 429 page and nothing is stored.
- Softer signs are stored but flagged and left out of the figures until internal affairs
  include them (`Response.Suspicion`): a burst from one address on one counter, a burst on
  one counter, an answer sent faster than a person can read the page.
- A honeypot field a person never sees: filled in, the answer is dropped silently.
Every threshold is a setting with the default below.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from cchc_portal.logins import client_ip

from .models import Response

DEFAULTS = {
    "FEEDBACK_RATE_ADDRESS": "10/h",
    "FEEDBACK_RATE_COUNTER": "300/h",
    "FEEDBACK_RATE_KIOSK": "900/h",
    "FEEDBACK_MIN_SECONDS": 4,
    # (n, seconds): the n-th response (or later) within the window is flagged.
    "FEEDBACK_BURST_ADDRESS": (3, 600),
    "FEEDBACK_BURST_COUNTER": (30, 600),
}
HONEYPOT = "website"
STARTED_SALT = "feedback.started"


def setting(name):
    return getattr(settings, name, DEFAULTS[name])


def address_hash(address):
    """A keyed fingerprint of the sender's address: a burst shows, the address does not."""
    if not address:
        return ""
    key = hashlib.sha256(f"feedback-address:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:16]


def over_limit(request, counter, *, kiosk=False):
    """True when this answer would pass a hard limit (and counts it otherwise)."""
    if kiosk:
        limits = [("feedback-kiosk", setting("FEEDBACK_RATE_KIOSK"), f"c{counter.pk}")]
    else:
        limits = [
            ("feedback-address", setting("FEEDBACK_RATE_ADDRESS"), client_ip(request) or "-"),
            ("feedback-counter", setting("FEEDBACK_RATE_COUNTER"), f"c{counter.pk}"),
        ]
    limited = False
    for group, rate, value in limits:
        if is_ratelimited(
            request,
            group=group,
            key=lambda _group, _request, value=value: value,
            rate=rate,
            method=ALL,
            increment=True,
        ):
            limited = True
    return limited


def started_stamp(counter):
    """A signed time the page was shown, carried by the form."""
    return signing.dumps(int(timezone.now().timestamp()), salt=f"{STARTED_SALT}.{counter.pk}")


def seconds_since(stamp, counter):
    """Seconds since the page was shown, or None when the stamp is missing or altered."""
    try:
        started = signing.loads(stamp, salt=f"{STARTED_SALT}.{counter.pk}", max_age=86400)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return max(0, int(timezone.now().timestamp()) - int(started))


def suspicion(*, counter, address_fingerprint, seconds_on_page, at, channel):
    """The sign of abuse this answer shows, or "" (Response.Suspicion)."""
    if (
        channel == Response.Channel.QR
        and seconds_on_page is not None
        and seconds_on_page < setting("FEEDBACK_MIN_SECONDS")
    ):
        return Response.Suspicion.TOO_FAST
    if channel == Response.Channel.QR and address_fingerprint:
        count, seconds = setting("FEEDBACK_BURST_ADDRESS")
        since = at - datetime.timedelta(seconds=seconds)
        earlier = Response.objects.filter(
            counter=counter, address_hash=address_fingerprint, submitted_at__gte=since
        ).count()
        if earlier + 1 >= count:
            return Response.Suspicion.BURST
    count, seconds = setting("FEEDBACK_BURST_COUNTER")
    since = at - datetime.timedelta(seconds=seconds)
    if Response.objects.filter(counter=counter, submitted_at__gte=since).count() + 1 >= count:
        return Response.Suspicion.COUNTER_BURST
    return Response.Suspicion.NONE
