"""The state machines: every legal move, every illegal one refused, freezing and closing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role
from inspections import services
from inspections.factories import (
    ChecklistCriterionFactory,
    ChecklistTemplateFactory,
    InspectionFactory,
    area,
    shortcoming_type,
)
from inspections.models import (
    ChecklistResult,
    Finding,
    Inspection,
    Recommendation,
    RemediationReport,
)
from notifications.models import Notification

from .conftest import conclude

Status = Inspection.Status
RecStatus = Recommendation.Status


# --- inspection: planned › in progress › concluded › closed ----------------------------


def test_start_moves_a_planned_inspection_and_records_who(planned, inspector_user):
    services.inspection_start(inspection=planned, acting_user=inspector_user)
    planned.refresh_from_db()
    assert planned.status == Status.IN_PROGRESS
    assert planned.started_by == inspector_user
    assert planned.snapshot_taken_at is not None
    latest = planned.history.first()
    assert latest.history_user == inspector_user
    assert latest.history_change_reason == "Bắt đầu kiểm tra"


def test_start_is_refused_twice(in_progress, inspector_user):
    with pytest.raises(services.TransitionNotAllowed, match="Chỉ cuộc kiểm tra chưa bắt đầu"):
        services.inspection_start(inspection=in_progress, acting_user=inspector_user)


def test_only_the_team_starts_an_inspection(planned, internal_affairs_user):
    with pytest.raises(PermissionDenied):
        services.inspection_start(inspection=planned, acting_user=internal_affairs_user)
    planned.refresh_from_db()
    assert planned.status == Status.PLANNED


def test_a_member_of_the_team_may_start(planned, internal_affairs_user):
    planned.members.add(internal_affairs_user)
    services.inspection_start(inspection=planned, acting_user=internal_affairs_user)
    planned.refresh_from_db()
    assert planned.status == Status.IN_PROGRESS


def test_conclusion_needs_a_finding(in_progress, inspector_user):
    with pytest.raises(services.TransitionNotAllowed, match="ít nhất một kết quả"):
        conclude(in_progress, inspector_user)


def test_a_planned_inspection_cannot_be_concluded(planned, inspector_user):
    Finding.objects.create(inspection=planned, kind="strength", text="Tốt.")
    with pytest.raises(services.TransitionNotAllowed, match="đang tiến hành"):
        conclude(planned, inspector_user)


def test_conclusion_issues_the_notice_and_tells_the_ward(
    recommendation, inspector_user, staff_user, other_staff_user, django_capture_on_commit_callbacks
):
    staff_user.email = "phuongmot@example.invalid"
    staff_user.save()
    inspection = recommendation.inspection
    with django_capture_on_commit_callbacks(execute=True):
        conclude(inspection, inspector_user)
    inspection.refresh_from_db()
    assert inspection.status == Status.CONCLUDED
    assert inspection.notice_number == "125/TB-ĐKT"
    assert inspection.concluded_by == inspector_user
    notes = list(Notification.objects.filter(kind="recommendation_issued"))
    assert [n.recipient for n in notes] == [staff_user]
    assert notes[0].text == "1 kiến nghị cần khắc phục sau cuộc kiểm tra ngày 01/11/2022"
    assert "1. Giao phiếu hẹn cho mọi hồ sơ. (thời hạn 31/12/2022)" in notes[0].body
    assert [m.to for m in mail.outbox] == [["phuongmot@example.invalid"]]
    assert mail.outbox[0].subject == notes[0].text


def test_no_mail_leaves_before_the_transaction_commits(
    recommendation, inspector_user, staff_user, django_capture_on_commit_callbacks
):
    staff_user.email = "phuongmot@example.invalid"
    staff_user.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        conclude(recommendation.inspection, inspector_user)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_concluding_without_recommendations_closes_at_once(shortcoming, inspector_user):
    inspection = shortcoming.inspection
    conclude(inspection, inspector_user)
    inspection.refresh_from_db()
    assert inspection.status == Status.CLOSED
    assert inspection.closed_at is not None


def test_concluding_twice_is_refused(issued, inspector_user):
    with pytest.raises(services.TransitionNotAllowed):
        conclude(issued.inspection, inspector_user)


def test_notice_cannot_be_dated_before_the_visit(recommendation, inspector_user):
    with pytest.raises(ValidationError):
        conclude(
            recommendation.inspection, inspector_user, notice_issued_on=datetime.date(2022, 10, 1)
        )
    recommendation.inspection.refresh_from_db()
    assert recommendation.inspection.status == Status.IN_PROGRESS


# --- freezing -------------------------------------------------------------------------


def test_conclusion_freezes_findings_and_recommendations(issued, inspector_user, ward):
    inspection = Inspection.objects.get(pk=issued.inspection_id)
    finding = issued.finding
    frozen = "Đã ban hành kết luận"
    user = inspector_user
    with pytest.raises(services.TransitionNotAllowed, match=frozen):
        services.finding_create(inspection=inspection, acting_user=user, kind="strength", text="x")
    with pytest.raises(services.TransitionNotAllowed, match=frozen):
        services.finding_update(
            finding=finding, acting_user=user, version=finding.version, text="Sửa."
        )
    with pytest.raises(services.TransitionNotAllowed, match=frozen):
        services.finding_delete(finding=finding, acting_user=user)
    with pytest.raises(services.TransitionNotAllowed, match=frozen):
        services.recommendation_create(
            inspection=inspection,
            acting_user=user,
            text="Thêm.",
            responsible_unit=ward,
            due_on=datetime.date(2023, 1, 31),
        )
    with pytest.raises(services.TransitionNotAllowed, match=frozen):
        services.recommendation_update(
            recommendation=issued, acting_user=user, version=issued.version, text="Sửa."
        )
    with pytest.raises(services.TransitionNotAllowed, match=frozen):
        services.recommendation_delete(recommendation=issued, acting_user=user)
    with pytest.raises(services.TransitionNotAllowed, match=frozen):
        services.inspection_snapshot_update(
            inspection=inspection, acting_user=user, version=inspection.version, tasks_total=1
        )
    assert Finding.objects.filter(inspection=inspection).count() == 1
    issued.refresh_from_db()
    assert issued.text == "Giao phiếu hẹn cho mọi hồ sơ."
    assert Recommendation.objects.filter(inspection=inspection).count() == 1


# --- recommendation: open › submitted › accepted / returned ---------------------------


def test_the_ward_submits_a_report_with_evidence(issued, staff_user):
    upload = SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    report = services.recommendation_submit_report(
        recommendation=issued, acting_user=staff_user, text="Đã giao phiếu hẹn.", files=[upload]
    )
    issued.refresh_from_db()
    assert issued.status == RecStatus.SUBMITTED
    assert report.decision == RemediationReport.Decision.PENDING
    assert report.submitted_by == staff_user
    assert [f.name for f in report.files.all()] == ["quyet-dinh.pdf"]
    assert report.files.get().size == 13
    assert issued.history.first().history_change_reason == "Gửi báo cáo khắc phục"


def test_no_report_before_the_conclusion(recommendation, staff_user):
    with pytest.raises(services.TransitionNotAllowed, match="Chưa ban hành kết luận"):
        services.recommendation_submit_report(
            recommendation=recommendation, acting_user=staff_user, text="Sớm quá."
        )


def test_no_second_report_while_one_awaits_review(submitted, staff_user):
    with pytest.raises(services.TransitionNotAllowed, match="cần khắc phục"):
        services.recommendation_submit_report(
            recommendation=submitted, acting_user=staff_user, text="Lần nữa."
        )
    assert submitted.reports.count() == 1


def test_an_empty_report_is_refused(issued, staff_user):
    with pytest.raises(ValidationError):
        services.recommendation_submit_report(
            recommendation=issued, acting_user=staff_user, text=" "
        )


def test_another_wards_staff_cannot_report(issued, other_staff_user):
    with pytest.raises(PermissionDenied):
        services.recommendation_submit_report(
            recommendation=issued, acting_user=other_staff_user, text="Không phải việc của tôi."
        )


def test_an_inspector_cannot_report_for_the_ward(issued, inspector_user):
    with pytest.raises(PermissionDenied):
        services.recommendation_submit_report(
            recommendation=issued, acting_user=inspector_user, text="Thay đơn vị."
        )


def test_accepting_the_last_recommendation_closes_the_inspection(
    submitted, internal_affairs_user, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.recommendation_accept(
            recommendation=submitted, reviewer=internal_affairs_user, comment="Đạt."
        )
    submitted.refresh_from_db()
    inspection = Inspection.objects.get(pk=submitted.inspection_id)
    assert submitted.status == RecStatus.ACCEPTED
    assert submitted.accepted_at is not None
    assert report.decision == RemediationReport.Decision.ACCEPTED
    assert report.reviewed_by == internal_affairs_user
    assert inspection.status == Status.CLOSED
    assert inspection.history.first().history_change_reason == (
        "Hoàn thành: tất cả kiến nghị đã được chấp nhận"
    )
    accepted = Notification.objects.get(kind="report_accepted")
    assert accepted.recipient == staff_user
    assert accepted.text == "Kiến nghị 1: kết quả khắc phục đã được chấp nhận"


def test_the_inspection_stays_open_while_a_recommendation_is_not_accepted(
    in_progress, shortcoming, inspector_user, staff_user, internal_affairs_user, ward
):
    first, second = (
        services.recommendation_create(
            inspection=in_progress,
            acting_user=inspector_user,
            text=text,
            responsible_unit=ward,
            due_on=datetime.date(2022, 12, 31),
        )
        for text in ("Thứ nhất.", "Thứ hai.")
    )
    conclude(in_progress, inspector_user)
    for rec in (first, second):
        services.recommendation_submit_report(
            recommendation=rec, acting_user=staff_user, text="Xong."
        )
    services.recommendation_accept(recommendation=first, reviewer=internal_affairs_user)
    in_progress.refresh_from_db()
    assert in_progress.status == Status.CONCLUDED
    services.recommendation_accept(recommendation=second, reviewer=internal_affairs_user)
    in_progress.refresh_from_db()
    assert in_progress.status == Status.CLOSED


def test_an_open_recommendation_cannot_be_accepted(issued, internal_affairs_user):
    with pytest.raises(services.TransitionNotAllowed, match="Chỉ chấp nhận được"):
        services.recommendation_accept(recommendation=issued, reviewer=internal_affairs_user)


def test_a_second_acceptance_is_refused(submitted, internal_affairs_user):
    stale = Recommendation.objects.get(pk=submitted.pk)
    services.recommendation_accept(recommendation=submitted, reviewer=internal_affairs_user)
    with pytest.raises(services.TransitionNotAllowed):
        services.recommendation_accept(recommendation=stale, reviewer=internal_affairs_user)
    assert RemediationReport.objects.filter(recommendation=submitted).count() == 1


def test_an_accepted_recommendation_cannot_be_returned(submitted, internal_affairs_user):
    services.recommendation_accept(recommendation=submitted, reviewer=internal_affairs_user)
    with pytest.raises(services.TransitionNotAllowed, match="Chỉ trả lại được"):
        services.recommendation_return(
            recommendation=submitted, reviewer=internal_affairs_user, comment="Muộn rồi."
        )


def test_returning_needs_a_comment(submitted, internal_affairs_user):
    with pytest.raises(ValidationError):
        services.recommendation_return(
            recommendation=submitted, reviewer=internal_affairs_user, comment="  "
        )
    submitted.refresh_from_db()
    assert submitted.status == RecStatus.SUBMITTED


def test_returned_reopens_and_the_ward_resubmits(
    submitted, internal_affairs_user, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_return(
            recommendation=submitted, reviewer=internal_affairs_user, comment="Thiếu minh chứng."
        )
    submitted.refresh_from_db()
    assert submitted.status == RecStatus.OPEN
    returned = Notification.objects.get(kind="report_returned")
    assert returned.recipient == staff_user
    assert "Thiếu minh chứng." in returned.body
    services.recommendation_submit_report(
        recommendation=submitted, acting_user=staff_user, text="Bổ sung quyết định."
    )
    services.recommendation_accept(recommendation=submitted, reviewer=internal_affairs_user)
    decisions = list(submitted.reports.order_by("submitted_at").values_list("decision", flat=True))
    assert decisions == ["returned", "accepted"]


def test_an_open_recommendation_cannot_be_returned(issued, internal_affairs_user):
    with pytest.raises(services.TransitionNotAllowed):
        services.recommendation_return(
            recommendation=issued, reviewer=internal_affairs_user, comment="?"
        )


def test_review_needs_internal_affairs_in_scope(submitted, leadership_user, other_city):
    with pytest.raises(PermissionDenied):
        services.recommendation_accept(recommendation=submitted, reviewer=leadership_user)
    far = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    with pytest.raises(PermissionDenied):
        services.recommendation_accept(recommendation=submitted, reviewer=far)


def test_report_submission_tells_internal_affairs_and_the_lead(
    issued, staff_user, internal_affairs_user, inspector_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_submit_report(
            recommendation=issued, acting_user=staff_user, text="Đã làm."
        )
    notes = Notification.objects.filter(kind="report_submitted").order_by("recipient__username")
    assert [n.recipient for n in notes] == [inspector_user, internal_affairs_user]
    assert notes[0].text == "Phường Một đã gửi báo cáo khắc phục kiến nghị 1"
    assert notes[0].link == f"/inspections/recommendations/{issued.pk}/"


# --- drafting -------------------------------------------------------------------------


def test_recommendation_numbers_follow_and_close_gaps(in_progress, inspector_user, ward):
    recs = [
        services.recommendation_create(
            inspection=in_progress,
            acting_user=inspector_user,
            text=f"Kiến nghị {i}",
            responsible_unit=ward,
            due_on=datetime.date(2022, 12, 31),
        )
        for i in range(3)
    ]
    assert [r.number for r in recs] == [1, 2, 3]
    services.recommendation_delete(recommendation=recs[0], acting_user=inspector_user)
    assert list(in_progress.recommendations.values_list("number", "text")) == [
        (1, "Kiến nghị 1"),
        (2, "Kiến nghị 2"),
    ]


def test_responsible_unit_must_be_within_the_unit_inspected(
    in_progress, inspector_user, other_ward
):
    with pytest.raises(ValidationError) as error:
        services.recommendation_create(
            inspection=in_progress,
            acting_user=inspector_user,
            text="Sai đơn vị.",
            responsible_unit=other_ward,
            due_on=datetime.date(2022, 12, 31),
        )
    assert "responsible_unit" in error.value.message_dict


def test_deadline_before_the_visit_is_refused(in_progress, inspector_user, ward):
    with pytest.raises(ValidationError):
        services.recommendation_create(
            inspection=in_progress,
            acting_user=inspector_user,
            text="Quá khứ.",
            responsible_unit=ward,
            due_on=datetime.date(2022, 1, 1),
        )


def test_a_stale_form_cannot_overwrite_a_newer_edit(shortcoming, inspector_user):
    version = shortcoming.version
    services.finding_update(
        finding=shortcoming, acting_user=inspector_user, version=version, text="Bản sửa thứ nhất."
    )
    with pytest.raises(services.ChangedMeanwhile):
        services.finding_update(
            finding=Finding.objects.get(pk=shortcoming.pk),
            acting_user=inspector_user,
            version=version,
            text="Bản sửa cũ.",
        )
    shortcoming.refresh_from_db()
    assert shortcoming.text == "Bản sửa thứ nhất."


def test_a_finding_with_recommendations_cannot_be_deleted(recommendation, inspector_user):
    with pytest.raises(services.TransitionNotAllowed, match="Hãy xóa các kiến nghị"):
        services.finding_delete(finding=recommendation.finding, acting_user=inspector_user)


def test_a_strength_has_no_shortcoming_type(in_progress, inspector_user):
    finding = services.finding_create(
        inspection=in_progress,
        acting_user=inspector_user,
        kind=Finding.Kind.STRENGTH,
        text="Niêm yết đầy đủ.",
        shortcoming_type=shortcoming_type("no-appointment-slip"),
    )
    assert finding.shortcoming_type is None


def test_an_inspector_off_the_team_cannot_record(in_progress, city):
    outsider = UserFactory(unit=city, roles=[Role.Code.INSPECTOR])
    with pytest.raises(PermissionDenied):
        services.finding_create(
            inspection=in_progress, acting_user=outsider, kind="strength", text="Không."
        )


def test_team_members_must_cover_the_unit(inspector_user, ward, other_city):
    far = UserFactory(unit=other_city, roles=[Role.Code.INSPECTOR])
    with pytest.raises(ValidationError, match="không thể tham gia đoàn"):
        services.inspection_create(
            acting_user=inspector_user,
            unit=ward,
            kind=Inspection.Kind.CCHC,
            start_on=datetime.date(2022, 11, 1),
            lead=inspector_user,
            members=[far],
        )


def test_only_a_planned_empty_inspection_can_be_deleted(in_progress, inspector_user, planned):
    with pytest.raises(services.TransitionNotAllowed):
        services.inspection_delete(inspection=in_progress, acting_user=inspector_user)
    fresh = InspectionFactory(unit=planned.unit, lead=inspector_user)
    services.inspection_delete(inspection=fresh, acting_user=inspector_user)
    assert not Inspection.objects.filter(pk=fresh.pk).exists()


# --- checklist ------------------------------------------------------------------------


@pytest.fixture
def checklist(in_progress, city):
    template = ChecklistTemplateFactory(unit=city)
    criterion = ChecklistCriterionFactory(
        template=template,
        area=area("procedures"),
        text="Giao phiếu hẹn trả kết quả",
        shortcoming_type=shortcoming_type("no-appointment-slip"),
    )
    Inspection.objects.filter(pk=in_progress.pk).update(checklist_template=template)
    in_progress.refresh_from_db()
    return criterion


def test_a_criterion_not_met_becomes_a_typed_shortcoming(in_progress, checklist, inspector_user):
    mark = services.checklist_mark(
        inspection=in_progress,
        criterion=checklist,
        acting_user=inspector_user,
        result=ChecklistResult.Result.NOT_MET,
        note="3/10 hồ sơ không có phiếu hẹn",
    )
    finding = mark.finding
    assert finding.kind == Finding.Kind.SHORTCOMING
    assert finding.text == "Giao phiếu hẹn trả kết quả: 3/10 hồ sơ không có phiếu hẹn"
    assert finding.shortcoming_type.code == "no-appointment-slip"
    assert finding.area.code == "procedures"


def test_a_new_note_rewrites_an_untouched_shortcoming(in_progress, checklist, inspector_user):
    kwargs = {"inspection": in_progress, "criterion": checklist, "acting_user": inspector_user}
    services.checklist_mark(**kwargs, result="not_met", note="3 hồ sơ")
    mark = services.checklist_mark(**kwargs, result="not_met", note="5 hồ sơ")
    assert mark.finding.text == "Giao phiếu hẹn trả kết quả: 5 hồ sơ"
    assert Finding.objects.filter(inspection=in_progress).count() == 1


def test_marking_met_again_removes_the_shortcoming(in_progress, checklist, inspector_user):
    kwargs = {"inspection": in_progress, "criterion": checklist, "acting_user": inspector_user}
    services.checklist_mark(**kwargs, result="not_met", note="3 hồ sơ")
    mark = services.checklist_mark(**kwargs, result="met", note="")
    assert mark.finding is None
    assert not Finding.objects.filter(inspection=in_progress).exists()


def test_a_shortcoming_with_recommendations_keeps_its_mark(
    in_progress, checklist, inspector_user, ward
):
    kwargs = {"inspection": in_progress, "criterion": checklist, "acting_user": inspector_user}
    mark = services.checklist_mark(**kwargs, result="not_met", note="3 hồ sơ")
    services.recommendation_create(
        inspection=in_progress,
        acting_user=inspector_user,
        text="Giao phiếu hẹn.",
        responsible_unit=ward,
        due_on=datetime.date(2022, 12, 31),
        finding=mark.finding,
    )
    with pytest.raises(services.TransitionNotAllowed, match="Đã có kiến nghị"):
        services.checklist_mark(**kwargs, result="met")
    assert ChecklistResult.objects.get(pk=mark.pk).result == "not_met"


def test_the_checklist_waits_for_the_start(planned, inspector_user, city):
    template = ChecklistTemplateFactory(unit=city)
    criterion = ChecklistCriterionFactory(template=template)
    Inspection.objects.filter(pk=planned.pk).update(checklist_template=template)
    planned.refresh_from_db()
    with pytest.raises(services.TransitionNotAllowed, match="bắt đầu cuộc kiểm tra"):
        services.checklist_mark(
            inspection=planned, criterion=criterion, acting_user=inspector_user, result="met"
        )


def test_a_criterion_of_another_checklist_is_refused(in_progress, checklist, inspector_user):
    stranger = ChecklistCriterionFactory(template=ChecklistTemplateFactory(unit=UnitFactory()))
    with pytest.raises(ValidationError):
        services.checklist_mark(
            inspection=in_progress, criterion=stranger, acting_user=inspector_user, result="met"
        )


def test_a_photo_must_be_a_picture(in_progress, checklist, inspector_user):
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.checklist_mark(
            inspection=in_progress,
            criterion=checklist,
            acting_user=inspector_user,
            result="met",
            photo=pdf,
        )
    assert not ChecklistResult.objects.exists()


def test_the_unit_inspected_is_fixed_once_started(in_progress, inspector_user, other_ward):
    with pytest.raises(services.TransitionNotAllowed, match="không thể đổi đơn vị"):
        services.inspection_update(
            inspection=in_progress,
            acting_user=inspector_user,
            version=Inspection.objects.get(pk=in_progress.pk).version,
            unit=other_ward,
        )


def test_no_report_on_an_accepted_recommendation(submitted, internal_affairs_user, staff_user):
    services.recommendation_accept(recommendation=submitted, reviewer=internal_affairs_user)
    with pytest.raises(services.TransitionNotAllowed):
        services.recommendation_submit_report(
            recommendation=submitted, acting_user=staff_user, text="Thêm nữa."
        )
    submitted.refresh_from_db()
    assert submitted.status == RecStatus.ACCEPTED
    assert submitted.reports.count() == 1
