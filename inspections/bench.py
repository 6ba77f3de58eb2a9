"""Pages `manage.py bench` measures for this app: (label, path[, budget class])."""

from django.urls import reverse

from .models import Inspection


def pages(user):
    inspection = Inspection.objects.for_user(user).order_by("-start_on").first()
    return [
        ("inspections", reverse("inspections:inspection-list")),
        ("inspection detail", reverse("inspections:inspection-detail", args=[inspection.pk])),
        (
            "conclusion notice PDF",
            reverse("inspections:inspection-notice-pdf", args=[inspection.pk]),
            "pdf",
        ),
        ("recommendations", reverse("inspections:recommendation-list")),
        ("review queue", reverse("inspections:review-queue")),
    ]
