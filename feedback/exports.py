"""The results as .xlsx: the page's tables, numbers as numeric cells (cchc_portal.figures.excel)."""

import io

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from cchc_portal.figures import excel
from cchc_portal.spreadsheets import workbook

from .results import Line


def _table(sheet, row, title, lines, kinds, *, label):
    sheet.cell(row=row, column=1, value=title).font = excel_bold()
    row += 1
    headers = [label, _("Answers"), _("Share satisfied"), *[str(name) for _k, name in kinds]]
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=row, column=column, value=header).font = excel_bold()
    for line in lines:
        row += 1
        sheet.cell(row=row, column=1, value=str(line.label))
        excel.write_count(sheet, row, 2, line.figures.responses)
        excel.write_rate(sheet, row, 3, line.figures.rate)
        for offset, mean in enumerate(line.means):
            excel.write_average(sheet, row, 4 + offset, mean)
    return row + 2


def excel_bold():
    return Font(bold=True)


def results_workbook(data):
    book = workbook()
    sheet = book.active
    sheet.title = _("Satisfaction")[:31]
    sheet.cell(row=1, column=1, value=_("Citizen satisfaction survey")).font = excel_bold()
    sheet.cell(row=2, column=1, value=data["unit"].name)
    sheet.cell(row=3, column=1, value=str(data["period"].label))
    sheet.cell(row=4, column=1, value=str(data["period"].window_text))
    total = data["total"]
    sheet.cell(row=6, column=1, value=_("Answers counted"))
    excel.write_count(sheet, 6, 2, total.responses)
    sheet.cell(row=7, column=1, value=_("Share satisfied and very satisfied"))
    excel.write_rate(sheet, 7, 2, total.rate)
    if not total.enough:
        sheet.cell(
            row=7,
            column=3,
            value=_("Too few answers for a rate (at least %(count)s needed).")
            % {"count": data["min_responses"]},
        )
    row = 9
    kinds = data["kinds"]
    row = _table(
        sheet, row, _("Whole unit"), [Line(data["unit"].name, total)], kinds, label=_("Unit")
    )
    if data["by_unit"]:
        row = _table(sheet, row, _("By unit"), data["by_unit"], kinds, label=_("Unit"))
    row = _table(sheet, row, _("By counter"), data["by_counter"], kinds, label=_("Counter"))
    row = _table(
        sheet, row, _("By procedure field"), data["by_field"], kinds, label=_("Procedure field")
    )
    row = _table(sheet, row, _("By month"), data["by_month"], kinds, label=_("Month"))
    sheet.cell(row=row, column=1, value=_("Reasons given")).font = excel_bold()
    for text, count, share in data["reasons"]:
        row += 1
        sheet.cell(row=row, column=1, value=text)
        excel.write_count(sheet, row, 2, count)
        excel.write_rate(sheet, row, 3, share)
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
