"""Reform plan fixtures: a ward's plan and the sibling ward's canary plan."""

import datetime

import pytest

from reforms.factories import ReformPlanFactory, ReformTaskFactory, area
from reforms.models import ReformTask

D = datetime.date
S = ReformTask.Status


@pytest.fixture
def plan(ward):
    """The ward's 2022 plan: one general task with three specific tasks (2 done, 1 overdue)."""
    plan = ReformPlanFactory(unit=ward, year=2022)
    general = ReformTaskFactory(
        plan=plan, area=area("procedures"), title="Cải cách thủ tục hành chính", position=1
    )
    ReformTaskFactory(
        parent=general,
        title="Công khai thủ tục hành chính",
        deadline=D(2022, 3, 31),
        status=S.DONE,
        completed_on=D(2022, 3, 25),
        position=1,
    )
    ReformTaskFactory(
        parent=general,
        title="Rà soát thủ tục hành chính",
        deadline=D(2022, 6, 30),
        status=S.DONE,
        completed_on=D(2022, 7, 5),
        position=2,
    )
    ReformTaskFactory(
        parent=general,
        title="Thực hiện TTHC đất đai trên phần mềm một cửa",
        deadline=D(2022, 9, 30),
        status=S.IN_PROGRESS,
        position=3,
    )
    general.status = S.IN_PROGRESS
    general.save()
    return plan


@pytest.fixture
def open_task(plan):
    return plan.tasks.get(title="Thực hiện TTHC đất đai trên phần mềm một cửa")


@pytest.fixture
def canary_plan(other_ward):
    """The sibling ward's plan: the ward's staff must never see it."""
    plan = ReformPlanFactory(unit=other_ward, year=2022)
    general = ReformTaskFactory(plan=plan, title="CANARY nhiệm vụ chung")
    ReformTaskFactory(parent=general, title="CANARY nhiệm vụ cụ thể", deadline=D(2022, 5, 1))
    return plan
