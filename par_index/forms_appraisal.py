"""Forms of the appraisal team's pages: the appraisal of a scorecard's rows, a reopening."""

from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_portal.validators import PlainTextValidator
from cchc_portal.versioning import VersionedFormMixin

from .models import Score, Scorecard

COMMENT_MAX = 2000
REASON_MAX = 1000


def stage_fields(card):
    """The score and comment fields the appraisal the card is in writes (the first
    appraisal until it is completed, the final one after)."""
    if card.status == Scorecard.Status.SUBMITTED:
        return "appraised_score", "appraisal_comment"
    return "final_score", "final_comment"


def input_value(value, places):
    """A stored score as the input shows it: the set's decimals, the language's comma."""
    if value is None:
        return ""
    text = str(Decimal(value).quantize(Decimal(1).scaleb(-places)))
    separator = formats.get_format("DECIMAL_SEPARATOR")
    return text.replace(".", separator) if separator in (",", ".") else text


def _attributes(attrs):
    """The attributes as Django's "django/forms/widgets/attrs.html" writes them."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, value))
    return mark_safe("".join(parts))  # noqa: S308  (each part escaped by format_html)


class RowInput(forms.TextInput):
    """A row's score input, written in Python: the page has two inputs per criterion (80
    for the sample set), and each through the form renderer's templates costs as much as
    the rest of the page. The same HTML as `forms.TextInput`."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            format_html(' value="{}"', shown) if shown is not None else "",
            _attributes(widget["attrs"]),
        )


class RowTextarea(forms.Textarea):
    """A row's comment box, written in Python (see `RowInput`); the same HTML as
    `forms.Textarea`."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            _attributes(widget["attrs"]),
            widget["value"] or "",
        )


class AppraisalForm(VersionedFormMixin, forms.Form):
    """One score and one comment per scored criterion of a card, and the card's version.

    The numbers are checked by the service (`parse_score`: maximum, sign, decimals), which
    refuses the whole save when one row is wrong; this form only carries what was typed."""

    def __init__(self, *args, card, scores, **kwargs):
        self.card = card
        self.scores = scores  # [Score] with their criterion, in the set's order
        self.score_field, self.comment_field = stage_fields(card)
        self.places = card.round.criteria_set.decimal_places
        super().__init__(*args, versioned_record=card, **kwargs)
        for score in scores:
            code = score.criterion.code
            self.fields[self.score_name(score)] = forms.CharField(
                label=_("%(code)s — score") % {"code": code},
                required=False,
                max_length=20,
                widget=RowInput(
                    attrs={
                        "class": "form-control form-control-sm text-end par-score-input",
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "size": 6,
                        "aria-label": _("Score of %(code)s") % {"code": code},
                    }
                ),
            )
            self.fields[self.comment_name(score)] = forms.CharField(
                label=_("%(code)s — comment") % {"code": code},
                required=False,
                max_length=COMMENT_MAX,
                validators=[PlainTextValidator(multiline=True)],
                widget=RowTextarea(
                    attrs={
                        "class": "form-control form-control-sm",
                        "rows": 2,
                        "aria-label": _("Comment on %(code)s") % {"code": code},
                    }
                ),
            )
            self.initial.setdefault(
                self.score_name(score), input_value(getattr(score, self.score_field), self.places)
            )
            self.initial.setdefault(self.comment_name(score), getattr(score, self.comment_field))

    @staticmethod
    def score_name(score):
        return f"score_{score.criterion_id}"

    @staticmethod
    def comment_name(score):
        return f"comment_{score.criterion_id}"

    def current_values(self, record):
        if record is self.versioned_record:
            scores = self.scores
        else:  # the card as stored now: which rows changed since the page was opened
            scores = Score.objects.filter(scorecard=record).only(
                "criterion_id", self.score_field, self.comment_field
            )
        values = {}
        for score in scores:
            values[self.score_name(score)] = input_value(
                getattr(score, self.score_field), self.places
            )
            values[self.comment_name(score)] = getattr(score, self.comment_field)
        return values

    def entries(self):
        """{criterion id: {"score": text, "comment": text}} for the service."""
        data = self.cleaned_data
        return {
            score.criterion_id: {
                "score": data.get(self.score_name(score), ""),
                "comment": data.get(self.comment_name(score), ""),
            }
            for score in self.scores
        }


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ReopenForm(forms.Form):
    EXTEND, BACK = "extend", "back"

    how = forms.ChoiceField(
        label=gettext_lazy("What to do"),
        choices=[
            (
                EXTEND,
                gettext_lazy("Give the current stage more time (the scorecard stays where it is)"),
            ),
            (BACK, gettext_lazy("Move the scorecard one stage back and give that stage more time")),
        ],
        initial=EXTEND,
        required=False,  # left out: the first choice offered
        widget=forms.RadioSelect,
    )
    until = forms.DateField(
        label=gettext_lazy("Give the stage until"),
        widget=DateInput(attrs={"class": "form-control form-control-sm"}),
        help_text=gettext_lazy("The new deadline of the stage the scorecard goes back to."),
        error_messages={"required": gettext_lazy("Give a day from today on.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        validators=[PlainTextValidator(multiline=True)],
        error_messages={"required": gettext_lazy("Say why the scorecard is reopened.")},
    )

    def __init__(self, *args, card, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import EXTENDABLE, PREVIOUS

        choices = [
            (value, label)
            for value, label in self.fields["how"].choices
            if (value == self.EXTEND and card.status in EXTENDABLE)
            or (value == self.BACK and card.status in PREVIOUS)
        ]
        self.fields["how"].choices = choices
        self.fields["how"].initial = choices[0][0]

    def clean_how(self):
        return self.cleaned_data.get("how") or self.fields["how"].initial
