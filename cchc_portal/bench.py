"""Pages `manage.py bench` measures for this app."""

from django.urls import reverse


def pages(user):
    return [("home", reverse("home")), ("units", reverse("unit-list"))]
