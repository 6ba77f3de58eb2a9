"""Reads for the periodic reports.

Two kinds: (1) period figures for one unit or many, built on the other apps' public querysets
where their own selectors work by calendar year or by one plan only; (2) the rounds and the
reports owed, scoped to the user, with counts computed in SQL.

Counting rules are the reforms app's (see reforms/selectors.py): specific tasks count, and a
general task without any; cancelled tasks are left out; done after the deadline is late;
overdue means the deadline passed and the task was not done by the reference day.
"""

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc_portal.figures.months import months_between
from cchc_portal.models import Unit
from inspections.models import Inspection, Recommendation
from procedures.models import IntakeReport
from reforms.models import (
    IssuedDocument,
    OutreachActivity,
    OutreachYear,
    ReformArea,
    ReformModel,
    ReformPlan,
    ReformTask,
)

from .models import ReportRound, UnitReport, month_end

TaskStatus = ReformTask.Status


def _units_q(units, field="unit"):
    """Filter kwargs for one Unit or a Unit queryset."""
    if isinstance(units, Unit):
        return {field: units}
    return {f"{field}__in": units}


# --- reform plans --------------------------------------------------------------------------


def task_conditions(as_of):
    """The reforms app's task conditions, counted as of `as_of` (a date)."""
    done = Q(status=TaskStatus.DONE, completed_on__lte=as_of)
    active = ~Q(status=TaskStatus.CANCELLED)
    return {
        "total": active,
        "done": done,
        "done_on_time": done & (Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline"))),
        "done_late": done & Q(deadline__isnull=False, completed_on__gt=F("deadline")),
        "overdue": active & ~done & Q(deadline__lt=as_of),
        "cancelled": Q(status=TaskStatus.CANCELLED),
    }


def _task_aggregates(as_of):
    return {key: Count("pk", filter=cond) for key, cond in task_conditions(as_of).items()}


def plan_of(unit, year):
    return ReformPlan.objects.filter(unit=unit, year=year).select_related("document").first()


def plans_task_figures(units, year, as_of):
    """Tasks of every plan of `year` of the units, summed: (totals, {area_id: counts}, plans).

    Two queries (one per grouping) plus one counting the plans.
    """
    tasks = ReformTask.objects.filter(**_units_q(units, "plan__unit"), plan__year=year).counted()
    totals = tasks.aggregate(**_task_aggregates(as_of))
    by_area = {
        row.pop("area_id"): row
        for row in tasks.order_by().values("area_id").annotate(**_task_aggregates(as_of))
    }
    plans = ReformPlan.objects.filter(**_units_q(units), year=year).count()
    return totals, by_area, plans


def overdue_tasks(plan, as_of):
    """The plan's counted tasks overdue as of `as_of`, soonest deadline first (one query)."""
    condition = task_conditions(as_of)["overdue"]
    return list(
        ReformTask.objects.filter(plan=plan)
        .counted()
        .filter(condition)
        .select_related("area")
        .order_by("deadline", "area__order", "position", "pk")
    )


def areas():
    return list(ReformArea.objects.all())


# --- documents, outreach, reform models -----------------------------------------------------


def documents_in_period(units, first_day, last_day, *, with_items):
    """{kind: count} and "total" of documents issued in the period; the documents themselves
    when `with_items` (for one unit's report)."""
    documents = IssuedDocument.objects.filter(
        **_units_q(units), issued_on__gte=first_day, issued_on__lte=last_day
    )
    counts = documents.aggregate(
        total=Count("pk"),
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in IssuedDocument.Kind.values},
    )
    items = list(documents.order_by("issued_on", "number")) if with_items else []
    return counts, items


def outreach_in_period(units, first_day, last_day, year):
    """Outreach activities of the period: meetings with reform content, other forms,
    participants; and the meetings the units recorded holding in `year` (None if none did)."""
    counts = OutreachActivity.objects.filter(
        **_units_q(units), held_on__gte=first_day, held_on__lte=last_day
    ).aggregate(
        activities=Count("pk"),
        meetings_with_reform=Count("pk", filter=Q(form__in=OutreachActivity.MEETING_FORMS)),
        participants=Sum("participants", default=0),
    )
    held = OutreachYear.objects.filter(**_units_q(units), year=year).aggregate(
        meetings_held=Sum("meetings_count")
    )
    counts["other_activities"] = counts["activities"] - counts["meetings_with_reform"]
    counts["meetings_held"] = held["meetings_held"]
    return counts


def reform_models(units, year):
    """The units' reform models of `year` and their count by effectiveness (two queries)."""
    models = ReformModel.objects.filter(**_units_q(units), year=year)
    counts = models.aggregate(
        total=Count("pk"),
        **{
            value: Count("pk", filter=Q(effectiveness=value))
            for value in ReformModel.Effectiveness.values
        },
    )
    return counts, list(models.select_related("unit").order_by("unit__path", "name", "pk"))


# --- inspections ---------------------------------------------------------------------------


def _issued_inspections(units, first_day, last_day):
    return Inspection.objects.filter(
        **_units_q(units), start_on__gte=first_day, start_on__lte=last_day
    ).issued()


def inspections_in_period(units, first_day, last_day, today):
    """Inspections of the units whose conclusion is issued and whose visit falls in the period,
    each with its recommendations counted (total, accepted, submitted, overdue): one query."""
    recommendations = Recommendation.objects.all()

    def count(queryset):
        rows = (
            queryset.filter(inspection=OuterRef("pk"))
            .order_by()
            .values("inspection")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    return list(
        _issued_inspections(units, first_day, last_day)
        .select_related("unit")
        .annotate(
            rec_total=count(recommendations),
            rec_accepted=count(recommendations.filter(status=Recommendation.Status.ACCEPTED)),
            rec_submitted=count(recommendations.filter(status=Recommendation.Status.SUBMITTED)),
            rec_overdue=count(recommendations.overdue(today)),
        )
        .order_by("start_on", "pk")
    )


def recommendation_totals(units, first_day, last_day, today):
    """The same counts over all those inspections' recommendations (one query)."""
    inspections = _issued_inspections(units, first_day, last_day).values("pk")
    Status = Recommendation.Status
    overdue = (
        ~Q(status=Status.ACCEPTED)
        & Q(due_on__lt=today)
        & Q(inspection__status__in=Inspection.ISSUED_STATUSES)
    )
    return Recommendation.objects.filter(inspection__in=inspections).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        open=Count("pk", filter=Q(status=Status.OPEN)),
        overdue=Count("pk", filter=overdue),
    )


def recommendations_of(inspections):
    """The recommendations of the inspections, in each inspection's numbered order."""
    return list(
        Recommendation.objects.filter(inspection__in=[i.pk for i in inspections])
        .select_related("inspection", "responsible_unit")
        .order_by("inspection__start_on", "inspection_id", "number")
    )


# --- months without intake figures ----------------------------------------------------------


def missing_intake_months(units, first_month, last_month, as_of):
    """{unit: [months]} of the period (months ended by `as_of`) without any intake figures.

    One query for the months reported; `units` is one Unit or a queryset (one more query).
    """
    months = [m for m in months_between(first_month, last_month) if month_end(m) <= as_of]
    if not months:
        return {}
    unit_list = [units] if isinstance(units, Unit) else list(units.order_by("path"))
    reported = set(
        IntakeReport.objects.filter(**_units_q(units))
        .in_period(months[0], months[-1])
        .order_by()
        .values_list("unit_id", "month")
        .distinct()
    )
    missing = {}
    for unit in unit_list:
        gaps = [month for month in months if (unit.pk, month) not in reported]
        if gaps:
            missing[unit] = gaps
    return missing


# --- rounds and the reports owed -------------------------------------------------------------


def timeliness_filters():
    """Q filters splitting reports by their first submission against the round's deadline."""
    return {
        "on_time": Q(first_submitted_at__isnull=False)
        & Q(first_submitted_at__date__lte=F("round__deadline")),
        "late": Q(first_submitted_at__isnull=False)
        & Q(first_submitted_at__date__gt=F("round__deadline")),
        "missing": Q(first_submitted_at__isnull=True),
        "returned": Q(status=UnitReport.Status.RETURNED),
    }


def rounds_for(user, *, year=None):
    """Rounds the user sees, with the reports of units in the user's scope counted: owed,
    submitted on time, late, not yet submitted, returned (one query)."""
    rounds = ReportRound.objects.for_user(user).select_related("unit")
    if year is not None:
        rounds = rounds.filter(year=year)
    visible = UnitReport.objects.for_user(user).filter(round=OuterRef("pk"))

    def count(condition):
        rows = (
            visible.filter(condition)
            .order_by()
            .values("round")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    conditions = timeliness_filters()
    return rounds.annotate(
        owed_count=count(Q()),
        submitted_count=count(Q(first_submitted_at__isnull=False)),
        on_time_count=count(conditions["on_time"]),
        late_count=count(conditions["late"]),
        missing_count=count(conditions["missing"]),
        returned_count=count(conditions["returned"]),
    ).order_by("-year", "-last_month", "deadline", "unit__path")


def round_years(user):
    years = set(ReportRound.objects.for_user(user).values_list("year", flat=True).distinct())
    return sorted(years | {timezone.localdate().year}, reverse=True)


TIMELINESS_FILTERS = ("on_time", "late", "missing", "returned")


def round_reports(user, rnd, *, show=None):
    """The reports of a round the user sees, in tree order; `show` narrows to on_time, late,
    missing (not yet submitted) or returned."""
    reports = (
        UnitReport.objects.for_user(user)
        .filter(round=rnd)
        .select_related("unit", "round", "submitted_by")
        .annotate(submission_count=Count("submissions"))
        .order_by("unit__path")
    )
    if show in TIMELINESS_FILTERS:
        reports = reports.filter(timeliness_filters()[show])
    return reports


def round_counts(user, rnd):
    """Owed, on time, late, not yet submitted and returned among the round's reports in scope."""
    conditions = timeliness_filters()
    return (
        UnitReport.objects.for_user(user)
        .filter(round=rnd)
        .aggregate(
            owed=Count("pk"),
            submitted=Count("pk", filter=Q(first_submitted_at__isnull=False)),
            **{key: Count("pk", filter=condition) for key, condition in conditions.items()},
        )
    )


def round_units(user, rnd):
    """Units owing the round that the user sees: the units a roll-up sums over."""
    owing = UnitReport.objects.filter(round=rnd, unit=OuterRef("pk"))
    return Unit.objects.for_user(user).filter(Exists(owing))


def owed_reports(unit):
    """The unit's reports not yet submitted (or returned), soonest deadline first."""
    return (
        UnitReport.objects.filter(unit=unit)
        .not_submitted()
        .select_related("round", "round__unit", "unit")
        .order_by("round__deadline", "pk")
    )


def unit_reports(user, *, year=None):
    """Reports of the units in the user's scope, newest round first."""
    reports = UnitReport.objects.for_user(user).select_related("round", "round__unit", "unit")
    if year is not None:
        reports = reports.filter(round__year=year)
    return reports.order_by("-round__year", "-round__last_month", "round__deadline", "unit__path")
