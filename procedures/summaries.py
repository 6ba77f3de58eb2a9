"""The intake summary (`IntakeSummary`): rebuilt from IntakeReport rows, checked against them.

Registered in `ProceduresConfig.ready()` with `cchc_portal.summaries`, which calls
`rebuild_intake` for the units a write touched, in the writing transaction.

Open DataFlags have no summary table of their own: flags exist only where a soft check
fails (a few per unit), so counting them per unit and month over the partial index
`flag_open_unit_month` (unit, month WHERE resolved_at IS NULL) reads as few rows as a
summary would, and `flags_refresh`'s bulk writes need no second table kept in step.
"""

from collections import defaultdict
from itertools import groupby

from django.db import connection

from cchc_portal import summaries

from .models import INTAKE_COLUMNS, DataFlag, DigitalGovernmentReport, IntakeReport, IntakeSummary

INTAKE = "procedures.intake"
# E-government figures have no summary table (one row per unit and month already): their
# writes only give the units a new figures version, so that a cached read of them is exact.
DIGITAL = "procedures.digital"
# Units per statement: short IN lists, each a few hundred thousand raw rows at most.
CHUNK = 500
KEY = ("unit_id", "month", "previous_month", "next_month")
VALUES = ("report_count", *INTAKE_COLUMNS)


def _chunks(unit_ids):
    if unit_ids is None:
        yield None
        return
    unit_ids = sorted(set(unit_ids))
    for start in range(0, len(unit_ids), CHUNK):
        yield unit_ids[start : start + CHUNK]


def _where(chunk):
    if chunk is None:
        return "", []
    return f"WHERE unit_id IN ({', '.join(['%s'] * len(chunk))})", list(chunk)


def rebuild_intake(unit_ids=None):
    """Recompute the summary rows of these units (None: every unit) from their raw rows.

    Two statements per chunk of units, on SQLite and PostgreSQL alike: DELETE the units'
    rows, then INSERT ... SELECT the raw rows grouped by unit, month and the months of the
    series' neighbours (LAG / LEAD over each unit and field's reports, by month).
    """
    quote = connection.ops.quote_name
    summary, raw = IntakeSummary._meta.db_table, IntakeReport._meta.db_table
    columns = ", ".join(quote(c) for c in INTAKE_COLUMNS)
    sums = ", ".join(f"SUM({quote(c)})" for c in INTAKE_COLUMNS)
    month, previous, following = quote("month"), quote("previous_month"), quote("next_month")
    series = f"OVER (PARTITION BY unit_id, field_id ORDER BY {month})"
    with connection.cursor() as cursor:
        for chunk in _chunks(unit_ids):
            where, params = _where(chunk)
            cursor.execute(f"DELETE FROM {summary} {where}", params)
            cursor.execute(
                f"INSERT INTO {summary} (unit_id, {month}, {previous}, {following}, "
                f"report_count, {columns}) "
                f"SELECT unit_id, {month}, {previous}, {following}, COUNT(*), {sums} "
                f"FROM (SELECT unit_id, {month}, {columns}, "
                f"LAG({month}) {series} AS {previous}, LEAD({month}) {series} AS {following} "
                f"FROM {raw} {where}) series_rows "
                f"GROUP BY unit_id, {month}, {previous}, {following}",
                params,
            )


def expected_intake(unit_ids=None):
    """{(unit_id, month, previous_month, next_month): (report_count, *sums)} from the raw
    rows, computed in Python (independently of the SQL of `rebuild_intake`)."""
    rows = IntakeReport.objects.order_by("unit_id", "field_id", "month")
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    buckets = defaultdict(lambda: [0] * len(VALUES))
    values = rows.values_list("unit_id", "field_id", "month", *INTAKE_COLUMNS)
    for (unit_id, _field), series in groupby(values.iterator(), key=lambda r: r[:2]):
        series = list(series)
        for index, row in enumerate(series):
            previous = series[index - 1][2] if index else None
            following = series[index + 1][2] if index + 1 < len(series) else None
            bucket = buckets[(unit_id, row[2], previous, following)]
            bucket[0] += 1
            for position, value in enumerate(row[3:], start=1):
                bucket[position] += value
    return {key: tuple(bucket) for key, bucket in buckets.items()}


def verify_intake(unit_ids=None):
    """The differences between the stored summary rows and `expected_intake` (empty: exact)."""
    stored_rows = IntakeSummary.objects.order_by()
    if unit_ids is not None:
        stored_rows = stored_rows.filter(unit_id__in=list(unit_ids))
    expected = expected_intake(unit_ids)
    stored, differences = {}, []
    for row in stored_rows.values_list(*KEY, *VALUES).iterator():
        key, values = row[: len(KEY)], tuple(row[len(KEY) :])
        if key in stored:
            differences.append(f"{key}: stored twice")
        stored[key] = values
    for key in sorted(set(expected) | set(stored), key=repr):
        if expected.get(key) != stored.get(key):
            differences.append(
                f"{key}: stored {stored.get(key)}, raw rows give {expected.get(key)}"
            )
    return differences


def register():
    summary = summaries.register(
        summaries.Summary(
            name=INTAKE,
            rebuild=rebuild_intake,
            sources={IntakeReport: lambda row: [row.unit_id]},
            verify=verify_intake,
            # An admin may move a report to another unit: both units' rows change.
            track_previous=(IntakeReport,),
        )
    )
    # Open data flags are counted from DataFlag itself (few rows, a partial index).
    summaries.add_version_sources({DataFlag: lambda flag: [flag.unit_id]})
    # Not `add_version_sources`: an admin may move a report to another unit, and both units'
    # versions must change (`track_previous`); the summary has no table to rebuild.
    summaries.register(
        summaries.Summary(
            name=DIGITAL,
            rebuild=summaries.stamp_only,
            sources={DigitalGovernmentReport: lambda row: [row.unit_id]},
            track_previous=(DigitalGovernmentReport,),
        )
    )
    return summary
