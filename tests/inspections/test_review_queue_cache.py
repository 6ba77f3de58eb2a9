"""The review queue's count and page come from the shared cache, never older than a write.

The queue's count and the ids of a page are kept under every unit's figures version
(`inspections.selectors.review_queue_page`); a report's submission or review, and any
change of a recommendation or its inspection, stamp the recommendation's units, so the next
request counts and orders the queue again. The rows themselves are read live by id.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.factories import ConcludedInspectionFactory, RecommendationFactory
from inspections.models import Recommendation

D = datetime.date


@pytest.fixture
def recommendations(ward, inspector_user):
    inspection = ConcludedInspectionFactory(unit=ward, lead=inspector_user, start_on=D(2022, 3, 1))
    return [
        RecommendationFactory(
            inspection=inspection, responsible_unit=ward, due_on=D(2099, 6, 30), text=text
        )
        for text in ("Niêm yết lại thủ tục", "Cập nhật sổ theo dõi", "Bố trí ghế chờ")
    ]


def queue(client):
    response = client.get(reverse("inspections:review-queue"))
    assert response.status_code == 200
    html = response.content.decode()
    shown = [r.text for r in Recommendation.objects.order_by("pk") if f'mt-1">{r.text}</p>' in html]
    return response.context["page_obj"].paginator.count, shown, html


def submit(recommendation, staff_user, text="Đã khắc phục xong."):
    services.recommendation_submit_report(
        recommendation=recommendation, acting_user=staff_user, text=text
    )


def test_each_submission_and_review_shows_in_the_queue_at_once(
    client_for, internal_affairs_user, staff_user, recommendations
):
    client = client_for(internal_affairs_user)
    count, shown, html = queue(client)
    assert (count, shown) == (0, [])
    assert "Không có báo cáo nào chờ thẩm định." in html

    submit(recommendations[0], staff_user)
    submit(recommendations[2], staff_user)
    count, shown, html = queue(client)
    assert count == 2
    assert set(shown) == {"Niêm yết lại thủ tục", "Bố trí ghế chờ"}
    assert "2 báo cáo khắc phục chờ thẩm định, báo cáo gửi sớm nhất ở trên cùng." in html

    with CaptureQueriesContext(connection) as captured:
        assert queue(client)[0] == 2
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"]]

    services.recommendation_accept(
        recommendation=recommendations[0], reviewer=internal_affairs_user
    )
    count, shown, _html = queue(client)
    assert (count, shown) == (1, ["Bố trí ghế chờ"])

    Recommendation.objects.filter(pk=recommendations[2].pk).update(
        status=Recommendation.Status.ACCEPTED, accepted_at=timezone.now()
    )
    assert queue(client)[:2] == (0, [])
