from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc_portal import inputs
from cchc_portal.files import validate_upload
from cchc_portal.versioning import VersionedFormMixin

from .models import (
    IssuedDocument,
    OutreachActivity,
    ReformArea,
    ReformModel,
    ReformPlan,
    ReformTask,
)

Status = ReformTask.Status


class DateInput(forms.DateInput):
    """The browser's date picker (shown as dd/mm/yyyy in Vietnamese); the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _accept_attribute():
    return ",".join(f".{ext}" for ext in settings.UPLOAD_ALLOWED_EXTENSIONS)


def unit_documents(unit):
    return IssuedDocument.objects.filter(unit=unit).order_by("-issued_on", "-pk")


class YearField(inputs.YearField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Year"))
        super().__init__(**kwargs)


class PlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReformPlan
        fields = ["year", "document", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.fields["document"].queryset = unit_documents(unit).filter(
            kind=IssuedDocument.Kind.PLAN
        )
        self.fields["document"].empty_label = _("— none yet (the plan stays a draft) —")
        if self.instance.pk:
            # The year of an existing plan is fixed; copy the plan to start another year.
            del self.fields["year"]
        else:
            self.fields["year"].initial = timezone.localdate().year


class TaskForm(VersionedFormMixin, forms.ModelForm):
    """What a task is: its general task (or none), area, title, output, officer, deadline."""

    class Meta:
        model = ReformTask
        fields = ["parent", "area", "title", "expected_output", "responsible", "deadline"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "deadline": DateInput(),
        }
        help_texts = {
            "parent": _("Leave empty for a general task; choose one to make a specific task."),
            "area": _("Specific tasks take their general task's area."),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        generals = ReformTask.objects.filter(plan=plan, parent__isnull=True)
        if self.instance.pk:
            generals = generals.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = generals.select_related("area").order_by(
            "area__order", "position", "pk"
        )
        self.fields["parent"].empty_label = _("— none: this is a general task —")
        self.fields["parent"].label_from_instance = lambda t: f"{t.area.name} · {t.title}"
        self.fields["area"].queryset = ReformArea.objects.all()
        self.fields["area"].required = False

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        if parent is None and not cleaned.get("area"):
            self.add_error("area", _("Choose the reform area of a general task."))
        if parent is not None:
            cleaned["area"] = parent.area
            if not cleaned.get("deadline"):
                self.add_error("deadline", _("A specific task needs a deadline."))
        return cleaned

    def _post_clean(self):
        # Cross-row rules (same plan, no nesting) are the service's; skip model validation here.
        pass

    def service_fields(self):
        data = self.cleaned_data
        return {
            "parent": data["parent"],
            "area": data["area"],
            "title": data["title"].strip(),
            "expected_output": data["expected_output"].strip(),
            "responsible": data["responsible"].strip(),
            "deadline": data["deadline"],
        }


class TaskProgressForm(forms.Form):
    """The update a person makes on a phone at a meeting: status, date, evidence, note."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, widget=forms.RadioSelect)
    completed_on = forms.DateField(label=_("Completion date"), required=False, widget=DateInput())
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        validators=[validate_upload],
        help_text=_("PDF, Word, Excel or a photo (JPG, PNG); at most %(mb)s MB.")
        % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
    )
    remove_evidence_file = forms.BooleanField(
        label=_("Remove the current evidence file"), required=False
    )
    evidence_document = forms.ModelChoiceField(
        label=_("Evidence document"),
        queryset=IssuedDocument.objects.none(),
        required=False,
        empty_label=_("— no document —"),
        help_text=_("A document the unit issued that shows the task is done."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cancel_reason = forms.CharField(
        label=_("Reason for cancelling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, task, derived_status=False, **kwargs):
        initial = {
            "version": task.version,
            "status": task.status,
            "completed_on": task.completed_on or timezone.localdate(),
            "evidence_document": task.evidence_document_id,
            "note": task.note,
            "cancel_reason": task.cancel_reason,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.task = task
        self.derived_status = derived_status
        self.fields["evidence_document"].queryset = unit_documents(task.plan.unit)
        self.fields["evidence_file"].widget.attrs["accept"] = _accept_attribute()
        self.fields["completed_on"].help_text = _(
            "Within the plan's year %(year)s; outside it, give the reason in the note."
        ) % {"year": task.plan.year}
        if not task.evidence_file:
            del self.fields["remove_evidence_file"]
        if derived_status:
            # A general task with specific tasks: its status follows from them.
            for name in ("status", "completed_on", "cancel_reason"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if self.derived_status:
            return cleaned
        status = cleaned.get("status")
        # The date counts only for a task done (the service clears it otherwise): a task put
        # back in progress is not refused for a date it no longer has.
        day = cleaned.get("completed_on")
        if status == Status.DONE and not day:
            self.add_error("completed_on", _("Enter the date the task was completed."))
        elif status == Status.DONE and day > timezone.localdate():
            self.add_error("completed_on", _("The completion date cannot be in the future."))
        if status == Status.CANCELLED and not (cleaned.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Give the reason for cancelling the task."))
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        fields = {
            "version": data["version"],
            "note": data["note"].strip(),
            "evidence_file": data.get("evidence_file"),
            "evidence_document": data.get("evidence_document"),
            "remove_evidence_file": data.get("remove_evidence_file", False),
        }
        if self.derived_status:
            fields["status"] = self.task.status
        else:
            fields.update(
                status=data["status"],
                completed_on=data["completed_on"],
                cancel_reason=data["cancel_reason"].strip(),
            )
        return fields


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Fill in the template, then upload it here."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Upload an Excel workbook (.xlsx), such as the template.")
            )
        validate_upload(upload)
        return upload


class DocumentForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = IssuedDocument
        fields = ["kind", "number", "issued_on", "title", "file"]
        widgets = {"issued_on": DateInput(), "title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.fields["file"].widget.attrs["accept"] = _accept_attribute()


class OutreachForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = ["held_on", "form", "topic", "audience", "participants"]
        widgets = {"held_on": DateInput(), "topic": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        self.fields["participants"].widget.attrs.update({"min": 0, "inputmode": "numeric"})


class OutreachYearForm(VersionedFormMixin, forms.Form):
    meetings_count = forms.IntegerField(
        label=_("Meetings held in the year"),
        min_value=0,
        help_text=_("All meetings and conferences the unit held, with or without reform content."),
    )


class ReformModelForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReformModel
        fields = ["year", "name", "description", "started_on", "state"]
        widgets = {"started_on": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year


class ReformModelEvaluationForm(VersionedFormMixin, forms.Form):
    effectiveness = forms.ChoiceField(
        label=_("Effectiveness"),
        choices=ReformModel.Effectiveness.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons for the evaluation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the model achieved, or why it did not work as hoped."),
    )

    def clean(self):
        cleaned = super().clean()
        effectiveness = cleaned.get("effectiveness")
        if (
            effectiveness
            and effectiveness != ReformModel.Effectiveness.NOT_EVALUATED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give the reasons for the evaluation."))
        return cleaned

    def current_values(self, record):
        return {"effectiveness": record.effectiveness, "reason": record.evaluation_reason}
