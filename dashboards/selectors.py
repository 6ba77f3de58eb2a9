"""Cross-app reads behind the dashboards.

Built only on the public selectors of the reforms, procedures and inspections apps (an
import-linter contract in pyproject.toml forbids importing their models here). Each family
of figures is one grouped read of the owning app's summary table for all the units in
scope, so a page's query count does not depend on the number of units or rows; the rows
are put together here and the totals and averages are computed from the same rows, so a
total always equals the sum of the rows shown.
"""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from operator import attrgetter

from django.core.cache import cache
from django.utils import timezone

from cchc_portal import summaries
from cchc_portal.figures import formatting, windows
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


# The Unit fields an overview row reads (the figures are set on the instances).
ROW_FIELDS = ("pk", "name", "short_name", "code", "kind", "path", "depth", "parent_id", "is_active")
# Figures of a unit without rows of that kind in the period.
_ZERO_TASKS = {"tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0}
_ZERO_INTAKE = {
    "received_total": 0,
    "received_online": 0,
    "resolved_total": 0,
    "resolved_on_time_or_early": 0,
    "processed_electronically": 0,
    "total": 0,
}
_ZERO_RECOMMENDATIONS = {
    f"recommendations_{state}": 0
    for state in ("total", "open", "reported", "accepted", "not_accepted", "overdue")
}


class OverviewRow:
    """One unit's line of the overview: the unit's own fields (ROW_FIELDS, `display_name`
    as the Unit model says it) and every figure of the period. A plain object, not a Unit
    instance: a country's overview puts together 4,000 of them per request."""

    display_name = Unit.display_name

    def __init__(self, values):
        self.__dict__.update(values)

    def __repr__(self):
        return f"<OverviewRow {self.code}>"


class OverviewRows(list):
    """The overview's rows (OverviewRow), in the overview's order; `versions`: the units'
    figures versions they were read under (for a second cached value of the same units)."""

    versions = None

    def get(self):
        """The one row (a single unit's figures), as QuerySet.get() would."""
        if len(self) != 1:
            raise Unit.DoesNotExist if not self else Unit.MultipleObjectsReturned
        return self[0]


def overview_rows(units, period, *, today=None):
    """`units` (a queryset) as OverviewRows, each with every figure of the overview for
    `period`.

    A fixed number of queries whatever the number of units: the units, then one grouped
    read per family of figures from the owning app's summary (`reforms`,
    `procedures`, `inspections` selectors), put together here. Every column is of the
    period. Plan (of the period's year, as it stood at the period's end or today while it
    runs): tasks_total, tasks_done, tasks_overdue, plan_id. Intake (the period's months):
    received_total, received_online, resolved_total, resolved_on_time_or_early,
    processed_electronically, total, and has_intake (some figures entered for those
    months). Recommendations addressed to the unit by the issued inspections held in the
    period, counted by their status today: recommendations_total, _open, _reported,
    _accepted, _not_accepted, _overdue (as of `today`). Inspections: last_inspection_on,
    last_inspection_id (the latest held in the period). Open data flags of the period's
    months: open_flag_count. keeps_figures: the unit keeps a plan or intake figures of its
    own in some year (a ward; not the city itself nor its offices).
    Show a row's rates through `figure_rates(row_figures(row))`. Rows are in tree order;
    `ordered_rows` sorts them.
    """
    today = _today(today)
    versions = summaries.figures_versions(units)
    figures = unit_figures(units, period, today=today, versions=versions)
    rows = OverviewRows()
    rows.versions = versions
    for values in units.order_by("path").values(*ROW_FIELDS):
        row = OverviewRow(values)
        row.__dict__.update(figures[row.pk])
        rows.append(row)
    return rows


def compute_unit_figures(units, period, *, today):
    """{unit id: every figure of an overview row} of `units` for `period`, from the owning
    apps' summaries: one grouped read per family of figures, whatever the number of units."""
    first, last = period.first, period.last
    tasks = reform_selectors.task_figures_by_unit(units, period.year, period.as_of(today))
    plans = reform_selectors.plan_ids_by_unit(units, period.year)
    keeps_plan = reform_selectors.units_with_plan(units)
    intake = procedure_selectors.intake_figures_by_unit(units, first, last)
    keeps_intake = procedure_selectors.units_with_intake(units)
    flags = procedure_selectors.open_flag_counts_by_unit(units, first, last)
    recommendations = inspection_selectors.recommendation_figures_by_unit(
        units, first_day=period.starts_on, last_day=period.ends_on, today=today
    )
    inspections = inspection_selectors.last_inspections_by_unit(
        units, first_day=period.starts_on, last_day=period.ends_on
    )
    result = {}
    for pk in units.order_by().values_list("pk", flat=True):
        last_on, last_id = inspections.get(pk, (None, None))
        result[pk] = {
            **tasks.get(pk, _ZERO_TASKS),
            **intake.get(pk, _ZERO_INTAKE),
            **recommendations.get(pk, _ZERO_RECOMMENDATIONS),
            "plan_id": plans.get(pk),
            "has_intake": pk in intake,
            "keeps_figures": pk in keeps_plan or pk in keeps_intake,
            "open_flag_count": flags.get(pk, 0),
            "last_inspection_on": last_on,
            "last_inspection_id": last_id,
        }
    return result


# How long a period's figures stay in the cache without being read again.
FIGURES_CACHE_SECONDS = 24 * 60 * 60


def _figures_key(period, today):
    parts = (period.year, period.first, period.last, period.starts_on, period.ends_on)
    return "overview-figures:" + ":".join(map(str, (*parts, period.as_of(today), today)))


def unit_figures(units, period, *, today=None, versions=None):
    """`compute_unit_figures`, each unit's kept in the shared cache while its figures
    version is the one they were computed with.

    Every write that changes a unit's figures gives the unit a new random figures version
    in the writing transaction (`cchc_portal.summaries`, `FiguresVersion`); the versions
    are read first, then the figures of the units whose cached version differs, so a
    cached entry is never older than the version it carries. The key holds the period,
    its as-of day and today (overdue counts move with the day). A country's overview reads
    its 4,000 units' figures from one cache entry instead of aggregating their summaries.
    """
    today = _today(today)
    if versions is None:
        versions = summaries.figures_versions(units)
    key = _figures_key(period, today)
    cached = cache.get(key) or {}
    stale = [pk for pk, version in versions.items() if cached.get(pk, (None,))[0] != version]
    if stale:
        # Recompute the stale units only, or the whole scope when most of it is stale.
        subset = units if 2 * len(stale) > len(versions) else Unit.objects.filter(pk__in=stale)
        fresh = compute_unit_figures(subset, period, today=today)
        for pk in stale:
            cached[pk] = (versions[pk], fresh[pk])
        cache.set(key, cached, FIGURES_CACHE_SECONDS)
    return {pk: cached[pk][1] for pk in versions}


def monthly_intake(units, period, *, versions=None):
    """The scope's monthly intake of the period (`procedures.selectors.monthly_intake`),
    cached under the scope's units and their figures versions (`versions`: already read)."""
    return summaries.cached_for_units(
        "months",
        units,
        lambda: procedure_selectors.monthly_intake(units, period.first, period.last),
        parts=(period.first, period.last),
        timeout=FIGURES_CACHE_SECONDS,
        versions=versions,
    )


# The rates a row can be sorted by: their parts, from the owning apps' definitions.
RATE_PARTS = {
    "completion_rate": ("tasks_done", "tasks_total"),
    "acceptance_rate": ("recommendations_accepted", "recommendations_total"),
    **{
        name: procedure_selectors.INTAKE_RATE_PARTS[name] for name in procedure_selectors.UNIT_RATES
    },
}


def _sort_value(unit, field):
    """The value a row is sorted by: a rate exactly (a fraction; None when ÷ 0)."""
    if field in RATE_PARTS:
        numerator, denominator = (getattr(unit, part) for part in RATE_PARTS[field])
        return Fraction(numerator, denominator) if denominator else None
    return getattr(unit, field)


def ordered_rows(rows, field=None, descending=False):
    """The overview's order: units keeping figures first, the others (the city, its
    offices) after them; within each group by `field` (None: tree order), units without
    the figure last whichever the direction, ties in tree order."""
    result = sorted(rows, key=attrgetter("path"))
    if field is not None:
        valued = [unit for unit in result if _sort_value(unit, field) is not None]
        without = [unit for unit in result if _sort_value(unit, field) is None]
        # Python's sort is stable, reversed too: equal values stay in tree order.
        valued.sort(key=lambda unit: _sort_value(unit, field), reverse=descending)
        result = valued + without
    result.sort(key=lambda unit: not unit.keeps_figures)
    ordered = OverviewRows(result)
    ordered.versions = getattr(rows, "versions", None)
    return ordered


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
    "plan": lambda unit: unit.keeps_figures and unit.plan_id is not None,
    "intake": lambda unit: unit.keeps_figures and unit.has_intake,
    "recommendations": lambda unit: (
        unit.keeps_figures
        and (unit.recommendations_total > 0 or unit.last_inspection_id is not None)
    ),
    "flags": lambda unit: unit.keeps_figures,
}
# Average name -> (column group, the count averaged or the parts of the rate averaged).
AVERAGES = {
    "completion_rate": ("plan", RATE_PARTS["completion_rate"]),
    "tasks_overdue": ("plan", "tasks_overdue"),
    "received_total": ("intake", "received_total"),
    "online_rate": ("intake", RATE_PARTS["online_rate"]),
    "on_time_rate": ("intake", RATE_PARTS["on_time_rate"]),
    "electronic_rate": ("intake", RATE_PARTS["electronic_rate"]),
    "recommendations_not_accepted": ("recommendations", "recommendations_not_accepted"),
    "recommendations_overdue": ("recommendations", "recommendations_overdue"),
    "acceptance_rate": ("recommendations", RATE_PARTS["acceptance_rate"]),
    "open_flag_count": ("flags", "open_flag_count"),
}


def _average(units, figure):
    """The mean per unit over `units` (None without units): of a count (exact), or of
    each unit's own rate in % (units whose rate divides by 0 left out; a float mean, as
    SQL's AVG was, summed with math.fsum so the order of the rows does not change it)."""
    if isinstance(figure, tuple):
        numerator, denominator = figure
        values = [
            100.0 * unit[numerator] / unit[denominator] for unit in units if unit[denominator]
        ]
        return math.fsum(values) / len(values) if values else None
    if not units:
        return None
    return Fraction(sum(unit[figure] for unit in units), len(units))


def overview_totals(rows):
    """Totals and per-unit averages over `overview_rows` (no query, one pass per figure).

    Totals sum every row (units keeping no figures of their own included); rates of the
    totals are computed from the summed parts (the scope as one unit). `averages` are means
    per unit over the units keeping figures that have the column group's figures in the
    period, the same units for a group's counts and rates; `units_with` counts, per column
    group, the rows that have its figures (0: the totals show "—").
    """
    figures = [vars(row) for row in rows]
    columns = {name: [f[name] for f in figures] for name in SUMMED}
    totals = {name: sum(values) for name, values in columns.items()}
    totals["unit_count"] = len(rows)
    totals["reporting_count"] = sum(1 for f in figures if f["keeps_figures"])
    inspected = [f["last_inspection_on"] for f in figures if f["last_inspection_on"]]
    totals["last_inspection_on"] = max(inspected, default=None)
    shown = [has_figures(row) for row in rows]
    totals["units_with"] = {
        group: sum(1 for has in shown if has[group])
        for group in ("plan", "intake", "recommendations")
    }
    totals.update(figure_rates(totals))
    averaged = {
        group: [f for row, f in zip(rows, figures, strict=True) if included(row)]
        for group, included in _AVERAGED_OVER.items()
    }
    totals["averages"] = {
        name: _rounded(
            _average(averaged[group], figure),
            places=formatting.RATE_PLACES if name.endswith("_rate") else formatting.AVERAGE_PLACES,
        )
        for name, (group, figure) in AVERAGES.items()
    }
    return totals


def _rounded(value, *, places):
    """A number (a Fraction, a float from SQL) as a Decimal with `places` decimals (half
    up); None stays None."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(repr(value))
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


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
    """The counts of one overview row as a dict (for `figure_rates` and charts)."""
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
    """Months of the period's year up to its last month (never the current reporting month,
    whose data window is still open) for which the unit entered no intake figures."""
    today = _today(today)
    last = min(month_start(period.last), add_months(windows.reporting_month(today), -1))
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
