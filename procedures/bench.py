"""Pages `manage.py bench` measures for this app."""

from django.urls import reverse

from cchc_portal.models import Unit


def pages(user):
    ward = Unit.objects.for_user(user).filter(kind__in=["ward", "commune"]).first()
    return [
        ("procedure figures, all units", reverse("procedures:index")),
        ("unit figures (subtree)", reverse("procedures:unit-figures", args=[user.unit_id])),
        ("unit figures (ward)", reverse("procedures:unit-figures", args=[ward.pk])),
        (
            "settlement form 06 (subtree)",
            reverse("procedures:settlement-form", args=[user.unit_id]),
        ),
    ]
