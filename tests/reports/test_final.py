"""A submitted unit report is final, the admin included; its reopening is the return, which
records the reason in history."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cchc_portal.finality import RecordIsFinal, reported_through
from reports import services
from reports.models import ReportRound, UnitReport

D = datetime.date
REPORT_IS_FINAL = (
    "Báo cáo này đã gửi: không thể sửa hoặc xóa nữa. Phòng Nội vụ của đơn vị yêu cầu báo cáo "
    "có thể trả lại để bổ sung, nêu rõ lý do."
)


@pytest.fixture
def submitted(report, staff_user):
    services.report_submit(
        report=report, version=report.version, acting_user=staff_user, notify=False
    )
    report.refresh_from_db()
    return report


def test_admin_refuses_to_delete_a_submitted_unit_report(client_for, admin_user_, submitted):
    url = reverse("admin:reports_unitreport_delete", args=[submitted.pk])
    client = client_for(admin_user_)

    page = client.get(url)
    response = client.post(url, {"post": "yes"})

    assert page.status_code == 403
    assert response.status_code == 403
    assert REPORT_IS_FINAL in response.content.decode()
    assert UnitReport.objects.get(pk=submitted.pk).status == UnitReport.Status.SUBMITTED


def test_admin_refuses_to_edit_a_submitted_unit_report(client_for, admin_user_, submitted):
    url = reverse("admin:reports_unitreport_change", args=[submitted.pk])

    response = client_for(admin_user_).post(
        url, {"round": submitted.round_id, "unit": submitted.unit_id, "results": "Sửa sau."}
    )

    assert response.status_code == 403
    assert REPORT_IS_FINAL in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.results == ""


def test_admin_refuses_to_delete_a_round_with_a_submitted_report(
    client_for, admin_user_, submitted
):
    client = client_for(admin_user_)
    url = reverse("admin:reports_reportround_delete", args=[submitted.round_id])

    assert client.post(url, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:reports_unitreport_changelist"),
        {"action": "delete_selected", "_selected_action": [submitted.pk], "post": "yes"},
        follow=True,
    )
    assert f"Chưa xóa mục nào: {submitted} đã chốt. {REPORT_IS_FINAL}" in [
        str(m) for m in bulk.context["messages"]
    ]
    assert UnitReport.objects.filter(pk=submitted.pk).exists()


def test_a_submitted_report_refuses_a_model_or_cascaded_delete(submitted):
    with pytest.raises(RecordIsFinal) as by_model, transaction.atomic():
        submitted.delete()
    with pytest.raises(RecordIsFinal), transaction.atomic():
        ReportRound.objects.filter(pk=submitted.round_id).delete()

    assert by_model.value.messages == [REPORT_IS_FINAL]
    assert UnitReport.objects.filter(pk=submitted.pk).exists()


def test_the_return_reopens_it_with_the_reason_in_history(
    client_for, admin_user_, submitted, internal_affairs_user, ward
):
    # The nine months' window ends on 14/09 (Decree 09/2019/NĐ-CP).
    assert reported_through(ward.pk, 2022) == D(2022, 9, 14)

    services.report_return(
        report=submitted, acting_user=internal_affairs_user, comment="Thiếu số liệu quý III"
    )

    submitted.refresh_from_db()
    assert submitted.status == UnitReport.Status.RETURNED
    assert submitted.history.latest().history_change_reason == "Trả lại: Thiếu số liệu quý III"
    assert reported_through(ward.pk, 2022) is None
    url = reverse("admin:reports_unitreport_change", args=[submitted.pk])
    assert REPORT_IS_FINAL not in client_for(admin_user_).get(url).content.decode()


def test_reported_through_is_the_latest_submitted_period_of_the_year(
    city, ward, submitted, staff_user
):
    annual = ReportRound.objects.create(
        unit=city, year=2022, kind=ReportRound.Kind.ANNUAL, deadline=D(2022, 12, 20)
    )
    later = UnitReport.objects.create(round=annual, unit=ward)
    assert reported_through(ward.pk, 2022) == D(2022, 9, 14)
    services.report_submit(
        report=later,
        version=later.version,
        acting_user=staff_user,
        now=timezone.now(),
        notify=False,
    )
    assert reported_through(ward.pk, 2022) == D(2022, 12, 14)
    assert reported_through(ward.pk, 2023) is None


def test_the_rounds_admin_shows_its_reports_read_only(client_for, admin_user_, submitted):
    url = reverse("admin:reports_reportround_change", args=[submitted.round_id])

    page = client_for(admin_user_).get(url)

    assert page.status_code == 200
    inline = page.context["inline_admin_formsets"][0]
    assert (inline.has_add_permission, inline.formset.can_delete) == (False, False)
    # Nothing editable: the row's id and round, and the version it was shown at (every
    # versioned admin form carries it, `cchc_portal.versioning.VersionedAdminMixin`).
    assert list(inline.formset.forms[0].fields) == ["seen", "version", "id", "round"]
    assert all(
        inline.formset.forms[0].fields[name].widget.is_hidden for name in ("seen", "version")
    )
