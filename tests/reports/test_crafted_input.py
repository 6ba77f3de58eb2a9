"""Crafted ids and years in the round pages: a Vietnamese form error or ignored, never a 500."""

import pytest
from django.urls import reverse

from reports.models import ReportRound

HUGE = "1" * 40


@pytest.mark.parametrize("unit", [HUGE, "²", "abc"])
def test_a_crafted_unit_id_in_a_new_round_is_a_form_error(
    client_for, internal_affairs_user, ward, unit
):
    client = client_for(internal_affairs_user)
    client.raise_request_exception = False
    response = client.post(
        reverse("reports:round-create"),
        {
            "year": 2023,
            "kind": "quarter",
            "quarter": "1",
            "deadline": "2023-03-20",
            "remind_days_before": 3,
            "units": [ward.pk, unit],
        },
    )
    assert response.status_code == 200
    assert (
        f"Hãy chọn trong danh sách: “{unit[:20]}” không phải là một lựa chọn có sẵn."
        in response.content.decode()
    )
    assert not ReportRound.objects.exists()


@pytest.mark.parametrize("year", ["10000", "1" * 20, "²"])
def test_a_crafted_year_of_a_new_round_is_a_form_error(
    client_for, internal_affairs_user, ward, year
):
    client = client_for(internal_affairs_user)
    client.raise_request_exception = False
    response = client.post(
        reverse("reports:round-create"),
        {"year": year, "kind": "nine_months", "deadline": "2023-10-10", "units": [ward.pk]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Năm phải từ 2000 đến 2100." in html
    assert not ReportRound.objects.exists()


@pytest.mark.parametrize("year", ["10000", "1" * 20, "²"])
def test_a_crafted_year_on_the_round_list_shows_every_year(client_for, internal_affairs_user, year):
    client = client_for(internal_affairs_user)
    client.raise_request_exception = False
    response = client.get(reverse("reports:round-list"), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] is None
