"""The phone page's form, built from the questionnaire the counter asks today."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from procedures import selectors as procedure_selectors

from . import abuse
from .recording import normalise_dossier_code

SCALE_LABELS = (
    (5, _("Very satisfied")),
    (4, _("Satisfied")),
    (3, _("Neither satisfied nor dissatisfied")),
    (2, _("Dissatisfied")),
    (1, _("Very dissatisfied")),
)


class SurveyForm(forms.Form):
    dossier_code = forms.CharField(
        label=_("Dossier code on the appointment slip (optional)"),
        required=False,
        max_length=60,
    )
    procedure_field = forms.TypedChoiceField(
        label=_("Procedure field (optional)"), required=False, coerce=int, empty_value=None
    )
    comment = forms.CharField(
        label="", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    started = forms.CharField(widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS, filled in by robots.
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = list(questionnaire.questions.all())
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=SCALE_LABELS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose a score for this question.")},
            )
        self.fields["reasons"] = forms.TypedMultipleChoiceField(
            label=_("If you gave 3 points or fewer, please tell us why"),
            required=False,
            coerce=int,
            choices=[(reason.pk, reason.text) for reason in questionnaire.reasons.all()],
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["procedure_field"].choices = [("", _("— not given —"))] + [
            (field.pk, field.name) for field in procedure_selectors.active_fields()
        ]
        self.fields["comment"].label = questionnaire.comment_prompt or _("Your comments")
        self.order_fields(
            [f"q{q.pk}" for q in self.questions]
            + ["reasons", "dossier_code", "procedure_field", "comment"]
        )

    def question_fields(self):
        return [self[f"q{question.pk}"] for question in self.questions]

    def clean_dossier_code(self):
        try:
            return normalise_dossier_code(self.cleaned_data["dossier_code"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def is_robot(self):
        return bool(self.data.get(abuse.HONEYPOT))

    def scores(self):
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}
