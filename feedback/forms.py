"""Forms of the survey's staff pages: a counter, a questionnaire with its questions and
reasons (formsets: rows added, removed and reordered without JavaScript), a review decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc_portal.versioning import VersionedFormMixin

from .models import Counter, Question, Reason

EXTRA_ROWS = 2


class CounterCreateForm(forms.ModelForm):
    class Meta:
        model = Counter
        fields = ["unit", "name"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None


class CounterForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Counter
        fields = ["name", "is_active"]
        help_texts = {
            "is_active": _("An inactive counter's QR code and kiosk page stop accepting answers.")
        }


class QuestionnaireForm(VersionedFormMixin, forms.Form):
    """The header of a unit's questionnaire for a year; the version is the current one's."""

    title = forms.CharField(label=_("title"), max_length=200)
    introduction = forms.CharField(
        label=_("introduction"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment_prompt = forms.CharField(label=_("comment question"), max_length=200, required=False)

    def current_values(self, record):
        return {
            "title": record.title,
            "introduction": record.introduction,
            "comment_prompt": record.comment_prompt,
        }


class QuestionRowForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[("", "—"), *Question.Kind.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    text = forms.CharField(
        label=_("question"),
        max_length=Question._meta.get_field("text").max_length,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class ReasonRowForm(forms.Form):
    text = forms.CharField(
        label=_("reason"),
        max_length=Reason._meta.get_field("text").max_length,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


def question_formset(data=None, initial=None):
    formset = forms.formset_factory(
        QuestionRowForm, extra=EXTRA_ROWS, can_order=True, can_delete=True, max_num=10
    )
    return formset(data, initial=initial, prefix="questions")


def reason_formset(data=None, initial=None):
    formset = forms.formset_factory(
        ReasonRowForm, extra=EXTRA_ROWS, can_order=True, can_delete=True, max_num=10
    )
    return formset(data, initial=initial, prefix="reasons")


def ordered_rows(formset, fields):
    """The kept rows of a valid formset in the order asked, as tuples of `fields` (or the
    one field's value)."""
    rows = []
    for form in formset.ordered_forms:
        values = tuple(form.cleaned_data.get(name, "") for name in fields)
        rows.append(values if len(fields) > 1 else values[0])
    return rows


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("include", _("include")), ("exclude", _("leave out"))],
    )
