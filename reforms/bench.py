"""Pages `manage.py bench` measures for this app."""

from django.urls import reverse

from .models import ReformPlan


def pages(user):
    plan = ReformPlan.objects.for_user(user).order_by("-year", "unit__path").first()
    return [
        ("reform plans", reverse("reforms:plan-list")),
        ("reform plan (30 tasks)", reverse("reforms:plan-detail", args=[plan.pk])),
    ]
