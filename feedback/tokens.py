"""The unguessable addresses of a counter's public pages: signed tokens the unit can rotate.

A token is the counter's number and its current key (random, `models.new_key`), signed with
the installation's SECRET_KEY under a salt per use (the QR page, the kiosk). Rotating a key
(`services.counter_rotate_keys`) voids every printed code and every kiosk at once; a token of
another use, an altered one or one of an inactive counter is refused alike.
"""

from django.core import signing
from django.utils.crypto import constant_time_compare

from .models import Counter

QR = "qr"
KIOSK = "kiosk"
_SALTS = {QR: "feedback.counter.qr", KIOSK: "feedback.counter.kiosk"}
_KEY_FIELDS = {QR: "public_key", KIOSK: "kiosk_key"}


def _signer(use):
    return signing.Signer(salt=_SALTS[use], sep=".")


def counter_token(counter, use=QR):
    """The token of `counter`'s page for `use` (QR or KIOSK)."""
    return _signer(use).sign(f"{counter.pk}-{getattr(counter, _KEY_FIELDS[use])}")


def counter_for_token(token, use=QR):
    """The active counter whose current token for `use` is `token`, or None."""
    try:
        value = _signer(use).unsign(token)
    except (signing.BadSignature, TypeError):
        return None
    pk, _sep, key = value.partition("-")
    if not pk.isdigit() or not key:
        return None
    counter = Counter.objects.active().select_related("unit").filter(pk=int(pk)).first()
    if counter is None or not constant_time_compare(getattr(counter, _KEY_FIELDS[use]), key):
        return None
    return counter
