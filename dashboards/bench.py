"""Pages `manage.py bench` measures for this app: (label, path[, budget class])."""

from django.urls import reverse

from cchc_portal.models import Unit


def pages(user):
    ward = Unit.objects.for_user(user).filter(kind__in=["ward", "commune"]).first()
    return [
        ("city overview (120 units)", reverse("dashboards:overview"), "overview"),
        ("unit dashboard", reverse("dashboards:unit", args=[ward.pk])),
        ("unit summary", reverse("dashboards:unit-summary", args=[ward.pk])),
        ("unit summary PDF", reverse("dashboards:unit-summary-pdf", args=[ward.pk]), "pdf"),
        ("remediation board", reverse("dashboards:remediation")),
    ]


def national_pages(user):
    """The country's overview and the first province's, as the national and the province user."""
    overview = reverse("dashboards:overview")
    if not user.sees_everything:
        return [("province overview (province user)", overview, "national-overview")]
    province = Unit.objects.filter(parent=None).order_by("path").first()
    return [
        ("country overview (national user)", overview, "national-overview"),
        (
            "province overview (national user)",
            f"{overview}?within={province.pk}",
            "national-overview",
        ),
    ]
