"""The recommendation list's filters (django-filter) and its rows fragment for htmx."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from inspections.factories import ConcludedInspectionFactory, RecommendationFactory
from inspections.models import Recommendation

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "Hãy chọn một lựa chọn hợp lệ."


@pytest.fixture
def rows(ward, other_ward, internal_affairs_user):
    """One recommendation per ward: Một's accepted one of 2022, Hai's open one of 2023."""
    one = ConcludedInspectionFactory(
        unit=ward, lead=internal_affairs_user, start_on=datetime.date(2022, 10, 3)
    )
    two = ConcludedInspectionFactory(
        unit=other_ward, lead=internal_affairs_user, start_on=datetime.date(2023, 3, 6)
    )
    RecommendationFactory(
        inspection=one,
        text="Kiến nghị của phường Một",
        status=Recommendation.Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    RecommendationFactory(inspection=two, text="Kiến nghị của phường Hai")


def listed(client, **params):
    response = client.get(reverse("inspections:recommendation-list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return html, [text for text in ("phường Một", "phường Hai") if f"Kiến nghị của {text}" in html]


def test_no_filter_lists_both_wards(client_for, internal_affairs_user, rows):
    _html, found = listed(client_for(internal_affairs_user))
    assert found == ["phường Một", "phường Hai"]


def test_filter_by_status_unit_and_year(client_for, internal_affairs_user, rows, ward, other_ward):
    client = client_for(internal_affairs_user)
    assert listed(client, status="accepted")[1] == ["phường Một"]
    assert listed(client, unit=other_ward.pk)[1] == ["phường Hai"]
    assert listed(client, year=2022)[1] == ["phường Một"]
    assert listed(client, year=2023, unit=ward.pk)[1] == []


def test_the_form_keeps_the_chosen_values(client_for, internal_affairs_user, rows, ward):
    html, _found = listed(client_for(internal_affairs_user), status="open", unit=ward.pk)
    assert '<option value="open" selected>' in html
    assert f'<option value="{ward.pk}" selected>Phường Một</option>' in html


def test_a_malformed_value_is_ignored_with_a_vietnamese_error(
    client_for, internal_affairs_user, rows
):
    client = client_for(internal_affairs_user)
    html, found = listed(client, status="bogus", year="hai-nghìn")
    assert found == ["phường Một", "phường Hai"]
    assert INVALID_CHOICE in html
    assert "Hãy chọn một năm trong danh sách." in html


def test_a_unit_out_of_scope_is_refused(client_for, staff_user, rows, ward, other_ward, city):
    client = client_for(staff_user)
    html, found = listed(client, unit=other_ward.pk)
    assert found == ["phường Một"]
    assert INVALID_CHOICE in html
    far = UnitFactory(name="Phường Xa", code="far", kind=Unit.Kind.WARD, parent=city)
    assert f'value="{far.pk}"' not in listed(client)[0]


def test_the_overdue_box_keeps_its_value(client_for, internal_affairs_user, rows):
    client = client_for(internal_affairs_user)
    html, found = listed(client, overdue="1")
    # due 31/12/2022: Hai's open one is overdue, Một's was accepted
    assert found == ["phường Hai"]
    box = re.search(r'<input type="checkbox" name="overdue"[^>]*>', html).group()
    assert 'value="1"' in box
    assert "checked" in box
    unticked = re.search(r'<input type="checkbox" name="overdue"[^>]*>', listed(client)[0]).group()
    assert "checked" not in unticked


def test_an_htmx_request_gets_only_the_rows(client_for, internal_affairs_user, rows):
    client = client_for(internal_affairs_user)
    url = reverse("inspections:recommendation-list")
    fragment = client.get(url, {"year": 2023}, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "Kiến nghị của phường Hai" in html
    assert "Kiến nghị của phường Một" not in html
    assert "<html" not in html
    assert "<form" not in html
    assert fragment["Vary"].count("HX-Request") == 1
    page = client.get(url, {"year": 2023}).content.decode()
    assert "<html" in page
    assert 'hx-get="/inspections/recommendations/"' in page
    assert 'id="recommendation-rows"' in page
    restore = client.get(
        url, {"year": 2023}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()
