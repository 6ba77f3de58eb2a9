"""Excel in the official report's layout: export, an import template, and the import itself.

One sheet per month (and a summary sheet for a period). Column Q holds codes the import
reads (do not edit): Q2 the unit's code, Q3 the month ("2022-10") or period
("2022-01..2022-10"), Q4 the scope ("unit" or "subtree"), and on each data row the code of
the procedure field or figure. Labels are in the reader's language; codes are not.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from cchc_portal import spreadsheets
from cchc_portal.figures import excel, windows
from cchc_portal.figures.months import (
    FIRST_YEAR,
    LAST_YEAR,
    MONTH_RE,
    add_months,
    month_code,
    month_label,
    months_between,
    parse_month,
)
from cchc_portal.files import validate_upload

from . import selectors
from .forms import DigitalForm, IntakeRowForm, MonthHeaderForm
from .layout import (
    DIGITAL_LAYOUT,
    INTAKE_GROUPS,
    INTAKE_LAYOUT,
    INTAKE_SUBGROUPS,
    REPORTED_RATE_LAYOUT,
)
from .models import (
    DIGITAL_COLUMNS,
    INTAKE_COLUMNS,
    DigitalGovernmentReport,
    IntakeReport,
    MonthlyReport,
    ProcedureField,
)

# Errors name a cell by its field's full name ("received at the counter"), clearer than the
# column heading alone ("Directly at the counter" under "Newly received").
INTAKE_LABELS = {c: capfirst(IntakeReport._meta.get_field(c).verbose_name) for c in INTAKE_COLUMNS}
DIGITAL_LABELS = {
    c: capfirst(DigitalGovernmentReport._meta.get_field(c).verbose_name) for c in DIGITAL_COLUMNS
}
REPORTED_LABELS = {column.key: column.label for column in REPORTED_RATE_LAYOUT}
REPORTED_RATE_KEYS = tuple(REPORTED_LABELS)
FIRST_DATA_COLUMN = 3  # C: the first column of INTAKE_LAYOUT
CODE_COLUMN = FIRST_DATA_COLUMN + len(INTAKE_LAYOUT)  # Q
CODE_LETTER = get_column_letter(CODE_COLUMN)
HEADER_ROWS = (6, 7, 8)
NUMBER_ROW = 9
FIRST_FIELD_ROW = 10
SCOPE_UNIT, SCOPE_SUBTREE = "unit", "subtree"
COMPUTED_PREFIX = "computed:"
LETTER = {
    column.key: get_column_letter(FIRST_DATA_COLUMN + index)
    for index, column in enumerate(INTAKE_LAYOUT)
}
NUMBER = {column.key: index + 1 for index, column in enumerate(INTAKE_LAYOUT)}

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
COMPUTED_FILL = PatternFill("solid", fgColor="F2F2F2")
CODE_FONT = Font(color="808080", size=8)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


# --- writing -----------------------------------------------------------------------------


def _sheet_title(text):
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31]


def _header(ws, *, unit, subtree, period_code, period_text):
    last = get_column_letter(CODE_COLUMN - 1)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = _("PROCEDURE DOSSIERS RECEIVED AND RESOLVED, AND E-GOVERNMENT")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"], ws["A3"] = _("Unit:"), _("Period:")
    ws["B2"] = _("%(unit)s and the units below it") % {"unit": unit.name} if subtree else unit.name
    ws["B3"] = period_text
    ws["A4"] = _(
        "Figures are whole numbers; leave a cell empty for 0. Grey columns are computed. "
        "Do not change column %(column)s (codes)."
    ) % {"column": CODE_LETTER}
    ws["A4"].font = Font(italic=True, size=9)
    for cell in ("A2", "A3"):
        ws[cell].font = BOLD
    ws.cell(1, CODE_COLUMN, _("Codes (do not edit)")).font = CODE_FONT
    ws.cell(2, CODE_COLUMN, unit.code)
    ws.cell(3, CODE_COLUMN, period_code)
    ws.cell(4, CODE_COLUMN, SCOPE_SUBTREE if subtree else SCOPE_UNIT)
    for row in (2, 3, 4):
        ws.cell(row, CODE_COLUMN).font = CODE_FONT


def _intake_table_header(ws):
    top, middle, bottom = HEADER_ROWS
    ws.merge_cells(start_row=top, start_column=1, end_row=bottom, end_column=1)
    ws.merge_cells(start_row=top, start_column=2, end_row=bottom, end_column=2)
    ws.cell(top, 1, _("No."))
    ws.cell(top, 2, _("Procedure field"))
    for label, first, last in INTAKE_GROUPS:
        start, end = NUMBER[first] + 2, NUMBER[last] + 2
        ws.merge_cells(start_row=top, start_column=start, end_row=top, end_column=end)
        ws.cell(top, start, str(label))
    for label, first, last in INTAKE_SUBGROUPS:
        start, end = NUMBER[first] + 2, NUMBER[last] + 2
        ws.merge_cells(start_row=middle, start_column=start, end_row=middle, end_column=end)
        ws.cell(middle, start, str(label))
    grouped = {key for _l, first, last in INTAKE_SUBGROUPS for key in _keys_between(first, last)}
    for column in INTAKE_LAYOUT:
        col = NUMBER[column.key] + 2
        if column.key in grouped:
            ws.cell(bottom, col, str(column.label))
        else:
            in_group = any(column.key in _keys_between(f, la) for _l, f, la in INTAKE_GROUPS)
            start_row = middle if in_group else top
            ws.merge_cells(start_row=start_row, start_column=col, end_row=bottom, end_column=col)
            ws.cell(start_row, col, str(column.label))
        number = f"({NUMBER[column.key]})"
        if column.computed:
            parts = "+".join(f"({NUMBER[p]})" for p in column.parts)
            number = f"{number}={parts}"
        ws.cell(NUMBER_ROW, col, number)
    ws.merge_cells(start_row=top, start_column=CODE_COLUMN, end_row=bottom, end_column=CODE_COLUMN)
    ws.cell(top, CODE_COLUMN, _("Code"))
    for row in (*HEADER_ROWS, NUMBER_ROW):
        for col in range(1, CODE_COLUMN + 1):
            cell = ws.cell(row, col)
            cell.alignment, cell.border = CENTER, BORDER
            if row != NUMBER_ROW:
                cell.font, cell.fill = BOLD, HEADER_FILL
            else:
                cell.font = Font(italic=True, size=8)


def _keys_between(first, last):
    keys = [column.key for column in INTAKE_LAYOUT]
    return keys[keys.index(first) : keys.index(last) + 1]


def _widths(ws):
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 34
    for column in INTAKE_LAYOUT:
        ws.column_dimensions[LETTER[column.key]].width = 12
    ws.column_dimensions[CODE_LETTER].width = 22
    ws.freeze_panes = ws.cell(FIRST_FIELD_ROW, FIRST_DATA_COLUMN)


def _intake_rows(ws, field_rows, *, formulas):
    """Write one row per (field, figures or None); returns the totals row number."""
    row = FIRST_FIELD_ROW
    for index, (procedure_field, figures) in enumerate(field_rows, start=1):
        ws.cell(row, 1, index)
        ws.cell(row, 2, procedure_field.name)
        for column in INTAKE_LAYOUT:
            cell = ws.cell(row, NUMBER[column.key] + 2)
            if column.computed:
                cell.fill = COMPUTED_FILL
                if formulas:
                    spreadsheets.formula(
                        cell, "=" + "+".join(f"{LETTER[p]}{row}" for p in column.parts)
                    )
                else:
                    cell.value = sum(figures[p] for p in column.parts) if figures else 0
            else:
                cell.value = figures[column.key] if figures else None
            cell.border = BORDER
            excel.set_format(cell, excel.COUNT)
        ws.cell(row, CODE_COLUMN, procedure_field.code).font = CODE_FONT
        for col in (1, 2):
            ws.cell(row, col).border = BORDER
        row += 1
    totals_row = row
    ws.cell(totals_row, 2, _("Total")).font = BOLD
    first, last = FIRST_FIELD_ROW, totals_row - 1
    for column in INTAKE_LAYOUT:
        letter = LETTER[column.key]
        cell = ws.cell(totals_row, NUMBER[column.key] + 2)
        if formulas:
            if last >= first:
                spreadsheets.formula(cell, f"=SUM({letter}{first}:{letter}{last})")
            else:
                cell.value = 0
        else:
            keys = column.parts or (column.key,)
            cell.value = sum(figures[key] for _f, figures in field_rows if figures for key in keys)
        cell.font, cell.border, cell.fill = BOLD, BORDER, COMPUTED_FILL
        excel.set_format(cell, excel.COUNT)
    ws.cell(totals_row, CODE_COLUMN, "total").font = CODE_FONT
    return totals_row


def _block(ws, row, title, items):
    """A titled block of (label, value, code, kind of figure) rows; returns the next free row."""
    ws.cell(row, 1, title).font = BOLD
    row += 1
    for index, (label, value, code, kind) in enumerate(items, start=1):
        ws.cell(row, 1, index).border = BORDER
        ws.cell(row, 2, label).border = BORDER
        excel.write(ws, row, 3, value, kind).border = BORDER
        if code.startswith(COMPUTED_PREFIX):
            ws.cell(row, 3).fill = COMPUTED_FILL
        ws.cell(row, CODE_COLUMN, code).font = CODE_FONT
        row += 1
    return row + 1


def _write_sheet(
    ws,
    *,
    unit,
    subtree,
    period_code,
    period_text,
    field_rows,
    digital,
    reported=None,
    computed=None,
    formulas=False,
):
    _header(ws, unit=unit, subtree=subtree, period_code=period_code, period_text=period_text)
    _intake_table_header(ws)
    row = _intake_rows(ws, field_rows, formulas=formulas) + 2
    items = [
        (str(column.label), digital.get(column.key) if digital else None, column.key, excel.COUNT)
        for column in DIGITAL_LAYOUT
    ]
    if computed is not None:
        items.append(
            (
                _("signed but sent neither interconnected nor internally"),
                digital["documents_unaccounted"],
                f"{COMPUTED_PREFIX}documents_unaccounted",
                excel.COUNT,
            )
        )
    row = _block(ws, row, _("E-GOVERNMENT"), items)
    if reported is not None:
        row = _block(
            ws,
            row,
            _("RATES STATED IN THE UNIT'S OWN REPORT, FROM JANUARY (optional, only compared)"),
            [
                (str(column.label), reported.get(column.key), column.key, excel.RATE)
                for column in REPORTED_RATE_LAYOUT
            ],
        )
    if computed is not None:
        row = _block(
            ws,
            row,
            _("RATES COMPUTED FROM THE FIGURES (%)"),
            [
                (label, value, f"{COMPUTED_PREFIX}{key}", excel.RATE)
                for key, label, value in computed
            ],
        )
    _widths(ws)


def _computed_rates(intake, digital):
    return [
        ("online_rate", _("Online rate"), intake["online_rate"]),
        ("on_time_rate", _("On-time rate"), intake["on_time_rate"]),
        ("electronic_rate", _("Electronic-processing rate"), intake["electronic_rate"]),
        ("postal_return_rate", _("Postal-return rate"), intake["postal_return_rate"]),
        (
            "signed_share",
            _("Digitally signed share of outgoing documents"),
            digital["signed_share"],
        ),
        (
            "account_share",
            _("Share of officials with a one-stop account"),
            digital["account_share"],
        ),
    ]


def _fields_for(field_ids):
    return list(
        ProcedureField.objects.filter(is_active=True)
        | ProcedureField.objects.filter(pk__in=field_ids)
    )


def export_workbook(*, unit, units, subtree, period):
    """A summary sheet for the period, one sheet per month, and the open flags."""
    workbook = spreadsheets.workbook()
    summary = workbook.active
    summary.title = _sheet_title(_("Summary of the period"))
    by_field = selectors.intake_by_field(units, period.first, period.last)
    intake = selectors.intake_summary(units, period.first, period.last)
    digital = selectors.digital_summary(units, period.first, period.last)
    _write_sheet(
        summary,
        unit=unit,
        subtree=subtree,
        period_code=f"{month_code(period.first)}..{month_code(period.last)}",
        period_text=f"{period.label} ({period.days_label})",
        field_rows=[(row["field"], row) for row in by_field],
        digital=digital,
        computed=_computed_rates(intake, digital),
    )
    per_month = selectors.intake_by_month_and_field(units, period.first, period.last)
    digital_months = selectors.monthly_digital(units, period.first, period.last)
    intake_months = selectors.monthly_intake(units, period.first, period.last)
    reported = {}
    if not subtree:
        reported = (
            {
                report.month: report
                for report in MonthlyReport.objects.filter(unit=unit).in_period(
                    period.first, period.last
                )
            }
            if hasattr(MonthlyReport.objects, "in_period")
            else {
                report.month: report
                for report in MonthlyReport.objects.filter(
                    unit=unit, month__gte=period.first, month__lte=period.last
                )
            }
        )
    fields = [row["field"] for row in by_field]
    for month_intake, month_digital in zip(intake_months, digital_months, strict=True):
        month = month_intake["month"]
        if not month_intake["reported"] and not month_digital["reported"]:
            continue
        ws = workbook.create_sheet(_sheet_title(_("Month %(month)s") % {"month": f"{month:%m-%Y}"}))
        report = reported.get(month)
        _write_sheet(
            ws,
            unit=unit,
            subtree=subtree,
            period_code=month_code(month),
            period_text=_("Month %(month)s") % {"month": month_label(month)},
            field_rows=[(f, per_month.get((month, f.pk))) for f in fields],
            digital=month_digital,
            reported=None
            if subtree
            else {
                column.key: getattr(report, column.key) if report else None
                for column in REPORTED_RATE_LAYOUT
            },
            computed=_computed_rates(month_intake, month_digital),
        )
    flags = list(selectors.open_flags(units, period.first, period.last))
    ws = workbook.create_sheet(_sheet_title(_("Flags")))
    headings = [_("Unit"), _("Month"), _("Kind"), _("What to check")]
    for col, heading in enumerate(headings, start=1):
        cell = ws.cell(1, col, heading)
        cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BORDER
    for row, flag in enumerate(flags, start=2):
        values = [flag.unit.name, month_label(flag.month), flag.get_kind_display(), flag.message]
        for col, value in enumerate(values, start=1):
            ws.cell(row, col, str(value)).border = BORDER
    if not flags:
        ws.cell(2, 1, _("No open flags for this period."))
    for letter, width in zip("ABCD", (30, 10, 36, 90), strict=True):
        ws.column_dimensions[letter].width = width
    return workbook


def template_workbook(*, unit, first, last):
    """Month sheets to fill in, with the figures already entered (if any) and formulas."""
    workbook = spreadsheets.workbook()
    workbook.remove(workbook.active)
    per_month = selectors.intake_by_month_and_field(unit, first, last)
    fields = _fields_for({field_id for _month, field_id in per_month})
    digital = {
        sheet.month: sheet
        for sheet in DigitalGovernmentReport.objects.filter(unit=unit).in_period(first, last)
    }
    reports = {
        report.month: report
        for report in MonthlyReport.objects.filter(unit=unit, month__gte=first, month__lte=last)
    }
    previous = add_months(first, -1)
    carried = {
        row.field_id: row.pending_total
        for row in IntakeReport.objects.filter(unit=unit, month=previous)
    }
    last_digital = (
        DigitalGovernmentReport.objects.filter(unit=unit, month__lt=first)
        .order_by("-month")
        .first()
    )
    for index, month in enumerate(months_between(first, last)):
        ws = workbook.create_sheet(_sheet_title(_("Month %(month)s") % {"month": f"{month:%m-%Y}"}))
        rows = []
        for procedure_field in fields:
            figures = per_month.get((month, procedure_field.pk))
            if figures is None and index == 0 and carried.get(procedure_field.pk):
                figures = dict.fromkeys(INTAKE_COLUMNS)
                figures["carried_over"] = carried[procedure_field.pk]
            rows.append((procedure_field, figures))
        sheet = digital.get(month)
        digital_values = {c: getattr(sheet, c) for c in DIGITAL_COLUMNS} if sheet else None
        if digital_values is None and index == 0 and last_digital is not None:
            digital_values = {
                "officials_in_post": last_digital.officials_in_post,
                "officials_with_account": last_digital.officials_with_account,
            }
        report = reports.get(month)
        _write_sheet(
            ws,
            unit=unit,
            subtree=False,
            period_code=month_code(month),
            period_text=_("Month %(month)s") % {"month": month_label(month)},
            field_rows=rows,
            digital=digital_values,
            reported={
                column.key: getattr(report, column.key) if report else None
                for column in REPORTED_RATE_LAYOUT
            },
            formulas=True,
        )
    return workbook


# --- reading -----------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        validators=[validate_upload],
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    replace_existing = forms.BooleanField(
        label=gettext_lazy("Replace the figures already entered for these months"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose an Excel workbook (.xlsx) made from the template."))
        return upload


@dataclass
class CellError:
    sheet: str
    row: int | None
    column: str
    label: str
    message: str

    def __str__(self):
        where = []
        if self.sheet:
            where.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        place = ", ".join(where)
        if self.label:
            place = f"{place} ({self.label})" if place else self.label
        return f"{place}: {self.message}" if place else self.message


@dataclass
class ParsedWorkbook:
    months: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


INTEGER_RE = re.compile(r"^\d+$")
GROUPED_RE = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


def _count(value):
    """An Excel cell as a whole number ≥ 0 (blank = 0); raises ValueError with the reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool | datetime.date | datetime.time):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        number = int(value)
    else:
        text = str(value).strip()
        if GROUPED_RE.match(text):
            text = re.sub(r"[.,\s]", "", text)
        if not INTEGER_RE.match(text):
            raise ValueError
        number = int(text)
    if number < 0:
        raise ValueError
    return number


def _rate(cell):
    """A typed percentage (8,48 / 8.48 / "8,48 %" / a 0.0848 cell formatted as %), or None."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | datetime.date | datetime.time):
        raise ValueError
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if "%" in (cell.number_format or ""):
            number *= 100
    else:
        text = str(value).strip().rstrip("%").strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError from exc
    return number.quantize(Decimal("0.01"))


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class _SheetReader:
    """Reads one month sheet into the values `services.month_save` takes, noting each error."""

    def __init__(self, ws, *, unit, month, fields, errors):
        self.ws, self.unit, self.month, self.fields = ws, unit, month, fields
        self.errors = errors
        self.rows, self.digital, self.reported = {}, {}, {}
        self.lines = {}  # what -> sheet row, to point errors at
        self.anything = False

    def error(self, row, column, label, message):
        self.errors.append(CellError(self.ws.title, row, column, str(label), str(message)))

    def _value(self, row, col):
        value = self.ws.cell(row, col).value
        self.anything = self.anything or not _is_blank(value)
        return value

    def read(self):
        for line in range(FIRST_FIELD_ROW, self.ws.max_row + 1):
            code = self.ws.cell(line, CODE_COLUMN).value
            if _is_blank(code):
                continue
            code = str(code).strip()
            if code == "total" or code.startswith(COMPUTED_PREFIX):
                continue
            if code in self.fields:
                self._field_row(line, self.fields[code])
            elif code in DIGITAL_COLUMNS:
                self._digital_row(line, code)
            elif code in REPORTED_RATE_KEYS:
                self._reported_row(line, code)
            else:
                self.error(
                    line,
                    CODE_LETTER,
                    "",
                    _("Unknown code “%(code)s”: use the template from the portal.")
                    % {"code": code},
                )

    def _field_row(self, line, procedure_field):
        if procedure_field in self.rows:
            self.error(line, CODE_LETTER, procedure_field.name, _("This field appears twice."))
            return
        values = {}
        for key in INTAKE_COLUMNS:
            raw = self._value(line, NUMBER[key] + 2)
            try:
                values[key] = _count(raw)
            except ValueError:
                self.error(
                    line,
                    LETTER[key],
                    f"{procedure_field.name} · {INTAKE_LABELS[key]}",
                    _("“%(value)s” is not a whole number of 0 or more.") % {"value": raw},
                )
        self.rows[procedure_field] = values
        self.lines[procedure_field] = line

    def _digital_row(self, line, code):
        raw = self._value(line, 3)
        try:
            self.digital[code] = _count(raw)
        except ValueError:
            self.error(
                line,
                "C",
                DIGITAL_LABELS[code],
                _("“%(value)s” is not a whole number of 0 or more.") % {"value": raw},
            )
        self.lines[code] = line

    def _reported_row(self, line, code):
        cell = self.ws.cell(line, 3)
        self._value(line, 3)
        try:
            self.reported[code] = _rate(cell)
        except ValueError:
            self.error(
                line,
                "C",
                REPORTED_LABELS[code],
                _("“%(value)s” is not a percentage.") % {"value": cell.value},
            )
        self.lines[code] = line

    def check(self, active_fields):
        """Run the entry page's own forms, and so the models' constraints, on what was read."""
        for procedure_field in active_fields:
            self.rows.setdefault(procedure_field, dict.fromkeys(INTAKE_COLUMNS, 0))
        for procedure_field, values in self.rows.items():
            line = self.lines.get(procedure_field)
            if line is None or len(values) < len(INTAKE_COLUMNS):
                continue  # nothing typed, or a cell already reported as not a number
            form = IntakeRowForm(
                data=values,
                instance=IntakeReport(unit=self.unit, month=self.month, field=procedure_field),
                field=procedure_field,
            )
            for name, messages in ({} if form.is_valid() else form.errors).items():
                for message in messages:
                    if name == NON_FIELD_ERRORS:
                        self.error(line, "", procedure_field.name, message)
                    else:
                        label = f"{procedure_field.name} · {INTAKE_LABELS[name]}"
                        self.error(line, LETTER[name], label, message)
        digital = {key: self.digital.get(key, 0) for key in DIGITAL_COLUMNS}
        form = DigitalForm(
            data=digital, instance=DigitalGovernmentReport(unit=self.unit, month=self.month)
        )
        for name, messages in ({} if form.is_valid() else form.errors).items():
            line = self.lines.get(name)
            for message in messages:
                self.error(line, "C" if line else "", DIGITAL_LABELS.get(name, ""), message)
        header = {key: self.reported.get(key) for key in REPORTED_RATE_KEYS}
        form = MonthHeaderForm(data={**header, "note": ""})
        for name, messages in ({} if form.is_valid() else form.errors).items():
            line = self.lines.get(name)
            for message in messages:
                self.error(line, "C" if line else "", REPORTED_LABELS.get(name, ""), message)
        return {
            "month": self.month,
            "rows": self.rows,
            "digital": digital,
            "header": {**header, "note": ""},
        }


def _month_outside_the_years(code):
    """The error for a month code of a year the portal does not hold ("2999-01"), else None."""
    match = MONTH_RE.match(str(code or ""))
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    label = f"{int(match.group(2)):02d}/{match.group(1)}"
    if int(match.group(1)) > LAST_YEAR:
        return _("Figures for %(month)s cannot be entered before the month has begun.") % {
            "month": label
        }
    return _("The portal holds no figures for %(month)s: its months start in 01/%(first)s.") % {
        "month": label,
        "first": FIRST_YEAR,
    }


def _meta_error(ws, row, message):
    return CellError(ws.title, row, CODE_LETTER, "", str(message))


def parse_workbook(upload, *, unit, today=None):
    """Read every month sheet and check every cell; nothing is saved here.

    Returns ParsedWorkbook: `months` ready for `services.months_import` when `errors` is
    empty (otherwise `months` is empty: all or nothing); `skipped` names month sheets left
    completely empty.
    """
    today = today or timezone.localdate()
    result = ParsedWorkbook()
    try:
        workbook = load_workbook(io.BytesIO(upload.read()), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        message = _("The file could not be read as an Excel workbook (.xlsx).")
        result.errors.append(CellError("", None, "", "", message))
        return result
    fields = {f.code: f for f in ProcedureField.objects.all()}
    active = [f for f in fields.values() if f.is_active]
    seen = {}
    for ws in workbook.worksheets:
        month = parse_month(ws.cell(3, CODE_COLUMN).value)
        if month is None:
            outside = _month_outside_the_years(ws.cell(3, CODE_COLUMN).value)
            if outside:
                result.errors.append(_meta_error(ws, 3, outside))
            continue  # else the summary, the flags, or a sheet of the user's own
        code = str(ws.cell(2, CODE_COLUMN).value or "").strip()
        if code != unit.code:
            message = _(
                "This sheet holds the figures of the unit with code “%(code)s”, not those of "
                "%(unit)s (code “%(expected)s”)."
            ) % {"code": code or "—", "unit": unit.name, "expected": unit.code}
            result.errors.append(_meta_error(ws, 2, message))
            continue
        if str(ws.cell(4, CODE_COLUMN).value or "").strip() == SCOPE_SUBTREE:
            message = _("This sheet holds the totals of several units; import one unit's months.")
            result.errors.append(_meta_error(ws, 4, message))
            continue
        if month in seen:
            message = _("%(month)s is also on sheet “%(other)s”.") % {
                "month": month_label(month),
                "other": seen[month],
            }
            result.errors.append(_meta_error(ws, 3, message))
            continue
        seen[month] = ws.title
        if month > windows.reporting_month(today):
            message = _("Figures for %(window)s cannot be entered before it begins on %(day)s.") % {
                "window": windows.month_window_label(month),
                "day": f"{windows.month_window(month)[0]:%d/%m/%Y}",
            }
            result.errors.append(_meta_error(ws, 3, message))
            continue
        reader = _SheetReader(ws, unit=unit, month=month, fields=fields, errors=result.errors)
        reader.read()
        if not reader.anything:
            result.skipped.append(ws.title)
            continue
        result.months.append(reader.check(active))
    if not seen and not result.errors:
        message = _(
            "The workbook has no month sheet in the portal's layout: download the template "
            "and fill it in."
        )
        result.errors.append(CellError("", None, "", "", message))
    elif not result.months and not result.errors:
        message = _("Every month sheet is empty: nothing to import.")
        result.errors.append(CellError("", None, "", "", message))
    if result.errors:
        result.months = []
    result.months.sort(key=lambda entry: entry["month"])
    return result
