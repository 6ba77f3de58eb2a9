"""The demo leaves a log to look at: Bắc Kạn's internal affairs see Bắc Kạn's events only."""

import os

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from cchc_portal.models import Unit, User

pytestmark = pytest.mark.django_db


def test_the_demo_log_is_split_by_city(client):
    with open(os.devnull, "w") as sink:
        call_command("load_demo", stdout=sink)
    bac_kan = Unit.objects.get(code="bac-kan-city")
    hong_ngu = Unit.objects.get(code="hong-ngu-city")
    in_bac_kan = AuditEvent.objects.in_subtree(bac_kan)
    assert in_bac_kan.filter(record_type="inspections.recommendation").exists()
    assert in_bac_kan.filter(action=AuditEvent.Action.CHANGED).exists()
    assert (
        AuditEvent.objects.in_subtree(hong_ngu).filter(record_type="reforms.reformmodel").exists()
    )

    client.force_login(User.objects.get(username="noivu.backan"))
    page = client.get("/audit/", {"record_type": "inspections.recommendation"}).content.decode()
    assert page.count('data-testid="event-row"') == min(
        50, in_bac_kan.filter(record_type="inspections.recommendation").count()
    )
    assert "Huyền Tụng" in page
    client.force_login(User.objects.get(username="noivu.hongngu"))
    page = client.get("/audit/").content.decode()
    assert "Huyền Tụng" not in page
    assert page.count('data-testid="event-row"') == 50
