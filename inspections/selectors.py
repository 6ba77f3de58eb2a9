"""Reads across the inspections models, for pages, home panels and other apps' dashboards.

Every function takes the user (or units the caller already scoped) and returns querysets
whose query count does not grow with the rows. Per-unit recommendation figures read the
recommendation summary (`models.RecommendationSummary`, kept exact by `inspections.summaries`)
with the same `recommendation_conditions`; lists and per-inspection counts read the raw rows.
"""

from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from cchc_portal import summaries
from cchc_portal.inputs import to_int
from cchc_portal.models import Unit

from . import permissions
from .models import (
    ChecklistCriterion,
    ChecklistResult,
    EvidenceFile,
    Finding,
    Inspection,
    Recommendation,
    RecommendationSummary,
    RemediationReport,
    ShortcomingType,
    recommendation_conditions,
)

# The rate's one definition, for the apps that read recommendations through these selectors.
from .models.remediation import acceptance_rate

RecStatus = Recommendation.Status


def _count_subquery(queryset, group_field):
    """COUNT(*) of `queryset` rows per `group_field` = OuterRef("pk"), 0 when none."""
    rows = (
        queryset.filter(**{group_field: OuterRef("pk")})
        .order_by()
        .values(group_field)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_recommendation_counts(inspections, today=None, *, states=None):
    """Inspections annotated with their recommendations by state: rec_total, rec_open,
    rec_reported (rec_submitted, the same), rec_accepted, rec_overdue (as of `today`); only
    those of `states` (e.g. ("total", "overdue")) when given: each is a correlated
    subquery to compile and run."""
    today = today or timezone.localdate()
    recs = Recommendation.objects.all()
    counted = {
        "total": lambda: recs,
        "open": recs.open,
        "reported": recs.reported,
        "accepted": recs.accepted,
        "overdue": lambda: recs.overdue(today),
    }
    annotations = {
        f"rec_{state}": _count_subquery(rows(), "inspection")
        for state, rows in counted.items()
        if states is None or state in states
    }
    if "rec_reported" in annotations:
        annotations["rec_submitted"] = annotations["rec_reported"]
    return inspections.annotate(**annotations)


def inspection_rows(user, *, year=None, unit=None, status=None, kind=None):
    """The inspection list's rows: each inspection with its unit and lead, and the counts
    the list shows (recommendations in all, accepted, overdue)."""
    rows = Inspection.objects.for_user(user).select_related("unit", "lead")
    if year:
        rows = rows.filter(start_on__year=year)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return with_recommendation_counts(rows, states=("total", "accepted", "overdue"))


def inspection_years(user):
    return sorted(
        {d.year for d in Inspection.objects.for_user(user).dates("start_on", "year", order="DESC")}
        | {timezone.localdate().year},
        reverse=True,
    )


def reports_prefetch():
    """A recommendation's reports with their people and files, in the models' order spelled
    out on the ids: the default orderings go through the recommendation to its inspection,
    a join per level for nothing."""
    return Prefetch(
        "reports",
        queryset=RemediationReport.objects.select_related("submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch("files", queryset=EvidenceFile.objects.order_by("report_id", "pk"))
        )
        .order_by("recommendation_id", "submitted_at", "pk"),
    )


def recommendations_for_inspection(user, inspection):
    """The inspection's recommendations the user sees, by number (the caller sets their
    `inspection`, which it already holds)."""
    return (
        Recommendation.objects.for_user(user)
        .filter(inspection=inspection)
        .select_related("responsible_unit", "finding")
        .prefetch_related(reports_prefetch())
        .order_by("number")
    )


def findings_for_inspection(user, inspection):
    return (
        Finding.objects.for_user(user)
        .filter(inspection=inspection)
        .select_related("area", "shortcoming_type", "checklist_result")
        .order_by("kind", "order", "pk")
    )


def checklist_summary(inspection):
    """How far the checklist is filled: criteria, marked, met, not met, not applicable."""
    if not inspection.checklist_template_id:
        return None
    criteria = ChecklistCriterion.objects.filter(
        template_id=inspection.checklist_template_id, is_active=True
    ).count()
    counts = ChecklistResult.objects.filter(inspection=inspection).aggregate(
        marked=Count("pk"),
        met=Count("pk", filter=Q(result=ChecklistResult.Result.MET)),
        not_met=Count("pk", filter=Q(result=ChecklistResult.Result.NOT_MET)),
        not_applicable=Count("pk", filter=Q(result=ChecklistResult.Result.NOT_APPLICABLE)),
    )
    return {"criteria": criteria, **counts}


def checklist_rows(inspection):
    """The checklist grouped by reform area: [(area, [(criterion, result or None), ...])].

    Inactive criteria still show when they were marked at this inspection.
    """
    results = {
        r.criterion_id: r
        for r in ChecklistResult.objects.filter(inspection=inspection).select_related("finding")
    }
    criteria = (
        ChecklistCriterion.objects.filter(template_id=inspection.checklist_template_id)
        .filter(Q(is_active=True) | Q(pk__in=list(results)))
        .select_related("area", "shortcoming_type")
        .order_by("area__order", "order", "pk")
    )
    return [
        (area, [(criterion, results.get(criterion.pk)) for criterion in items])
        for area, items in groupby(criteria, key=lambda c: c.area)
    ]


def recommendation_rows(user, *, status=None, overdue=False, unit=None, year=None, today=None):
    """Issued recommendations in the user's scope, for lists and dashboards' drill-downs."""
    rows = (
        Recommendation.objects.for_user(user)
        .issued()
        .select_related("responsible_unit", "inspection__unit")
        .order_by("due_on", "inspection_id", "number")
    )
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.overdue(today)
    if unit is not None:
        rows = rows.filter(responsible_unit__path__startswith=unit.path)
    if year:
        rows = rows.filter(inspection__start_on__year=year)
    return rows


def remediation_rows(user):
    """What the user's own unit must remediate: not yet accepted first, soonest deadline first."""
    if not user.is_authenticated or user.unit_id is None:
        return Recommendation.objects.none()
    return (
        Recommendation.objects.for_user(user)
        .issued()
        .addressed_to(user.unit)
        .select_related("responsible_unit", "inspection__unit")
        .prefetch_related(reports_prefetch())
        .order_by("status", "due_on", "number")
    )


def review_queue(user):
    """Reports awaiting review in the user's scope, oldest first."""
    return (
        Recommendation.objects.for_user(user)
        .awaiting_review()
        # The pending report (one at most per recommendation), joined rather than looked up
        # per row: the queue is sorted by it.
        .annotate(
            pending_report=FilteredRelation(
                "reports", condition=Q(reports__decision=RemediationReport.Decision.PENDING)
            ),
            submitted_at=F("pending_report__submitted_at"),
        )
        .select_related("responsible_unit", "inspection__unit")
        .prefetch_related(reports_prefetch())
        .order_by("submitted_at", "pk")
    )


REVIEW_PAGE_SIZE = 30


def review_queue_page(user, number, *, size=REVIEW_PAGE_SIZE, with_reports=True):
    """A page of `review_queue` (Django's Page, its recommendations loaded as
    `review_queue` loads them) and the count of the whole queue.

    Counting and ordering the queue joins every report awaiting review in scope: the count
    and the page's ids are kept in the shared cache under every unit's figures version (a
    report's submission or review, a recommendation's or an inspection's change stamp the
    recommendation's units, `inspections.summaries`; every unit's, since a recommendation
    read through the scope's inspections may address a unit outside it), per reader and
    page. The page's recommendations (with their reports and files unless `with_reports` is
    False) are then read by id, live."""
    number = to_int(number, low=1, high=10**6) or 1
    reader = permissions.reader_key(user)

    def compute():
        ids = review_queue(user).select_related(None).prefetch_related(None)
        page = Paginator(ids.values_list("pk", flat=True), size).get_page(number)
        return {"count": page.paginator.count, "number": page.number, "ids": list(page)}

    cached = summaries.cached_for_units(
        "inspections.review-queue",
        Unit.objects.all(),
        compute,
        parts=("review-queue-1", *reader, number, size),
    )
    page = Paginator(range(cached["count"]), size).get_page(cached["number"])
    rows = review_queue(user)
    rows = (rows if with_reports else rows.prefetch_related(None)).in_bulk(cached["ids"])
    page.object_list = [rows[pk] for pk in cached["ids"] if pk in rows]
    return page


def review_queue_rows(user):
    """The review queue for a table of its rows (the remediation board): the same rows in
    the same order, with only the responsible unit joined for display (no reports, no
    inspection: the row shows the pending report's submission time, `submitted_at`)."""
    return (
        review_queue(user)
        .select_related(None)
        .select_related("responsible_unit")
        .prefetch_related(None)
        .only(
            "pk",
            "number",
            "text",
            "due_on",
            "responsible_unit__name",
            "responsible_unit__short_name",
            "responsible_unit__path",
        )
    )


def shortcoming_recurrence(user, *, year=None):
    """The catalogue with how often each type was found in the user's scope, most first:
    findings, distinct units, and how many of those findings' recommendations are accepted."""
    findings = Finding.objects.for_user(user).filter(
        inspection__status__in=Inspection.ISSUED_STATUSES
    )
    if year:
        findings = findings.filter(inspection__start_on__year=year)
    per_type = {
        row["shortcoming_type"]: row
        for row in findings.filter(shortcoming_type__isnull=False)
        .order_by()
        .values("shortcoming_type")
        .annotate(
            finding_count=Count("pk", distinct=True),
            unit_count=Count("inspection__unit", distinct=True),
            last_found_on=Max("inspection__start_on"),
        )
    }
    types = list(ShortcomingType.objects.select_related("area"))
    for item in types:
        row = per_type.get(item.pk, {})
        item.finding_count = row.get("finding_count", 0)
        item.unit_count = row.get("unit_count", 0)
        item.last_found_on = row.get("last_found_on")
    types.sort(key=lambda t: (-t.finding_count, -t.unit_count, t.order, t.name))
    return types


def _held_within(recommendations, first_day, last_day):
    """Recommendations of inspections held (visit date) within [first_day, last_day]."""
    if first_day is not None:
        recommendations = recommendations.filter(inspection__start_on__gte=first_day)
    if last_day is not None:
        recommendations = recommendations.filter(inspection__start_on__lte=last_day)
    return recommendations


class _Total(Func):
    """SUM as a plain function: a scalar subquery without GROUP BY (one row, NULL when none)."""

    function = "SUM"
    output_field = IntegerField()


def _sum_subquery(summary_rows):
    """SUM(recommendations) of `summary_rows` addressed to OuterRef("pk"), 0 when none."""
    rows = (
        summary_rows.filter(responsible_unit=OuterRef("pk"))
        .order_by()
        .annotate(n=_Total("recommendations"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _state_counts(first_day, last_day, today):
    """The per-unit subqueries of every state (read from the summary), keyed by state."""
    today = today or timezone.localdate()
    held = RecommendationSummary.objects.held_within(first_day, last_day)
    return {
        state: _sum_subquery(held.filter(condition))
        for state, condition in recommendation_conditions(today).items()
    }


def recommendation_states_by_unit(units, *, first_day=None, last_day=None, today=None):
    """`units` annotated with the issued recommendations addressed to each unit, by state as
    of `today`: recommendations_total, _open (to remediate), _reported (awaiting review),
    _accepted, _not_accepted (open + reported), _overdue; and last_inspection_on / _id.

    With `first_day` / `last_day`, only recommendations of inspections held (visit date)
    within the period count, and the last inspection is the last one held within it;
    without, every inspection. One query whatever the number of units.
    """
    counts = _state_counts(first_day, last_day, today)
    return last_inspection_by_unit(units, first_day=first_day, last_day=last_day).annotate(
        **{f"recommendations_{state}": count for state, count in counts.items()}
    )


def _held(first_day, last_day):
    """Inspections held (started, not only planned) within the period (None: open-ended)."""
    held = Inspection.objects.exclude(status=Inspection.Status.PLANNED)
    if first_day is not None:
        held = held.filter(start_on__gte=first_day)
    if last_day is not None:
        held = held.filter(start_on__lte=last_day)
    return held


def _last_held(first_day, last_day):
    """Inspections of OuterRef("pk") held within the period, the last one first."""
    return _held(first_day, last_day).filter(unit=OuterRef("pk")).order_by("-start_on", "-pk")


def last_inspection_by_unit(units, *, first_day=None, last_day=None):
    """`units` annotated with last_inspection_on and last_inspection_id: the unit's last
    inspection held (started, not only planned) within [first_day, last_day], or ever."""
    last = _last_held(first_day, last_day)
    return units.annotate(
        last_inspection_on=Subquery(last.values("start_on")[:1]),
        last_inspection_id=Subquery(last.values("pk")[:1]),
    )


# --- grouped readers: one query per family, whatever the number of units ------------------

FIGURE_STATES = ("total", "open", "reported", "accepted", "not_accepted", "overdue")


def recommendation_figures_by_unit(units, *, first_day=None, last_day=None, today=None):
    """{unit_id: {"recommendations_total", "_open", "_reported", "_accepted",
    "_not_accepted", "_overdue"}}: the meaning of `recommendation_states_by_unit` (issued
    recommendations addressed to the unit by inspections held in the period, by status
    today, overdue as of `today`), one grouped query. Units with none are absent."""
    rows = (
        RecommendationSummary.objects.for_units(units)
        .held_within(first_day, last_day)
        .order_by()
        .values("responsible_unit_id")
        .annotate(**RecommendationSummary.objects.figure_sums(today or timezone.localdate()))
    )
    return {
        row["responsible_unit_id"]: {
            f"recommendations_{state}": row[state] for state in FIGURE_STATES
        }
        for row in rows
    }


def last_inspections_by_unit(units, *, first_day=None, last_day=None):
    """{unit_id: (start_on, inspection_id)}: each unit's last inspection held (started, not
    only planned) within [first_day, last_day], or ever; the meaning of
    `last_inspection_by_unit`, one query. Units never inspected are absent."""
    last_of_unit = _held(first_day, last_day).filter(unit=OuterRef("unit"))
    last = (
        _held(first_day, last_day)
        .for_units(units, "unit")
        .filter(pk=Subquery(last_of_unit.order_by("-start_on", "-pk").values("pk")[:1]))
        .order_by()
        .values_list("unit_id", "start_on", "pk")
    )
    return {unit_id: (start_on, pk) for unit_id, start_on, pk in last}


# --- the periodic reports: inspections whose visit falls in the period --------------------


def issued_inspections_in_period(units, first_day, last_day):
    """Inspections of the units whose conclusion is issued and whose visit falls in the period."""
    return (
        Inspection.objects.for_units(units, "unit")
        .filter(start_on__gte=first_day, start_on__lte=last_day)
        .issued()
    )


def inspections_in_period(units, first_day, last_day, today):
    """Those inspections, each with its recommendations counted by state (one query)."""
    return list(
        with_recommendation_counts(
            issued_inspections_in_period(units, first_day, last_day).select_related("unit"),
            today,
        ).order_by("start_on", "pk")
    )


def recommendation_totals(units, first_day, last_day, today):
    """The recommendations addressed to the units by the issued inspections held in the
    period, by state as of `today` (the overview's rule): total, open, reported (and
    submitted, the same), accepted, not_accepted, overdue, acceptance_rate (one query)."""
    counts = (
        RecommendationSummary.objects.for_units(units)
        .held_within(first_day, last_day)
        .aggregate(**RecommendationSummary.objects.figure_sums(today))
    )
    counts["acceptance_rate"] = acceptance_rate(counts["accepted"], counts["total"])
    counts["submitted"] = counts["reported"]
    return counts


def recommendations_of(inspections):
    """The recommendations of the inspections, in each inspection's numbered order."""
    return list(
        Recommendation.objects.filter(inspection__in=[i.pk for i in inspections])
        .select_related("inspection", "responsible_unit")
        .order_by("inspection__start_on", "inspection_id", "number")
    )


# Labels of stored choices, for documents built from frozen figures.
INSPECTION_KINDS = Inspection.Kind
RECOMMENDATION_STATUSES = Recommendation.Status


def plans_with_counts(plans):
    """Plans annotated with visits planned, done (started or later) and concluded."""
    visits = Inspection.objects.all()
    return plans.annotate(
        visit_count=_count_subquery(visits, "plan"),
        visits_started=_count_subquery(visits.exclude(status=Inspection.Status.PLANNED), "plan"),
        visits_concluded=_count_subquery(visits.issued(), "plan"),
    )


def checklists_with_counts(templates):
    criteria = ChecklistCriterion.objects.filter(is_active=True)
    return templates.annotate(
        criterion_count=_count_subquery(criteria, "template"),
        inspection_count=_count_subquery(Inspection.objects.all(), "checklist_template"),
    )


def recommendations_held_in(recommendations, *, starts_on, ends_on):
    """`recommendations` narrowed to those of inspections held from `starts_on` to `ends_on`."""
    return recommendations.filter(inspection__start_on__range=(starts_on, ends_on))


def shortcoming_types():
    """The shortcoming catalogue, e.g. to look one type up by pk."""
    return ShortcomingType.objects.all()


# --- the unit dashboard and the remediation board -------------------------------------------


def recommendations_to_remediate(user, unit, *, starts_on=None, ends_on=None):
    """Issued recommendations addressed to the unit and not yet accepted (of the inspections
    held from `starts_on` to `ends_on`, as the overview counts them; None: every period),
    soonest deadline first."""
    rows = (
        Recommendation.objects.for_user(user)
        .issued()
        .addressed_to(unit)
        .not_accepted()
        .select_related("inspection__unit", "responsible_unit")
        .order_by("due_on", "inspection_id", "number")
    )
    if starts_on is not None:
        rows = recommendations_held_in(rows, starts_on=starts_on, ends_on=ends_on)
    return rows


def _acceptance_duration():
    """From the conclusion being issued to the remediation being accepted."""
    return ExpressionWrapper(
        F("accepted_at") - F("inspection__concluded_at"), output_field=DurationField()
    )


def _review_duration():
    return ExpressionWrapper(F("reviewed_at") - F("submitted_at"), output_field=DurationField())


def overdue_by_unit(units, *, today=None):
    """Units with overdue recommendations, most overdue first (one query).

    Adds to `recommendation_states_by_unit` (of every period): oldest_overdue_on
    and average_acceptance (a timedelta, None when nothing was accepted yet). The counts and
    the oldest deadline come from the summary; only units with an overdue row are counted.
    """
    today = today or timezone.localdate()
    overdue = RecommendationSummary.objects.filter(recommendation_conditions(today)["overdue"])
    oldest = overdue.filter(responsible_unit=OuterRef("pk")).order_by("due_on").values("due_on")
    acceptance = (
        Recommendation.objects.issued()
        .filter(responsible_unit=OuterRef("pk"), status=RecStatus.ACCEPTED)
        .order_by()
        .values("responsible_unit")
        .annotate(average=Avg(_acceptance_duration()))
        .values("average")[:1]
    )
    with_overdue = units.filter(pk__in=overdue.values("responsible_unit_id"))
    return (
        recommendation_states_by_unit(with_overdue, today=today)
        .annotate(
            oldest_overdue_on=Subquery(oldest[:1]),
            average_acceptance=Subquery(acceptance, output_field=DurationField()),
        )
        .order_by("-recommendations_overdue", "oldest_overdue_on", "path")
    )


def acceptance_times(user):
    """How long remediation takes in the user's scope (two queries).

    accepted: recommendations accepted; average / longest: from the conclusion to the
    acceptance; reviewed: reports decided; review_average: from submission to decision.
    """
    accepted = (
        Recommendation.objects.for_user(user)
        .issued()
        .filter(status=RecStatus.ACCEPTED)
        .aggregate(
            accepted=Count("pk"),
            average=Avg(_acceptance_duration()),
            longest=Max(_acceptance_duration()),
        )
    )
    reviewed = (
        RemediationReport.objects.for_user(user)
        .exclude(decision=RemediationReport.Decision.PENDING)
        .aggregate(reviewed=Count("pk"), review_average=Avg(_review_duration()))
    )
    return {**accepted, **reviewed}


def recurring_shortcomings(user, *, year=None):
    """Shortcoming types found in the user's scope, the most widespread first (one query).

    Per type: unit_count, inspection_count, year_count, finding_count, first_found_on,
    last_found_on, recommendation_count and remediated_count (accepted recommendations).
    """
    findings = (
        Finding.objects.for_user(user)
        .shortcomings()
        # On the inspection joined anyway (its unit and visit date are counted), not a
        # second scan of the inspections.
        .filter(
            shortcoming_type__isnull=False,
            inspection__status__in=Inspection.ISSUED_STATUSES,
        )
    )
    if year:
        findings = findings.filter(inspection__start_on__year=year)
    return (
        findings.order_by()
        .values("shortcoming_type", "shortcoming_type__name", "shortcoming_type__order")
        .annotate(
            unit_count=Count("inspection__unit", distinct=True),
            inspection_count=Count("inspection", distinct=True),
            year_count=Count(ExtractYear("inspection__start_on"), distinct=True),
            finding_count=Count("pk", distinct=True),
            first_found_on=Min("inspection__start_on"),
            last_found_on=Max("inspection__start_on"),
            # A recommendation answers one finding: the join repeats no recommendation, so
            # no DISTINCT (each is a sort of every joined row).
            recommendation_count=Count("recommendations"),
            remediated_count=Count(
                "recommendations", filter=Q(recommendations__status=RecStatus.ACCEPTED)
            ),
        )
        .order_by(
            "-unit_count",
            "-inspection_count",
            "-finding_count",
            "shortcoming_type__order",
            "shortcoming_type__name",
        )
    )


def shortcoming_findings(user, shortcoming_type):
    """The issued findings of one shortcoming type in the user's scope, newest first."""
    return (
        Finding.objects.for_user(user)
        .filter(
            shortcoming_type=shortcoming_type,
            inspection__in=Inspection.objects.issued().values("pk"),
        )
        .select_related("inspection__unit", "area")
        .prefetch_related("recommendations")
        .order_by("-inspection__start_on", "inspection__unit__path", "order", "pk")
    )


# --- the PAR index's rules ------------------------------------------------------------------


def inspections_addressing_by_unit(units, *, first_day, last_day):
    """{unit_id: [{"inspection", "total", "accepted"}]}: the issued inspections held (visit
    date) in the period whose recommendations address each unit, with that unit's
    recommendations of each in all and accepted (`recommendation_conditions`), by visit date
    (two queries)."""
    accepted = recommendation_conditions()["accepted"]
    rows = list(
        Recommendation.objects.issued()
        .for_units(units, "responsible_unit")
        .filter(inspection__start_on__gte=first_day, inspection__start_on__lte=last_day)
        .order_by()
        .values("responsible_unit_id", "inspection_id")
        .annotate(total=Count("pk"), accepted=Count("pk", filter=accepted))
    )
    inspections = Inspection.objects.select_related("unit").in_bulk(
        {row["inspection_id"] for row in rows}
    )
    result = {}
    for row in rows:
        result.setdefault(row["responsible_unit_id"], []).append(
            {
                "inspection": inspections[row["inspection_id"]],
                "total": row["total"],
                "accepted": row["accepted"],
            }
        )
    for items in result.values():
        items.sort(key=lambda item: (item["inspection"].start_on, item["inspection"].pk))
    return result


def unit_inspections(user, unit):
    """The inspections of `unit` itself that `user` may see, newest first (the PAR index's
    evidence)."""
    return Inspection.objects.for_user(user).filter(unit=unit).order_by("-start_on", "-pk")
