"""Reads for the periodic reports: the rounds and the reports owed, scoped to the user, with
counts computed in SQL. A report's figures come from the owning apps' selectors
(see reports/figures.py)."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc_portal.models import Unit

from .models import ReportRound, ReportSubmission, UnitReport

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


def rounds_still_expected(user, limit):
    """The latest `limit` rounds the user sees that still miss reports of units in the
    user's scope (the home page's panel), latest deadline first, each with the counts of
    `rounds_for` that the panel shows (owed, submitted, late, missing). One grouped query
    over the reports in scope, then one for the rounds when any is still expected."""
    conditions = timeliness_filters()
    counts = (
        UnitReport.objects.for_user(user)
        .order_by()
        .values("round")
        .annotate(
            owed_count=Count("pk"),
            submitted_count=Count("pk", filter=Q(first_submitted_at__isnull=False)),
            late_count=Count("pk", filter=conditions["late"]),
            missing_count=Count("pk", filter=conditions["missing"]),
        )
        .filter(missing_count__gt=0)
    )
    by_round = {row.pop("round"): row for row in counts}
    if not by_round:
        return []
    rounds = list(
        ReportRound.objects.for_user(user)
        .filter(pk__in=list(by_round))
        .select_related("unit")
        .order_by("-deadline", "pk")[:limit]
    )
    for rnd in rounds:
        for name, value in by_round[rnd.pk].items():
            setattr(rnd, name, value)
    return rounds


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


def reports_of_year_by_unit(units, year):
    """{unit_id: [report]} of the reports the units owe for the rounds of `year`, soonest
    deadline first, each with `submitted_on_time` (`timeliness_filters`' on time) (one query)."""
    reports = (
        UnitReport.objects.for_units(units)
        .filter(round__year=year)
        .select_related("round")
        .annotate(
            submitted_on_time=Case(
                When(timeliness_filters()["on_time"], then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("unit_id", "round__deadline", "round__last_month", "pk")
    )
    result = {}
    for report in reports:
        result.setdefault(report.unit_id, []).append(report)
    return result


# --- level by level --------------------------------------------------------------------------


def matching_round(unit, rnd):
    """The round `unit` itself set for the same year, kind and quarter as `rnd` (the one its
    own units reported to), or None."""
    return (
        ReportRound.objects.filter(unit=unit, year=rnd.year, kind=rnd.kind, quarter=rnd.quarter)
        .exclude(pk=rnd.pk)
        .first()
    )


def collected(rnd):
    """[(report, its latest submission or None when not submitted)] of every unit owing `rnd`,
    in tree order (two queries). A report returned for correction counts as not submitted."""
    reports = list(
        UnitReport.objects.filter(round=rnd).select_related("unit", "round").order_by("unit__path")
    )
    submitted = [report.pk for report in reports if report.is_submitted]
    latest = {}
    for submission in ReportSubmission.objects.filter(report_id__in=submitted).order_by("number"):
        latest[submission.report_id] = submission
    return [(report, latest.get(report.pk)) for report in reports]


def round_subtree_units(user, rnd):
    """The units a round's roll-up sums over: every unit in the user's scope within the
    subtree of a unit owing the round (a province's round owed by cities sums their wards)."""
    paths = list(
        UnitReport.objects.filter(round=rnd).values_list("unit__path", flat=True).order_by()
    )
    if not paths:
        return Unit.objects.none()
    within = Q()
    for path in paths:
        within |= Q(path__startswith=path)
    return Unit.objects.for_user(user).filter(within)
