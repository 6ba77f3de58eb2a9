"""The rules that compute a criterion's score from the portal's own records.

Each rule has a key (stored on `Criterion.rule`), a label, a description, its settings
(`Param`) with their defaults, a loader and a judge. The loader reads the figures of many units
at once through the owning apps' selectors (one or a few queries for a whole round); the judge
turns one unit's figures into a `Result`: the score (≤ the criterion's maximum, rounded to the
set's decimals), what was measured, how the score was reached and the records behind it.
`Rule.compute(unit, year, criterion, params)` does both for one unit.

Settings: a criterion's `rule_params` (a JSON object) overrides the rule's defaults setting by
setting; a setting it does not name keeps its default, and a stored value that no longer
validates falls back to the default too (`settings_of`). `validate_params(rule, params)`
checks what a person typed (texts, as a form sends them, or the stored JSON values) and
returns every setting of the rule cleaned, the defaults filled in, or raises a ValidationError
whose messages are Vietnamese sentences naming the setting. Stored shapes, by `Param.kind`:
- "number": a number ≥ 0 (int, or float in the JSON), e.g. 4;
- "percent": a number from 0 to 100;
- "date": a day of the year "dd/mm", e.g. "31/12";
- "steps": a step function, a list of [threshold %, share of the maximum %] pairs, highest
  threshold first, e.g. [[50, 100], [20, 50]]: a value ≥ 50 % earns the full points, ≥ 20 %
  half of them, below the lowest threshold 0; typed as "50: 100; 20: 50" (any two numbers
  per part, parts separated by ";" or new lines);
- "choice": one of `Param.choices`' values;
- "choices": a list of some of `Param.choices`' values (typed comma-separated).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal.figures.formatting import format_percent, format_score

KINDS = ("number", "percent", "date", "steps", "choice", "choices")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Param:
    name: str
    label: object  # a gettext_lazy string
    default: object
    kind: str = "number"  # see the module's docstring
    help_text: object = ""
    choices: tuple = ()  # ((value, label), ...) for "choice" and "choices"


@dataclass
class Result:
    score: Decimal | None  # None: the rule cannot score (no data); left by hand
    value: str  # what was measured, as the page shows it ("23/24 nhiệm vụ, 95,83 %")
    detail: str  # how the score was reached ("≥ 80 % → một nửa điểm tối đa")
    evidence: list = field(default_factory=list)  # dicts of Evidence fields (kind, label, url, …)


@dataclass(frozen=True)
class Rule:
    key: str
    label: object
    description: object
    params: tuple
    # load(units, year, today) -> {unit_id: data}: `units` a Unit queryset; units without
    # any data may be absent (the judge then gets None).
    load: object
    # judge(data, unit, year, criterion, params, today) -> Result; `params` complete.
    judge: object

    def compute(self, unit, year, criterion, params=None, *, today=None):
        """The rule's result for one unit (the loader's queries for that unit alone)."""
        from cchc_portal.models import Unit

        today = today or timezone.localdate()
        data = self.load(Unit.objects.filter(pk=unit.pk), year, today).get(unit.pk)
        return self.judge(data, unit, year, criterion, self.settings(params), today)

    def settings(self, params=None):
        """Every setting of the rule: the defaults, overridden by the valid ones of `params`."""
        return settings_of(self, params)


REGISTRY = {}


def register(rule):
    REGISTRY[rule.key] = rule
    return rule


def choices():
    return [(key, rule.label) for key, rule in REGISTRY.items()]


# --- settings --------------------------------------------------------------------------

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _number(text):
    try:
        number = Decimal(str(text).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain(number):
    """A Decimal as the JSON keeps it: an int when whole, else a float."""
    return int(number) if number == number.to_integral_value() else float(number)


def clean_param(param, raw):
    """One setting's value (typed text or stored JSON) in its stored shape, or a
    ValidationError whose message names the setting."""
    label = param.label
    if param.kind in ("number", "percent"):
        number = _number(raw) if not isinstance(raw, bool) else None
        if number is None:
            raise ValidationError(
                _("%(setting)s: “%(value)s” is not a number.") % {"setting": label, "value": raw}
            )
        if number < 0:
            raise ValidationError(
                _("%(setting)s: the number cannot be negative.") % {"setting": label}
            )
        if param.kind == "percent" and number > 100:
            raise ValidationError(
                _("%(setting)s: a percentage is between 0 and 100.") % {"setting": label}
            )
        return _plain(number)
    if param.kind == "date":
        text = str(raw).strip()
        try:
            day = datetime.datetime.strptime(f"{text}/2000", "%d/%m/%Y")
        except ValueError:
            raise ValidationError(
                _("%(setting)s: “%(value)s” is not a day such as 31/01.")
                % {"setting": label, "value": text}
            ) from None
        return day.strftime("%d/%m")
    if param.kind == "steps":
        return _clean_steps(param, raw)
    values = [value for value, _label in param.choices]
    if param.kind == "choice":
        if raw not in values:
            raise ValidationError(_("%(setting)s: choose one of the options.") % {"setting": label})
        return raw
    if param.kind == "choices":
        items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
        items = [str(item).strip() for item in items if str(item).strip()]
        wrong = [item for item in items if item not in values]
        if wrong or not items:
            raise ValidationError(
                _("%(setting)s: choose at least one of the options.") % {"setting": label}
            )
        return [value for value in values if value in items]
    raise ValueError(param.kind)


def _clean_steps(param, raw):
    if isinstance(raw, list | tuple):
        parts = [list(part) if isinstance(part, list | tuple) else [part] for part in raw]
    else:
        parts = [NUMBER.findall(part) for part in re.split(r"[;\n]", str(raw)) if part.strip()]
    steps = []
    for part in parts:
        numbers = [_number(value) for value in part]
        if len(numbers) != 2 or None in numbers:
            raise ValidationError(
                _(
                    "%(setting)s: write each step as a threshold and a share of the maximum, "
                    "e.g. “50: 100; 20: 50”."
                )
                % {"setting": param.label}
            )
        if any(number < 0 or number > 100 for number in numbers):
            raise ValidationError(
                _("%(setting)s: a percentage is between 0 and 100.") % {"setting": param.label}
            )
        steps.append([_plain(numbers[0]), _plain(numbers[1])])
    if not steps:
        raise ValidationError(_("%(setting)s: give at least one step.") % {"setting": param.label})
    steps.sort(key=lambda step: step[0], reverse=True)
    thresholds = [step[0] for step in steps]
    if len(set(thresholds)) != len(thresholds):
        raise ValidationError(
            _("%(setting)s: two steps have the same threshold.") % {"setting": param.label}
        )
    shares = [step[1] for step in steps]
    if shares != sorted(shares, reverse=True):
        raise ValidationError(
            _("%(setting)s: a lower threshold cannot earn a larger share.")
            % {"setting": param.label}
        )
    return steps


def validate_params(rule, params):
    """Every setting of `rule` cleaned from `params` ({name: typed text or stored value};
    a missing or empty one takes its default); a ValidationError {"rule_params": [messages]}
    lists every problem, in Vietnamese for the edit page."""
    params = params or {}
    known = {param.name for param in rule.params}
    errors = []
    unknown = sorted(set(params) - known)
    if unknown:
        errors.append(
            _("The rule “%(rule)s” has no setting %(names)s.")
            % {"rule": rule.label, "names": ", ".join(unknown)}
        )
    cleaned = {}
    for param in rule.params:
        raw = params.get(param.name)
        if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
            raw = param.default
        try:
            cleaned[param.name] = clean_param(param, raw)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"rule_params": errors})
    return cleaned


def settings_of(rule, params=None):
    """The settings a rule computes with: each stored value that validates, else the default."""
    params = params or {}
    settings = {}
    for param in rule.params:
        value = param.default
        if param.name in params:
            try:
                value = clean_param(param, params[param.name])
            except ValidationError:
                value = param.default
        settings[param.name] = value
    return settings


def param_text(param, value):
    """A setting's value as a form field shows it (and `clean_param` reads it back)."""
    if param.kind == "steps":
        return "; ".join(f"{_comma(threshold)}: {_comma(share)}" for threshold, share in value)
    if param.kind == "choices":
        return ", ".join(value)
    if param.kind in ("number", "percent"):
        return _comma(value)
    return str(value)


def param_display(param, value):
    """A setting's value as a page reads it ("≥ 50 % → 100 %; ≥ 20 % → 50 %", "Kế hoạch")."""
    if param.kind == "steps":
        return "; ".join(
            f"≥ {_percent_text(threshold)} → {_percent_text(share)}" for threshold, share in value
        )
    if param.kind in ("choice", "choices"):
        labels = dict(param.choices)
        items = value if param.kind == "choices" else [value]
        return ", ".join(str(labels.get(item, item)) for item in items)
    if param.kind == "percent":
        return _percent_text(value)
    if param.kind == "number":
        return _comma(value)
    return str(value)


def _comma(number):
    return str(number).replace(".", ",")


def _percent_text(number):
    return f"{_comma(number)} %"


# --- helpers for the judges ------------------------------------------------------------


def points(criterion, share):
    """`share` % of the criterion's maximum, rounded down to the set's decimals (a rule never
    gives more than its share)."""
    places = criterion.criteria_set.decimal_places
    value = criterion.max_points * Decimal(str(share)) / HUNDRED
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    return min(value, criterion.max_points).quantize(Decimal("0.01"))


def apply_steps(criterion, rate, steps):
    """(score, detail) of a rate (a percentage) on a step function: the first step whose
    threshold the rate reaches gives its share of the maximum; below every threshold, 0."""
    for threshold, share in steps:
        if Decimal(str(rate)) >= Decimal(str(threshold)):
            score = points(criterion, share)
            return score, _(
                "%(rate)s ≥ %(threshold)s → %(share)s of the maximum: %(score)s points."
            ) % {
                "rate": format_percent(rate),
                "threshold": _percent_text(threshold),
                "share": _percent_text(share),
                "score": format_score(score),
            }
    lowest = steps[-1][0]
    return points(criterion, 0), _("%(rate)s < %(threshold)s → 0 points.") % {
        "rate": format_percent(rate),
        "threshold": _percent_text(lowest),
    }


def deadline_of(day_month, year):
    """The date of a "dd/mm" setting in `year`."""
    day, month = (int(part) for part in day_month.split("/"))
    if (day, month) == (29, 2):
        # A 29 February deadline in a common year is its last day of February.
        try:
            return datetime.date(year, 2, 29)
        except ValueError:
            return datetime.date(year, 2, 28)
    return datetime.date(year, month, day)


# The rules themselves register on import.
from . import rulebook  # noqa: E402, F401
