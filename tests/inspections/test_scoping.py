"""Who sees and does what: a canary in the sibling ward, its twin seen from the city, and
each role's limits (404 out of scope, 403 in scope without the right)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit
from inspections.factories import (
    ChecklistTemplateFactory,
    ConcludedInspectionFactory,
    FindingFactory,
    InspectionFactory,
    RecommendationFactory,
    RemediationReportFactory,
)
from inspections.models import EvidenceFile, Inspection, Recommendation

CANARY = "CANARY kiến nghị của phường Hai"


@pytest.fixture
def canary(other_ward, inspector_user, other_staff_user):
    """A concluded inspection of the sibling ward with a submitted report and a file."""
    inspection = ConcludedInspectionFactory(unit=other_ward, lead=inspector_user)
    FindingFactory(inspection=inspection, text="CANARY tồn tại")
    recommendation = RecommendationFactory(
        inspection=inspection,
        text=CANARY,
        status=Recommendation.Status.SUBMITTED,
        due_on=datetime.date(2022, 12, 1),
    )
    report = RemediationReportFactory(recommendation=recommendation, submitted_by=other_staff_user)
    evidence = EvidenceFile(report=report, name="canary.pdf", size=4)
    evidence.file.save("canary.pdf", ContentFile(b"%PDF"), save=True)
    return recommendation


def urls_of(recommendation):
    inspection = recommendation.inspection
    evidence = recommendation.reports.get().files.get()
    return [
        reverse("inspections:inspection-detail", args=[inspection.pk]),
        reverse("inspections:inspection-notice", args=[inspection.pk]),
        reverse("inspections:inspection-notice-pdf", args=[inspection.pk]),
        reverse("inspections:recommendation-detail", args=[recommendation.pk]),
        reverse("inspections:recommendation-report", args=[recommendation.pk]),
        reverse("inspections:recommendation-review", args=[recommendation.pk]),
        reverse("inspections:evidence-download", args=[evidence.pk]),
    ]


def test_ward_staff_get_404_for_the_sibling_ward(client_for, staff_user, canary):
    client = client_for(staff_user)
    for url in urls_of(canary):
        assert client.get(url).status_code == 404, url
    post = client.post(
        reverse("inspections:recommendation-report", args=[canary.pk]), {"text": "Chen ngang."}
    )
    assert post.status_code == 404
    assert canary.reports.count() == 1


def test_ward_staff_lists_leave_the_canary_out(client_for, staff_user, canary):
    client = client_for(staff_user)
    for name in ("inspection-list", "recommendation-list", "remediation-list"):
        html = client.get(reverse(f"inspections:{name}")).content.decode()
        assert CANARY not in html, name
        assert "Phường Hai</a>" not in html, name
    assert CANARY not in client.get("/").content.decode()


def test_the_city_sees_the_canary(client_for, internal_affairs_user, canary):
    client = client_for(internal_affairs_user)
    assert CANARY in client.get(reverse("inspections:recommendation-list")).content.decode()
    assert CANARY in client.get(reverse("inspections:review-queue")).content.decode()
    for url in urls_of(canary):
        if url.endswith("/report/"):
            continue  # reporting is the ward's job: 403 for the city
        assert client.get(url).status_code == 200, url


def test_another_city_gets_404(client_for, canary, other_city):
    far = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS, Role.Code.INSPECTOR])
    client = client_for(far)
    for url in urls_of(canary):
        assert client.get(url).status_code == 404, url
    html = client.get(reverse("inspections:inspection-list")).content.decode()
    assert "Phường Hai</a>" not in html
    assert (
        client.post(
            reverse("inspections:recommendation-review", args=[canary.pk]), {"decision": "accepted"}
        ).status_code
        == 404
    )


def test_the_sibling_wards_staff_report_on_their_own(client_for, other_staff_user, canary):
    client = client_for(other_staff_user)
    assert client.get(canary.get_absolute_url()).status_code == 200
    html = client.get(reverse("inspections:remediation-list")).content.decode()
    assert CANARY in html


def test_ward_staff_do_not_see_the_teams_drafts(client_for, staff_user, recommendation):
    client = client_for(staff_user)
    inspection = recommendation.inspection
    html = client.get(inspection.get_absolute_url()).content.decode()
    assert "Kết quả kiểm tra và kiến nghị sẽ hiển thị tại đây" in html
    assert "Không giao phiếu hẹn trả kết quả." not in html
    assert client.get(recommendation.get_absolute_url()).status_code == 404
    assert (
        "Giao phiếu hẹn cho mọi hồ sơ."
        not in client.get(reverse("inspections:recommendation-list")).content.decode()
    )


def test_leadership_reads_but_cannot_write(client_for, leadership_user, in_progress, submitted):
    client = client_for(leadership_user)
    inspection = Inspection.objects.get(pk=submitted.inspection_id)
    assert client.get(inspection.get_absolute_url()).status_code == 200
    forbidden = [
        reverse("inspections:finding-create", args=[inspection.pk]),
        reverse("inspections:inspection-edit", args=[inspection.pk]),
        reverse("inspections:recommendation-review", args=[submitted.pk]),
        reverse("inspections:recommendation-report", args=[submitted.pk]),
        reverse("inspections:inspection-create"),
        reverse("inspections:plan-create"),
        reverse("inspections:remediation-list"),
        reverse("inspections:review-queue"),
    ]
    for url in forbidden:
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("inspections:recommendation-review", args=[submitted.pk]),
        {"decision": "accepted"},
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Recommendation.Status.SUBMITTED


def test_an_inspector_writes_only_where_on_the_team(client_for, in_progress, city):
    outsider = UserFactory(unit=city, roles=[Role.Code.INSPECTOR])
    client = client_for(outsider)
    assert client.get(in_progress.get_absolute_url()).status_code == 200
    for name in (
        "finding-create",
        "recommendation-create",
        "inspection-snapshot",
        "inspection-conclude",
    ):
        assert client.get(reverse(f"inspections:{name}", args=[in_progress.pk])).status_code == 403
    response = client.post(
        reverse("inspections:finding-create", args=[in_progress.pk]),
        {"kind": "strength", "text": "Không được ghi."},
    )
    assert response.status_code == 403
    assert not in_progress.findings.exists()


def test_a_team_member_writes(client_for, in_progress, city):
    member = UserFactory(unit=city, roles=[Role.Code.INSPECTOR])
    in_progress.members.add(member)
    response = client_for(member).post(
        reverse("inspections:finding-create", args=[in_progress.pk]),
        {"kind": "strength", "text": "Niêm yết TTHC đầy đủ."},
    )
    assert response.status_code == 302
    assert in_progress.findings.get().text == "Niêm yết TTHC đầy đủ."


def test_a_department_below_the_city_reports_on_its_own_recommendation(
    client_for, city, inspector_user
):
    department = UnitFactory(
        name="Phòng Tư pháp", code="tu-phap", kind=Unit.Kind.DEPARTMENT, parent=city
    )
    clerk = UserFactory(unit=department, roles=[Role.Code.UNIT_STAFF])
    inspection = ConcludedInspectionFactory(unit=city, lead=inspector_user)
    recommendation = RecommendationFactory(inspection=inspection, responsible_unit=department)
    client = client_for(clerk)
    page = client.get(recommendation.get_absolute_url())
    assert page.status_code == 200
    # The department sees its recommendation, not the city's inspection page.
    assert f'href="{inspection.get_absolute_url()}"' not in page.content.decode()
    assert client.get(inspection.get_absolute_url()).status_code == 404
    assert (
        "Báo cáo khắc phục" in client.get(reverse("inspections:remediation-list")).content.decode()
    )


def test_checklists_of_another_city_are_out_of_reach(client_for, internal_affairs_user, other_city):
    template = ChecklistTemplateFactory(unit=other_city, name="CANARY bộ tiêu chí")
    client = client_for(internal_affairs_user)
    assert client.get(template.get_absolute_url()).status_code == 404
    assert (
        "CANARY bộ tiêu chí"
        not in client.get(reverse("inspections:checklist-list")).content.decode()
    )
    admin = UserFactory(unit=None, roles=[Role.Code.ADMINISTRATOR], is_superuser=True)
    assert client_for(admin).get(template.get_absolute_url()).status_code == 200


def test_a_province_checklist_serves_its_cities(client_for, internal_affairs_user, city):
    template = ChecklistTemplateFactory(unit=city.parent, name="Bộ tiêu chí của tỉnh")
    client = client_for(internal_affairs_user)
    assert client.get(template.get_absolute_url()).status_code == 200
    # ...but the city's internal affairs cannot edit the province's list.
    assert client.get(reverse("inspections:checklist-edit", args=[template.pk])).status_code == 403


def test_plans_of_the_city_are_not_for_wards(client_for, staff_user, city):
    from inspections.factories import InspectionPlanFactory

    plan = InspectionPlanFactory(unit=city)
    client = client_for(staff_user)
    assert client.get(reverse("inspections:plan-list")).status_code == 403
    # Outside the ward's scope: 404, as for any record it cannot see (a 403 says it exists).
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_inspections_list_shows_a_ward_its_own_inspections(
    client_for, staff_user, ward, inspector_user
):
    InspectionFactory(unit=ward, lead=inspector_user)
    html = client_for(staff_user).get(reverse("inspections:inspection-list")).content.decode()
    assert ">Phường Một</a>" in html
