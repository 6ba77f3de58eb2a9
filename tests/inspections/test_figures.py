"""Each recommendation state has one meaning (inspections.models.recommendation_conditions),
and the per-unit counts for a period read it."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc_portal.models import Unit
from inspections import selectors, services
from inspections.factories import (
    ConcludedInspectionFactory,
    InspectionFactory,
    RecommendationFactory,
)
from inspections.models import Inspection, Recommendation, acceptance_rate

D = datetime.date
Status = Recommendation.Status
TODAY = D(2023, 1, 15)


def test_a_returned_recommendation_counts_as_open_not_reported(
    submitted, internal_affairs_user, django_capture_on_commit_callbacks
):
    recommendations = Recommendation.objects.filter(pk=submitted.pk)
    assert recommendations.figures(TODAY)["reported"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_return(
            recommendation=submitted, reviewer=internal_affairs_user, comment="Thiếu minh chứng."
        )
    figures = recommendations.figures(TODAY)
    assert (figures["open"], figures["reported"], figures["not_accepted"]) == (1, 0, 1)
    assert figures["overdue"] == 1  # due 31/12/2022, not accepted on 15/01/2023


def test_draft_recommendations_are_never_counted(recommendation):
    """The inspection is in progress: its recommendation is not issued."""
    assert recommendation.inspection.status == Inspection.Status.IN_PROGRESS
    figures = Recommendation.objects.filter(pk=recommendation.pk).figures(TODAY)
    assert figures == {
        "total": 0,
        "open": 0,
        "reported": 0,
        "accepted": 0,
        "not_accepted": 0,
        "overdue": 0,
        "acceptance_rate": None,
    }
    assert not Recommendation.objects.overdue(TODAY).filter(pk=recommendation.pk).exists()


@pytest.fixture
def mixed(ward, other_ward):
    """Ward: a 2022 visit with 4 recommendations (open past due, reported past due, accepted
    past due, open due later), a 2026 visit with 1 open, and a draft (planned) one.
    The other ward: 1 accepted in 2022."""
    visit_2022 = ConcludedInspectionFactory(unit=ward, start_on=D(2022, 6, 14))
    visit_2026 = ConcludedInspectionFactory(unit=ward, start_on=D(2026, 12, 2))
    draft = InspectionFactory(unit=ward, start_on=D(2022, 11, 1), status=Inspection.Status.PLANNED)

    def rec(inspection, status, due_on, **values):
        if status == Status.ACCEPTED:
            values["accepted_at"] = timezone.now()
        return RecommendationFactory(inspection=inspection, status=status, due_on=due_on, **values)

    rec(visit_2022, Status.OPEN, D(2022, 9, 30))
    rec(visit_2022, Status.SUBMITTED, D(2022, 9, 30))
    rec(visit_2022, Status.ACCEPTED, D(2022, 9, 30))
    rec(visit_2022, Status.OPEN, D(2023, 3, 31))
    rec(visit_2026, Status.OPEN, D(2027, 3, 31))
    rec(draft, Status.OPEN, D(2022, 12, 1))
    other = ConcludedInspectionFactory(unit=other_ward, start_on=D(2022, 8, 1))
    rec(other, Status.ACCEPTED, D(2022, 10, 1))
    return {"2022": visit_2022, "2026": visit_2026, "draft": draft}


def test_each_state_has_one_meaning(mixed, ward):
    figures = Recommendation.objects.addressed_to(ward).figures(TODAY)
    assert figures == {
        "total": 5,
        "open": 3,
        "reported": 1,
        "accepted": 1,
        "not_accepted": 4,
        "overdue": 2,  # open and reported past 30/09/2022; accepted ones never overdue
        "acceptance_rate": Decimal("20.00"),
    }
    issued = Recommendation.objects.issued().addressed_to(ward)
    assert issued.open().count() + issued.reported().count() == issued.not_accepted().count()
    assert issued.awaiting_review().count() == 1
    overdue = {r.pk for r in issued.select_related("inspection") if r.is_overdue_on(TODAY)}
    assert overdue == set(Recommendation.objects.overdue(TODAY).values_list("pk", flat=True))


def test_acceptance_rate_is_accepted_over_issued():
    assert acceptance_rate(1, 3) == Decimal("33.33")
    assert acceptance_rate(0, 0) is None


def _row(units, unit):
    return {row.pk: row for row in units}[unit.pk]


def test_counts_by_unit_without_a_period_count_every_inspection(mixed, ward, other_ward):
    units = Unit.objects.filter(pk__in=[ward.pk, other_ward.pk])
    row = _row(selectors.recommendation_states_by_unit(units, today=TODAY), ward)
    assert (
        row.recommendations_total,
        row.recommendations_open,
        row.recommendations_reported,
        row.recommendations_accepted,
        row.recommendations_not_accepted,
        row.recommendations_overdue,
    ) == (5, 3, 1, 1, 4, 2)
    assert row.last_inspection_on == D(2026, 12, 2)
    assert row.last_inspection_id == mixed["2026"].pk


def test_counts_by_unit_for_a_period_leave_out_other_years(mixed, ward, other_ward):
    """The 2022 figures show neither the 2026 visit nor its recommendation."""
    units = Unit.objects.filter(pk__in=[ward.pk, other_ward.pk])
    rows = selectors.recommendation_states_by_unit(
        units, first_day=D(2022, 1, 1), last_day=D(2022, 12, 31), today=TODAY
    )
    row = _row(rows, ward)
    assert (
        row.recommendations_total,
        row.recommendations_open,
        row.recommendations_reported,
        row.recommendations_accepted,
        row.recommendations_overdue,
    ) == (4, 2, 1, 1, 2)
    assert row.last_inspection_on == D(2022, 6, 14)
    other = _row(rows, other_ward)
    assert (other.recommendations_total, other.recommendations_accepted) == (1, 1)


def test_a_period_without_inspections_has_no_last_inspection(mixed, ward):
    rows = selectors.last_inspection_by_unit(
        Unit.objects.filter(pk=ward.pk), first_day=D(2023, 1, 1), last_day=D(2023, 12, 31)
    )
    assert (rows.get().last_inspection_on, rows.get().last_inspection_id) == (None, None)
    counts = selectors.recommendation_states_by_unit(
        Unit.objects.filter(pk=ward.pk), first_day=D(2023, 1, 1), last_day=D(2023, 12, 31)
    ).get()
    assert (counts.recommendations_total, counts.recommendations_overdue) == (0, 0)


def test_the_inspection_list_and_the_report_count_the_same(mixed, ward):
    listed = selectors.with_recommendation_counts(
        Inspection.objects.filter(pk=mixed["2022"].pk), TODAY
    ).get()
    totals = selectors.recommendation_totals(ward, D(2022, 1, 1), D(2022, 12, 31), TODAY)
    assert (listed.rec_total, listed.rec_open, listed.rec_reported, listed.rec_accepted) == (
        4,
        2,
        1,
        1,
    )
    assert listed.rec_overdue == totals["overdue"] == 2
    assert (totals["total"], totals["open"], totals["reported"], totals["accepted"]) == (
        4,
        2,
        1,
        1,
    )


def test_grouped_figures_have_the_annotating_selectors_meaning(
    mixed, ward, other_ward, django_assert_num_queries
):
    units = Unit.objects.filter(pk__in=[ward.pk, other_ward.pk])
    with django_assert_num_queries(1):
        figures = selectors.recommendation_figures_by_unit(
            units, first_day=D(2022, 1, 1), last_day=D(2022, 12, 31), today=TODAY
        )
    assert figures == {
        ward.pk: {
            "recommendations_total": 4,
            "recommendations_open": 2,
            "recommendations_reported": 1,
            "recommendations_accepted": 1,
            "recommendations_not_accepted": 3,
            "recommendations_overdue": 2,
        },
        other_ward.pk: {
            "recommendations_total": 1,
            "recommendations_open": 0,
            "recommendations_reported": 0,
            "recommendations_accepted": 1,
            "recommendations_not_accepted": 0,
            "recommendations_overdue": 0,
        },
    }
    for row in selectors.recommendation_states_by_unit(
        units, first_day=D(2022, 1, 1), last_day=D(2022, 12, 31), today=TODAY
    ):
        assert figures[row.pk] == {key: getattr(row, key) for key in figures[row.pk]}
    every_year = selectors.recommendation_figures_by_unit(ward, today=TODAY)
    assert every_year[ward.pk]["recommendations_total"] == 5
    assert (
        selectors.recommendation_figures_by_unit(
            units, first_day=D(2023, 1, 1), last_day=D(2023, 12, 31), today=TODAY
        )
        == {}
    )


def test_grouped_last_inspections_leave_out_planned_visits_and_other_periods(
    mixed, ward, other_ward, django_assert_num_queries
):
    units = Unit.objects.filter(pk__in=[ward.pk, other_ward.pk])
    other = Inspection.objects.get(unit=other_ward)
    with django_assert_num_queries(1):
        last = selectors.last_inspections_by_unit(units)
    assert last == {
        ward.pk: (D(2026, 12, 2), mixed["2026"].pk),
        other_ward.pk: (D(2022, 8, 1), other.pk),
    }
    # The planned 01/11/2022 visit is later in 2022 but not held.
    assert selectors.last_inspections_by_unit(
        ward, first_day=D(2022, 1, 1), last_day=D(2022, 12, 31)
    ) == {ward.pk: (D(2022, 6, 14), mixed["2022"].pk)}
    assert (
        selectors.last_inspections_by_unit(units, first_day=D(2023, 1, 1), last_day=D(2023, 12, 31))
        == {}
    )
