"""Forms of the criteria-set pages: the set's header, a criterion, an import, a copy."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc_portal.files import validate_upload
from cchc_portal.versioning import VersionedFormMixin

from . import rules
from .models import CriteriaSet, Criterion

POINTS = {"max_digits": 6, "decimal_places": 2, "min_value": Decimal(0)}


class CriteriaSetForm(VersionedFormMixin, forms.ModelForm):
    """A set's header (its year and level are fixed: copy it for another year)."""

    class Meta:
        model = CriteriaSet
        fields = ["name", "decision", "decimal_places", "is_sample", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class NewSetForm(forms.ModelForm):
    """The header of a set created by an import."""

    class Meta:
        model = CriteriaSet
        fields = ["year", "level", "name", "decision", "decimal_places", "is_sample"]

    def __init__(self, *args, unit=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.instance.unit = unit
        else:
            # A user of no unit (the administrator) names the province or city issuing it.
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("Issuing unit"), queryset=units, empty_label=None
            )
            self.order_fields(["unit"])
        self.fields["year"].min_value = 2000
        self.fields["year"].max_value = 2100

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit") is not None:
            self.instance.unit = cleaned["unit"]
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Columns: code, criterion, maximum points, scoring guidance."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        validate_upload(upload)
        return upload


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the copy"), min_value=2000, max_value=2100)


def _param_field(param, value):
    """The form field of one rule setting, showing `value` as `rules.param_text` writes it."""
    if param.kind == "choice":
        return forms.ChoiceField(
            label=param.label, required=False, choices=param.choices, initial=value
        )
    if param.kind == "choices":
        return forms.MultipleChoiceField(
            label=param.label,
            required=False,
            choices=param.choices,
            initial=list(value),
            widget=forms.CheckboxSelectMultiple,
        )
    help_text = {
        "date": _("a day, dd/mm"),
        "percent": _("per cent, 0–100"),
        "steps": _("threshold %: share of the maximum %, highest first, e.g. 50: 100; 20: 50"),
    }.get(param.kind, "")
    return forms.CharField(
        label=param.label,
        required=False,
        initial=rules.param_text(param, value),
        help_text=param.help_text or help_text,
    )


def param_field_name(rule, param):
    return f"{rule.key}__{param.name}"


class CriterionForm(forms.Form):
    """A criterion: its code, text, maximum, guidance; an area's kind; a leaf's rule and the
    rule's settings (one group of inputs per registered rule, from its `params`)."""

    code = forms.CharField(label=_("Code"), max_length=20)
    text = forms.CharField(label=_("Criterion"), widget=forms.Textarea(attrs={"rows": 2}))
    max_points = forms.DecimalField(label=_("Maximum points"), **POINTS)
    guidance = forms.CharField(
        label=_("Scoring guidance"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(
        label=_("Kind of points"), choices=Criterion.Kind.choices, initial=Criterion.Kind.REGULAR
    )
    rule = forms.ChoiceField(label=_("Computed by"), required=False)

    def __init__(self, *args, criterion=None, parent=None, **kwargs):
        self.criterion = criterion
        is_area = parent is None if criterion is None else criterion.is_area
        has_children = criterion is not None and criterion.children.exists()
        if criterion is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": criterion.code,
                    "text": criterion.text,
                    "max_points": criterion.max_points,
                    "guidance": criterion.guidance,
                    "kind": criterion.kind,
                    "rule": criterion.rule,
                },
            )
        super().__init__(*args, **kwargs)
        if not is_area:
            del self.fields["kind"]
        self.rule_groups = []
        if has_children or (criterion is None and is_area):
            # A node with sub-criteria (or a new area) is not computed: its leaves are.
            del self.fields["rule"]
            return
        self.fields["rule"].choices = [("", _("by hand")), *rules.choices()]
        saved = criterion.rule_params if criterion is not None else {}
        for rule in rules.REGISTRY.values():
            names = []
            for param in rule.params:
                name = param_field_name(rule, param)
                value = saved.get(param.name) if criterion and criterion.rule == rule.key else None
                self.fields[name] = _param_field(param, param.default if value is None else value)
                names.append(name)
            if names:
                self.rule_groups.append((rule, names))

    def groups(self):
        """[(rule, [bound fields])] for the template."""
        return [(rule, [self[name] for name in names]) for rule, names in self.rule_groups]

    def service_data(self):
        data = {
            key: self.cleaned_data[key]
            for key in ("code", "text", "max_points", "guidance", "kind", "rule")
            if key in self.cleaned_data
        }
        key = data.get("rule") or ""
        rule = rules.REGISTRY.get(key)
        if rule is not None:
            data["rule_params"] = {
                param.name: self.cleaned_data.get(param_field_name(rule, param), "")
                for param in rule.params
            }
        elif "rule" in data:
            data["rule_params"] = {}
        return data
