"""Reads of the satisfaction survey for pages, exports, dashboards, reports and the PAR index.

Every figure counts `Response.objects.counted()` (flagged responses left out until included)
and is defined in `feedback.models` (SATISFACTION_PARTS, question_means, min_responses).
`units` is one Unit or a Unit queryset; days are local dates, both ends inclusive.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F
from django.db.models.functions import Substr, TruncMonth

from cchc_portal.figures.rates import percent
from cchc_portal.models import PATH_STEP

from .models import SATISFACTION_PARTS, Answer, Question, Response, min_responses

MEAN_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Satisfaction:
    """The satisfaction figures of a set of responses (a unit, counter, field or month)."""

    responses: int = 0
    rated: int = 0
    satisfied: int = 0
    means: dict = field(default_factory=dict)  # question kind -> Decimal mean (2 places)

    @property
    def enough(self):
        """Enough counted responses for a rate to mean something (`min_responses`)."""
        return self.responses >= min_responses()

    @property
    def rate(self):
        """Share satisfied or very satisfied (percent), None when there are too few answers."""
        if not self.enough:
            return None
        return percent(self.satisfied, self.rated)


def _mean(value):
    if value is None:
        return None
    return Decimal(str(value)).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def counted_responses(units, first_day, last_day):
    return Response.objects.for_units(units).counted().between(first_day, last_day)


def _means(responses, group=None):
    """{group value: {kind: mean}} (or {kind: mean} without `group`) over counted answers.

    `group` is an expression on the response (e.g. F("unit") or TruncMonth("answered_on"))."""
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    if group is None:
        rows = answers.values("question__kind").annotate(mean=Avg("score")).order_by()
        return {row["question__kind"]: _mean(row["mean"]) for row in rows}
    rows = (
        answers.annotate(group=group)
        .values("group", "question__kind")
        .annotate(mean=Avg("score"))
        .order_by()
    )
    result = {}
    for row in rows:
        result.setdefault(row["group"], {})[row["question__kind"]] = _mean(row["mean"])
    return result


def _on_response(expression):
    """`expression` on a Response, rewritten to read the same from an Answer."""
    if isinstance(expression, str):
        return F(f"response__{expression}")
    return TruncMonth("response__answered_on")


def _grouped(responses, group):
    """{group value: Satisfaction}; `group` is a Response field name or "month"."""
    if group == "month":
        responses = responses.annotate(month=TruncMonth("answered_on"))
    rows = responses.values(group).annotate(**SATISFACTION_PARTS).order_by()
    means = _means(responses, _on_response(group if group != "month" else None))
    return {
        row[group]: Satisfaction(
            responses=row["responses"],
            rated=row["rated"],
            satisfied=row["satisfied"],
            means=means.get(row[group], {}),
        )
        for row in rows
    }


def satisfaction(units, first_day, last_day):
    """One Satisfaction over every counted response of `units` in the days."""
    responses = counted_responses(units, first_day, last_day)
    parts = responses.aggregate(**SATISFACTION_PARTS)
    return Satisfaction(**parts, means=_means(responses))


def satisfaction_by_unit(units, first_day, last_day):
    """{unit pk: Satisfaction} for the units with at least one counted response."""
    return _grouped(counted_responses(units, first_day, last_day), "unit")


def satisfaction_by_counter(units, first_day, last_day):
    """{counter pk: Satisfaction}."""
    return _grouped(counted_responses(units, first_day, last_day), "counter")


def satisfaction_by_field(units, first_day, last_day):
    """{procedure field pk or None: Satisfaction}."""
    return _grouped(counted_responses(units, first_day, last_day), "procedure_field")


def satisfaction_by_month(units, first_day, last_day):
    """{first day of the month: Satisfaction}, months with counted responses only."""
    return _grouped(counted_responses(units, first_day, last_day), "month")


def reason_counts(units, first_day, last_day):
    """[(reason text, count)], most given first, over counted responses."""
    rows = (
        counted_responses(units, first_day, last_day)
        .values("reasons__text")
        .exclude(reasons__isnull=True)
        .annotate(count=Count("pk"))
        .order_by("-count", "reasons__text")
    )
    return [(row["reasons__text"], row["count"]) for row in rows]


def flagged_count(units, first_day=None, last_day=None):
    """Responses flagged and awaiting internal affairs' decision."""
    responses = Response.objects.for_units(units).awaiting_review()
    if first_day and last_day:
        responses = responses.between(first_day, last_day)
    return responses.count()


QUESTION_KINDS = Question.Kind


def counter_count(units, active_only=True):
    """How many counters `units` have (active ones only unless told)."""
    from .models import Counter

    counters = Counter.objects.for_units(units)
    if active_only:
        counters = counters.active()
    return counters.count()


def satisfaction_counts_by_unit(units, first_day, last_day):
    """{unit pk: Satisfaction without means} in one query, units with counted responses only
    (the city overview's column)."""
    rows = (
        counted_responses(units, first_day, last_day)
        .values("unit")
        .annotate(**SATISFACTION_PARTS)
        .order_by()
    )
    return {
        row["unit"]: Satisfaction(
            responses=row["responses"], rated=row["rated"], satisfied=row["satisfied"]
        )
        for row in rows
    }


def satisfaction_counts(units, first_day, last_day):
    """One Satisfaction without means over `units` (a total line)."""
    parts = counted_responses(units, first_day, last_day).aggregate(**SATISFACTION_PARTS)
    return Satisfaction(**parts)


def latest_answer_month(units, year=None):
    """The first day of the latest month with a counted answer (in `year`), or None."""
    responses = Response.objects.for_units(units).counted()
    if year:
        responses = responses.filter(answered_on__year=year)
    latest = responses.order_by("-answered_on").values_list("answered_on", flat=True).first()
    return latest.replace(day=1) if latest else None


def comments(units, first_day, last_day):
    """Counted responses with a comment, newest first, with what a list of them shows."""
    return (
        counted_responses(units, first_day, last_day)
        .exclude(comment="")
        .select_related("counter", "unit", "procedure_field")
        .prefetch_related("reasons", "answers__question")
        .order_by("-submitted_at", "-pk")
    )


def satisfaction_by_branch(unit, first_day, last_day):
    """{path: Satisfaction} over `unit`'s subtree, one entry per unit directly below it (its
    whole subtree summed) and `unit.path` for the unit's own answers: two queries whatever
    the number of units."""
    length = len(unit.path) + PATH_STEP + 1  # "00012." per level
    responses = counted_responses(unit.subtree(), first_day, last_day).annotate(
        branch=Substr("unit__path", 1, length)
    )
    rows = responses.values("branch").annotate(**SATISFACTION_PARTS).order_by()
    means = _means(responses, Substr("response__unit__path", 1, length))
    return {
        row["branch"]: Satisfaction(
            responses=row["responses"],
            rated=row["rated"],
            satisfied=row["satisfied"],
            means=means.get(row["branch"], {}),
        )
        for row in rows
    }
