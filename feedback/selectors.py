"""Reads of the satisfaction survey for pages, exports, dashboards, reports and the PAR index.

Every figure counts `Response.objects.counted()` (flagged responses left out until included)
and is defined in `feedback.models` (SATISFACTION_PARTS, question_means, min_responses).
`units` is one Unit or a Unit queryset; days are local dates, both ends inclusive.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F
from django.db.models.functions import Substr

from cchc_portal.figures import windows
from cchc_portal.figures.rates import percent
from cchc_portal.models import PATH_STEP

from .models import SATISFACTION_PARTS, Answer, Response, min_responses, question_means

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
    """{kind: mean} over the responses' answers (`models.question_means`, rounded), or
    {group value: {kind: mean}} with `group`, an expression on the answer."""
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    means = question_means(answers, group)
    if group is None:
        return {kind: _mean(mean) for kind, (_count, mean) in means.items()}
    return {
        key: {kind: _mean(mean) for kind, (_count, mean) in kinds.items()}
        for key, kinds in means.items()
    }


def _grouped(responses, on_response, on_answer):
    """{group value: Satisfaction}: the responses grouped by `on_response`, their answers'
    means by `on_answer`, the same grouping read from an Answer (None: no means, one query
    less, for a page that shows only counts and rates). Two queries."""
    rows = (
        responses.annotate(group=on_response)
        .values("group")
        .annotate(**SATISFACTION_PARTS)
        .order_by()
    )
    means = _means(responses, on_answer) if on_answer is not None else {}
    return {
        row["group"]: Satisfaction(
            responses=row["responses"],
            rated=row["rated"],
            satisfied=row["satisfied"],
            means=means.get(row["group"], {}),
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
    responses = counted_responses(units, first_day, last_day)
    return _grouped(responses, F("unit"), F("response__unit"))


def satisfaction_by_counter(units, first_day, last_day):
    """{counter pk: Satisfaction}."""
    responses = counted_responses(units, first_day, last_day)
    return _grouped(responses, F("counter"), F("response__counter"))


def satisfaction_by_field(units, first_day, last_day):
    """{procedure field pk or None: Satisfaction}."""
    responses = counted_responses(units, first_day, last_day)
    return _grouped(responses, F("procedure_field"), F("response__procedure_field"))


def satisfaction_by_month(units, first_day, last_day):
    """{reporting month (its first day): Satisfaction}, months with counted responses only;
    an answer belongs to the month whose data window holds its day (`windows`)."""
    responses = counted_responses(units, first_day, last_day)
    return _grouped(
        responses,
        windows.reporting_month_expression("answered_on"),
        windows.reporting_month_expression("response__answered_on"),
    )


def satisfaction_rates_by_month(units, first_day, last_day):
    """`satisfaction_by_month` without the questions' means (counts and rates only: one
    query instead of two)."""
    responses = counted_responses(units, first_day, last_day)
    return _grouped(responses, windows.reporting_month_expression("answered_on"), None)


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
    """The reporting month (its first day) of the latest counted answer (in `year`): the
    month whose data window holds the answer's day; or None."""
    responses = Response.objects.for_units(units).counted()
    if year:
        responses = responses.filter(answered_on__year=year)
    latest = responses.order_by("-answered_on").values_list("answered_on", flat=True).first()
    if latest is None:
        return None
    month = windows.reporting_month(latest)
    # An answer of 20/12 opens next year's January window; within `year` it is December's.
    return min(month, datetime.date(year, 12, 1)) if year else month


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
    responses = counted_responses(unit.subtree(), first_day, last_day)
    return _grouped(
        responses, Substr("unit__path", 1, length), Substr("response__unit__path", 1, length)
    )
