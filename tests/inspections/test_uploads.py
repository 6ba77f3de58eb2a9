"""Evidence files of a remediation report: what the content check refuses, and how a stored
file is served (shown only if it is a real PDF or picture, downloaded otherwise)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc_portal.factories import image_bytes, pdf_bytes
from inspections import services
from inspections.models import EvidenceFile, Recommendation

from ..core.test_uploads import EXECUTABLE, HTML, SVG, docx_bytes


def report_url(recommendation):
    return reverse("inspections:recommendation-report", args=[recommendation.pk])


def download_url(evidence):
    return reverse("inspections:evidence-download", args=[evidence.pk])


def test_disguised_files_are_refused_and_nothing_is_stored(client_for, issued, staff_user):
    client = client_for(staff_user)
    cases = [
        (
            "setup.pdf",
            EXECUTABLE,
            "Tệp “setup.pdf” không phải là tệp .pdf thật: nội dung của tệp không khớp với phần "
            "mở rộng.",
        ),
        ("evil.pdf", HTML, "Không được tải lên trang web (HTML) hay hình vẽ SVG"),
        ("evil.png", SVG, "Không được tải lên trang web (HTML) hay hình vẽ SVG"),
    ]
    for name, content, message in cases:
        response = client.post(
            report_url(issued),
            {"text": "Đã làm.", "files": [SimpleUploadedFile(name, content)]},
        )
        assert response.status_code == 200, name
        assert message in response.content.decode(), name
    issued.refresh_from_db()
    assert issued.status == Recommendation.Status.OPEN
    assert EvidenceFile.objects.count() == 0


def test_a_real_pdf_and_a_real_png_are_accepted_and_shown_inline(client_for, issued, staff_user):
    client = client_for(staff_user)
    response = client.post(
        report_url(issued),
        {
            "text": "Đã giao phiếu hẹn.",
            "files": [
                SimpleUploadedFile("bien-ban.pdf", pdf_bytes()),
                SimpleUploadedFile("anh-chup.png", image_bytes("PNG")),
            ],
        },
    )
    assert response.status_code == 302
    pdf, png = issued.reports.get().files.order_by("pk")
    served = client.get(download_url(pdf))
    assert b"".join(served.streaming_content) == pdf_bytes()
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == 'inline; filename="bien-ban.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Cache-Control"] == "private, no-store"
    picture = client.get(download_url(png))
    assert picture["Content-Type"] == "image/png"
    assert picture["Content-Disposition"] == 'inline; filename="anh-chup.png"'
    download = client.get(download_url(pdf), {"download": "1"})
    assert download["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'


def test_an_office_file_is_always_downloaded(client_for, issued, staff_user):
    client = client_for(staff_user)
    client.post(
        report_url(issued),
        {"text": "Đã làm.", "files": [SimpleUploadedFile("quyet-dinh.docx", docx_bytes())]},
    )
    served = client.get(download_url(issued.reports.get().files.get()))
    assert served["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert served["Content-Disposition"] == 'attachment; filename="quyet-dinh.docx"'
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_file_stored_before_the_check_is_served_by_its_content_not_its_name(
    client_for, submitted, staff_user
):
    """A page stored as evil.pdf before uploads were checked is a download the browser never
    renders, not an HTML page on the portal's address."""
    evidence = EvidenceFile(report=submitted.reports.get(), name="evil.pdf", size=len(HTML))
    evidence.file.save("evil.pdf", ContentFile(HTML), save=True)
    served = client_for(staff_user).get(download_url(evidence))
    assert served["Content-Type"] == "application/octet-stream"
    assert served["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"


def test_the_service_refuses_a_disguised_file_without_the_form(issued, staff_user):
    """The model field carries the check, so a write that skips the form is refused too."""
    with pytest.raises(ValidationError) as exc:
        services.recommendation_submit_report(
            recommendation=issued,
            acting_user=staff_user,
            text="Đã làm.",
            files=[SimpleUploadedFile("setup.pdf", EXECUTABLE)],
        )
    assert "file" in exc.value.message_dict
    issued.refresh_from_db()
    assert issued.status == Recommendation.Status.OPEN
    assert EvidenceFile.objects.count() == 0
