"""A task already counted is cancelled, never deleted; a plan whose figures a submitted report
counted keeps them, until internal affairs return the report (the reopening, with its reason)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cchc_portal.finality import RecordIsFinal
from reforms import services
from reforms.factories import OutreachActivityFactory, ReformTaskFactory
from reforms.models import OutreachActivity, ReformTask
from reports import services as report_services
from reports.factories import ReportRoundFactory, UnitReportFactory
from reports.models import ReportRound, UnitReport

D = datetime.date
S = ReformTask.Status
# The tasks' dates sit on calendar-month edges (a deadline of 30/09 inside the nine months):
# these tests count calendar months; the last ones check the same rules under Decree 09's
# windows, the default.
pytestmark = pytest.mark.usefixtures("calendar_months")
DONE_IS_COUNTED = (
    "Không thể xóa nhiệm vụ đã hoàn thành: nhiệm vụ đã được tính vào số liệu của kế hoạch. "
    "Nếu không muốn tính nữa, hãy hủy nhiệm vụ và nêu lý do."
)
OVERDUE_IS_COUNTED = (
    "Không thể xóa nhiệm vụ quá hạn: nhiệm vụ đã được tính vào số liệu của kế hoạch. "
    "Nếu sẽ không thực hiện, hãy hủy nhiệm vụ và nêu lý do."
)
REPORTED = (
    "Số liệu của kế hoạch này đã được báo cáo đến ngày 30/09/2022: không thể xóa nhiệm vụ nữa. "
    "Nếu có số liệu sai, Phòng Nội vụ cần trả lại báo cáo trước."
)
DATE_REPORTED = (
    "Số liệu của kế hoạch này đã được báo cáo đến ngày 30/09/2022: không thể thay đổi thời hạn "
    "hoặc ngày hoàn thành từ ngày đó trở về trước. Nếu có số liệu sai, Phòng Nội vụ cần trả lại "
    "báo cáo trước."
)
YEAR_REPORTED = (
    "Số liệu của kế hoạch này đã được báo cáo cả năm: không thể thay đổi các nhiệm vụ nữa. "
    "Nếu có số liệu sai, Phòng Nội vụ cần trả lại báo cáo trước."
)


def report_of(ward, city, kind=ReportRound.Kind.NINE_MONTHS):
    """The ward's 2022 report of `kind`, submitted."""
    rnd = ReportRoundFactory(unit=city, year=2022, kind=kind, deadline=D(2023, 1, 10))
    now = timezone.now()
    return UnitReportFactory(
        round=rnd,
        unit=ward,
        status=UnitReport.Status.SUBMITTED,
        first_submitted_at=now,
        submitted_at=now,
    )


@pytest.fixture
def done_task(plan):
    return plan.tasks.get(title="Công khai thủ tục hành chính")


@pytest.fixture
def not_due(plan):
    """A lonely general task with no deadline and nothing done: nothing counted but its total."""
    return ReformTaskFactory(plan=plan, title="Chưa đến hạn")


def delete_page(client, task):
    return client.post(reverse("reforms:task-delete", args=[task.pk]))


# --- deleting a task -----------------------------------------------------------------------


def test_unit_staff_cannot_delete_a_done_task_of_a_past_plan(client_for, staff_user, done_task):
    client = client_for(staff_user)
    page = client.get(reverse("reforms:task-delete", args=[done_task.pk]))
    response = delete_page(client, done_task)

    assert DONE_IS_COUNTED in page.content.decode()
    assert 'class="btn btn-danger" type="submit"' not in page.content.decode()
    assert response.status_code == 200
    assert DONE_IS_COUNTED in response.content.decode()
    assert ReformTask.objects.filter(pk=done_task.pk).exists()


def test_unit_staff_cannot_delete_an_overdue_task_of_a_past_plan(client_for, staff_user, open_task):
    response = delete_page(client_for(staff_user), open_task)

    assert response.status_code == 200
    assert OVERDUE_IS_COUNTED in response.content.decode()
    assert ReformTask.objects.filter(pk=open_task.pk).exists()


def test_a_task_not_yet_counted_is_still_deleted(client_for, staff_user, not_due):
    response = delete_page(client_for(staff_user), not_due)

    assert response.status_code == 302
    assert not ReformTask.objects.filter(pk=not_due.pk).exists()


def test_no_task_of_a_reported_plan_is_deleted_until_the_report_is_returned(
    client_for, staff_user, internal_affairs_user, not_due, ward, city
):
    rnd = ReportRoundFactory(unit=city, year=2022, deadline=D(2022, 10, 10))
    report = UnitReportFactory(round=rnd, unit=ward)
    report_services.report_submit(
        report=report, version=report.version, acting_user=staff_user, notify=False
    )
    client = client_for(staff_user)

    refused = delete_page(client, not_due)
    report_services.report_return(
        report=report, acting_user=internal_affairs_user, comment="Sai số liệu", notify=False
    )
    after_return = delete_page(client, not_due)

    assert refused.status_code == 200
    assert REPORTED in refused.content.decode()
    assert after_return.status_code == 302
    assert not ReformTask.objects.filter(pk=not_due.pk).exists()


def test_a_counted_task_is_cancelled_with_a_reason_instead(open_task, ward, city):
    report_of(ward, city)

    services.task_update_progress(
        task=open_task, version=open_task.version, status=S.CANCELLED, cancel_reason="Không khả thi"
    )

    open_task.refresh_from_db()
    assert (open_task.status, open_task.cancel_reason) == (S.CANCELLED, "Không khả thi")


# --- changing what a reported period counted ----------------------------------------------


def test_a_completion_dated_in_a_reported_period_is_refused(open_task, ward, city):
    report_of(ward, city)

    with pytest.raises(RecordIsFinal) as error:
        services.task_update_progress(
            task=open_task, version=open_task.version, status=S.DONE, completed_on=D(2022, 9, 15)
        )
    services.task_update_progress(
        task=open_task, version=open_task.version, status=S.DONE, completed_on=D(2022, 10, 5)
    )

    assert error.value.messages == [DATE_REPORTED]
    open_task.refresh_from_db()
    assert open_task.completed_on == D(2022, 10, 5)


def test_a_deadline_in_a_reported_period_cannot_move(open_task, ward, city):
    report_of(ward, city)

    with pytest.raises(RecordIsFinal) as error:
        services.task_edit(task=open_task, version=open_task.version, deadline=D(2022, 12, 31))

    assert error.value.messages == [DATE_REPORTED]
    assert ReformTask.objects.get(pk=open_task.pk).deadline == D(2022, 9, 30)


def test_a_plan_reported_for_the_whole_year_is_closed(plan, not_due, ward, city):
    report_of(ward, city, kind=ReportRound.Kind.ANNUAL)

    with pytest.raises(RecordIsFinal) as edit:
        services.task_edit(task=not_due, version=not_due.version, title="Đổi tên")
    with pytest.raises(RecordIsFinal) as create:
        services.task_create(plan=plan, title="Mới", area=not_due.area)

    assert edit.value.messages == [YEAR_REPORTED]
    assert create.value.messages == [YEAR_REPORTED]
    with pytest.raises(RecordIsFinal), transaction.atomic():
        plan.delete()


# --- the admin -----------------------------------------------------------------------------


def test_admin_refuses_to_delete_a_counted_task(client_for, admin_user_, done_task, open_task):
    client = client_for(admin_user_)

    single = client.post(
        reverse("admin:reforms_reformtask_delete", args=[done_task.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:reforms_reformtask_changelist"),
        {"action": "delete_selected", "_selected_action": [open_task.pk], "post": "yes"},
        follow=True,
    )

    assert single.status_code == 403
    assert DONE_IS_COUNTED in single.content.decode()
    assert f"Chưa xóa mục nào: {open_task.title} đã chốt. {OVERDUE_IS_COUNTED}" in [
        str(m) for m in bulk.context["messages"]
    ]
    assert ReformTask.objects.filter(pk__in=[done_task.pk, open_task.pk]).count() == 2


def test_admin_refuses_to_edit_a_task_of_a_plan_reported_for_the_year(
    client_for, admin_user_, not_due, ward, city
):
    report_of(ward, city, kind=ReportRound.Kind.ANNUAL)
    url = reverse("admin:reforms_reformtask_change", args=[not_due.pk])

    response = client_for(admin_user_).post(url, {"title": "Đổi tên"})

    assert response.status_code == 403
    assert YEAR_REPORTED in response.content.decode()
    assert ReformTask.objects.get(pk=not_due.pk).title == "Chưa đến hạn"


# --- outreach counted by a report ----------------------------------------------------------


def test_an_outreach_activity_a_report_counted_is_not_deleted(client_for, staff_user, ward, city):
    counted = OutreachActivityFactory(unit=ward, held_on=D(2022, 3, 15))
    later = OutreachActivityFactory(unit=ward, held_on=D(2022, 11, 5))
    report_of(ward, city)
    client = client_for(staff_user)

    refused = client.post(reverse("reforms:outreach-delete", args=[counted.pk]))
    allowed = client.post(reverse("reforms:outreach-delete", args=[later.pk]))

    assert refused.status_code == 200
    assert (
        "Hoạt động này đã được tính trong báo cáo đã gửi (đến ngày 30/09/2022): không thể xóa "
        "nữa. Nếu có sai sót, Phòng Nội vụ cần trả lại báo cáo trước."
    ) in refused.content.decode()
    assert allowed.status_code == 302
    assert list(OutreachActivity.objects.values_list("pk", flat=True)) == [counted.pk]


def test_admin_refuses_to_move_a_date_a_report_counted(
    client_for, admin_user_, open_task, ward, city
):
    report_of(ward, city)
    client = client_for(admin_user_)
    url = reverse("admin:reforms_reformtask_change", args=[open_task.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "evidence_file"
    }

    moved = client.post(url, {**data, "deadline": "2022-12-31"})
    renamed = client.post(url, {**data, "title": "Tên mới"})

    assert moved.status_code == 200
    assert DATE_REPORTED in moved.content.decode()
    assert renamed.status_code == 302
    open_task.refresh_from_db()
    assert (open_task.deadline, open_task.title) == (D(2022, 9, 30), "Tên mới")


@pytest.fixture
def decree_windows(settings, calendar_months):
    settings.REPORTING_WINDOWS = "decree09"


def test_under_decree_09_the_nine_months_are_reported_up_to_14_09(
    open_task, ward, city, decree_windows
):
    report_of(ward, city)

    with pytest.raises(RecordIsFinal) as error:
        services.task_update_progress(
            task=open_task, version=open_task.version, status=S.DONE, completed_on=D(2022, 9, 10)
        )
    assert error.value.messages == [DATE_REPORTED.replace("30/09/2022", "14/09/2022")]
    # 20/09 is in October's window: not yet reported.
    services.task_update_progress(
        task=open_task, version=open_task.version, status=S.DONE, completed_on=D(2022, 9, 20)
    )
    open_task.refresh_from_db()
    assert open_task.completed_on == D(2022, 9, 20)


def test_under_decree_09_the_years_report_to_14_12_closes_the_plan(
    plan, not_due, ward, city, decree_windows
):
    assert services.plan_final_reason(plan) is None
    report_of(ward, city, kind=ReportRound.Kind.ANNUAL)
    assert services.plan_reported_through(plan) == D(2022, 12, 14)
    assert services.plan_final_reason(plan) is not None
