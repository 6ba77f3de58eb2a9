"""Pages `manage.py bench` measures for this app."""

from django.urls import reverse


def pages(user):
    return [("audit log", reverse("audit:event-list"))]
