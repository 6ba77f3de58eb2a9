from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc_portal import inputs
from cchc_portal.files import validate_upload
from cchc_portal.models import Unit
from cchc_portal.versioning import VersionedFormMixin

from .document import AREA_CODES, AREA_OUTLINE
from .models import ReportRound, UnitReport

# A submitted report is a document: a signed scan (PDF, photo) or an edited Word file.
SUBMISSION_EXTENSIONS = ("pdf", "docx", "jpg", "jpeg", "png")


class DateInput(forms.DateInput):
    """The browser's date picker (shown as dd/mm/yyyy in Vietnamese); the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UnitChoices(inputs.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def level_below(requester):
    """The units a round asks by default: the active units directly below the requester (a
    province asks its cities and departments, a city its wards and offices), so each level
    reports to the one above it."""
    return requester.children.filter(is_active=True).order_by("path")


class RoundOwingFields(forms.Form):
    """What a round asks of the units below: who owes it, reminders and instructions."""

    remind_days_before = forms.IntegerField(
        label=_("Remind the units this many days before the deadline"),
        min_value=0,
        max_value=60,
        initial=5,
    )
    instructions = forms.CharField(
        label=_("Instructions to the units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    units = UnitChoices(
        label=_("Units that owe the report"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("By default the units directly below yours, which report to your unit."),
    )

    def set_requester(self, requester):
        self.requester = requester
        self.fields["units"].queryset = (
            requester.subtree().exclude(pk=requester.pk).filter(is_active=True).order_by("path")
        )


class CalendarForm(RoundOwingFields):
    """Open a reporting year: the four rounds with their due dates and the units that owe
    them (rounds that already exist are shown, not changed)."""

    def __init__(self, *args, requester, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_requester(requester)
        self.rounds = rounds
        self.fields["units"].label = _("Units that owe the reports")
        if not self.is_bound:
            self.initial.setdefault("units", list(level_below(requester)))
        for rnd in rounds:
            if rnd.pk is None:
                self.fields[self.deadline_name(rnd)] = forms.DateField(
                    label=_("Deadline"),
                    widget=DateInput(attrs={"class": "form-control form-control-sm"}),
                    initial=rnd.deadline,
                )

    @staticmethod
    def deadline_name(rnd):
        return f"deadline_{rnd.kind}_{rnd.quarter}"

    def rows(self):
        """(round, its deadline field or None when it exists) in the calendar's order."""
        return [
            (rnd, self[self.deadline_name(rnd)] if rnd.pk is None else None) for rnd in self.rounds
        ]

    def clean(self):
        cleaned = super().clean()
        for rnd in self.rounds:
            name = self.deadline_name(rnd)
            deadline = cleaned.get(name)
            if rnd.pk is None and deadline and deadline < rnd.ends_on:
                self.add_error(
                    name,
                    _("The deadline cannot be before the figures' last day (%(day)s).")
                    % {"day": f"{rnd.ends_on:%d/%m/%Y}"},
                )
        return cleaned

    def deadlines(self):
        return {
            (rnd.kind, rnd.quarter): self.cleaned_data[self.deadline_name(rnd)]
            for rnd in self.rounds
            if rnd.pk is None
        }


class RoundForm(VersionedFormMixin, RoundOwingFields):
    """A round: the period (fixed once created), the deadline and the units that owe it."""

    year = inputs.YearField(label=_("Year"))
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportRound.Kind.choices)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
        coerce=int,
        empty_value=0,
        required=False,
        help_text=_("Only for a quarterly report."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args, requester, rnd=None, **kwargs):
        if rnd is not None:
            kwargs["initial"] = {**self.current_values(rnd), **kwargs.get("initial", {})}
        super().__init__(*args, versioned_record=rnd, **kwargs)
        self.set_requester(requester)
        if rnd is not None:
            for name in ("year", "kind", "quarter"):
                self.fields[name].disabled = True
                self.fields[name].required = False
            self.fields["quarter"].help_text = ""
        elif not self.is_bound:
            self.initial.setdefault("units", list(level_below(requester)))
            self.initial.setdefault("year", timezone.localdate().year)

    def current_values(self, record):
        """What the form shows of a round."""
        return {
            "year": record.year,
            "kind": record.kind,
            "quarter": record.quarter or "",
            "deadline": record.deadline,
            "remind_days_before": record.remind_days_before,
            "instructions": record.instructions,
            "units": list(
                UnitReport.objects.filter(round=record).values_list("unit_id", flat=True)
            ),
        }

    def clean(self):
        cleaned = super().clean()
        kind, quarter = cleaned.get("kind"), cleaned.get("quarter") or 0
        if "kind" in self.changed_data or not self.fields["kind"].disabled:
            if kind == ReportRound.Kind.QUARTER and not 1 <= quarter <= 4:
                self.add_error("quarter", _("Choose the quarter of a quarterly report (1 to 4)."))
            elif kind != ReportRound.Kind.QUARTER:
                cleaned["quarter"] = 0
        return cleaned


class ReportTextForm(forms.Form):
    """The report's narrative sections and the header fields of the document."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    results = forms.CharField(
        label=_("I. Results achieved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The general assessment before the figures. A line starting with - is a bullet."
        ),
    )
    shortcomings = forms.CharField(
        label=_("II. Shortcomings, limitations and their causes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    proposals = forms.CharField(
        label=_("III. Proposals and recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("For example 125/BC-UBND."),
    )
    place = forms.CharField(
        label=_("Place"), max_length=100, required=False, help_text=_("For example Huyền Tụng.")
    )
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=100,
        required=False,
        help_text=_("For example CHỦ TỊCH."),
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, title in AREA_OUTLINE:
            self.fields[f"area_{code}"] = forms.CharField(
                label=title,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def area_fields(self):
        return [self[f"area_{code}"] for code in AREA_CODES]

    def area_texts(self):
        """{area code: text} of the areas the unit wrote about."""
        return {
            code: self.cleaned_data[f"area_{code}"].strip()
            for code in AREA_CODES
            if self.cleaned_data.get(f"area_{code}", "").strip()
        }


class SubmitForm(forms.Form):
    PORTAL = "portal"
    FILE = "file"

    version = forms.IntegerField(widget=forms.HiddenInput)
    what = forms.ChoiceField(
        label=_("What do you submit?"),
        choices=[
            (PORTAL, _("The report as drafted in the portal")),
            (FILE, _("A file: the signed and scanned report, or the edited Word document")),
        ],
        initial=PORTAL,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        validators=[validate_upload],
        help_text=_("PDF, Word (.docx) or a photo (.jpg, .png)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in SUBMISSION_EXTENSIONS)}
        ),
    )
    note = forms.CharField(
        label=_("Note to the receiving unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if cleaned.get("what") == self.FILE:
            if not upload and "file" not in self.errors:
                self.add_error("file", _("Attach the file you submit."))
            elif upload:
                extension = Path(upload.name).suffix.lower().lstrip(".")
                if extension not in SUBMISSION_EXTENSIONS:
                    self.add_error(
                        "file",
                        ValidationError(
                            _("A report is submitted as PDF, Word (.docx) or a photo (.jpg, .png).")
                        ),
                    )
        else:
            cleaned["file"] = None
        return cleaned


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why is the report returned?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The unit reads this comment and corrects its report."),
    )


def report_text_initial(report, suggestion):
    """The edit form starts from the staff's text, or from the portal's suggestion."""
    source = (
        {name: getattr(report, name) for name in ("results", "shortcomings", "proposals")}
        if report.narrative_is_edited
        else suggestion
    )
    area_texts = (report.area_texts if report.narrative_is_edited else None) or {}
    return {
        "version": report.version,
        **{key: value for key, value in source.items() if key != "area_texts"},
        **{f"area_{code}": area_texts.get(code, "") for code in AREA_CODES},
        "document_number": report.document_number,
        "place": report.place,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
    }
