"""A report's figures as an Excel workbook: every figure in one sheet, then each table."""

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .comparison import figure_rows
from .document import parse_day

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD = Alignment(wrap_text=True, horizontal="center", vertical="center")
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00"
DATE_FORMAT = "DD/MM/YYYY"
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(doc, *, figures, info):
    """.xlsx bytes: an information sheet, all figures, then the document's tables.

    `info` is a list of (label, value) rows describing the report (unit, period, status…).
    """
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("Report"), set())
    used = {sheet.title}
    for row, (label, value) in enumerate(info, start=1):
        sheet.cell(row=row, column=1, value=label).font = BOLD
        sheet.cell(row=row, column=2, value=value)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 70

    figures_sheet = book.create_sheet(_sheet_title(_("Figures"), used))
    used.add(figures_sheet.title)
    _figures(figures_sheet, figure_rows(figures))
    for table in doc.all_tables:
        target = book.create_sheet(_sheet_title(table.sheet or table.title, used))
        used.add(target.title)
        _table(target, table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title, used):
    base = INVALID_SHEET_CHARS.sub(" ", str(title)).strip()[:28] or "Sheet"
    name, index = base, 2
    while name in used:
        name = f"{base[:25]} ({index})"
        index += 1
    return name


def _value(value, type_):
    """The cell value and its number format: numbers stay numbers, rates are percents."""
    if value is None or value == "":
        return None, None
    if type_ == "count":
        return int(value), COUNT_FORMAT
    if type_ == "percent":
        return float(Decimal(value)), PERCENT_FORMAT
    if type_ == "date":
        return parse_day(value), DATE_FORMAT
    if type_ == "ratio":
        numerator, denominator = value
        return f"{numerator}/{denominator}", None
    return str(value), None


def _figures(sheet, rows):
    headings = [_("Section"), _("Figure"), _("Value")]
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=1, column=column, value=heading)
        cell.font, cell.alignment, cell.border = BOLD, HEAD, BORDER
    for index, row in enumerate(rows, start=2):
        sheet.cell(row=index, column=1, value=row.section).border = BORDER
        sheet.cell(row=index, column=2, value=row.label).border = BORDER
        value, number_format = _value(row.value, row.type)
        cell = sheet.cell(row=index, column=3, value=value)
        cell.border = BORDER
        if number_format:
            cell.number_format = number_format
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 14
    sheet.freeze_panes = "A2"


def _table(sheet, table):
    sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=12)
    header_rows = table.header_rows()
    first = 3
    taken = set()
    for r, row in enumerate(header_rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            target = sheet.cell(row=first + r, column=c + 1, value=cell.text)
            target.font, target.alignment = BOLD, HEAD
            if cell.colspan > 1 or cell.rowspan > 1:
                sheet.merge_cells(
                    start_row=first + r,
                    start_column=c + 1,
                    end_row=first + r + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r, c + dc) if dr == 0 else (r + dr, c + dc))
            c += cell.colspan
    for r in range(len(header_rows)):
        for c in range(len(table.columns)):
            sheet.cell(row=first + r, column=c + 1).border = BORDER
    start = first + len(header_rows)
    rows = list(table.rows) + ([table.total] if table.total is not None else [])
    for r, row in enumerate(rows):
        is_total = table.total is not None and r == len(rows) - 1
        for c, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            cell_value, number_format = _value(value, column.type)
            cell = sheet.cell(row=start + r, column=c, value=cell_value)
            cell.border = BORDER
            if number_format:
                cell.number_format = number_format
            if column.type == "text":
                cell.alignment = WRAP
            if is_total:
                cell.font = BOLD
    for c, column in enumerate(table.columns, start=1):
        width = 40 if column.type == "text" and c <= 2 else 14
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = sheet.cell(row=start, column=2)
