"""A small complete criteria set issued by the city, and a round over its two wards."""

import datetime

import pytest

from par_index import services
from par_index.factories import round_dates, small_set

from . import scoring_helpers

# A day inside self-scoring (the factories' deadlines are in January 2023).
DURING = datetime.date(2023, 1, 10)


@pytest.fixture
def criteria_set(city):
    return small_set(city)


@pytest.fixture
def scoring_round(criteria_set, city, ward, other_ward, internal_affairs_user):
    return services.open_round(
        acting_user=internal_affairs_user,
        unit=city,
        criteria_set=criteria_set,
        title="Chấm điểm Chỉ số CCHC năm 2022",
        today=DURING,
        **round_dates(2022),
    )


@pytest.fixture
def card(scoring_round, ward):
    return scoring_round.scorecards.get(unit=ward)


# --- the pages act on today's date: a round whose deadlines are still ahead ---------------


@pytest.fixture
def live_round(criteria_set, city, ward, other_ward, internal_affairs_user):
    return services.open_round(
        acting_user=internal_affairs_user,
        unit=city,
        criteria_set=criteria_set,
        title="Chấm điểm Chỉ số CCHC năm 2022",
        **scoring_helpers.ahead(),
    )


@pytest.fixture
def live_card(live_round, ward):
    return live_round.scorecards.get(unit=ward)


@pytest.fixture
def other_card(live_round, other_ward):
    return live_round.scorecards.get(unit=other_ward)
