"""Leadership is read-only whatever team it is put on: as a member or as the lead of an
inspection team it reads the working papers, and every write is refused (403), record
unchanged, with no button offering it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspections import services
from inspections.factories import ChecklistCriterionFactory, ChecklistTemplateFactory
from inspections.models import ChecklistResult, Finding, Inspection, Recommendation


def state(inspection):
    """Everything a write could change, to compare before and after."""
    row = Inspection.objects.values().get(pk=inspection.pk)
    return (
        row,
        sorted(inspection.members.values_list("pk", flat=True)),
        list(Finding.objects.filter(inspection=inspection).values().order_by("pk")),
        list(Recommendation.objects.filter(inspection=inspection).values().order_by("pk")),
        ChecklistResult.objects.filter(inspection=inspection).count(),
    )


def test_a_leader_on_the_team_cannot_start_the_inspection(
    client_for, planned, leadership_user, inspector_user
):
    planned.members.add(leadership_user)
    client = client_for(leadership_user)
    before = state(planned)
    start = reverse("inspections:inspection-start", args=[planned.pk])
    html = client.get(planned.get_absolute_url()).content.decode()
    assert start not in html
    assert client.post(start).status_code == 403
    assert state(planned) == before
    with pytest.raises(PermissionDenied):
        services.inspection_start(inspection=planned, acting_user=leadership_user)
    # The twin: the inspector leading the same team is offered the button.
    assert start in client_for(inspector_user).get(planned.get_absolute_url()).content.decode()


def test_a_leader_leading_the_team_cannot_edit_or_delete_it(
    client_for, planned, leadership_user, inspector_user
):
    Inspection.objects.filter(pk=planned.pk).update(lead=leadership_user)
    planned.members.add(inspector_user)
    planned.refresh_from_db()
    client = client_for(leadership_user)
    before = state(planned)
    edit = reverse("inspections:inspection-edit", args=[planned.pk])
    delete = reverse("inspections:inspection-delete", args=[planned.pk])
    start = reverse("inspections:inspection-start", args=[planned.pk])
    html = client.get(planned.get_absolute_url()).content.decode()
    assert (edit in html, delete in html, start in html) == (False, False, False)
    assert client.get(edit).status_code == 403
    response = client.post(
        edit,
        {
            "version": planned.version,
            "unit": planned.unit_id,
            "kind": planned.kind,
            "start_on": "2022-11-02",
            "lead": leadership_user.pk,
            "purpose": "Đổi lịch",
        },
    )
    assert response.status_code == 403
    assert client.post(delete).status_code == 403
    assert client.post(start).status_code == 403
    assert state(planned) == before


def test_a_leader_on_the_team_records_nothing(
    client_for, in_progress, shortcoming, recommendation, leadership_user, city
):
    template = ChecklistTemplateFactory(unit=city)
    criterion = ChecklistCriterionFactory(template=template, text="Niêm yết TTHC")
    Inspection.objects.filter(pk=in_progress.pk).update(checklist_template=template)
    in_progress.members.add(leadership_user)
    in_progress.refresh_from_db()
    client = client_for(leadership_user)
    before = state(in_progress)
    pk = in_progress.pk
    writes = {
        reverse("inspections:finding-create", args=[pk]): {"kind": "strength", "text": "Ghi thử"},
        reverse("inspections:finding-edit", args=[shortcoming.pk]): {
            "version": shortcoming.version,
            "kind": "shortcoming",
            "text": "Sửa thử",
        },
        reverse("inspections:finding-delete", args=[shortcoming.pk]): {},
        reverse("inspections:recommendation-create", args=[pk]): {
            "text": "Kiến nghị thử",
            "responsible_unit": recommendation.responsible_unit_id,
            "due_on": "2022-12-31",
        },
        reverse("inspections:recommendation-edit", args=[recommendation.pk]): {
            "version": recommendation.version,
            "text": "Sửa thử",
            "responsible_unit": recommendation.responsible_unit_id,
            "due_on": "2022-12-31",
        },
        reverse("inspections:recommendation-delete", args=[recommendation.pk]): {},
        reverse("inspections:inspection-snapshot", args=[pk]): {"version": in_progress.version},
        reverse("inspections:inspection-snapshot-refresh", args=[pk]): {
            "version": in_progress.version
        },
        reverse("inspections:inspection-conclude", args=[pk]): {"notice_number": "1/TB"},
        reverse("inspections:checklist-mark", args=[pk, criterion.pk]): {
            f"c{criterion.pk}-result": "met"
        },
    }
    for url, data in writes.items():
        assert client.post(url, data).status_code == 403, url
    for url in writes:
        if not url.endswith(("/delete/", "/refresh/")) and "/checklist/" not in url:
            assert client.get(url).status_code == 403, url
    assert state(in_progress) == before
    # The leader still reads the working papers, and is offered no button to change them.
    html = client.get(in_progress.get_absolute_url()).content.decode()
    assert "Không giao phiếu hẹn trả kết quả." in html
    for url in writes:
        assert url not in html, url
    checklist = client.get(reverse("inspections:inspection-checklist", args=[pk]))
    assert checklist.status_code == 200
    assert "Niêm yết TTHC" in checklist.content.decode()
    assert reverse("inspections:checklist-mark", args=[pk, criterion.pk]) not in (
        checklist.content.decode()
    )
    with pytest.raises(PermissionDenied):
        services.finding_create(
            inspection=in_progress,
            acting_user=leadership_user,
            kind=Finding.Kind.STRENGTH,
            text="Ghi thử",
        )
