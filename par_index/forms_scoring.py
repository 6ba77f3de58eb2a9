"""Forms of the rounds and scorecard pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc_portal.files import validate_upload
from cchc_portal.versioning import VersionedFormMixin

from .models import CriteriaSet, Evidence

# Evidence is a document: a scan (PDF, photo) or an office file.
EVIDENCE_EXTENSIONS = ("pdf", "docx", "xlsx", "jpg", "jpeg", "png")
DEADLINES = ("self_scoring_due", "appraisal_due", "explanation_due", "final_appraisal_due")


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CriteriaSetChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} · {obj.name} ({obj.get_level_display()})"


class RoundForm(VersionedFormMixin, forms.Form):
    """A round: its criteria set (fixed once opened), title, the four deadlines."""

    criteria_set = CriteriaSetChoice(label=_("Criteria set"), queryset=CriteriaSet.objects.none())
    title = forms.CharField(label=_("Title of the round"), max_length=300)
    self_scoring_due = forms.DateField(label=_("Self-scoring due"), widget=DateInput())
    appraisal_due = forms.DateField(label=_("Appraisal due"), widget=DateInput())
    explanation_due = forms.DateField(label=_("Explanations due"), widget=DateInput())
    final_appraisal_due = forms.DateField(label=_("Final appraisal due"), widget=DateInput())
    instructions = forms.CharField(
        label=_("Instructions to the units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, rnd=None, **kwargs):
        if rnd is not None:
            kwargs["initial"] = {**self.current_values(rnd), **kwargs.get("initial", {})}
        super().__init__(*args, versioned_record=rnd, **kwargs)
        self.fields["criteria_set"].queryset = CriteriaSet.objects.for_user(user).select_related(
            "unit"
        )
        if rnd is not None:
            self.fields["criteria_set"].disabled = True
            self.fields["criteria_set"].required = False

    def current_values(self, record):
        return {
            "criteria_set": record.criteria_set_id,
            "title": record.title,
            "instructions": record.instructions,
            **{name: getattr(record, name) for name in DEADLINES},
        }

    def clean(self):
        cleaned = super().clean()
        dates = [cleaned.get(name) for name in DEADLINES]
        if None not in dates and dates != sorted(dates):
            self.add_error(
                None,
                _(
                    "The deadlines must follow each other: self-scoring, appraisal, "
                    "explanations, final appraisal."
                ),
            )
        return cleaned

    def round_fields(self):
        """The fields `services.update_round` changes."""
        data = self.model_data()
        data.pop("criteria_set", None)
        return data


def validate_evidence_file(upload):
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in EVIDENCE_EXTENSIONS:
        raise forms.ValidationError(
            _("Evidence is a PDF, Word, Excel or picture file (%(allowed)s)."),
            params={"allowed": ", ".join(f".{ext}" for ext in EVIDENCE_EXTENSIONS)},
        )
    validate_upload(upload)


class EvidenceForm(forms.Form):
    """One piece of evidence: a record of the unit's (offered as `choices`) or a file."""

    record = forms.ChoiceField(label=_("A record of the portal"), required=False)
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        validators=[validate_evidence_file],
        help_text=_("PDF, Word, Excel or a picture."),
    )
    label = forms.CharField(
        label=_("What the file is"),
        max_length=500,
        required=False,
        help_text=_("E.g. Báo cáo số 12/BC-UBND ngày 10/12/2022. The file's name if empty."),
    )
    page = forms.CharField(
        label=_("Page"),
        max_length=50,
        required=False,
        help_text=_("The page (or pages) that prove it, e.g. 3 or 3–4."),
    )

    def __init__(self, *args, records, **kwargs):
        """`records`: [(group label, [(key, label, kind, record fields)])], the unit's
        records the user may see; a key is "<kind>:<pk>"."""
        super().__init__(*args, **kwargs)
        self.records = {
            key: (label, kind, fields)
            for _group, rows in records
            for key, label, kind, fields in rows
        }
        self.fields["record"].choices = [
            ("", "—"),
            *[
                (group, [(key, label) for key, label, *_rest in rows])
                for group, rows in records
                if rows
            ],
        ]

    def clean(self):
        cleaned = super().clean()
        record, upload = cleaned.get("record"), cleaned.get("file")
        if record and upload:
            raise forms.ValidationError(_("Choose a record or upload a file, not both."))
        if not record and not upload and not self.errors:
            raise forms.ValidationError(_("Choose a record of the portal or upload a file."))
        return cleaned

    def evidence(self):
        """The keywords of `services.add_evidence` for what was chosen."""
        data = self.cleaned_data
        page = data["page"].strip()
        if data.get("file"):
            upload = data["file"]
            return {
                "kind": Evidence.Kind.FILE,
                "label": data["label"].strip() or upload.name,
                "page": page,
                "file": upload,
            }
        label, kind, fields = self.records[data["record"]]
        return {"kind": kind, "label": label, "page": page, **fields}


def posted_entries(data, score_rows, names):
    """{criterion id: {name: text}} from the scorecard form's fields "<name>-<criterion id>",
    for the criteria on the page; a field not sent is left out (not emptied)."""
    entries = {}
    for row in score_rows:
        values = {
            name: data.get(f"{name}-{row.criterion_id}")
            for name in names
            if f"{name}-{row.criterion_id}" in data
        }
        if values:
            entries[row.criterion_id] = values
    return entries
