"""The Django admin shows the log and refuses to add, change or delete any event."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent


@pytest.fixture
def login_event(staff_user, ward):
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        action=AuditEvent.Action.LOGIN,
        user=staff_user,
        username="staff",
        unit=ward,
        ip_address="10.0.0.7",
    )


def test_the_admin_lists_and_shows_events_read_only(client_for, admin_user_, login_event):
    client = client_for(admin_user_)
    listing = client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200
    assert (
        "10.0.0.7"
        in client.get(f"/admin/audit/auditevent/{login_event.pk}/change/").content.decode()
    )


def test_the_admin_refuses_to_add_change_or_delete_an_event(client_for, admin_user_, login_event):
    client = client_for(admin_user_)
    base = "/admin/audit/auditevent/"
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"action": "login", "username": "x"}).status_code == 403
    change = client.post(
        f"{base}{login_event.pk}/change/", {"action": "logout", "username": "someone"}
    )
    assert change.status_code == 403
    assert client.get(f"{base}{login_event.pk}/delete/").status_code == 403
    assert client.post(f"{base}{login_event.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(
        base, {"action": "delete_selected", "_selected_action": [login_event.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.filter(
        pk=login_event.pk, action=AuditEvent.Action.LOGIN, username="staff"
    ).exists()


def test_the_admin_offers_no_delete_action(client_for, admin_user_, login_event):
    page = client_for(admin_user_).get("/admin/audit/auditevent/").content.decode()
    assert "delete_selected" not in page
