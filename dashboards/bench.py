"""Pages `manage.py bench` measures for this app."""

from django.urls import reverse

from cchc_portal.models import Unit


def pages(user):
    ward = Unit.objects.for_user(user).filter(kind__in=["ward", "commune"]).first()
    return [
        ("city overview (120 units)", reverse("dashboards:overview")),
        ("unit dashboard", reverse("dashboards:unit", args=[ward.pk])),
        ("unit summary", reverse("dashboards:unit-summary", args=[ward.pk])),
        ("remediation board", reverse("dashboards:remediation")),
    ]
