"""Pages `manage.py bench` measures for this app."""

from django.urls import reverse


def pages(user):
    return [
        ("people", reverse("accounts:people-list")),
        ("people export", reverse("accounts:people-export")),
    ]
