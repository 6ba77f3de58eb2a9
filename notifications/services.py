"""Telling people: a notification row per recipient, and an e-mail once the transaction commits."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def notify(*, recipients, subject, body, url="", kind=""):
    """Create one notification per distinct active recipient; e-mail them after commit.

    `url` is a path inside the portal ("/inspections/3/"); the e-mail carries it as an
    absolute address built from SITE_URL. Returns the created notifications.
    """
    seen = set()
    people = []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    now = timezone.now()
    subject = " ".join(str(subject).split())[:300]
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user, kind=kind, text=subject, body=str(body), link=url, created_at=now
        )
        for user in people
    )
    addresses = [user.email for user in people if user.email]
    if addresses:
        text = str(body)
        if url:
            text = f"{text}\n\n{settings.SITE_URL.rstrip('/')}{url}"
        transaction.on_commit(lambda: _send_mail(subject, text, addresses))
    return created


def _send_mail(subject, text, addresses):
    """One message per address (recipients do not see each other); a mail failure is logged."""
    try:
        with get_connection() as connection:
            for address in addresses:
                EmailMessage(subject, text, to=[address], connection=connection).send()
    except Exception:
        logger.exception("Could not send the notification e-mail %r", subject)


def notification_mark_read(*, notification, user):
    """Mark one of the user's notifications read (no-op when it already is)."""
    return Notification.objects.filter(
        pk=notification.pk, recipient=user, read_at__isnull=True
    ).update(read_at=timezone.now())


def notification_mark_all_read(*, user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
