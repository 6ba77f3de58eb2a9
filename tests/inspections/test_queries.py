"""The inspections pages run the same number of SQL queries for 3 units as for 30.

A page that looped over rows or units with a query each would grow with the province (the
bench measures 120 units); these counts are fixed. Each count includes the session, the
user and the user's roles (3 queries).
"""

import datetime

import pytest
from django.urls import reverse

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from inspections.factories import (
    ConcludedInspectionFactory,
    FindingFactory,
    RecommendationFactory,
    RemediationReportFactory,
)
from inspections.models import Recommendation

D = datetime.date
SIZES = [3, 30]


@pytest.fixture(params=SIZES, ids=lambda n: f"{n}-units")
def visited(request, city, inspector_user, staff_user):
    """`n` wards, each visited once, with a finding and three recommendations: one open and
    overdue, one reported (a pending report), one accepted."""
    inspections = []
    for index in range(request.param):
        ward = UnitFactory(
            name=f"Phường {index + 1}", code=f"w-{index}", kind=Unit.Kind.WARD, parent=city
        )
        inspection = ConcludedInspectionFactory(
            unit=ward, lead=inspector_user, start_on=D(2022, 3, 1 + index % 28)
        )
        finding = FindingFactory(inspection=inspection)
        RecommendationFactory(inspection=inspection, finding=finding, due_on=D(2022, 6, 30))
        reported = RecommendationFactory(
            inspection=inspection,
            finding=finding,
            status=Recommendation.Status.SUBMITTED,
            due_on=D(2022, 12, 31),
        )
        RemediationReportFactory(recommendation=reported, submitted_by=staff_user)
        RecommendationFactory(
            inspection=inspection,
            finding=finding,
            status=Recommendation.Status.ACCEPTED,
            accepted_at=datetime.datetime(2022, 12, 1, tzinfo=datetime.UTC),
        )
        inspections.append(inspection)
    return inspections


def _get(client, url, count, django_assert_num_queries):
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_inspection_list(client_for, internal_affairs_user, visited, django_assert_num_queries):
    html = _get(
        client_for(internal_affairs_user),
        reverse("inspections:inspection-list"),
        6,
        django_assert_num_queries,
    )
    # The filter offers the city and every ward; the years, statuses and kinds: 15 options.
    assert html.count("</option>") == 15 + len(visited)
    assert html.count("<tr>") == 1 + len(visited)


def test_inspection_detail(client_for, internal_affairs_user, visited, django_assert_num_queries):
    _get(
        client_for(internal_affairs_user),
        visited[-1].get_absolute_url(),
        9,
        django_assert_num_queries,
    )


def test_recommendation_list(client_for, internal_affairs_user, visited, django_assert_num_queries):
    html = _get(
        client_for(internal_affairs_user),
        reverse("inspections:recommendation-list"),
        6,
        django_assert_num_queries,
    )
    # Each row links to its recommendation; the tabs link to the list itself.
    assert html.count('href="/inspections/recommendations/') == 1 + min(3 * len(visited), 50)


def test_review_queue(client_for, internal_affairs_user, visited, django_assert_num_queries):
    client = client_for(internal_affairs_user)
    url = reverse("inspections:review-queue")
    # The first read counts the queue and fills the cache with the page's ids; the next
    # reads the figures versions and the cache, then the page's rows by id (with their
    # reports and files).
    html = _get(client, url, 14, django_assert_num_queries)
    again = _get(client, url, 7, django_assert_num_queries)
    assert html.count("Đã khắc phục.") == again.count("Đã khắc phục.") == min(len(visited), 30)
