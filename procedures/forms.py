"""The monthly entry: one small form per procedure field, the e-government figures, the header."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cchc_portal.validators import MAX_MONTHLY_COUNT

from .layout import DIGITAL_LAYOUT, INTAKE_LAYOUT, REPORTED_RATE_LAYOUT
from .models import (
    DIGITAL_COLUMNS,
    INTAKE_COLUMNS,
    PENDING_COLUMNS,
    RECEIVED_COLUMNS,
    RESOLVED_COLUMNS,
    DigitalGovernmentReport,
    IntakeReport,
    MonthlyReport,
    ProcedureField,
)

# The models' own bound, so the form says it before the model does.
MAX_COUNT = MAX_MONTHLY_COUNT

# Which cells a broken invariant points at (the first one carries the message), and the two
# sides to show with it: (left columns, symbol, right columns). The rules themselves are the
# models' CheckConstraints.
CONSTRAINT_CELLS = {
    "intake_balance": (
        (),
        (("carried_over", *RECEIVED_COLUMNS), "≠", (*RESOLVED_COLUMNS, *PENDING_COLUMNS)),
    ),
    "intake_electronic_within_total": (
        ("processed_electronically",),
        (("processed_electronically",), ">", ("carried_over", *RECEIVED_COLUMNS)),
    ),
    "intake_postal_return_within_resolved": (
        ("returned_by_postal",),
        (("returned_by_postal",), ">", RESOLVED_COLUMNS),
    ),
    "digital_electronic_within_total": (
        ("documents_electronic",),
        (("documents_electronic",), ">", ("documents_total",)),
    ),
    "digital_signed_within_total": (
        ("documents_signed",),
        (("documents_signed",), ">", ("documents_total",)),
    ),
    "digital_sent_within_signed": (
        ("documents_internal", "documents_interconnected"),
        (("documents_interconnected", "documents_internal"), ">", ("documents_signed",)),
    ),
    "digital_accounts_within_officials": (
        ("officials_with_account",),
        (("officials_with_account",), ">", ("officials_in_post",)),
    ),
}


class CountInput(forms.NumberInput):
    def __init__(self, attrs=None):
        super().__init__(
            {
                "min": 0,
                "step": 1,
                "inputmode": "numeric",
                "class": "form-control form-control-sm text-end count-input",
                **(attrs or {}),
            }
        )


class CountsForm(forms.ModelForm):
    """Counts that may be left blank (= 0) and whose invariant errors point at cells."""

    count_columns = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.highlighted = set()
        for name in self.count_columns:
            label = self.fields[name].label
            self.fields[name] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=MAX_COUNT,
                widget=CountInput({"data-col": name, "aria-label": str(label)}),
                error_messages={
                    "invalid": _("Enter a whole number."),
                    "min_value": _("Enter 0 or more."),
                    "max_value": _("Enter at most %(limit_value)s."),
                },
            )

    def clean(self):
        cleaned = super().clean()
        for name in self.count_columns:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        return cleaned

    def _side(self, columns):
        return sum(getattr(self.instance, c) or 0 for c in columns)

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and NON_FIELD_ERRORS in errors.error_dict:
            kept = []
            for error in errors.error_dict.pop(NON_FIELD_ERRORS):
                cells, (left, symbol, right) = CONSTRAINT_CELLS.get(error.code, ((), ((), "", ())))
                if error.code in CONSTRAINT_CELLS:
                    error = ValidationError(
                        "%(rule)s (%(left)s %(symbol)s %(right)s)",
                        code=error.code,
                        params={
                            "rule": error.message,
                            "left": self._side(left),
                            "symbol": symbol,
                            "right": self._side(right),
                        },
                    )
                self.highlighted.update(cells)
                if cells:
                    errors.error_dict.setdefault(cells[0], []).append(error)
                else:
                    kept.append(error)
            if kept:
                errors.error_dict[NON_FIELD_ERRORS] = kept
        super()._update_errors(errors)

    def values(self):
        return {name: self.cleaned_data[name] for name in self.count_columns}

    def _mark(self, name, bound):
        """Give an invalid cell Bootstrap's red border and tie it to its message."""
        if bound.errors or name in self.highlighted:
            attrs = bound.field.widget.attrs
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
            if bound.errors:
                attrs["aria-describedby"] = getattr(self, "errors_id", f"{bound.auto_id}-error")

    def number(self, name):
        """The value shown in a cell, as an int (0 when blank or not a number yet)."""
        raw = self[name].value()
        try:
            return max(int(str(raw).strip() or 0), 0)
        except (TypeError, ValueError):
            return 0


class IntakeRowForm(CountsForm):
    count_columns = INTAKE_COLUMNS

    class Meta:
        model = IntakeReport
        fields = INTAKE_COLUMNS

    def __init__(self, *args, field, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure_field = field
        for name in self.count_columns:
            self.fields[name].widget.attrs.update(
                {
                    "data-row": field.code,
                    "aria-label": f"{field.name} · {self.fields[name].label}",
                }
            )

    def cells(self):
        """The row's cells in the official column order: inputs and computed totals."""
        cells = []
        for column in INTAKE_LAYOUT:
            if column.computed:
                cells.append(
                    {
                        "column": column,
                        "value": sum(self.number(part) for part in column.parts),
                    }
                )
            else:
                bound = self[column.key]
                self._mark(column.key, bound)
                cells.append(
                    {
                        "column": column,
                        "field": bound,
                        "invalid": bool(bound.errors) or column.key in self.highlighted,
                    }
                )
        return cells

    @property
    def balance_error(self):
        return bool(self.non_field_errors())

    @property
    def errors_id(self):
        return f"{self.prefix}-errors"

    def row_errors(self):
        """The row's messages, shown once under the row: (cell label or "", message)."""
        messages = [("", message) for message in self.non_field_errors()]
        for name in self.count_columns:
            messages += [(capfirst(self[name].label), message) for message in self[name].errors]
        return messages


class DigitalForm(CountsForm):
    count_columns = DIGITAL_COLUMNS

    class Meta:
        model = DigitalGovernmentReport
        fields = DIGITAL_COLUMNS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.count_columns:
            # The visible <label> names these inputs (see the entry template).
            self.fields[name].widget.attrs.pop("aria-label", None)

    def cells(self):
        for column in DIGITAL_LAYOUT:
            self._mark(column.key, self[column.key])
        return [
            {
                "column": column,
                "field": self[column.key],
                "invalid": bool(self[column.key].errors) or column.key in self.highlighted,
            }
            for column in DIGITAL_LAYOUT
        ]

    @property
    def unaccounted(self):
        return max(
            self.number("documents_signed")
            - self.number("documents_interconnected")
            - self.number("documents_internal"),
            0,
        )


class MonthHeaderForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = MonthlyReport
        fields = [column.key for column in REPORTED_RATE_LAYOUT] + ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "class": "form-control"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in REPORTED_RATE_LAYOUT:
            field = self.fields[column.key]
            field.localize = True
            field.widget = forms.TextInput(
                attrs={"inputmode": "decimal", "class": "form-control", "autocomplete": "off"}
            )
            field.widget.is_localized = True
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 0

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def entry_fields(unit, month):
    """The rows of the entry grid: active fields, plus any field with figures that month."""
    from django.db.models import Exists, OuterRef, Q

    has_row = IntakeReport.objects.filter(unit=unit, month=month, field=OuterRef("pk"))
    return list(ProcedureField.objects.filter(Q(is_active=True) | Q(Exists(has_row))))


class MonthEntry:
    """The whole month's entry page: a row form per field, e-government, header; one submit."""

    def __init__(self, *, unit, month, data=None):
        from cchc_portal.figures.months import add_months

        self.unit, self.month = unit, month
        fields = entry_fields(unit, month)
        rows = {row.field_id: row for row in IntakeReport.objects.filter(unit=unit, month=month)}
        previous = add_months(month, -1)
        previous_pending = {
            row.field_id: row.pending_total
            for row in IntakeReport.objects.filter(unit=unit, month=previous)
        }
        self.row_forms = [
            IntakeRowForm(
                data,
                instance=rows.get(field.pk)
                or IntakeReport(
                    unit=unit,
                    month=month,
                    field=field,
                    # A new month starts from last month's pending dossiers.
                    carried_over=previous_pending.get(field.pk, 0),
                ),
                field=field,
                prefix=field.code,
            )
            for field in fields
        ]
        digital = DigitalGovernmentReport.objects.filter(unit=unit, month=month).first()
        if digital is None:
            last = (
                DigitalGovernmentReport.objects.filter(unit=unit, month__lt=month)
                .order_by("-month")
                .first()
            )
            # Officials are a head count: start from the last month's.
            digital = DigitalGovernmentReport(
                unit=unit,
                month=month,
                officials_in_post=last.officials_in_post if last else 0,
                officials_with_account=last.officials_with_account if last else 0,
            )
        self.digital_form = DigitalForm(data, instance=digital, prefix="egov")
        self.report = MonthlyReport.objects.filter(unit=unit, month=month).first()
        self.header_form = MonthHeaderForm(
            data, instance=self.report or MonthlyReport(unit=unit, month=month), prefix="report"
        )

    @property
    def forms(self):
        return [*self.row_forms, self.digital_form, self.header_form]

    def is_valid(self):
        # Validate every form (no short-circuit) so all errors show at once.
        results = [form.is_valid() for form in self.forms]
        return all(results)

    def error_summary(self):
        """(where, message) for every error, in page order, for the summary above the grid."""
        summary = []
        for form in self.row_forms:
            for message in form.non_field_errors():
                summary.append((form.procedure_field.name, message))
            for name in form.count_columns:
                for message in form[name].errors:
                    label = capfirst(form[name].label)
                    summary.append((f"{form.procedure_field.name} · {label}", message))
        for form in (self.digital_form, self.header_form):
            for message in form.non_field_errors():
                summary.append(("", message))
            for name in form.fields:
                for message in form[name].errors:
                    summary.append((capfirst(form[name].label), message))
        return summary

    def column_totals(self):
        """Each column's total over the rows, as shown under the grid."""
        totals = []
        for column in INTAKE_LAYOUT:
            parts = column.parts or (column.key,)
            totals.append(
                {
                    "column": column,
                    "value": sum(form.number(p) for form in self.row_forms for p in parts),
                }
            )
        return totals

    def cleaned(self):
        return {
            "rows": {form.procedure_field: form.values() for form in self.row_forms},
            "digital": self.digital_form.values(),
            "header": self.header_form.values(),
            "version": self.header_form.cleaned_data.get("version") or None,
        }
