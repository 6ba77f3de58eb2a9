"""The plan figures' one definition (reforms.models.task_conditions) and its Python twins."""

import datetime
from decimal import Decimal

import pytest

from reforms import selectors
from reforms.factories import ReformPlanFactory, ReformTaskFactory, area
from reforms.models import ReformTask, completion_rate

D = datetime.date
Status = ReformTask.Status


@pytest.fixture
def plan(ward):
    """Six counted tasks under two general tasks, plus a general task with no specific task.

    done on time (15/03, deadline 31/03), done late (20/05, deadline 30/04), done after the
    snapshot day (10/07, deadline 30/06), in progress past its deadline (31/05), not started
    with a later deadline (31/12), cancelled (deadline 31/01), and a general task without
    specific tasks, not started, deadline 30/06.
    """
    plan = ReformPlanFactory(unit=ward, year=2022)
    first = ReformTaskFactory(plan=plan, area=area("procedures"), title="Chung 1")
    second = ReformTaskFactory(plan=plan, area=area("institutions"), title="Chung 2")

    def task(parent, **values):
        return ReformTaskFactory(parent=parent, **values)

    task(first, deadline=D(2022, 3, 31), status=Status.DONE, completed_on=D(2022, 3, 15))
    task(first, deadline=D(2022, 4, 30), status=Status.DONE, completed_on=D(2022, 5, 20))
    task(first, deadline=D(2022, 6, 30), status=Status.DONE, completed_on=D(2022, 7, 10))
    task(second, deadline=D(2022, 5, 31), status=Status.IN_PROGRESS)
    task(second, deadline=D(2022, 12, 31))
    task(
        second, deadline=D(2022, 1, 31), status=Status.CANCELLED, cancel_reason="Không còn phù hợp."
    )
    ReformTaskFactory(plan=plan, area=area("apparatus"), title="Chung 3", deadline=D(2022, 6, 30))
    return plan


def test_counted_tasks_are_the_specific_ones_and_a_general_task_without_any(plan):
    counted = ReformTask.objects.filter(plan=plan).counted()
    assert counted.count() == 7
    assert not counted.filter(title__in=["Chung 1", "Chung 2"]).exists()
    assert counted.filter(title="Chung 3").exists()


def test_figures_today(plan):
    figures = ReformTask.objects.filter(plan=plan).figures(today=D(2022, 8, 1))
    assert figures == {
        "total": 6,
        "done": 3,
        "done_on_time": 1,
        "done_late": 2,
        "overdue": 2,  # in progress past 31/05 and the general task past 30/06
        "cancelled": 1,
        "rate": Decimal("50.00"),
    }


def test_figures_as_of_a_date_count_done_only_by_that_day(plan):
    """As of 01/07: the task completed on 10/07 is not done yet, and it is overdue."""
    figures = ReformTask.objects.filter(plan=plan).figures(as_of=D(2022, 7, 1))
    assert (figures["done"], figures["done_late"], figures["total"]) == (2, 1, 6)
    assert figures["overdue"] == 3
    assert figures["rate"] == Decimal("33.33")


def test_a_cancelled_task_is_never_overdue_nor_in_the_total(plan):
    figures = ReformTask.objects.filter(plan=plan).figures(today=D(2023, 1, 15))
    assert (figures["total"], figures["cancelled"], figures["overdue"]) == (6, 1, 3)


def test_the_model_properties_are_the_same_rule_as_the_queryset(plan):
    for day in (D(2022, 1, 1), D(2022, 6, 1), D(2022, 7, 1), D(2022, 8, 1), D(2023, 1, 1)):
        tasks = ReformTask.objects.filter(plan=plan).counted()
        in_sql = set(tasks.overdue(as_of=day).values_list("pk", flat=True))
        in_python = {task.pk for task in tasks if task.is_overdue(as_of=day)}
        assert in_python == in_sql, day
        today_sql = set(tasks.overdue(today=day).values_list("pk", flat=True))
        assert {task.pk for task in tasks if task.is_overdue(day)} == today_sql, day
    late = {task.title for task in ReformTask.objects.filter(plan=plan) if task.is_late}
    late_sql = set(
        ReformTask.objects.filter(plan=plan)
        .filter(selectors.task_conditions()["done_late"])
        .values_list("title", flat=True)
    )
    assert late == late_sql
    assert len(late) == 2


def test_every_reader_of_the_plan_gives_the_same_numbers(plan, ward):
    as_of = D(2022, 7, 1)
    plan_figures = selectors.plan_figures(plan, as_of=as_of)
    progress = selectors.task_progress(ward, 2022, as_of=as_of)
    totals, by_area, plans = selectors.plans_task_figures(ward, 2022, as_of)
    annotated = selectors.task_progress_by_unit(
        type(ward).objects.filter(pk=ward.pk), 2022, as_of=as_of
    ).get()
    with_progress = selectors.plans_with_progress(type(plan).objects.filter(pk=plan.pk), as_of)
    row = with_progress.get()
    assert plans == 1
    assert plan_figures == totals == {key: progress[key] for key in plan_figures}
    assert (annotated.tasks_total, annotated.tasks_done, annotated.tasks_overdue) == (6, 2, 3)
    assert (row.tasks_total, row.tasks_done, row.tasks_overdue) == (6, 2, 3)
    assert sum(row["done"] for row in by_area.values()) == 2
    overdue = selectors.overdue_tasks(plan, as_of)
    assert [task.deadline for task in overdue] == [D(2022, 5, 31), D(2022, 6, 30), D(2022, 6, 30)]


def test_completion_rate_is_done_over_total():
    assert completion_rate(2, 3) == Decimal("66.67")
    assert completion_rate(0, 0) is None
