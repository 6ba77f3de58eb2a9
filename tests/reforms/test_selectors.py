import datetime
from decimal import Decimal

import pytest

from cchc_portal.models import Unit
from reforms.factories import ReformPlanFactory, ReformTaskFactory, area
from reforms.models import ReformTask
from reforms.selectors import (
    completion_rate,
    plan_area_figures,
    plan_ids_by_unit,
    task_figures_by_unit,
    task_progress,
    task_progress_by_unit,
    units_with_plan,
)

D = datetime.date
S = ReformTask.Status


def done(on, **kwargs):
    return {"status": S.DONE, "completed_on": on, **kwargs}


@pytest.fixture
def plan(ward):
    """A 2022 plan: one general task with five specific ones, one general task on its own."""
    plan = ReformPlanFactory(unit=ward, year=2022)
    general = ReformTaskFactory(plan=plan, area=area("procedures"), status=S.IN_PROGRESS)
    ReformTaskFactory(parent=general, deadline=D(2022, 6, 30), **done(D(2022, 6, 1)))
    ReformTaskFactory(parent=general, deadline=D(2022, 6, 30), **done(D(2022, 7, 15)))
    ReformTaskFactory(parent=general, deadline=D(2022, 9, 30))  # not started, overdue
    ReformTaskFactory(parent=general, deadline=D(2022, 12, 31), status=S.IN_PROGRESS)
    ReformTaskFactory(parent=general, status=S.CANCELLED, cancel_reason="Không còn phù hợp")
    # A general task without specific tasks counts as one; no deadline means on time.
    ReformTaskFactory(plan=plan, area=area("direction"), **done(D(2022, 2, 1)))
    return plan


def test_task_progress_counts_specific_tasks_and_lonely_general_ones(plan, ward):
    progress = task_progress(ward, 2022, as_of=D(2022, 11, 1))
    assert progress == {
        "plan": plan,
        "total": 5,
        "done": 3,
        "done_on_time": 2,
        "done_late": 1,
        "overdue": 1,
        "cancelled": 1,
        "rate": Decimal("60.0"),
    }


def test_as_of_counts_only_tasks_completed_by_then(plan, ward):
    progress = task_progress(ward, 2022, as_of=D(2022, 7, 1))
    assert (progress["done"], progress["done_late"], progress["overdue"]) == (2, 0, 1)
    # On 01/07 the task finished on 15/07 was already past its 30/06 deadline: overdue then.
    assert progress["rate"] == Decimal("40.0")


def test_without_as_of_overdue_is_measured_against_today(plan, ward):
    progress = task_progress(ward, 2022)
    # Today is after 31/12/2022: the in-progress task is overdue too.
    assert progress["overdue"] == 2
    assert progress["done"] == 3


def test_no_plan_gives_none_and_an_empty_plan_no_rate(ward, other_ward):
    assert task_progress(ward, 2022) is None
    ReformPlanFactory(unit=other_ward, year=2022)
    progress = task_progress(other_ward, 2022)
    assert (progress["total"], progress["rate"]) == (0, None)


def test_rate_rounds_half_up_to_two_places():
    assert str(completion_rate(23, 24)) == "95.83"
    assert str(completion_rate(1, 8)) == "12.50"
    assert str(completion_rate(2, 3)) == "66.67"
    # 1/800 = 0,125 %: half up, not to the even 0,12.
    assert str(completion_rate(1, 800)) == "0.13"
    assert completion_rate(0, 0) is None


def test_figures_per_area(plan):
    rows = {row["area"].code: row for row in plan_area_figures(plan, as_of=D(2022, 11, 1))}
    assert list(rows) == ["direction", "procedures"]
    assert (rows["procedures"]["done"], rows["procedures"]["total"]) == (2, 4)
    assert rows["procedures"]["rate"] == Decimal("50.0")
    assert rows["direction"]["rate"] == Decimal("100.0")


def test_progress_by_unit_is_one_query_for_any_number_of_units(
    plan, ward, other_ward, city, django_assert_num_queries
):
    other = ReformPlanFactory(unit=other_ward, year=2022)
    ReformTaskFactory(plan=other, deadline=D(2022, 3, 1))
    ReformPlanFactory(unit=city, year=2021)  # another year: not counted
    units = task_progress_by_unit(
        Unit.objects.filter(pk__in=[ward.pk, other_ward.pk, city.pk]), 2022, as_of=D(2022, 11, 1)
    )
    with django_assert_num_queries(1):
        rows = {u.code: (u.tasks_total, u.tasks_done, u.tasks_overdue) for u in units}
    assert rows == {"ward-one": (5, 3, 1), "ward-two": (1, 0, 1), "city": (0, 0, 0)}


# --- grouped readers (the overview): one query each, whatever the number of units ----------


def test_task_figures_by_unit_groups_the_units_plans_in_one_query(
    plan, ward, other_ward, city, django_assert_num_queries
):
    ReformPlanFactory(unit=other_ward, year=2022)  # a plan without tasks: zeros, present
    ReformPlanFactory(unit=other_ward, year=2021)
    units = Unit.objects.filter(pk__in=[ward.pk, other_ward.pk, city.pk])
    with django_assert_num_queries(1):
        figures = task_figures_by_unit(units, 2022, D(2022, 11, 1))
    assert figures == {
        ward.pk: {"tasks_total": 5, "tasks_done": 3, "tasks_overdue": 1},
        other_ward.pk: {"tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0},
    }
    # As of an earlier day the task done on 15/07 was not done yet (and overdue then).
    assert task_figures_by_unit(ward, 2022, D(2022, 7, 10)) == {
        ward.pk: {"tasks_total": 5, "tasks_done": 2, "tasks_overdue": 1}
    }
    assert task_figures_by_unit(units, 2023, D(2023, 1, 1)) == {}


def test_plan_ids_and_units_with_plan_in_one_query_each(
    plan, ward, other_ward, city, django_assert_num_queries
):
    older = ReformPlanFactory(unit=other_ward, year=2021)
    units = Unit.objects.filter(pk__in=[ward.pk, other_ward.pk, city.pk])
    with django_assert_num_queries(1):
        assert plan_ids_by_unit(units, 2022) == {ward.pk: plan.pk}
    assert plan_ids_by_unit(units, 2021) == {other_ward.pk: older.pk}
    with django_assert_num_queries(1):
        assert units_with_plan(units) == {ward.pk, other_ward.pk}
    assert units_with_plan(city) == set()
