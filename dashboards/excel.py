"""The city overview as an .xlsx workbook: the same columns, rows, totals and order as shown."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .overview import filter_description, period_notes

HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
NUMBER_FORMATS = {
    "count": "#,##0",
    "percent": "0.0#%",
    "date": "DD/MM/YYYY",
}


def _value(kind, value):
    """What the cell holds: numbers as numbers, rates as fractions formatted as percent."""
    if value is None:
        return None
    if kind == "percent":
        return float(value) / 100
    return value


def overview_workbook(context, *, user):
    """The workbook bytes for an `overview_context(..., export=True)`."""
    columns = context["columns"]
    book = Workbook()
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
    groups = [str(column.group) for column in columns]
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
    sheet.append([str(column.label) for column in columns])
    header_row = sheet.max_row
    for row_number in (group_row, header_row):
        for cell in sheet[row_number]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    lines = [row["cells"] for row in context["rows"]]
    lines += [context["total_cells"], context["average_cells"]]
    first_data = sheet.max_row + 1
    for cells in lines:
        sheet.append(
            [_value(column.kind, cell.value) for column, cell in zip(columns, cells, strict=True)]
        )
    last_data = sheet.max_row
    for index, column in enumerate(columns, start=1):
        number_format = NUMBER_FORMATS.get(column.kind)
        if number_format is None:
            continue
        for row_number in range(first_data, last_data + 1):
            sheet.cell(row=row_number, column=index).number_format = number_format
    # The averages line holds counts per unit, which have a decimal.
    for index, column in enumerate(columns, start=1):
        if column.kind == "count":
            sheet.cell(row=last_data, column=index).number_format = "#,##0.0"
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
    for index in range(2, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = sheet.cell(row=first_data, column=2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
