"""Final means final: an issued conclusion and an accepted remediation change only by a
reopening, with its reason, by internal affairs in scope or an administrator."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from cchc_portal.factories import UserFactory
from cchc_portal.finality import RecordIsFinal
from cchc_portal.models import Role
from inspections import services
from inspections.factories import ConcludedInspectionFactory, RecommendationFactory
from inspections.models import Inspection, Recommendation, RemediationReport

REPORT_IS_FINAL = (
    "Báo cáo khắc phục này đã được chấp nhận: không thể sửa hoặc xóa nữa. "
    "Phòng Nội vụ có thể mở lại, nêu rõ lý do."
)
INSPECTION_IS_FINAL = (
    "Cuộc kiểm tra này đã ban hành kết luận: không thể sửa hoặc xóa nữa. "
    "Phòng Nội vụ có thể mở lại cuộc kiểm tra, nêu rõ lý do."
)
ISSUED_CONTENT_IS_FINAL = (
    "Cuộc kiểm tra này đã ban hành kết luận: không thể sửa hoặc xóa các nhận xét và kiến nghị "
    "của nó nữa. Phòng Nội vụ có thể mở lại cuộc kiểm tra, nêu rõ lý do."
)
NO_REASON = "Hãy nêu lý do mở lại."


@pytest.fixture
def accepted(submitted, internal_affairs_user, django_capture_on_commit_callbacks):
    """The ward's remediation accepted: the recommendation accepted, the inspection closed."""
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_accept(recommendation=submitted, reviewer=internal_affairs_user)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def issued_elsewhere(other_ward, inspector_user):
    """A second concluded inspection, its one recommendation not yet reported on."""
    inspection = ConcludedInspectionFactory(unit=other_ward, lead=inspector_user)
    return RecommendationFactory(inspection=inspection, responsible_unit=other_ward)


def text_of(response):
    return response.content.decode()


# --- the admin -----------------------------------------------------------------------------


def test_admin_refuses_to_delete_an_accepted_remediation_report(client_for, admin_user_, accepted):
    report = accepted.reports.get()
    url = reverse("admin:inspections_remediationreport_delete", args=[report.pk])
    client = client_for(admin_user_)

    page = client.get(url)
    response = client.post(url, {"post": "yes"})

    assert page.status_code == 403
    assert response.status_code == 403
    assert REPORT_IS_FINAL in text_of(response)
    assert RemediationReport.objects.filter(pk=report.pk).exists()
    accepted.refresh_from_db()
    assert accepted.status == Recommendation.Status.ACCEPTED


def test_admin_refuses_to_edit_an_accepted_reports_text(client_for, admin_user_, accepted):
    report = accepted.reports.get()
    url = reverse("admin:inspections_remediationreport_change", args=[report.pk])
    client = client_for(admin_user_)

    page = client.get(url)
    response = client.post(url, {"recommendation": accepted.pk, "text": "Sửa lại cho đẹp."})

    assert page.status_code == 200  # read-only, with the reason on top
    assert REPORT_IS_FINAL in text_of(page)
    assert response.status_code == 403
    assert REPORT_IS_FINAL in text_of(response)
    report.refresh_from_db()
    assert report.text == "Đã giao phiếu hẹn."


def test_admin_refuses_to_edit_a_concluded_inspections_notice_number(
    client_for, admin_user_, issued
):
    inspection = issued.inspection
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])

    response = client_for(admin_user_).post(url, {"notice_number": "999/TB-ĐKT"})

    assert response.status_code == 403
    assert INSPECTION_IS_FINAL in text_of(response)
    inspection.refresh_from_db()
    assert inspection.notice_number == "125/TB-ĐKT"


def test_admin_refuses_to_delete_a_concluded_inspection_alone_or_in_bulk(
    client_for, admin_user_, issued, planned
):
    inspection = issued.inspection
    client = client_for(admin_user_)

    single = client.post(
        reverse("admin:inspections_inspection_delete", args=[inspection.pk]), {"post": "yes"}
    )
    bulk = client.post(
        reverse("admin:inspections_inspection_changelist"),
        {"action": "delete_selected", "_selected_action": [inspection.pk], "post": "yes"},
        follow=True,
    )

    assert single.status_code == 403
    assert INSPECTION_IS_FINAL in text_of(single)
    assert bulk.status_code == 200
    assert f"Chưa xóa mục nào: {inspection} đã chốt. {INSPECTION_IS_FINAL}" in [
        str(m) for m in bulk.context["messages"]
    ]
    assert Inspection.objects.filter(pk=inspection.pk).exists()


def test_admin_still_edits_a_planned_inspection(client_for, admin_user_, planned):
    url = reverse("admin:inspections_inspection_delete", args=[planned.pk])
    assert client_for(admin_user_).post(url, {"post": "yes"}).status_code == 302
    assert not Inspection.objects.filter(pk=planned.pk).exists()


# --- the models ----------------------------------------------------------------------------


def test_final_rows_refuse_a_model_or_queryset_delete(accepted, issued_elsewhere):
    report = accepted.reports.get()

    # Each refusal inside its own savepoint: a refused delete, like any failed query, spoils
    # the transaction it runs in.
    with pytest.raises(RecordIsFinal) as by_model, transaction.atomic():
        report.delete()
    with pytest.raises(RecordIsFinal), transaction.atomic():
        RemediationReport.objects.filter(pk=report.pk).delete()
    with pytest.raises(RecordIsFinal) as by_queryset, transaction.atomic():
        Inspection.objects.filter(pk=issued_elsewhere.inspection_id).delete()
    with pytest.raises(RecordIsFinal), transaction.atomic():
        Recommendation.objects.filter(pk=issued_elsewhere.pk).delete()

    assert by_model.value.messages == [REPORT_IS_FINAL]
    # The cascade reaches the inspection's recommendations first.
    assert by_queryset.value.messages == [ISSUED_CONTENT_IS_FINAL]
    bare = ConcludedInspectionFactory(unit=issued_elsewhere.responsible_unit)
    with pytest.raises(RecordIsFinal) as alone, transaction.atomic():
        bare.delete()
    assert alone.value.messages == [INSPECTION_IS_FINAL]
    assert RemediationReport.objects.filter(pk=report.pk).exists()
    assert Recommendation.objects.filter(pk=issued_elsewhere.pk).exists()


# --- reopening an inspection ---------------------------------------------------------------


def test_internal_affairs_reopen_a_concluded_inspection_with_the_reason(
    issued, internal_affairs_user, inspector_user
):
    inspection = issued.inspection

    services.inspection_reopen(
        inspection=inspection, acting_user=internal_affairs_user, reason="Sai số thông báo"
    )

    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.IN_PROGRESS
    assert inspection.concluded_at is None
    latest = inspection.history.latest()
    assert latest.history_change_reason == "Mở lại: Sai số thông báo"
    assert latest.history_user == internal_affairs_user
    # The team can correct it again, then issue the conclusion anew.
    services.recommendation_update(
        recommendation=issued, acting_user=inspector_user, version=issued.version, text="Mới."
    )
    assert Recommendation.objects.get(pk=issued.pk).text == "Mới."


def test_reopening_needs_a_reason_and_the_right_role(
    issued, internal_affairs_user, inspector_user, staff_user, leadership_user, other_city
):
    inspection = issued.inspection
    foreign = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])

    with pytest.raises(ValidationError) as no_reason:
        services.inspection_reopen(
            inspection=inspection, acting_user=internal_affairs_user, reason="  "
        )
    for user in (inspector_user, staff_user, leadership_user, foreign):
        with pytest.raises(PermissionDenied):
            services.inspection_reopen(inspection=inspection, acting_user=user, reason="Sai")

    assert no_reason.value.message_dict == {"reason": [NO_REASON]}
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CONCLUDED


def test_an_inspection_a_unit_reported_on_is_not_reopened(submitted, internal_affairs_user):
    with pytest.raises(ValidationError) as error:
        services.inspection_reopen(
            inspection=submitted.inspection, acting_user=internal_affairs_user, reason="Sai"
        )
    assert error.value.messages == [
        "Đã có đơn vị báo cáo khắc phục một kiến nghị của cuộc kiểm tra này: hãy trả lại hoặc "
        "mở lại báo cáo đó trước."
    ]


def test_the_reopen_page(client_for, issued, internal_affairs_user, inspector_user, other_city):
    inspection = issued.inspection
    url = reverse("inspections:inspection-reopen", args=[inspection.pk])
    client = client_for(internal_affairs_user)

    detail = client.get(inspection.get_absolute_url())
    empty = client.post(url, {"reason": ""})

    assert url in text_of(detail)
    assert empty.status_code == 200
    assert NO_REASON in text_of(empty)
    assert client.post(url, {"reason": "Sai số thông báo"}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.IN_PROGRESS
    assert client_for(inspector_user).get(url).status_code == 403
    foreign = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    assert client_for(foreign).get(url).status_code == 404


# --- reopening an accepted remediation -----------------------------------------------------


def test_reopening_an_accepted_remediation(accepted, admin_user_):
    inspection = accepted.inspection
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CLOSED

    services.remediation_reopen(
        recommendation=accepted, acting_user=admin_user_, reason="Minh chứng chưa đủ"
    )

    accepted.refresh_from_db()
    inspection.refresh_from_db()
    report = accepted.reports.get()
    assert accepted.status == Recommendation.Status.SUBMITTED
    assert accepted.accepted_at is None
    assert report.decision == RemediationReport.Decision.PENDING
    assert inspection.status == Inspection.Status.CONCLUDED
    for row in (report, accepted, inspection):
        assert row.history.latest().history_change_reason == "Mở lại: Minh chứng chưa đủ"
    # Pending again: it can be returned to the unit now.
    assert report.delete()  # and it is no longer final


def test_reopening_a_remediation_needs_a_reason_and_the_right_role(
    accepted, internal_affairs_user, staff_user, inspector_user
):
    with pytest.raises(ValidationError) as no_reason:
        services.remediation_reopen(
            recommendation=accepted, acting_user=internal_affairs_user, reason=""
        )
    for user in (staff_user, inspector_user):
        with pytest.raises(PermissionDenied):
            services.remediation_reopen(recommendation=accepted, acting_user=user, reason="Sai")
    services.remediation_reopen(
        recommendation=accepted, acting_user=internal_affairs_user, reason="Lần một"
    )
    with pytest.raises(ValidationError) as not_accepted:
        services.remediation_reopen(
            recommendation=accepted, acting_user=internal_affairs_user, reason="Lần hai"
        )

    assert no_reason.value.message_dict == {"reason": [NO_REASON]}
    assert not_accepted.value.messages == ["Chỉ có thể mở lại kết quả khắc phục đã được chấp nhận."]


def test_the_reopen_acceptance_page(client_for, accepted, internal_affairs_user, staff_user):
    url = reverse("inspections:recommendation-reopen", args=[accepted.pk])
    client = client_for(internal_affairs_user)

    assert url in text_of(client.get(accepted.get_absolute_url()))
    assert NO_REASON in text_of(client.post(url, {"reason": ""}))
    assert client.post(url, {"reason": "Minh chứng chưa đủ"}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == Recommendation.Status.SUBMITTED
    assert client_for(staff_user).get(url).status_code == 403
