"""Cross-app reads behind the dashboards, computed in SQL.

Built only on the public selectors of the reforms, procedures and inspections apps (an
import-linter contract in pyproject.toml forbids importing their models here). A per-unit
figure is one correlated subquery, so a page's query count does not depend on the number of
units or rows; totals and averages are one aggregate over the same rows, so a total always
equals the sum of the rows shown.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Q,
    Sum,
    When,
)
from django.utils import timezone

from cchc_portal.figures import formatting, rates
from cchc_portal.figures.months import add_months, month_start
from cchc_portal.models import Unit
from inspections import selectors as inspection_selectors
from procedures import selectors as procedure_selectors
from reforms import selectors as reform_selectors

# Figures summed over the rows for the totals line of the overview.
SUMMED = (
    "tasks_total",
    "tasks_done",
    "tasks_overdue",
    "received_total",
    "received_online",
    "resolved_total",
    "resolved_on_time_or_early",
    "processed_electronically",
    "total",
    "recommendations_total",
    "recommendations_accepted",
    "recommendations_open",
    "recommendations_reported",
    "recommendations_not_accepted",
    "recommendations_overdue",
    "open_flag_count",
)


def _today(today):
    return today or timezone.localdate()


def scope_units(user, *, kind=None, within=None):
    """Units the user sees (inactive ones too: their past figures count), optionally of one
    kind and inside one unit's subtree."""
    units = Unit.objects.for_user(user)
    if kind:
        units = units.filter(kind=kind)
    if within is not None:
        units = units.in_subtree(within)
    return units


def overview_rows(units, period, *, today=None):
    """`units` annotated with every figure of the overview for `period` (one query).

    Every column is of the period. Plan (of the period's year, as it stood at the period's
    end or today while it runs): tasks_total, tasks_done, tasks_overdue, plan_id,
    completion_rate. Intake (the period's months): received_total,
    received_online, resolved_total, resolved_on_time_or_early, processed_electronically,
    total, the three rates, and has_intake (some figures entered for those months).
    Recommendations addressed to the unit by the issued inspections held in the period,
    counted by their status today (`inspections.selectors.recommendation_states_by_unit`):
    recommendations_total, _open, _reported, _accepted, _not_accepted, _overdue (as of
    `today`), acceptance_rate. Inspections:
    last_inspection_on, last_inspection_id (the latest held in the period). Open data flags
    of the period's months: open_flag_count. keeps_figures: the unit keeps a plan or intake
    figures of its own in some year (a ward; not the city itself nor its offices).
    The rates are aliases (floats) for ORDER BY only, not attributes of the rows; show
    rates through `cchc_portal.figures.rates` (`figure_rates`).
    """
    today = _today(today)
    rows = reform_selectors.task_progress_by_unit(units, period.year, period.as_of(today))
    rows = procedure_selectors.intake_by_unit(rows, period.first, period.last)
    rows = inspection_selectors.recommendation_states_by_unit(
        rows, first_day=period.starts_on, last_day=period.ends_on, today=today
    )
    rows = procedure_selectors.open_flag_count_by_unit(rows, period.first, period.last)
    return (
        rows.annotate(
            plan_id=reform_selectors.plan_id_expression(period.year),
            has_intake=procedure_selectors.has_intake_expression(period.first, period.last),
            keeps_plan=reform_selectors.has_plan_expression(),
            keeps_intake=procedure_selectors.has_intake_expression(),
        )
        .annotate(
            keeps_figures=ExpressionWrapper(
                Q(keeps_plan=True) | Q(keeps_intake=True), output_field=BooleanField()
            )
        )
        .alias(
            # Aliases, not selected: each would repeat the subqueries of the counts it divides.
            completion_rate=rates.percent_expression("tasks_done", "tasks_total"),
            acceptance_rate=rates.percent_expression(
                "recommendations_accepted", "recommendations_total"
            ),
        )
    )


def ordered_rows(rows, *ordering):
    """The overview's order: units keeping figures first, the others (the city, its
    offices) after them, each group in `ordering`."""
    return rows.order_by(F("keeps_figures").desc(), *ordering)


def has_figures(unit):
    """Which column groups of an overview row have figures of the period (False: "—")."""
    return {
        "plan": unit.plan_id is not None,
        "intake": bool(unit.has_intake),
        "recommendations": bool(unit.recommendations_total or unit.last_inspection_id),
    }


# The units an average per unit divides by, for each column group: units keeping figures
# that have the group's figures in the period (a count and a rate of one group divide over
# the same units).
_AVERAGED_OVER = {
    "plan": Q(keeps_figures=True, plan_id__isnull=False),
    "intake": Q(keeps_figures=True, has_intake=True),
    "recommendations": Q(keeps_figures=True)
    & (Q(recommendations_total__gt=0) | Q(last_inspection_id__isnull=False)),
    "flags": Q(keeps_figures=True),
}
# Average name -> (column group, the count averaged or the parts of the rate averaged).
AVERAGES = {
    "completion_rate": ("plan", ("tasks_done", "tasks_total")),
    "tasks_overdue": ("plan", "tasks_overdue"),
    "received_total": ("intake", "received_total"),
    "online_rate": ("intake", ("received_online", "received_total")),
    "on_time_rate": ("intake", ("resolved_on_time_or_early", "resolved_total")),
    "electronic_rate": ("intake", ("processed_electronically", "total")),
    "recommendations_not_accepted": ("recommendations", "recommendations_not_accepted"),
    "recommendations_overdue": ("recommendations", "recommendations_overdue"),
    "acceptance_rate": ("recommendations", ("recommendations_accepted", "recommendations_total")),
    "open_flag_count": ("flags", "open_flag_count"),
}


def _average(group, figure):
    value = rates.percent_expression(*figure) if isinstance(figure, tuple) else F(figure)
    return Avg(Case(When(_AVERAGED_OVER[group], then=value), default=None))


def overview_totals(rows):
    """Totals and per-unit averages over annotated `rows` (one aggregate query).

    Totals sum every row (units keeping no figures of their own included); rates of the
    totals are computed from the summed parts (the scope as one unit). `averages` are means
    per unit over the units keeping figures that have the column group's figures in the
    period, the same units for a group's counts and rates; `units_with` counts, per column
    group, the rows that have its figures (0: the totals show "—").
    """
    # Aggregate aliases must differ from the annotations they read, or Django drops the
    # annotation from the inner query and SQLite sums a string literal.
    # Each count is a correlated subquery per unit. The rows are aggregated as a derived
    # table of counts; DISTINCT (each row is one unit already, so it removes nothing) keeps
    # PostgreSQL from merging that table into the outer query, where every reference to a
    # count (its sum, a rate's numerator or denominator) would run its subquery again.
    values = (
        rows.order_by()
        .values(
            "pk",
            "last_inspection_on",
            "last_inspection_id",
            "plan_id",
            "has_intake",
            "keeps_figures",
            *SUMMED,
        )
        .distinct()
        .aggregate(
            unit_count=Count("pk"),
            reporting_count=Count("pk", filter=Q(keeps_figures=True)),
            latest_inspection_on=Max("last_inspection_on"),
            plan_units=Count("pk", filter=Q(plan_id__isnull=False)),
            intake_units=Count("pk", filter=Q(has_intake=True)),
            recommendation_units=Count(
                "pk",
                filter=Q(recommendations_total__gt=0) | Q(last_inspection_id__isnull=False),
            ),
            **{f"sum_{name}": Sum(name, default=0) for name in SUMMED},
            **{
                f"average_{name}": _average(group, figure)
                for name, (group, figure) in AVERAGES.items()
            },
        )
    )
    totals = {name: int(values[f"sum_{name}"] or 0) for name in SUMMED}
    totals["unit_count"] = values["unit_count"]
    totals["reporting_count"] = values["reporting_count"]
    totals["last_inspection_on"] = values["latest_inspection_on"]
    totals["units_with"] = {
        "plan": values["plan_units"],
        "intake": values["intake_units"],
        "recommendations": values["recommendation_units"],
    }
    totals.update(figure_rates(totals))
    totals["averages"] = {
        name: _rounded(
            values[f"average_{name}"],
            places=formatting.RATE_PLACES if name.endswith("_rate") else formatting.AVERAGE_PLACES,
        )
        for name in AVERAGES
    }
    return totals


def _rounded(value, *, places):
    """A float from SQL as a Decimal with `places` decimals (half up), None stays None."""
    if value is None:
        return None
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def duration_days(value):
    """A timedelta from SQL as days with one decimal, None stays None."""
    if value is None:
        return None
    return _rounded(value.total_seconds() / 86400, places=formatting.DAYS_PLACES)


def figure_rates(figures):
    """The rates a row shows, from its counts (Decimal %, None when ÷ 0), by the owning
    apps' definitions."""
    return {
        "completion": reform_selectors.completion_rate(
            figures["tasks_done"], figures["tasks_total"]
        ),
        "online": procedure_selectors.intake_rate("online_rate", figures),
        "on_time": procedure_selectors.intake_rate("on_time_rate", figures),
        "electronic": procedure_selectors.intake_rate("electronic_rate", figures),
        "acceptance": inspection_selectors.acceptance_rate(
            figures["recommendations_accepted"], figures["recommendations_total"]
        ),
    }


def row_figures(unit):
    """The counts of one annotated overview row as a dict (for `figure_rates` and charts)."""
    return {name: getattr(unit, name) for name in SUMMED}


def recommendation_states(figures):
    """Recommendations by state from summed or per-unit counts: what the chart shows."""
    return {
        "open": figures["recommendations_open"],
        "reported": figures["recommendations_reported"],
        "accepted": figures["recommendations_accepted"],
        "overdue": figures["recommendations_overdue"],
    }


def comparison_scope(unit):
    """The units a unit is compared with: its parent's subtree (the city of a ward)."""
    anchor = unit.parent if unit.parent_id else unit
    return anchor, Unit.objects.in_subtree(anchor)


# --- unit dashboard -----------------------------------------------------------------------


def months_missing(unit, period, *, today=None):
    """Months of the period's year up to its last month (never the current, unfinished month)
    for which the unit entered no intake figures."""
    today = _today(today)
    last = min(month_start(period.last), add_months(month_start(today), -1))
    if last.year < period.year:
        return []
    return procedure_selectors.missing_months(unit, period.year, last)


# --- drill-down -----------------------------------------------------------------------------

RECOMMENDATION_STATES = ("not_accepted", "open", "reported", "overdue", "accepted", "all")


def recommendation_drilldown(user, *, state, unit=None, units=None, period=None, today=None):
    """The issued recommendations behind an overview number, in deadline order.

    `unit`: addressed to exactly that unit (a row); `units`: to any of these units (the
    totals line, under the overview's filters); `period`: of the inspections held in it,
    as the overview counts them (None: every period). `state` is one of
    RECOMMENDATION_STATES.
    """
    today = _today(today)
    rows = inspection_selectors.recommendation_rows(user)
    if period is not None:
        rows = inspection_selectors.recommendations_held_in(
            rows, starts_on=period.starts_on, ends_on=period.ends_on
        )
    if unit is not None:
        rows = rows.addressed_to(unit)
    elif units is not None:
        rows = rows.filter(responsible_unit__in=units)
    if state == "overdue":
        return rows.overdue(today)
    if state != "all":
        # not_accepted, open, reported, accepted: the queryset method of that name.
        rows = getattr(rows, state)()
    return rows


def days_between(first, last):
    """Whole days from `first` to `last` (dates or datetimes), None if either is missing."""
    if first is None or last is None:
        return None
    if isinstance(first, datetime.datetime):
        first = timezone.localtime(first).date()
    if isinstance(last, datetime.datetime):
        last = timezone.localtime(last).date()
    return (last - first).days
