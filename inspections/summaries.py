"""Keeping the recommendation summary exact (`cchc_portal.summaries`).

A unit's rows are rebuilt from its raw recommendations in the writing transaction: DELETE
them, then one INSERT ... SELECT grouped by the summary's key (SQLite and PostgreSQL alike).
Every unit at once is one DELETE and one INSERT; a list of units goes in chunks.
"""

from django.db import connection
from django.db.models import Count, F

from cchc_portal import summaries

from .models import Finding, Inspection, Recommendation, RecommendationSummary, RemediationReport
from .models.remediation import recommendation_units

NAME = "inspections.recommendations"
CHUNK = 500
KEY = ("responsible_unit_id", "held_on", "status", "due_on")


def grouped(recommendations):
    """`recommendations` counted by the summary's key, columns in the summary's order."""
    return (
        recommendations.order_by()
        .annotate(held_on=F("inspection__start_on"))
        .values(*KEY)
        .annotate(recommendations=Count("pk"))
    )


def fill(issued, summary_model, unit_ids=None):
    """Replace the summary rows of `unit_ids` (None: every unit) by `issued` grouped.

    `issued`: the issued recommendations (a queryset; the data migration passes its own)."""
    table = connection.ops.quote_name(summary_model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*KEY, "recommendations"))
    chunks = [None] if unit_ids is None else _chunks(sorted(set(unit_ids)), CHUNK)
    with connection.cursor() as cursor:
        for chunk in chunks:
            rows, stored = issued, summary_model.objects.all()
            if chunk is not None:
                rows = rows.filter(responsible_unit_id__in=chunk)
                stored = stored.filter(responsible_unit_id__in=chunk)
            stored._raw_delete(stored.db)
            sql, params = grouped(rows).query.sql_with_params()
            cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)


def _chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


def rebuild(unit_ids=None):
    """Recompute those units' summary rows (None: every unit) from the raw recommendations."""
    fill(Recommendation.objects.issued(), RecommendationSummary, unit_ids)


def verify(unit_ids=None):
    """The differences between the stored summary and a fresh aggregate (empty: exact)."""
    fresh = grouped(Recommendation.objects.issued())
    stored = RecommendationSummary.objects.values(*KEY, "recommendations")
    if unit_ids is not None:
        fresh = fresh.filter(responsible_unit_id__in=list(unit_ids))
        stored = stored.filter(responsible_unit_id__in=list(unit_ids))
    expected = {tuple(row[k] for k in KEY): row["recommendations"] for row in fresh}
    actual = {tuple(row[k] for k in KEY): row["recommendations"] for row in stored}
    return [
        f"{dict(zip(KEY, key, strict=True))}: stored {actual.get(key)}, raw {expected.get(key)}"
        for key in sorted(expected.keys() | actual.keys(), key=str)
        if expected.get(key) != actual.get(key)
    ]


def _inspection_units(inspection):
    if inspection.pk is None:
        return []
    return Recommendation.objects.filter(inspection_id=inspection.pk).values_list(
        "responsible_unit_id", flat=True
    )


def register():
    summaries.register(
        summaries.Summary(
            name=NAME,
            rebuild=rebuild,
            sources={
                Recommendation: lambda r: [r.responsible_unit_id],
                Inspection: _inspection_units,
            },
            verify=verify,
            track_previous=(Recommendation,),
        )
    )
    # The unit's last inspection held: read from Inspection itself (no summary). Findings
    # and remediation reports: the remediation board caches its recurring shortcomings and
    # its acceptance and review times under the figures versions (`dashboards.board`).
    summaries.add_version_sources(
        {
            Inspection: lambda inspection: [inspection.unit_id],
            Finding: _finding_units,
            RemediationReport: lambda report: recommendation_units([report.recommendation_id]),
        }
    )


def _finding_units(finding):
    """The unit of the finding's inspection."""
    return Inspection.objects.filter(pk=finding.inspection_id).values_list("unit_id", flat=True)
