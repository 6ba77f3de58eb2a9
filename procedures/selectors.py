"""Reads of the monthly figures: period roll-ups for a unit or a subtree, computed in SQL.

Every function takes `units`: a single Unit (that unit only) or a Unit queryset (e.g.
`unit.subtree()` or `Unit.objects.for_user(user)`); the caller scopes it to the user.
Months are dates; any day of the month is accepted and both ends are inclusive.

A period's figures follow the official report: flows (received, resolved, processed,
returned) are summed over the months; stocks are taken at the edges of the period, so
"carried over" is each unit and field's first reported month in the period and "pending"
its last. For a single month this is simply that month's row.

The per-unit and per-month readers read `IntakeSummary` (one row per unit and month, kept
exact on every write); only `intake_by_field`, per field, reads the raw IntakeReport rows.
"""

import datetime

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, Lag, Lead

from cchc_portal import summaries
from cchc_portal.figures import rates
from cchc_portal.figures.months import month_start, months_between
from cchc_portal.models import Unit

from .models import (
    CLOSING_STOCK_COLUMNS,
    DIGITAL_COLUMNS,
    DIGITAL_STOCK_COLUMNS,
    INTAKE_COLUMNS,
    INTAKE_RATE_PARTS,
    INTAKE_TOTALS,
    OPENING_STOCK_COLUMNS,
    DataFlag,
    DigitalGovernmentReport,
    IntakeReport,
    IntakeSummary,
    ProcedureField,
    add_digital_totals,
    add_intake_totals,
    intake_rate,
    intake_rate_expression,
    total_expression,
)


def _intake_rows(units, first_month, last_month):
    return IntakeReport.objects.for_units(units).in_period(first_month, last_month).order_by()


def _ints(values, columns):
    return {c: int(values.get(c) or 0) for c in columns}


def _summary_rows(units, first_month, last_month):
    return IntakeSummary.objects.for_units(units).in_period(first_month, last_month).order_by()


def intake_summary(units, first_month, last_month):
    """Every intake column, the totals and the four rates for a period: one SQL aggregate."""
    values = _summary_rows(units, first_month, last_month).aggregate(
        **IntakeSummary.objects.period_aggregates(first_month, last_month)
    )
    return add_intake_totals(_ints(values, INTAKE_COLUMNS))


def _figures_by_field(units, first_month, last_month):
    """{field_id: summed INTAKE_COLUMNS} of the period's raw rows: one scan and one window.

    Within the period's rows of a (unit, field) series, the row without an earlier one
    (LAG is NULL) is its first month, whose carried-over opens the period, and the row
    without a later one (LEAD is NULL) its last, whose pending closes it. The window
    cannot sit inside an aggregate, so the grouping wraps the ORM's query in SQL.
    """
    series = {"partition_by": [F("unit"), F("field")], "order_by": F("month").asc()}
    rows = (
        _intake_rows(units, first_month, last_month)
        .annotate(
            opens_after=Window(Lag("month"), **series),
            closes_before=Window(Lead("month"), **series),
        )
        .values_list("field_id", *INTAKE_COLUMNS, "opens_after", "closes_before")
    )
    inner, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name

    def total(column):
        if column in OPENING_STOCK_COLUMNS:
            return f"SUM(CASE WHEN opens_after IS NULL THEN {quote(column)} ELSE 0 END)"
        if column in CLOSING_STOCK_COLUMNS:
            return f"SUM(CASE WHEN closes_before IS NULL THEN {quote(column)} ELSE 0 END)"
        return f"SUM({quote(column)})"

    sums = ", ".join(total(column) for column in INTAKE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT field_id, {sums} FROM ({inner}) period_rows GROUP BY field_id", params
        )
        return {
            row[0]: dict(zip(INTAKE_COLUMNS, row[1:], strict=True)) for row in cursor.fetchall()
        }


def _figures_by_field_cached(units, first_month, last_month):
    """`_figures_by_field`; for a subtree (a queryset), cached under the units' figures
    versions: every IntakeReport write stamps its unit (a summary source), so a cached value
    is never older than the last write. A single unit reads its own rows (one index range,
    cheaper than the two queries of the cache)."""
    if isinstance(units, Unit):
        return _figures_by_field(units, first_month, last_month)
    return summaries.cached_for_units(
        "intake_by_field",
        units,
        lambda: _figures_by_field(units, first_month, last_month),
        parts=(first_month, last_month),
    )


def intake_by_field(units, first_month, last_month):
    """One dict per procedure field (active ones and any with figures), with each field's
    share of the dossiers received; ordered like the reference list. Per field, so from the
    raw rows (the summary has no field), over the (unit, month) index; for a subtree the
    per-field numbers are cached under the units' figures versions, the fields (names,
    active) read live."""
    return field_rows(_figures_by_field_cached(units, first_month, last_month))


def field_rows(per_field):
    """`intake_by_field`'s rows from {field id: summed intake columns} (one query: the
    fields, reference data read live)."""
    fields = ProcedureField.objects.filter(Q(is_active=True) | Q(pk__in=list(per_field)))
    result = []
    for field in fields:
        figures = add_intake_totals(_ints(per_field.get(field.pk, {}), INTAKE_COLUMNS))
        figures["field"] = field
        figures["has_figures"] = field.pk in per_field
        result.append(figures)
    grand_total = sum(row["received_total"] for row in result)
    for row in result:
        row["received_share"] = rates.percent(row["received_total"], grand_total)
    return result


def period_figures(units, first_month, last_month):
    """Every number of a unit's (or a subtree's) figures page for a period, in one entry of
    the shared cache under the units' figures versions (every write of an intake row, an
    e-government report or a data flag stamps its unit, see `procedures.summaries`):
    "intake" (`intake_summary`), "digital" (`digital_summary`), "digital_months"
    (`monthly_digital`), "months" (`monthly_intake`), "per_field" ({field id: sums}, for
    `field_rows`) and "flag_groups" (the open flags counted by month and kind)."""
    scope = Unit.objects.filter(pk=units.pk) if isinstance(units, Unit) else units

    def compute():
        flags = open_flags(units, first_month, last_month).order_by()
        return {
            "intake": intake_summary(units, first_month, last_month),
            "digital": digital_summary(units, first_month, last_month),
            "digital_months": monthly_digital(units, first_month, last_month),
            "months": monthly_intake(units, first_month, last_month),
            "per_field": _figures_by_field(units, first_month, last_month),
            "flag_groups": list(flags.values("month", "kind").annotate(count=Count("pk"))),
        }

    return summaries.cached_for_units(
        "period_figures", scope, compute, parts=(first_month, last_month)
    )


def _per_unit(expression, first_month, last_month):
    """`expression` aggregated over one unit's summary rows of the period (a correlated
    subquery: an index range of the unit's months)."""
    rows = (
        IntakeSummary.objects.filter(unit=OuterRef("pk"))
        .in_period(first_month, last_month)
        .order_by()
        .values("unit")
        .annotate(value=expression)
        .values("value")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def intake_by_unit(units, first_month, last_month):
    """The units annotated with their period figures (ints, 0 without rows): one query.

    Annotations: received_total, received_online, resolved_total, resolved_on_time_or_early,
    processed_electronically, total (carried over at the start + received). Aliases for
    ORDER BY and filters only (not attributes of the rows): online_rate, on_time_rate and
    electronic_rate (floats; show a row's rates with `unit_intake_rates(unit)`). For a page
    of units, `intake_figures_by_unit` gives the same figures in one grouped query.
    """
    if isinstance(units, Unit):
        units = Unit.objects.filter(pk=units.pk)
    aggregates = IntakeSummary.objects.period_aggregates(first_month, last_month)
    received = Sum(total_expression("received_total"), default=0)
    return units.annotate(
        received_total=_per_unit(received, first_month, last_month),
        received_online=_per_unit(aggregates["received_online"], first_month, last_month),
        resolved_total=_per_unit(
            Sum(total_expression("resolved_total"), default=0), first_month, last_month
        ),
        resolved_on_time_or_early=_per_unit(
            Sum(total_expression("resolved_on_time_or_early"), default=0), first_month, last_month
        ),
        processed_electronically=_per_unit(
            aggregates["processed_electronically"], first_month, last_month
        ),
        total=_per_unit(aggregates["carried_over"] + received, first_month, last_month),
    ).alias(
        # Aliases, not selected: each would repeat the subqueries of the counts it divides.
        **{name: intake_rate_expression(name) for name in UNIT_RATES}
    )


# The figures of a unit's row in the grouped readers (the same as `intake_by_unit`'s).
UNIT_FIGURES = (
    "received_total",
    "received_online",
    "resolved_total",
    "resolved_on_time_or_early",
    "processed_electronically",
    "total",
)


def intake_figures_by_unit(units, first_month, last_month):
    """{unit_id: {UNIT_FIGURES: int}} for the period, one grouped query; a unit is present
    iff it has intake rows in the period (what `has_intake_expression` says)."""
    rows = (
        _summary_rows(units, first_month, last_month)
        .values("unit")
        .annotate(**IntakeSummary.objects.period_aggregates(first_month, last_month))
    )
    # Only the figures asked for (a country has 4,000 units): a total is the sum of its
    # INTAKE_TOTALS columns, a column is itself.
    parts = {name: INTAKE_TOTALS.get(name, (name,)) for name in UNIT_FIGURES}
    return {
        row["unit"]: {
            name: sum(int(row[column] or 0) for column in columns)
            for name, columns in parts.items()
        }
        for row in rows
    }


def units_with_intake(units):
    """The ids of the units that ever entered intake figures of their own (one query)."""
    if isinstance(units, Unit):
        units = Unit.objects.filter(pk=units.pk)
    # One index probe per unit (EXISTS), not a DISTINCT over every summary row.
    return set(
        units.filter(Exists(IntakeSummary.objects.filter(unit=OuterRef("pk"))))
        .order_by()
        .values_list("pk", flat=True)
    )


# The rates `intake_by_unit` rows carry (the postal return needs columns the rows lack).
UNIT_RATES = ("online_rate", "on_time_rate", "electronic_rate")


def unit_intake_rates(unit):
    """The rates of one `intake_by_unit` row: {online_rate, on_time_rate, electronic_rate}."""
    figures = {part: getattr(unit, part) for name in UNIT_RATES for part in INTAKE_RATE_PARTS[name]}
    return {name: intake_rate(name, figures) for name in UNIT_RATES}


def unit_figures_with_rates(figures):
    """One `intake_figures_by_unit` value (None: no rows, zeros) with its UNIT_RATES added."""
    figures = dict(figures or dict.fromkeys(UNIT_FIGURES, 0))
    figures.update({name: intake_rate(name, figures) for name in UNIT_RATES})
    return figures


def monthly_intake(units, first_month, last_month):
    """One dict per month of the period, months without figures included (zeros and
    `reported` False): every column, the totals and the rates, for tables and trend charts."""
    per_month = {
        row["month"]: row
        for row in _summary_rows(units, first_month, last_month)
        .values("month")
        .annotate(**{c: Sum(c, default=0) for c in INTAKE_COLUMNS})
    }
    result = []
    for month in months_between(first_month, last_month):
        figures = add_intake_totals(_ints(per_month.get(month, {}), INTAKE_COLUMNS))
        figures["month"] = month
        figures["reported"] = month in per_month
        result.append(figures)
    return result


def digital_summary(units, first_month, last_month):
    """E-government figures for a period: documents and web posts summed over the months,
    officials as of each unit's last reported month; with the shares (Decimal % or None)
    and `documents_unaccounted` (signed but sent neither interconnected nor internally).

    One scan: a window gives each row its unit's last month of the period (a window cannot
    sit inside an aggregate, so the sums wrap the ORM's query in SQL)."""
    rows = (
        DigitalGovernmentReport.objects.for_units(units)
        .in_period(first_month, last_month)
        .order_by()
        .annotate(unit_last_month=Window(Max("month"), partition_by=[F("unit")]))
        .values_list("month", *DIGITAL_COLUMNS, "unit_last_month")
    )
    inner, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name

    def total(column):
        if column in DIGITAL_STOCK_COLUMNS:
            return f"SUM(CASE WHEN {quote('month')} = unit_last_month THEN {quote(column)} END)"
        return f"SUM({quote(column)})"

    sums = ", ".join(total(column) for column in DIGITAL_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(DISTINCT {quote('month')}), {sums} FROM ({inner}) period_rows", params
        )
        months_reported, *values = cursor.fetchone()
    figures = _ints(dict(zip(DIGITAL_COLUMNS, values, strict=True)), DIGITAL_COLUMNS)
    figures["months_reported"] = months_reported
    return add_digital_totals(figures)


def monthly_digital(units, first_month, last_month):
    """One dict per month of the period (zeros and `reported` False when nothing entered)."""
    per_month = {
        row["month"]: row
        for row in DigitalGovernmentReport.objects.for_units(units)
        .in_period(first_month, last_month)
        .order_by()
        .values("month")
        .annotate(**{c: Sum(c, default=0) for c in DIGITAL_COLUMNS})
    }
    result = []
    for month in months_between(first_month, last_month):
        figures = add_digital_totals(_ints(per_month.get(month, {}), DIGITAL_COLUMNS))
        figures["month"] = month
        figures["reported"] = month in per_month
        result.append(figures)
    return result


def open_flags(units, first_month=None, last_month=None):
    """The stored soft-check flags still open for the units (optionally within a period)."""
    flags = DataFlag.objects.open()
    flags = flags.filter(unit=units) if isinstance(units, Unit) else flags.filter(unit__in=units)
    if first_month is not None:
        flags = flags.filter(month__gte=month_start(first_month))
    if last_month is not None:
        flags = flags.filter(month__lte=month_start(last_month))
    return flags.select_related("unit", "field").order_by("unit__path", "month", "kind", "key")


def open_flag_count_by_unit(units, first_month, last_month):
    """`units` (a queryset) annotated with open_flag_count: the unit's open flags whose month
    falls in the period (one correlated subquery)."""
    flags = (
        DataFlag.objects.open()
        .filter(unit=OuterRef("pk"))
        .filter(month__gte=month_start(first_month), month__lte=month_start(last_month))
        .order_by()
        .values("unit")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return units.annotate(open_flag_count=Coalesce(Subquery(flags, output_field=IntegerField()), 0))


def scope_figures(scope, page_units, first_month, last_month):
    """The procedure figures list's numbers: {"by_unit": `intake_figures_by_unit` of the
    page's units, "flags": `open_flag_counts_by_unit` of them, "total": `intake_summary` of
    the whole scope}, in one entry of the shared cache under the scope's figures versions
    (every intake row and data flag written stamps its unit); `page_units` a list of ids."""
    page = Unit.objects.filter(pk__in=page_units)

    def compute():
        return {
            "by_unit": intake_figures_by_unit(page, first_month, last_month),
            "flags": open_flag_counts_by_unit(page, first_month, last_month),
            "total": intake_summary(scope, first_month, last_month),
        }

    return summaries.cached_for_units(
        "procedures.index",
        scope,
        compute,
        parts=(first_month, last_month, tuple(page_units)),
    )


def open_flag_counts_by_unit(units, first_month, last_month):
    """{unit_id: open flags whose month falls in the period}, units without any absent
    (one grouped query)."""
    flags = (
        DataFlag.objects.open()
        .for_units(units)
        .filter(month__gte=month_start(first_month), month__lte=month_start(last_month))
        .order_by()
        .values("unit")
        .annotate(count=Count("pk"))
    )
    return {row["unit"]: row["count"] for row in flags}


def missing_months_by_unit(units, first_month, last_month):
    """{unit: [months]} of the period for which the unit entered no intake figures at all
    (the one definition of a missing monthly report). One query for the months reported;
    `units` is one Unit or a queryset (one more query)."""
    months = months_between(first_month, last_month)
    if not months:
        return {}
    unit_list = [units] if isinstance(units, Unit) else list(units.order_by("path"))
    reported = set(
        _summary_rows(units, months[0], months[-1]).values_list("unit_id", "month").distinct()
    )
    missing = {}
    for unit in unit_list:
        gaps = [month for month in months if (unit.pk, month) not in reported]
        if gaps:
            missing[unit] = gaps
    return missing


def missing_months(unit, year, up_to_month):
    """Months of `year` from January to `up_to_month` (a month number or a date) for which
    the unit entered no intake figures."""
    last = (
        up_to_month
        if isinstance(up_to_month, datetime.date)
        else datetime.date(year, up_to_month, 1)
    )
    return missing_months_by_unit(unit, datetime.date(year, 1, 1), last).get(unit, [])


def _year_bounds(year):
    # A range, not month__year: an index on (unit, month) serves it on every database.
    return datetime.date(year, 1, 1), datetime.date(year, 12, 1)


def latest_reported(units):
    """A function year -> the latest month with intake figures for `units` (None if none):
    what a period picker defaults to (one query per call; a year's latest after the overall
    latest needs none when that is in the year or before it)."""
    rows = IntakeSummary.objects.for_units(units).order_by()
    known = {}

    def latest(year=None):
        overall = known.get(None, False)
        if year is not None and overall is not False:
            if overall is None or overall.year < year:
                return None
            if overall.year == year:
                return overall
        if year not in known:
            scoped = rows if year is None else rows.in_period(*_year_bounds(year))
            known[year] = scoped.order_by("-month").values_list("month", flat=True).first()
        return known[year]

    return latest


def month_intake_rows(unit, month):
    """The unit's intake rows of one month, in the reference list's order."""
    return (
        IntakeReport.objects.filter(unit=unit, month=month_start(month))
        .select_related("field")
        .order_by("field__order", "field__name")
    )


def intake_by_month_and_field(units, first_month, last_month):
    """{(month, field_id): summed columns} for every month and field with figures: one query."""
    return {
        (row.pop("month"), row.pop("field")): _ints(row, INTAKE_COLUMNS)
        for row in _intake_rows(units, first_month, last_month)
        .values("month", "field")
        .annotate(**{c: Sum(c, default=0) for c in INTAKE_COLUMNS})
    }


def has_intake_expression(first_month=None, last_month=None):
    """EXISTS: the outer unit entered intake figures of its own (in the months given, or
    ever), for annotations such as the dashboards' "keeps figures" and "has figures"."""
    from django.db.models import Exists

    rows = IntakeSummary.objects.filter(unit=OuterRef("pk"))
    if first_month is not None:
        rows = rows.filter(month__gte=first_month, month__lte=last_month)
    return Exists(rows)


def active_fields():
    """The active procedure fields of the reference list, in their order (a list)."""
    return list(ProcedureField.objects.filter(is_active=True).order_by("order", "name"))
