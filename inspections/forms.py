from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cchc_portal import inputs, roles
from cchc_portal.figures import formatting
from cchc_portal.figures.rates import percent
from cchc_portal.files import validate_upload
from cchc_portal.models import Unit
from cchc_portal.versioning import VERSION_FIELDS, VersionedFormMixin
from reforms.selectors import completion_rate, reform_areas

from .models import (
    ChecklistCriterion,
    ChecklistResult,
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionPlan,
    Recommendation,
    RemediationReport,
    ShortcomingType,
)
from .models.validators import validate_photo
from .permissions import TEAM_ROLES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MonthField(forms.DateField):
    """A month as <input type="month"> ("2022-10"), stored as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class VersionedForm(forms.Form):
    """Carries the version of the record the form was opened at (see services)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _without_dashes(form):
    """No "---------" choice: a required choice has no empty option, an optional one says
    "(không chọn)"."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = None if field.required else _("(none)")
        elif isinstance(field, forms.ChoiceField):
            choices = [(value, label) for value, label in field.choices if value != ""]
            if not field.required:
                choices.insert(0, ("", _("(none)")))
            field.choices = choices


# --- plans and inspections -------------------------------------------------------------


class PlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionPlan
        fields = ["unit", "year", "title", "document_number", "document_issued_on", "note"]
        widgets = {"document_issued_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user).active()
        _without_dashes(self)
        if not self.instance.pk:
            self.initial.setdefault("unit", user.unit_id)
            self.initial.setdefault("year", timezone.localdate().year)


def team_candidates(user):
    """People who may sit on an inspection team the user organises: inspectors, internal
    affairs and leaders of the user's units and of the units above."""
    queryset = get_user_model().objects.filter(is_active=True, roles__code__in=TEAM_ROLES)
    if not user.sees_everything:
        ancestor_ids = [int(part) for part in user.unit.path.split(".") if part]
        queryset = queryset.filter(
            Q(unit__path__startswith=user.unit.path) | Q(unit_id__in=ancestor_ids)
        )
    return queryset.select_related("unit").distinct().order_by("last_name", "first_name")


class TeamMemberChoiceField(inputs.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        unit = obj.unit.display_name if obj.unit_id else "—"
        return f"{obj} ({unit})"


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = obj.unit.display_name if obj.unit_id else "—"
        return f"{obj} ({unit})"


class InspectionForm(VersionedFormMixin, forms.ModelForm):
    lead = LeadChoiceField(label=_("Team lead"), queryset=get_user_model().objects.none())
    members = TeamMemberChoiceField(
        label=_("Team members"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Inspection
        fields = [
            "unit",
            "kind",
            "plan",
            "is_scheduled",
            "start_on",
            "end_on",
            "lead",
            "members",
            "purpose",
            "checklist_template",
        ]
        widgets = {
            "start_on": DateInput(),
            "end_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user).active()
        self.fields["plan"].queryset = InspectionPlan.objects.for_user(user).select_related("unit")
        candidates = team_candidates(user)
        self.fields["lead"].queryset = candidates
        self.fields["members"].queryset = candidates
        self.fields["checklist_template"].queryset = ChecklistTemplate.objects.for_user(
            user
        ).active()
        _without_dashes(self)
        if self.instance.pk:
            self.initial["members"] = [m.pk for m in self.instance.members.all()]
        else:
            # "Scheduled" means "in a plan": ticked only when the form opens on a plan.
            self.initial["is_scheduled"] = bool(self.initial.get("plan"))
            self.initial.setdefault("start_on", timezone.localdate())
            if roles.has_any_role(user, roles.INSPECTOR) and user in candidates:
                self.initial.setdefault("lead", user.pk)

    def clean(self):
        data = super().clean()
        start_on, end_on = data.get("start_on"), data.get("end_on")
        if start_on and end_on and end_on < start_on:
            self.add_error("end_on", _("The last day cannot be before the visit date."))
        return data

    def _post_clean(self):
        # The service validates and saves; the model's own checks run there.
        pass


class SnapshotForm(VersionedFormMixin, forms.ModelForm):
    """The figures the team saw; a typed rate must agree with its parts (± 0.1 point)."""

    intake_first_month = MonthField(label=_("Intake from month"), required=False)
    intake_last_month = MonthField(label=_("Intake to month"), required=False)

    RATES = [
        # rate field, numerator, denominator, how the portal computes it
        ("task_completion_rate", "tasks_done", "tasks_total", completion_rate),
        ("intake_online_rate", "intake_received_online", "intake_received", percent),
        ("intake_on_time_rate", "intake_resolved_on_time", "intake_resolved", percent),
        ("intake_electronic_rate", "intake_electronic", "intake_total", percent),
        ("intake_postal_return_rate", "intake_returned_by_postal", "intake_resolved", percent),
    ]
    TOLERANCE = Decimal("0.1")

    class Meta:
        model = Inspection
        fields = [
            "snapshot_as_of",
            "tasks_total",
            "tasks_done",
            "tasks_done_on_time",
            "tasks_done_late",
            "tasks_overdue",
            "tasks_cancelled",
            "task_completion_rate",
            "intake_first_month",
            "intake_last_month",
            "intake_received",
            "intake_received_online",
            "intake_resolved",
            "intake_resolved_on_time",
            "intake_total",
            "intake_electronic",
            "intake_returned_by_postal",
            "intake_online_rate",
            "intake_on_time_rate",
            "intake_electronic_rate",
            "intake_postal_return_rate",
        ]
        widgets = {"snapshot_as_of": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField):
                # Rates are typed the Vietnamese way ("1,18"): read and show them localised.
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True
            elif isinstance(field, forms.IntegerField) and name not in VERSION_FIELDS:
                field.widget.attrs.setdefault("inputmode", "numeric")
        for rate, *_rest in self.RATES:
            self.fields[rate].help_text = _("Leave empty to compute it from the figures.")

    def clean(self):
        data = super().clean()
        pairs = [
            ("tasks_done", "tasks_total", _("Tasks done cannot exceed the plan's tasks.")),
            (
                "intake_received_online",
                "intake_received",
                _("Online dossiers cannot exceed dossiers received."),
            ),
            (
                "intake_resolved_on_time",
                "intake_resolved",
                _("Dossiers resolved on time cannot exceed dossiers resolved."),
            ),
            (
                "intake_electronic",
                "intake_total",
                _("Dossiers processed electronically cannot exceed the dossiers handled."),
            ),
            (
                "intake_returned_by_postal",
                "intake_resolved",
                _("Results returned by post cannot exceed dossiers resolved."),
            ),
        ]
        for part, whole, message in pairs:
            if (
                data.get(part) is not None
                and data.get(whole) is not None
                and data[part] > data[whole]
            ):
                self.add_error(part, message)
        first, last = data.get("intake_first_month"), data.get("intake_last_month")
        if first and last and last < first:
            self.add_error("intake_last_month", _("The period ends before it starts."))
        for rate, numerator, denominator, compute in self.RATES:
            parts_known = data.get(numerator) is not None and data.get(denominator)
            expected = compute(data[numerator], data[denominator]) if parts_known else None
            typed = data.get(rate)
            if typed is None:
                data[rate] = expected
            elif expected is not None and abs(typed - expected) > self.TOLERANCE:
                self.add_error(
                    rate,
                    _(
                        "%(typed)s %% does not match the figures: %(num)s of %(den)s is "
                        "%(expected)s %%. Correct the rate or the figures, or leave the rate empty."
                    )
                    % {
                        "typed": formatting.format_points(typed),
                        "num": formatting.format_count(data[numerator]),
                        "den": formatting.format_count(data[denominator]),
                        "expected": formatting.format_points(expected),
                    },
                )
            elif typed is not None and not Decimal(0) <= typed <= Decimal(100):
                self.add_error(rate, _("A rate is between 0 and 100 %."))
        return data

    def _post_clean(self):
        pass


class ConcludeForm(forms.Form):
    notice_number = forms.CharField(
        label=_("notice number"), max_length=50, help_text=_("For example 125/TB-ĐKT.")
    )
    notice_issued_on = forms.DateField(label=_("notice date"), widget=DateInput())
    notice_place = forms.CharField(label=_("place of issue"), max_length=100)
    notice_authority = forms.CharField(
        label=_("governing body"),
        max_length=200,
        help_text=_("First header line, for example UBND THÀNH PHỐ BẮC KẠN."),
    )
    notice_issuer = forms.CharField(
        label=_("issuing body"),
        max_length=200,
        help_text=_("Second header line, for example ĐOÀN KIỂM TRA CCHC."),
    )
    notice_summary = forms.CharField(
        label=_("general assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Opening paragraph of the notice: how the visit went, what was checked."),
    )
    notice_recipients = forms.CharField(
        label=_("recipients"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One recipient per line."),
    )
    signer_title = forms.CharField(label=_("signer's title"), max_length=100)
    signer_name = forms.CharField(label=_("signer's name"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)

    @classmethod
    def initial_for(cls, inspection):
        """Sensible defaults for the notice, taken from the inspection and its plan."""
        issuing_unit = inspection.plan.unit if inspection.plan_id else inspection.lead.unit
        authority = issuing_unit.name if issuing_unit else ""
        place = ""
        if issuing_unit is not None:
            place = issuing_unit.name
            for prefix in ("UBND thành phố ", "UBND tỉnh ", "UBND huyện ", "UBND thị xã "):
                if place.startswith(prefix):
                    place = place[len(prefix) :]
                    break
        recipients = [
            inspection.unit.name,
            str(_("Internal affairs office (to follow up)")),
            str(_("Filed: archive, inspection team")),
        ]
        return {
            "notice_number": inspection.notice_number,
            "notice_issued_on": inspection.notice_issued_on or timezone.localdate(),
            "notice_place": inspection.notice_place or place,
            "notice_authority": inspection.notice_authority or authority.upper(),
            "notice_issuer": inspection.notice_issuer or str(_("CCHC INSPECTION TEAM")),
            "notice_summary": inspection.notice_summary,
            "notice_recipients": inspection.notice_recipients or "\n".join(recipients),
            "signer_title": inspection.signer_title or str(_("TEAM LEAD")),
            "signer_name": inspection.signer_name or inspection.lead.get_full_name(),
        }


# --- findings and recommendations ------------------------------------------------------


class FindingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["kind", "area", "shortcoming_type", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shortcoming_type"].queryset = ShortcomingType.objects.filter(
            is_active=True
        ) | ShortcomingType.objects.filter(pk=self.instance.shortcoming_type_id or 0)
        self.fields["shortcoming_type"].help_text = _(
            "For a shortcoming: choose its type so recurrence can be counted."
        )
        self.fields["area"].queryset = reform_areas()
        _without_dashes(self)
        self.fields["kind"].choices = [
            (value, capfirst(label)) for value, label in self.fields["kind"].choices
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Finding.Kind.STRENGTH and data.get("shortcoming_type"):
            self.add_error("shortcoming_type", _("Only a shortcoming can have a shortcoming type."))
        return data

    def _post_clean(self):
        pass


class RecommendationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["finding", "text", "responsible_unit", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "due_on": DateInput()}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = inspection.findings.filter(
            kind=Finding.Kind.SHORTCOMING
        ).order_by("order", "pk")
        self.fields["finding"].label_from_instance = lambda f: f.text[:120]
        self.fields["finding"].help_text = _("The shortcoming this recommendation answers.")
        self.fields["responsible_unit"].queryset = inspection.unit.subtree().active()
        _without_dashes(self)
        if not self.instance.pk:
            self.initial.setdefault("responsible_unit", inspection.unit_id)

    def _post_clean(self):
        pass


# --- remediation -----------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        if not data:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        return [super().clean(data, initial)]


class RemediationReportForm(forms.Form):
    text = forms.CharField(
        label=_("What the unit did"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The measures taken, the documents issued (number and date), the results."),
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        validators=[validate_upload],
        help_text=_("Decisions, minutes, photos or screenshots: PDF, Word, Excel, JPEG or PNG."),
    )

    MAX_FILES = 10

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > self.MAX_FILES:
            raise ValidationError(_("Attach at most %(count)d files.") % {"count": self.MAX_FILES})
        return files


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (RemediationReport.Decision.ACCEPTED, _("Accept: the recommendation is remediated")),
            (RemediationReport.Decision.RETURNED, _("Return: the unit must complete it")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: say what is still missing."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == RemediationReport.Decision.RETURNED
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Say what is missing, so the unit knows what to do."))
        return data


# --- checklist -------------------------------------------------------------------------


class ChecklistMarkForm(VersionedFormMixin, forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=ChecklistResult.Result.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        validators=[validate_upload, validate_photo],
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png", "capture": "environment"}
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("result") == ChecklistResult.Result.NOT_MET
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("Say what was found, so the shortcoming is clear."))
        return data

    def current_values(self, record):
        return {"result": record.result, "note": record.note}


# --- catalogue -------------------------------------------------------------------------


class ShortcomingTypeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ShortcomingType
        fields = ["name", "code", "area", "description", "order", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"code": inputs.CODE_MESSAGES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_dashes(self)


class ChecklistTemplateForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "unit", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user).active()
        _without_dashes(self)
        if not self.instance.pk:
            self.initial.setdefault("unit", user.unit_id)


class ChecklistCriterionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ChecklistCriterion
        fields = ["area", "text", "guidance", "shortcoming_type", "order", "is_active"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Leave empty to put it last in its area.")
        self.fields["shortcoming_type"].queryset = ShortcomingType.objects.filter(
            is_active=True
        ) | ShortcomingType.objects.filter(pk=self.instance.shortcoming_type_id or 0)
        _without_dashes(self)

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class InspectionFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.none())
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Inspection.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Inspection.Kind.choices]
    )

    def __init__(self, *args, user, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_user(user).only("pk", "name", "path")
        self.fields["unit"].empty_label = _("All units")
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
