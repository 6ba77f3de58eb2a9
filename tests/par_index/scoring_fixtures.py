"""Fixtures of the rounds and scorecard pages: a round whose deadlines are still ahead (the
pages act on today's date), over the city's two wards."""

import datetime

import pytest
from django.utils import timezone

from par_index import services
from par_index.models import Criterion


def ahead(days=0):
    """Deadlines from today on: self-scoring in 10 days, then 10 days per stage."""
    today = timezone.localdate() + datetime.timedelta(days=days)
    return {
        "self_scoring_due": today + datetime.timedelta(days=10),
        "appraisal_due": today + datetime.timedelta(days=20),
        "explanation_due": today + datetime.timedelta(days=30),
        "final_appraisal_due": today + datetime.timedelta(days=40),
    }


@pytest.fixture
def live_round(criteria_set, city, ward, other_ward, internal_affairs_user):
    return services.open_round(
        acting_user=internal_affairs_user,
        unit=city,
        criteria_set=criteria_set,
        title="Chấm điểm Chỉ số CCHC năm 2022",
        **ahead(),
    )


@pytest.fixture
def live_card(live_round, ward):
    return live_round.scorecards.get(unit=ward)


@pytest.fixture
def other_card(live_round, other_ward):
    return live_round.scorecards.get(unit=other_ward)


def ids(card):
    """{code: criterion id} of the card's criteria."""
    return dict(card.round.criteria_set.criteria.values_list("code", "pk"))


def leaf(card, code):
    return card.scores.get(criterion__code=code)


def criterion(card, code):
    return Criterion.objects.get(criteria_set=card.round.criteria_set, code=code)
