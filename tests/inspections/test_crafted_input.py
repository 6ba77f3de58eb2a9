"""Crafted query strings and posts get a Vietnamese error or a 400, never a 500."""

import pytest
from django.urls import reverse

from inspections.factories import InspectionPlanFactory
from inspections.models import Inspection

HUGE = "1" * 40
YEAR_ERROR = "Hãy chọn một năm trong danh sách."


@pytest.fixture
def reader(client_for, internal_affairs_user):
    client = client_for(internal_affairs_user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("year", ["10000", "1" * 20, "²", "-1", "1999"])
@pytest.mark.parametrize("name", ["recommendation-list", "shortcomingtype-list"])
def test_a_year_out_of_range_is_a_form_error(reader, name, year):
    response = reader.get(reverse(f"inspections:{name}"), {"year": year})
    assert response.status_code == 200
    assert YEAR_ERROR in response.content.decode()


def test_a_year_in_range_filters_without_error(reader):
    response = reader.get(reverse("inspections:shortcomingtype-list"), {"year": "2022"})
    assert response.status_code == 200
    assert YEAR_ERROR not in response.content.decode()


@pytest.mark.parametrize("version", ["abc", "²", HUGE])
def test_a_malformed_snapshot_version_is_a_400(client_for, inspector_user, in_progress, version):
    client = client_for(inspector_user)
    client.raise_request_exception = False
    response = client.post(
        reverse("inspections:inspection-snapshot-refresh", args=[in_progress.pk]),
        {"version": version},
    )
    assert response.status_code == 400
    assert (
        "Biểu mẫu gửi lên bị thiếu hoặc đã bị sửa đổi. Hãy tải lại trang rồi thử lại."
        in response.content.decode()
    )


@pytest.mark.parametrize("member", [HUGE, "²", "abc"])
def test_a_crafted_team_member_id_is_a_form_error(client_for, inspector_user, ward, city, member):
    plan = InspectionPlanFactory(unit=city, year=2022)
    client = client_for(inspector_user)
    client.raise_request_exception = False
    response = client.post(
        reverse("inspections:inspection-create"),
        {
            "unit": ward.pk,
            "kind": "cchc",
            "plan": plan.pk,
            "start_on": "2022-11-01",
            "lead": inspector_user.pk,
            "members": [member],
        },
    )
    assert response.status_code == 200
    assert (
        f"Hãy chọn trong danh sách: “{member[:20]}” không phải là một lựa chọn có sẵn."
        in response.content.decode()
    )
    assert not Inspection.objects.exists()


def test_a_crafted_id_in_the_create_links_is_ignored(client_for, inspector_user):
    client = client_for(inspector_user)
    response = client.get(reverse("inspections:inspection-create"), {"plan": HUGE, "unit": "²"})
    assert response.status_code == 200
    assert "Hãy chọn trong danh sách" not in response.content.decode()
