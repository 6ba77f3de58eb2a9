"""Each dashboard runs the same number of SQL queries for 3 units as for 30.

A page that loops over units or rows with a query each would grow with the city; these
counts are fixed, so a province of 120 units costs the same round trips as a city of 3.
Each count includes the session and the user with their unit and roles (2 queries).
The overview's figures are cached per unit and figures version: the first request reads
the summaries (and fills the cache), the next one reads the cache; both counts are fixed.
The overview, the home page and the unit dashboard read the latest PAR index afresh each
time (one query when no unit has one: `par_index.selectors.latest_index`).
"""

import pytest
from django.urls import reverse

from .builders import many_wards

SIZES = [3, 30]
PERIOD = {"period": "custom", "first": "2022-01", "last": "2022-02"}


@pytest.fixture(params=SIZES, ids=lambda n: f"{n}-units")
def wards(request, city, inspector_user):
    return many_wards(city, request.param, inspector_user)


def _get(client, url, params, count, django_assert_num_queries, *, warm=None):
    """Request the page with `count` queries, then (`warm`) once more from the cache."""
    with django_assert_num_queries(count):
        response = client.get(url, params)
    assert response.status_code == 200
    if warm is not None:
        with django_assert_num_queries(warm):
            again = client.get(url, params)
        assert again.status_code == 200
    return response


def test_overview(client_for, internal_affairs_user, wards, django_assert_num_queries):
    client = client_for(internal_affairs_user)
    params = {**PERIOD, "sort": "-online_rate"}
    response = _get(
        client, reverse("dashboards:overview"), params, 31, django_assert_num_queries, warm=11
    )
    assert response.content.decode().count("<tr data-unit=") == len(wards) + 1


def test_overview_with_the_default_period(
    client_for, internal_affairs_user, wards, django_assert_num_queries
):
    _get(
        client_for(internal_affairs_user),
        reverse("dashboards:overview"),
        {},
        31,
        django_assert_num_queries,
        warm=11,
    )


def test_overview_export(client_for, internal_affairs_user, wards, django_assert_num_queries):
    _get(
        client_for(internal_affairs_user),
        reverse("dashboards:overview-export"),
        PERIOD,
        23,
        django_assert_num_queries,
        warm=9,
    )


def test_unit_dashboard(client_for, internal_affairs_user, wards, django_assert_num_queries):
    _get(
        client_for(internal_affairs_user),
        reverse("dashboards:unit", args=[wards[0].pk]),
        PERIOD,
        51,
        django_assert_num_queries,
        warm=14,
    )


def test_unit_summary(client_for, internal_affairs_user, wards, django_assert_num_queries):
    _get(
        client_for(internal_affairs_user),
        reverse("dashboards:unit-summary", args=[wards[0].pk]),
        PERIOD,
        51,
        django_assert_num_queries,
        warm=10,
    )


def test_remediation_board(client_for, internal_affairs_user, wards, django_assert_num_queries):
    response = _get(
        client_for(internal_affairs_user),
        reverse("dashboards:remediation"),
        {},
        33,
        django_assert_num_queries,
        warm=11,
    )
    assert response.content.decode().count("<tr data-recommendation=") == min(len(wards), 20)


def test_recommendation_drilldown(
    client_for, internal_affairs_user, wards, django_assert_num_queries
):
    response = _get(
        client_for(internal_affairs_user),
        reverse("dashboards:recommendations"),
        {"state": "all"},
        4,
        django_assert_num_queries,
    )
    assert response.content.decode().count("<tr data-recommendation=") == min(3 * len(wards), 50)


def test_home_of_internal_affairs(
    client_for, internal_affairs_user, wards, django_assert_num_queries
):
    # The overview, plus the other apps' home panels (review queue, visits, notifications,
    # the reports the user's own unit owes to the level above).
    _get(
        client_for(internal_affairs_user),
        reverse("home"),
        {},
        45,
        django_assert_num_queries,
        warm=18,
    )


def test_recommendation_drilldown_for_a_period(
    client_for, internal_affairs_user, wards, django_assert_num_queries
):
    # The period adds one query (the latest month with figures, for its defaults).
    response = _get(
        client_for(internal_affairs_user),
        reverse("dashboards:recommendations"),
        {"state": "all", **PERIOD},
        5,
        django_assert_num_queries,
    )
    assert response.content.decode().count("<tr data-recommendation=") == min(3 * len(wards), 50)
