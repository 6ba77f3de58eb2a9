import pytest
from django.urls import reverse

from feedback.factories import CounterFactory, flagged
from feedback.models import Response

pytestmark = pytest.mark.django_db


def test_review_page_escapes_and_decides(client_for, internal_affairs_user, ward, other_city):
    burst = flagged(CounterFactory(unit=ward, name="Quầy A"), comment="<script>x()</script>")
    flagged(CounterFactory(unit=other_city, name="Quầy Canary"))
    client = client_for(internal_affairs_user)
    page = client.get(reverse("feedback:response-review")).content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "<script>x()" not in page
    assert "Quầy A" in page and "Quầy Canary" not in page
    done = client.post(
        reverse("feedback:response-decide", args=[burst.pk]), {"decision": "include"}
    )
    assert done.status_code == 302
    burst.refresh_from_db()
    assert burst.review == Response.Review.INCLUDED
    assert burst.reviewed_by == internal_affairs_user


def test_only_internal_affairs_decide(
    client_for, staff_user, leadership_user, inspector_user, ward
):
    burst = flagged(CounterFactory(unit=ward))
    for user in (staff_user, leadership_user, inspector_user):
        client = client_for(user)
        assert client.get(reverse("feedback:response-review")).status_code == 403
        answer = client.post(
            reverse("feedback:response-decide", args=[burst.pk]), {"decision": "exclude"}
        )
        assert answer.status_code == 403
    burst.refresh_from_db()
    assert burst.review == Response.Review.PENDING


def test_canary_response_404(client_for, internal_affairs_user, other_city):
    canary = flagged(CounterFactory(unit=other_city))
    answer = client_for(internal_affairs_user).post(
        reverse("feedback:response-decide", args=[canary.pk]), {"decision": "include"}
    )
    assert answer.status_code == 404
