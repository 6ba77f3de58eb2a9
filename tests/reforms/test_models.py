"""Absolute rules kept by the database (constraints and the parent trigger) and full_clean."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reforms.factories import (
    OutreachActivityFactory,
    OutreachYearFactory,
    ReformModelFactory,
    ReformPlanFactory,
    ReformTaskFactory,
    area,
)
from reforms.models import OutreachActivity, OutreachYear, ReformModel, ReformPlan, ReformTask

D = datetime.date
S = ReformTask.Status


def refused_by_database(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_one_plan_per_unit_and_year(ward):
    ReformPlanFactory(unit=ward, year=2022)
    duplicate = ReformPlan(unit=ward, year=2022)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == ["Đơn vị đã có kế hoạch CCHC của năm này."]
    refused_by_database(duplicate.save)
    ReformPlanFactory(unit=ward, year=2023)  # another year is fine


def test_done_needs_its_completion_date_and_only_done_has_one(plan):
    task = plan.tasks.get(status=S.IN_PROGRESS, parent__isnull=False)
    refused_by_database(lambda: ReformTask.objects.filter(pk=task.pk).update(status=S.DONE))
    refused_by_database(
        lambda: ReformTask.objects.filter(pk=task.pk).update(completed_on=D(2022, 5, 1))
    )
    task.status = S.DONE
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert "Nhiệm vụ hoàn thành phải có ngày hoàn thành" in error.value.messages[0]


def test_cancelled_needs_a_reason(plan):
    task = plan.tasks.filter(parent__isnull=False).first()
    refused_by_database(lambda: ReformTask.objects.filter(pk=task.pk).update(status=S.CANCELLED))
    ReformTask.objects.filter(pk=task.pk).update(
        status=S.CANCELLED, completed_on=None, cancel_reason="Không còn phù hợp"
    )


def test_a_specific_task_parent_must_be_a_general_task_of_the_same_plan(plan, canary_plan):
    general = plan.tasks.get(parent__isnull=True)
    specific = general.children.first()
    # Parent in another plan.
    refused_by_database(
        lambda: ReformTask.objects.create(
            plan=canary_plan, parent=general, area=general.area, title="x"
        )
    )
    # Parent that is itself a specific task (no third level).
    refused_by_database(
        lambda: ReformTask.objects.create(plan=plan, parent=specific, area=general.area, title="x")
    )
    # A general task with specific tasks cannot become specific, nor leave them in its plan.
    other_general = ReformTaskFactory(plan=plan, area=area("direction"))
    refused_by_database(
        lambda: ReformTask.objects.filter(pk=general.pk).update(parent=other_general)
    )
    refused_by_database(lambda: ReformTask.objects.filter(pk=general.pk).update(plan=canary_plan))
    # Moving a specific task to another general task of the same plan is allowed.
    ReformTask.objects.filter(pk=specific.pk).update(parent=other_general)


def test_counts_are_never_negative(ward):
    activity = OutreachActivityFactory(unit=ward, participants=5)
    refused_by_database(
        lambda: OutreachActivity.objects.filter(pk=activity.pk).update(participants=-1)
    )
    meetings = OutreachYearFactory(unit=ward, meetings_count=3)
    refused_by_database(
        lambda: OutreachYear.objects.filter(pk=meetings.pk).update(meetings_count=-1)
    )


def test_an_evaluation_needs_its_reasons(ward):
    model = ReformModelFactory(unit=ward)
    refused_by_database(
        lambda: ReformModel.objects.filter(pk=model.pk).update(
            effectiveness=ReformModel.Effectiveness.EFFECTIVE, evaluated_on=D(2022, 10, 26)
        )
    )
    model.effectiveness = ReformModel.Effectiveness.EFFECTIVE
    with pytest.raises(ValidationError) as error:
        model.full_clean()
    assert error.value.messages == ["Đánh giá phải có lý do và ngày đánh giá."]


def test_effective_lists_only_effective_models(ward):
    effective = ReformModelFactory(
        unit=ward,
        effectiveness=ReformModel.Effectiveness.EFFECTIVE,
        evaluation_reason="Phát huy kết quả rõ rệt",
        evaluated_on=D(2022, 10, 26),
    )
    ReformModelFactory(unit=ward)
    assert list(ReformModel.objects.effective()) == [effective]


def test_scoped_querysets_keep_the_users_subtree(
    plan, canary_plan, staff_user, internal_affairs_user
):
    assert set(ReformPlan.objects.for_user(staff_user)) == {plan}
    assert set(ReformPlan.objects.for_user(internal_affairs_user)) == {plan, canary_plan}
    titles = set(ReformTask.objects.for_user(staff_user).values_list("title", flat=True))
    assert not any(title.startswith("CANARY") for title in titles)
    assert len(titles) == 4
