"""Crafted numbers in the dashboards' query strings are ignored, never a 500."""

import pytest
from django.urls import reverse

HUGE = "1" * 40
CRAFTED = ["²", HUGE, "-3", "abc"]


@pytest.fixture
def client(client_for, internal_affairs_user, city_data):
    client = client_for(internal_affairs_user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("value", CRAFTED)
@pytest.mark.parametrize("name", ["dashboards:overview", "dashboards:overview-export"])
def test_a_crafted_within_is_a_form_error_on_the_overview(client, name, value):
    response = client.get(reverse(name), {"within": value})
    assert response.status_code == 200
    if name == "dashboards:overview":
        assert (
            "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn"
            " khả thi." in response.content.decode()
        )


@pytest.mark.parametrize("value", CRAFTED)
def test_crafted_units_of_the_recommendations_page_are_ignored(client, value):
    response = client.get(reverse("dashboards:recommendations"), {"unit": value, "within": value})
    assert response.status_code == 200
    # The whole scope's recommendations not yet accepted: the ward's open and submitted ones.
    html = response.content.decode()
    assert "Giao phiếu hẹn cho mọi hồ sơ" in html and "Cập nhật sổ" in html


@pytest.mark.parametrize("value", CRAFTED)
def test_a_crafted_year_or_page_of_the_board_is_ignored(client, value):
    response = client.get(
        reverse("dashboards:remediation"),
        {"year": value, "queue_page": value, "units_page": value},
    )
    assert response.status_code == 200
    assert response.context["year"] is None
    assert response.context["queue"].number == 1
