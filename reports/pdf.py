"""A report as PDF: the same document as the web preview, printed by WeasyPrint."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

DOCUMENT_CSS = "reports/report_document.css"


def render_pdf(doc):
    """PDF bytes of a `Document`, always in Vietnamese (it is an administrative document)."""
    from weasyprint import CSS, HTML

    with translation.override("vi"):
        html = render_to_string("reports/document_pdf.html", {"doc": doc})
    stylesheet = CSS(filename=finders.find(DOCUMENT_CSS))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
