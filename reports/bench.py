"""Pages `manage.py bench` measures for this app."""

from django.urls import reverse
from django.utils import timezone


def pages(user):
    return [
        ("report rounds", reverse("reports:round-list")),
        (
            "reporting calendar",
            reverse("reports:calendar-year", args=[timezone.localdate().year]),
        ),
    ]
