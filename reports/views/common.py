"""Helpers the report views share: downloads and file names."""

from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import document as doc_module
from ..pdf import render_pdf
from ..wordfile import render_docx
from ..workbook import render_xlsx

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KIND_SLUGS = {"six_months": "6-thang", "nine_months": "9-thang", "annual": "nam"}


def check_format(fmt):
    if fmt not in FORMATS:
        raise Http404


def file_stem(rnd, unit_code, *, suffix=""):
    """ "bao-cao-cchc-9-thang-2022-huyen-tung": ASCII, so every browser keeps the name."""
    kind = f"quy-{rnd.quarter}" if rnd.kind == rnd.Kind.QUARTER else KIND_SLUGS[rnd.kind]
    stem = f"bao-cao-cchc-{kind}-{rnd.year}-{unit_code}"
    return f"{stem}-{suffix}" if suffix else stem


def info_rows(*, content, rnd, unit_name, status):
    """The first sheet of the workbook: what this report is."""
    period = content.figures["period"]
    return [
        (_("Report"), str(rnd.title)),
        (_("Unit"), unit_name),
        (_("Requested by"), rnd.unit.name),
        (_("Period"), doc_module.period_days_text(period)),
        (_("Deadline"), doc_module.date_text(rnd.deadline)),
        (_("Figures counted as of"), doc_module.date_text(period["as_of"])),
        (_("Status"), status),
        (_("Downloaded on"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]


def download(fmt, build, *, stem, info=None):
    """Build the content in Vietnamese and send it as .docx, .pdf or .xlsx.

    `build()` returns a `content.Content`; `info(content)` the workbook's first sheet.
    """
    check_format(fmt)
    with translation.override("vi"):
        built = build()
        if fmt == "pdf":
            data = render_pdf(built.document)
        elif fmt == "docx":
            data = render_docx(built.document)
        else:
            data = render_xlsx(built.document, figures=built.figures, info=info(built))
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
