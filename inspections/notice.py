"""The conclusion notice (thông báo kết luận kiểm tra) as a printable page and a PDF."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from .models import Finding

NOTICE_CSS = "inspections/notice.css"


def notice_context(inspection):
    """Everything the notice shows; findings and recommendations in their numbered order."""
    findings = list(inspection.findings.select_related("area").order_by("kind", "order", "pk"))
    recommendations = list(
        inspection.recommendations.select_related("responsible_unit").order_by("number")
    )
    recipients = [
        line.strip().lstrip("-–").strip()
        for line in inspection.notice_recipients.splitlines()
        if line.strip()
    ]
    return {
        "inspection": inspection,
        "strengths": [f for f in findings if f.kind == Finding.Kind.STRENGTH],
        "shortcomings": [f for f in findings if f.kind == Finding.Kind.SHORTCOMING],
        "recommendations": recommendations,
        "other_units": any(r.responsible_unit_id != inspection.unit_id for r in recommendations),
        "recipients": recipients,
        "is_draft": not inspection.is_issued,
        "show_figures": inspection.has_snapshot
        and (inspection.tasks_total is not None or inspection.intake_received is not None),
    }


def render_pdf(inspection):
    """The notice as PDF bytes, always in Vietnamese (it is an administrative document)."""
    from weasyprint import CSS, HTML

    with translation.override("vi"):
        html = render_to_string("inspections/notice_pdf.html", notice_context(inspection))
    stylesheet = CSS(filename=finders.find(NOTICE_CSS))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def pdf_filename(inspection):
    date = (inspection.notice_issued_on or inspection.start_on).strftime("%Y%m%d")
    return f"thong-bao-ket-luan-kiem-tra-{inspection.unit.code}-{date}.pdf"
