"""Services: task rules, progress updates, derived general status, copy, outreach, evaluation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reforms import services
from reforms.factories import (
    OutreachActivityFactory,
    ReformModelFactory,
    ReformTaskFactory,
    area,
)
from reforms.models import OutreachActivity, OutreachYear, ReformModel, ReformPlan, ReformTask
from reforms.selectors import task_progress

D = datetime.date
S = ReformTask.Status


def progress(task, **changes):
    fields = {"status": task.status, "completed_on": task.completed_on, **changes}
    return services.task_update_progress(task=task, version=task.version, **fields)


def test_marking_the_last_open_task_done_completes_the_general_task(plan, open_task, ward):
    progress(open_task, status=S.DONE, completed_on=D(2022, 10, 20))
    general = ReformTask.objects.get(plan=plan, parent__isnull=True)
    assert (general.status, general.completed_on) == (S.DONE, D(2022, 10, 20))
    figures = task_progress(ward, 2022, as_of=D(2022, 11, 1))
    assert (figures["done"], figures["total"], figures["overdue"]) == (3, 3, 0)
    assert (figures["done_on_time"], figures["done_late"]) == (1, 2)


def test_general_status_follows_its_specific_tasks(plan, open_task):
    general = open_task.parent
    for task in general.children.all():
        progress(task, status=S.CANCELLED, completed_on=None, cancel_reason="Không còn phù hợp")
    general.refresh_from_db()
    assert general.status == S.CANCELLED
    assert general.cancel_reason == "Tất cả nhiệm vụ cụ thể đã bị hủy."
    progress(ReformTask.objects.get(pk=open_task.pk), status=S.NOT_STARTED)
    general.refresh_from_db()
    assert (general.status, general.cancel_reason) == (S.NOT_STARTED, "")


def test_an_update_from_a_stale_form_is_refused(open_task):
    stale_version = open_task.version
    progress(open_task, note="Đã gửi hồ sơ lên phần mềm")
    with pytest.raises(services.StaleEdit):
        services.task_update_progress(
            task=open_task, version=stale_version, status=S.DONE, completed_on=D(2022, 10, 1)
        )
    open_task.refresh_from_db()
    assert (open_task.status, open_task.note) == (S.IN_PROGRESS, "Đã gửi hồ sơ lên phần mềm")


def test_a_completion_date_in_the_future_is_refused(open_task):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        progress(open_task, status=S.DONE, completed_on=tomorrow)
    assert error.value.message_dict == {
        "completed_on": ["Ngày hoàn thành không được sau ngày hôm nay."]
    }


def test_leaving_done_clears_the_completion_date(plan):
    task = plan.tasks.filter(status=S.DONE, parent__isnull=False).first()
    progress(task, status=S.IN_PROGRESS)
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (S.IN_PROGRESS, None)


def test_evidence_file_is_stored_under_media_root(open_task, settings):
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minh chung", "application/pdf")
    task = progress(open_task, evidence_file=upload)
    assert task.evidence_file.name.startswith(f"reforms/evidence/{open_task.plan.unit_id}/")
    assert task.evidence_file_name == "bien-ban.pdf"
    assert (settings.MEDIA_ROOT / task.evidence_file.name).read_bytes() == b"%PDF-1.4 minh chung"


def test_an_evidence_document_must_belong_to_the_unit(open_task, other_ward):
    from reforms.factories import IssuedDocumentFactory

    foreign = IssuedDocumentFactory(unit=other_ward)
    with pytest.raises(ValidationError) as error:
        progress(open_task, evidence_document=foreign)
    assert error.value.message_dict == {"evidence_document": ["Chọn văn bản của đơn vị này."]}


def test_a_specific_task_takes_its_general_tasks_area_and_needs_a_deadline(plan):
    general = plan.tasks.get(parent__isnull=True)
    task = services.task_create(
        plan=plan, parent=general, area=area("direction"), title="Mới", deadline=D(2022, 12, 1)
    )
    assert task.area == general.area
    assert task.position == 4
    with pytest.raises(ValidationError) as error:
        services.task_create(plan=plan, parent=general, title="Không hạn")
    assert error.value.message_dict == {"deadline": ["Nhiệm vụ cụ thể phải có thời hạn."]}


def test_a_parent_from_another_plan_is_refused(plan, canary_plan):
    foreign_general = canary_plan.tasks.get(parent__isnull=True)
    with pytest.raises(ValidationError) as error:
        services.task_create(plan=plan, parent=foreign_general, title="x", deadline=D(2022, 5, 1))
    assert error.value.message_dict == {"parent": ["Chọn một nhiệm vụ chung của cùng kế hoạch."]}


def test_changing_a_general_tasks_area_moves_its_specific_tasks(plan):
    general = plan.tasks.get(parent__isnull=True)
    services.task_edit(task=general, version=general.version, area=area("digital-government"))
    assert set(plan.tasks.values_list("area__code", flat=True)) == {"digital-government"}


def test_a_general_task_with_specific_tasks_cannot_be_deleted(plan, open_task):
    with pytest.raises(ValidationError):
        services.task_delete(task=open_task.parent)
    # Not yet due (an overdue task is cancelled instead: tests/reforms/test_final.py).
    ReformTask.objects.filter(pk=open_task.pk).update(deadline=timezone.localdate())
    open_task.refresh_from_db()
    services.task_delete(task=open_task)
    general = ReformTask.objects.get(plan=plan, parent__isnull=True)
    assert general.status == S.DONE  # the two remaining specific tasks are done


def test_copy_makes_next_years_draft_without_progress(plan, open_task):
    cancelled = ReformTaskFactory(
        parent=open_task.parent,
        deadline=D(2022, 2, 28),
        status=S.CANCELLED,
        cancel_reason="Trùng nhiệm vụ khác",
    )
    copy = services.plan_copy(source=plan)
    assert (copy.year, copy.is_draft, copy.copied_from) == (2023, True, plan)
    tasks = list(copy.tasks.order_by("parent_id", "position"))
    assert len(tasks) == 4
    assert cancelled.title not in {t.title for t in tasks}
    assert {t.status for t in tasks} == {S.NOT_STARTED}
    assert all(t.completed_on is None and not t.note and not t.evidence_file for t in tasks)
    copied_open = copy.tasks.get(title=open_task.title)
    assert copied_open.deadline == D(2023, 9, 30)
    assert copied_open.parent.plan == copy
    with pytest.raises(ValidationError) as error:
        services.plan_copy(source=plan)
    assert error.value.messages == ["Phường Một đã có kế hoạch CCHC năm 2023."]


def test_shift_year_handles_29_february():
    assert services.shift_year(D(2024, 2, 29)) == D(2025, 2, 28)


def test_meetings_total_cannot_be_below_recorded_meetings(ward):
    OutreachActivityFactory.create_batch(3, unit=ward, held_on=D(2022, 4, 1))
    OutreachActivityFactory(unit=ward, held_on=D(2022, 4, 2), form=OutreachActivity.Form.WEBSITE)
    with pytest.raises(ValidationError) as error:
        services.outreach_year_set(unit=ward, year=2022, meetings_count=2, version=0)
    assert error.value.message_dict["meetings_count"] == [
        "Đã ghi nhận 3 cuộc họp có nội dung CCHC trong năm 2022; tổng số cuộc họp không được thấp hơn."
    ]
    services.outreach_year_set(unit=ward, year=2022, meetings_count=3, version=0)
    # unchanged: no new history
    services.outreach_year_set(unit=ward, year=2022, meetings_count=3, version=1)
    row = OutreachYear.objects.get(unit=ward, year=2022)
    assert row.history.count() == 1


def test_evaluation_records_who_and_when_and_can_be_withdrawn(ward, internal_affairs_user):
    model = ReformModelFactory(unit=ward)
    services.reform_model_evaluate(
        model=model,
        version=1,
        effectiveness=ReformModel.Effectiveness.EFFECTIVE,
        reason="Người dân đồng tình",
        evaluated_by=internal_affairs_user,
    )
    model.refresh_from_db()
    assert (model.evaluated_by, model.evaluated_on) == (internal_affairs_user, timezone.localdate())
    services.reform_model_evaluate(
        model=model,
        version=2,
        effectiveness=ReformModel.Effectiveness.NOT_EVALUATED,
        reason="",
        evaluated_by=internal_affairs_user,
    )
    model.refresh_from_db()
    assert (model.evaluation_reason, model.evaluated_by, model.evaluated_on) == ("", None, None)


def test_import_refuses_a_plan_that_already_has_tasks(plan):
    with pytest.raises(ValidationError):
        services.plan_import_tasks(plan=plan, rows=[])
    assert ReformPlan.objects.count() == 1


def test_a_completion_date_outside_the_plan_year_needs_a_reason(open_task):
    # A task of the 2022 plan finished in January 2023 is legitimate once the note says why.
    with pytest.raises(ValidationError) as error:
        progress(open_task, status=S.DONE, completed_on=D(2023, 1, 10))
    assert error.value.message_dict == {
        "completed_on": [
            "Ngày hoàn thành 10/01/2023 không thuộc năm 2022 của kế hoạch: ghi lý do vào ô Ghi chú."
        ]
    }
    open_task.refresh_from_db()
    assert (open_task.status, open_task.completed_on) == (S.IN_PROGRESS, None)

    task = progress(
        open_task,
        status=S.DONE,
        completed_on=D(2023, 1, 10),
        note="Chờ phần mềm một cửa nâng cấp, hoàn thành đầu năm 2023.",
    )
    assert (task.status, task.completed_on) == (S.DONE, D(2023, 1, 10))
