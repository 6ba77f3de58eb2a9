"""Pages `manage.py bench` measures for this app: (label, path[, budget class])."""

from django.urls import reverse


def pages(user):
    return [("home", reverse("home"), "overview"), ("units", reverse("unit-list"))]
