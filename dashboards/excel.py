"""The city overview as an .xlsx workbook: the same columns, rows, totals and order as shown."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cchc_portal import spreadsheets
from cchc_portal.figures import excel

from .overview import filter_description, period_notes

HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
# A fraction ("23/24") is two numeric columns in the workbook: the done and the total.
FRACTION_LABELS = (gettext_lazy("Tasks done"), gettext_lazy("Tasks in total"))


def _sheet_columns(columns):
    """(group, label, kind) of each workbook column: a fraction column gives two."""
    result = []
    for column in columns:
        if column.kind == "fraction":
            result += [(column.group, label, excel.COUNT) for label in FRACTION_LABELS]
        else:
            result.append((column.group, column.label, column.kind))
    return result


def _write_line(sheet, row, columns, cells):
    """One line of cells: each figure a numeric cell with its kind's number format."""
    index = 1
    for column, cell in zip(columns, cells, strict=True):
        if column.kind == "fraction":
            done, total = cell.value if cell.value is not None else (None, None)
            excel.write_count(sheet, row, index, done)
            excel.write_count(sheet, row, index + 1, total)
            index += 2
            continue
        excel.write(sheet, row, index, cell.value, cell.kind or column.kind)
        index += 1


def overview_workbook(context, *, user):
    """The workbook bytes for an `overview_context(..., export=True)`."""
    columns = context["columns"]
    book = spreadsheets.workbook()
    sheet = book.active
    sheet.title = _("Overview")[:31]
    sheet.append([_("CCHC overview of the units")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([filter_description(context)])
    sheet.append(
        [
            _("Exported by %(user)s on %(date)s; an empty cell means there is no figure.")
            % {
                "user": user.get_full_name() or user.username,
                "date": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
            }
        ]
    )
    sheet.append([])
    sheet_columns = _sheet_columns(columns)
    groups = [str(group) for group, _label, _kind in sheet_columns]
    sheet.append(groups)
    group_row = sheet.max_row
    start = 1
    for index in range(1, len(groups) + 1):
        if index == len(groups) or groups[index] != groups[start - 1]:
            if groups[start - 1] and index > start:
                sheet.merge_cells(
                    start_row=group_row, start_column=start, end_row=group_row, end_column=index
                )
            start = index + 1
    sheet.append([str(label) for _group, label, _kind in sheet_columns])
    header_row = sheet.max_row
    for row_number in (group_row, header_row):
        for cell in sheet[row_number]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    lines = [row["cells"] for row in context["rows"]]
    lines += [context["total_cells"], context["average_cells"]]
    first_data = sheet.max_row + 1
    for offset, cells in enumerate(lines):
        _write_line(sheet, first_data + offset, columns, cells)
    last_data = sheet.max_row
    for row_number in (last_data - 1, last_data):
        for cell in sheet[row_number]:
            cell.font = Font(bold=True)
    sheet.append([])
    notes = period_notes()
    if context["apart_count"]:
        # The rows after the others, as on the page under this heading.
        notes.append(f"{context['apart_heading']}: {_('listed last')}.")
    for note in notes:
        sheet.append([note])
    sheet.column_dimensions["A"].width = 42
    for index in range(2, len(sheet_columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = sheet.cell(row=first_data, column=2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
