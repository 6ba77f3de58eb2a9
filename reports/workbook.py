"""A report's figures as an Excel workbook: every figure in one sheet, then each table."""

import io
import re

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc_portal import spreadsheets
from cchc_portal.figures import excel

from .comparison import figure_rows

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD = Alignment(wrap_text=True, horizontal="center", vertical="center")
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(doc, *, figures, info):
    """.xlsx bytes: an information sheet, all figures, then the document's tables.

    `info` is a list of (label, value) rows describing the report (unit, period, status…).
    """
    book = spreadsheets.workbook()
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


def _write(sheet, row, column, value, type_):
    """Write one value of a column's type; a ratio takes two cells. Returns the next column."""
    if type_ == "ratio":
        numerator, denominator = value if value not in (None, "") else (None, None)
        cells = [
            excel.write_count(sheet, row, column, numerator),
            excel.write_count(sheet, row, column + 1, denominator),
        ]
    elif type_ in (excel.COUNT, excel.RATE, excel.DATE):
        cells = [excel.write(sheet, row, column, value, type_)]
    else:
        text = None if value in (None, "") else str(value)
        cells = [sheet.cell(row=row, column=column, value=text)]
    return cells


def _width(column):
    return 2 if column.type == "ratio" else 1


def _figures(sheet, rows):
    headings = [_("Section"), _("Figure"), _("Value")]
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=1, column=column, value=heading)
        cell.font, cell.alignment, cell.border = BOLD, HEAD, BORDER
    for index, row in enumerate(rows, start=2):
        sheet.cell(row=index, column=1, value=row.section).border = BORDER
        sheet.cell(row=index, column=2, value=row.label).border = BORDER
        for cell in _write(sheet, index, 3, row.value, row.type):
            cell.border = BORDER
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 14
    sheet.freeze_panes = "A2"


def _placed_headers(table):
    """(row, first sheet column, text, colspan, rowspan) of each header cell.

    A ratio column is two sheet columns: a header cell above it spans both, and a table
    with the plain one-line header gets the ratio's two part labels instead of its own.
    """
    widths = [_width(column) for column in table.columns]
    starts = [1 + sum(widths[:index]) for index in range(len(widths))]
    if table.header is None:
        placed = []
        for column, start, width in zip(table.columns, starts, widths, strict=True):
            if column.type == "ratio" and column.parts:
                placed += [(0, start + i, str(part), 1, 1) for i, part in enumerate(column.parts)]
            else:
                placed.append((0, start, str(column.label), width, 1))
        return placed
    placed, taken = [], set()
    for r, row in enumerate(table.header):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            span = sum(widths[c : c + cell.colspan])
            placed.append((r, starts[c], str(cell.text), span, cell.rowspan))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def _table(sheet, table):
    sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=12)
    first = 3
    header_count = len(table.header_rows())
    sheet_width = sum(_width(column) for column in table.columns)
    for r, column, text, colspan, rowspan in _placed_headers(table):
        target = sheet.cell(row=first + r, column=column, value=text)
        target.font, target.alignment = BOLD, HEAD
        if colspan > 1 or rowspan > 1:
            sheet.merge_cells(
                start_row=first + r,
                start_column=column,
                end_row=first + r + rowspan - 1,
                end_column=column + colspan - 1,
            )
    for r in range(header_count):
        for c in range(1, sheet_width + 1):
            sheet.cell(row=first + r, column=c).border = BORDER
    start = first + header_count
    rows = list(table.rows) + ([table.total] if table.total is not None else [])
    for r, row in enumerate(rows):
        is_total = table.total is not None and r == len(rows) - 1
        c = 1
        for value, column in zip(row, table.columns, strict=True):
            for cell in _write(sheet, start + r, c, value, column.type):
                cell.border = BORDER
                if column.type == "text":
                    cell.alignment = WRAP
                if is_total:
                    cell.font = BOLD
            c += _width(column)
    c = 1
    for index, column in enumerate(table.columns, start=1):
        for _part in range(_width(column)):
            width = 40 if column.type == "text" and index <= 2 else 14
            sheet.column_dimensions[get_column_letter(c)].width = width
            c += 1
    sheet.freeze_panes = sheet.cell(row=start, column=2)
