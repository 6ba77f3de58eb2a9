"""Excel in and out for reform plans: the import template, reading it row by row, the export.

The first six columns of the export are those of the template, so last year's export can be
imported as a new plan's tasks.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from cchc_portal import spreadsheets
from cchc_portal.figures import excel
from cchc_portal.figures.formatting import format_date

from .models import ReformArea, ReformTask

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 1000

# (label, width): the import columns, in order.
IMPORT_COLUMNS = [
    (gettext_lazy("No."), 8),
    (gettext_lazy("Reform area"), 34),
    (gettext_lazy("Task"), 60),
    (gettext_lazy("Expected output"), 34),
    (gettext_lazy("Responsible officer"), 26),
    (gettext_lazy("Deadline"), 14),
]
NUMBER = re.compile(r"^(\d{1,3})(?:\.(\d{1,3}))?$")
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
BOLD = Font(bold=True)


@dataclass
class ImportRow:
    row: int  # the sheet's row number, for messages
    number: str  # "3" (general) or "3.2" (specific)
    parent_number: str | None
    area: ReformArea | None
    title: str
    expected_output: str
    responsible: str
    deadline: datetime.date | None


class SheetUnreadable(Exception):
    """The file cannot be read as a task sheet at all (not a row-level problem)."""


def _header_labels():
    """Each column's label in every language, lower-cased, so either template is accepted."""
    labels = [set() for _column in IMPORT_COLUMNS]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for index, (label, _width) in enumerate(IMPORT_COLUMNS):
                labels[index].add(str(label).strip().lower())
    return labels


def _style_header(sheet, labels_and_widths):
    for index, (label, width) in enumerate(labels_and_widths, start=1):
        cell = sheet.cell(row=1, column=index, value=str(label))
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_template():
    """The blank task sheet, with the area list as a drop-down and a sheet of instructions."""
    workbook = spreadsheets.workbook()
    sheet = workbook.active
    sheet.title = _("Tasks")
    _style_header(sheet, IMPORT_COLUMNS)
    areas = list(ReformArea.objects.values_list("name", flat=True))
    lists = workbook.create_sheet(_("Lists"))
    lists.cell(row=1, column=1, value=_("Reform areas")).font = BOLD
    for index, name in enumerate(areas, start=2):
        lists.cell(row=index, column=1, value=name)
    lists.column_dimensions["A"].width = 50
    validation = DataValidation(
        type="list",
        formula1=f"='{lists.title}'!$A$2:$A${len(areas) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Reform area"),
        error=_("Choose one of the seven reform areas from the list."),
    )
    sheet.add_data_validation(validation)
    validation.add(f"B2:B{MAX_ROWS + 1}")
    for row in range(2, MAX_ROWS + 2):
        sheet.cell(row=row, column=1).number_format = "@"
        excel.set_format(sheet.cell(row=row, column=6), excel.DATE)

    guide = workbook.create_sheet(_("Instructions"))
    guide.column_dimensions["A"].width = 110
    lines = [
        _("How to fill in the task sheet"),
        _("One row per task, from row 2. Do not change the column headings."),
        _(
            "No.: a whole number for a general task (1, 2, 3...), and number.number for a "
            "specific task under it (1.1, 1.2...). The general task comes before its specific tasks."
        ),
        _(
            "Reform area: required for a general task, chosen from the list; specific tasks "
            "take their general task's area."
        ),
        _("Task: required, at most 500 characters."),
        _("Deadline: a date (dd/mm/yyyy); required for every specific task."),
        _(
            "If any row has an error, nothing is imported: the page lists each row's errors; "
            "correct them and upload the file again."
        ),
        _("Example:"),
    ]
    for index, line in enumerate(lines, start=1):
        cell = guide.cell(row=index, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True)
    guide["A1"].font = Font(bold=True, size=13)
    example = [
        ["1", areas[2] if len(areas) > 2 else "", _("Example general task"), "", "", ""],
        ["1.1", "", _("Example specific task"), _("A plan"), _("Ward office"), "31/03/2022"],
    ]
    start = len(lines) + 1
    for offset, values in enumerate(example):
        for column, value in enumerate(values, start=2):
            guide.cell(row=start + offset, column=column, value=value)
    return _workbook_bytes(workbook)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value):
    # A number cell 1.1 arrives as a float; a text cell may use the decimal comma.
    return _text(value).replace(",", ".")


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _open_sheet(upload):
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetUnreadable(
            _("The file cannot be read as an Excel workbook (.xlsx). Use the template.")
        ) from exc
    return workbook.worksheets[0]


def read_task_rows(upload, *, plan):
    """Read and check every row of the task sheet: (rows, errors), errors as (row, message)."""
    sheet = _open_sheet(upload)
    rows_iter = sheet.iter_rows(values_only=True)
    header = next(rows_iter, None) or ()
    expected = _header_labels()
    found = [_text(value).lower() for value in header[: len(IMPORT_COLUMNS)]]
    if len(found) < len(IMPORT_COLUMNS) or any(
        label not in allowed for label, allowed in zip(found, expected, strict=True)
    ):
        raise SheetUnreadable(
            _("The first row must hold the template's column headings: %(headings)s.")
            % {"headings": ", ".join(str(label) for label, _width in IMPORT_COLUMNS)}
        )
    areas = {}
    for area in ReformArea.objects.all():
        areas[area.name.strip().lower()] = area
        areas[area.code] = area
    rows, errors, generals, seen = [], [], {}, set()
    data_rows = 0
    first_year, last_year = plan.year - 1, plan.year + 1
    for row_number, values in enumerate(rows_iter, start=2):
        values = list(values[: len(IMPORT_COLUMNS)]) + [None] * len(IMPORT_COLUMNS)
        number, area_name, title, output, responsible, deadline = values[: len(IMPORT_COLUMNS)]
        if all(_text(v) == "" for v in (number, area_name, title, output, responsible, deadline)):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            errors.append((row_number, _("At most %(max)s tasks per file.") % {"max": MAX_ROWS}))
            break
        row_errors = []

        def add(message, row_errors=row_errors):
            row_errors.append(message)

        number_text = _number(number)
        match = NUMBER.match(number_text)
        parent_number = None
        if not match:
            add(
                _("No. “%(value)s” is not 1, 2... (general task) or 1.1, 1.2... (specific task).")
                % {"value": number_text}
                if number_text
                else _("No. is empty.")
            )
        else:
            number_text = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
            if number_text in seen:
                add(_("No. %(value)s appears twice.") % {"value": number_text})
            seen.add(number_text)
            if match.group(2):
                parent_number = match.group(1)
                if parent_number not in generals:
                    add(
                        _("General task %(parent)s must come before its specific task %(value)s.")
                        % {"parent": parent_number, "value": number_text}
                    )
        area = None
        area_text = _text(area_name)
        if parent_number is None:
            if not area_text:
                add(_("A general task needs its reform area."))
            else:
                area = areas.get(area_text.lower())
                if area is None:
                    add(_("Reform area “%(value)s” is not in the list.") % {"value": area_text})
        title_text = _text(title)
        if not title_text and match and parent_number is None:
            add(_("General task %(value)s has no text.") % {"value": number_text})
        elif not title_text:
            add(_("The task is empty."))
        elif len(title_text) > 500:
            add(_("The task is longer than 500 characters."))
        output_text, responsible_text = _text(output), _text(responsible)
        if len(output_text) > 500:
            add(_("The expected output is longer than 500 characters."))
        if len(responsible_text) > 200:
            add(_("The responsible officer is longer than 200 characters."))
        deadline_date = None
        try:
            deadline_date = _date(deadline)
        except ValueError:
            add(_("Deadline “%(value)s” is not a date (dd/mm/yyyy).") % {"value": _text(deadline)})
        else:
            if deadline_date and not first_year <= deadline_date.year <= last_year:
                add(
                    _("Deadline %(date)s is not between %(first)s and %(last)s.")
                    % {
                        "date": deadline_date.strftime("%d/%m/%Y"),
                        "first": first_year,
                        "last": last_year,
                    }
                )
            if deadline_date is None and parent_number is not None:
                add(_("A specific task needs a deadline."))
        if row_errors:
            errors.extend((row_number, message) for message in row_errors)
            if match and parent_number is None:
                # The general task is in the sheet: its specific tasks get their own errors
                # only, not "must come before".
                generals.setdefault(number_text, None)
            continue
        row = ImportRow(
            row=row_number,
            number=number_text,
            parent_number=parent_number,
            area=area,
            title=title_text,
            expected_output=output_text,
            responsible=responsible_text,
            deadline=deadline_date,
        )
        if parent_number is None:
            generals[number_text] = row
        rows.append(row)
    if not rows and not errors:
        raise SheetUnreadable(_("The sheet has no tasks: fill in rows from row 2."))
    return rows, errors


# --- export ----------------------------------------------------------------------------


def export_plan(plan, numbered_tasks, figures, area_figures):
    """The plan as a workbook: its tasks (template columns first) and a summary sheet."""
    workbook = spreadsheets.workbook()
    sheet = workbook.active
    sheet.title = _("Tasks")
    columns = IMPORT_COLUMNS + [
        (_("Status"), 16),
        (_("Completion date"), 14),
        (_("On time / late"), 12),
        (_("Evidence"), 34),
        (_("Note"), 30),
        (_("Reason for cancelling"), 26),
    ]
    _style_header(sheet, columns)
    for row, (number, task) in enumerate(numbered_tasks, start=2):
        sheet.cell(row=row, column=1, value=number).number_format = "@"
        sheet.cell(row=row, column=2, value=task.area.name if task.is_general else "")
        sheet.cell(row=row, column=3, value=task.title)
        sheet.cell(row=row, column=4, value=task.expected_output)
        sheet.cell(row=row, column=5, value=task.responsible)
        excel.write_date(sheet, row, 6, task.deadline)
        sheet.cell(row=row, column=7, value=capfirst(task.get_status_display()))
        excel.write_date(sheet, row, 8, task.completed_on)
        if task.status == ReformTask.Status.DONE:
            sheet.cell(row=row, column=9, value=_("late") if task.is_late else _("on time"))
        evidence = []
        if task.evidence_document_id:
            evidence.append(task.evidence_document.number)
        if task.evidence_file:
            evidence.append(task.evidence_file.name.rsplit("/", 1)[-1])
        sheet.cell(row=row, column=10, value="; ".join(evidence))
        sheet.cell(row=row, column=11, value=task.note)
        sheet.cell(row=row, column=12, value=task.cancel_reason)
        if task.is_general:
            for column in range(1, len(columns) + 1):
                sheet.cell(row=row, column=column).font = BOLD
        for column in (3, 4, 11, 12):
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True)

    summary = workbook.create_sheet(_("Plan summary"))
    summary.column_dimensions["A"].width = 44
    for letter in "BCDEFGH":
        summary.column_dimensions[letter].width = 14
    info = [
        (_("Unit"), plan.unit.name),
        (_("Year"), plan.year),
        (
            _("Issuing document"),
            f"{plan.document.number} ({format_date(plan.document.issued_on)})"
            if plan.document_id
            else _("draft (no issuing document yet)"),
        ),
    ]
    for row, (label, value) in enumerate(info, start=1):
        summary.cell(row=row, column=1, value=str(label)).font = BOLD
        summary.cell(row=row, column=2, value=value)
    start = len(info) + 2
    heads = [
        _("Reform area"),
        _("Tasks"),
        _("Done"),
        _("On time"),
        _("Late"),
        _("Overdue"),
        _("Cancelled"),
        _("Completion rate"),
    ]
    for column, label in enumerate(heads, start=1):
        cell = summary.cell(row=start, column=column, value=str(label))
        cell.font = BOLD
        cell.fill = HEADER_FILL
    lines = [(row["area"].name, row) for row in area_figures] + [(_("Whole plan"), figures)]
    for offset, (label, data) in enumerate(lines, start=1):
        row = start + offset
        summary.cell(row=row, column=1, value=str(label))
        for column, key in enumerate(
            ("total", "done", "done_on_time", "done_late", "overdue", "cancelled"), start=2
        ):
            excel.write_count(summary, row, column, data[key])
        excel.write_rate(summary, row, 8, data["rate"])
    for column in range(1, len(heads) + 1):
        summary.cell(row=start + len(lines), column=column).font = BOLD
    summary.cell(
        row=start + len(lines) + 2,
        column=1,
        value=_(
            "Completion rate = done ÷ (all − cancelled), counted over specific tasks; a general "
            "task without specific tasks counts as one."
        ),
    )
    return _workbook_bytes(workbook)
