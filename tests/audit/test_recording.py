"""Every change of a tracked record and every sign-in is in the log, with who, unit and kind."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from inspections.factories import ConcludedInspectionFactory, FindingFactory
from reforms.factories import IssuedDocumentFactory, ReformPlanFactory, ReformTaskFactory
from reforms.models import ReformTask

from .conftest import by

A = AuditEvent.Action


def events(**filters):
    return list(
        AuditEvent.objects.filter(**filters)
        .order_by("occurred_at", "id")
        .values_list("action", "username", "unit_id", "record_type", "object_repr")
    )


def test_a_task_created_changed_and_deleted_is_logged_under_its_plans_unit(ward, staff_user):
    plan = ReformPlanFactory(unit=ward, year=2022)
    task = ReformTaskFactory.build(plan=plan, title="Công khai thủ tục")
    by(staff_user, task).save()
    task = ReformTask.objects.get(pk=task.pk)  # no plan loaded: the unit is looked up
    task.title = "Công khai thủ tục hành chính"
    task.status = ReformTask.Status.IN_PROGRESS
    by(staff_user, task).save()
    task_id = task.pk
    by(staff_user, ReformTask.objects.get(pk=task_id)).delete()

    assert events(record_type="reforms.reformtask") == [
        (A.CREATED, "staff", ward.pk, "reforms.reformtask", "Công khai thủ tục"),
        (A.CHANGED, "staff", ward.pk, "reforms.reformtask", "Công khai thủ tục hành chính"),
        (A.DELETED, "staff", ward.pk, "reforms.reformtask", "Công khai thủ tục hành chính"),
    ]
    created, changed, deleted = AuditEvent.objects.filter(
        record_type="reforms.reformtask"
    ).order_by("occurred_at", "id")
    assert {created.object_id, changed.object_id, deleted.object_id} == {task_id}
    assert sorted(changed.fields) == ["status", "title"]
    assert changed.record_url == f"/reforms/tasks/{task_id}/"
    assert deleted.record_url == ""
    assert created.history_id == ReformTask.history.filter(id=task_id).earliest().history_id


def test_a_document_a_unit_and_a_finding_are_logged_with_their_units(
    city, ward, internal_affairs_user, inspector_user
):
    document = by(internal_affairs_user, IssuedDocumentFactory.build(unit=ward, number="1/KH"))
    document.save()
    unit = by(internal_affairs_user, Unit.objects.get(pk=ward.pk))
    unit.address = "Số 1, đường Trần Hưng Đạo"
    unit.save()
    inspection = ConcludedInspectionFactory(unit=ward, lead=inspector_user)
    finding = by(inspector_user, FindingFactory.build(inspection=inspection, text="Thiếu sổ"))
    finding.save()
    new_unit = by(internal_affairs_user, UnitFactory.build(name="Phường Ba", parent=city))
    new_unit.save()

    assert events(username="noivu") == [
        (A.CREATED, "noivu", ward.pk, "reforms.issueddocument", str(document)),
        (A.CHANGED, "noivu", ward.pk, "cchc_portal.unit", "Phường Một"),
        (A.CREATED, "noivu", new_unit.pk, "cchc_portal.unit", "Phường Ba"),
    ]
    assert events(username="inspector", record_type="inspections.finding") == [
        (A.CREATED, "inspector", ward.pk, "inspections.finding", str(finding))
    ]
    assert AuditEvent.objects.get(record_type="cchc_portal.unit", action=A.CHANGED).fields == [
        "address"
    ]


def test_a_save_that_changes_nothing_visible_is_not_an_event(ward, staff_user):
    document = IssuedDocumentFactory(unit=ward)
    before = AuditEvent.objects.count()
    by(staff_user, document).save()
    assert AuditEvent.objects.count() == before


def test_the_view_writes_the_event_as_the_signed_in_user(client_for, ward, internal_affairs_user):
    client = client_for(internal_affairs_user)
    response = client.post(
        reverse("unit-edit", args=[ward.pk]),
        {
            "name": "Phường Một Mới",
            "short_name": "",
            "kind": Unit.Kind.WARD,
            "code": "ward-one",
            "parent": ward.parent_id,
            "is_active": "on",
            "address": "",
            "version": ward.version,  # the version the edit page was opened at
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(record_type="cchc_portal.unit", action=A.CHANGED)
    assert (event.user, event.unit_id, event.fields) == (internal_affairs_user, ward.pk, ["name"])


def test_a_sign_in_a_failed_one_and_a_sign_out_are_logged(client, staff_user, ward):
    url = reverse("login")
    user_events = AuditEvent.objects.filter(record_type="cchc_portal.user").count()
    assert client.post(url, {"username": "staff", "password": "wrong"}).status_code == 200
    assert client.post(url, {"username": "nobody", "password": "wrong"}).status_code == 200
    assert client.post(url, {"username": "staff", "password": "pw-test-123"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302

    assert list(
        AuditEvent.objects.exclude(action__in=AuditEvent.RECORD_ACTIONS)
        .order_by("occurred_at", "id")
        .values_list("action", "username", "user_id", "unit_id", "ip_address")
    ) == [
        (A.LOGIN_FAILED, "staff", staff_user.pk, ward.pk, "127.0.0.1"),
        (A.LOGIN_FAILED, "nobody", None, None, "127.0.0.1"),
        (A.LOGIN, "staff", staff_user.pk, ward.pk, "127.0.0.1"),
        (A.LOGOUT, "staff", staff_user.pk, ward.pk, "127.0.0.1"),
    ]
    # A sign-in saves last_login: bookkeeping, not a change of the user.
    assert AuditEvent.objects.filter(record_type="cchc_portal.user").count() == user_events


def test_an_event_cannot_be_changed_or_deleted(ward, staff_user):
    by(staff_user, IssuedDocumentFactory.build(unit=ward)).save()
    event = AuditEvent.objects.get(record_type="reforms.issueddocument")
    event.username = "someone else"
    with pytest.raises(ValidationError, match="Không thể sửa một sự kiện đã ghi trong nhật ký"):
        event.save()
    with pytest.raises(ValidationError, match="Không thể xóa một sự kiện đã ghi trong nhật ký"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).username == "staff"


def test_deleting_the_record_keeps_its_events(ward, staff_user):
    document = by(staff_user, IssuedDocumentFactory.build(unit=ward, title="Kế hoạch số 9"))
    document.save()
    by(staff_user, document).delete()
    assert events(record_type="reforms.issueddocument") == [
        (A.CREATED, "staff", ward.pk, "reforms.issueddocument", str(document)),
        (A.DELETED, "staff", ward.pk, "reforms.issueddocument", str(document)),
    ]


def test_events_happen_when_the_history_says(ward, staff_user):
    document = by(staff_user, IssuedDocumentFactory.build(unit=ward))
    document.save()
    event = AuditEvent.objects.get(record_type="reforms.issueddocument")
    assert event.occurred_at == document.history.get().history_date
    assert isinstance(event.occurred_at, datetime.datetime)


def test_a_change_of_roles_is_logged_under_the_users_unit(ward, staff_user, admin_user_):
    from cchc_portal.models import Role

    user = by(admin_user_, staff_user)
    user.roles.add(Role.objects.get(code=Role.Code.INSPECTOR))
    event = AuditEvent.objects.filter(record_type="cchc_portal.user").latest("id")
    assert (event.action, event.username, event.unit_id, event.object_id, event.fields) == (
        A.CHANGED,
        "root",
        ward.pk,
        staff_user.pk,
        ["roles"],
    )


def test_a_shared_reference_list_is_logged_for_administrators_only(admin_user_):
    from procedures.models import ProcedureField

    # Seeded by a migration, without history: the first change cannot say what it changed.
    field = by(admin_user_, ProcedureField.objects.first())
    field.save()
    field.name = "Hộ tịch (sửa)"
    by(admin_user_, field).save()
    assert list(
        AuditEvent.objects.filter(record_type="procedures.procedurefield")
        .order_by("id")
        .values_list("action", "username", "unit_id", "fields")
    ) == [(A.CHANGED, "root", None, []), (A.CHANGED, "root", None, ["name"])]
