"""Reads of the audit log for other apps' pages."""

from .models import AuditEvent


def recent_events_by(person, *, viewer, limit=20):
    """What `person` did lately (changes and sign-ins), newest first, as far as `viewer`'s
    scope reaches."""
    return list(
        AuditEvent.objects.for_user(viewer)
        .filter(user=person)
        .select_related("unit")
        .order_by("-occurred_at", "-id")[:limit]
    )
