"""What a signed-in user downloads or reads stays out of every cache: `private, no-store`."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_exports_and_pdfs_of_a_signed_in_user_are_never_stored(
    client_for, staff_user, report
):
    client = client_for(staff_user)
    responses = {
        "page": client.get(reverse("reports:report-detail", args=[report.pk])),
        "home": client.get("/"),
        "export": client.get(reverse("procedures:unit-export", args=[report.unit.pk])),
        "workbook": client.get(reverse("reports:report-download", args=[report.pk, "xlsx"])),
        "pdf": client.get(reverse("reports:report-download", args=[report.pk, "pdf"])),
    }
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 200)
    assert responses["pdf"]["Content-Type"] == "application/pdf"
    assert {name: r["Cache-Control"] for name, r in responses.items()} == dict.fromkeys(
        responses, "private, no-store"
    )


def test_a_stricter_header_of_the_view_is_kept_and_anonymous_pages_are_untouched(
    client, client_for, staff_user
):
    login = client.get(reverse("login"))
    # Django's login view says never_cache itself: that header already forbids storing.
    assert login["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert "Cache-Control" not in client.get(reverse("healthz"))
    signed_in = client_for(staff_user)
    assert signed_in.get(reverse("healthz"))["Cache-Control"] == "private, no-store"
