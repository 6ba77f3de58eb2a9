"""Scorecards at a given stage with given scores, for the results' tests (ranking, exports,
dashboards): the scores are written directly, the state machine is tested elsewhere."""

from decimal import Decimal

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from par_index import services
from par_index.factories import round_dates, small_set
from par_index.models import Score, Scorecard

from .conftest import DURING

CODES = ("1.1", "1.2", "2.1", "2.2", "3.1")


def set_scores(card, status, self_scores, appraised=None, final=None):
    """Write the card's scores by code ("1.2": "3,5" style as Decimal text) and its status."""
    for code, value in zip(CODES, self_scores, strict=True):
        Score.objects.filter(scorecard=card, criterion__code=code).update(self_score=Decimal(value))
    for code, value in zip(CODES, appraised or (None,) * 5, strict=True):
        Score.objects.filter(scorecard=card, criterion__code=code).update(
            appraised_score=None if value is None else Decimal(value)
        )
    for code, value in (final or {}).items():
        Score.objects.filter(scorecard=card, criterion__code=code).update(
            final_score=Decimal(value)
        )
    Scorecard.objects.filter(pk=card.pk).update(status=status)
    card.refresh_from_db()
    return card


def open_round(unit, user, year=2022, **set_kwargs):
    """A round of `unit` on a new small set of `year` over the wards under it."""
    criteria_set = small_set(unit, year=year, name=f"Bộ tiêu chí {year} {unit.code}", **set_kwargs)
    return services.open_round(
        acting_user=user,
        unit=unit,
        criteria_set=criteria_set,
        title=f"Chấm điểm Chỉ số CCHC năm {year}",
        today=DURING,
        **round_dates(year),
    )


def more_wards(city, count):
    return [
        UnitFactory(
            name=f"Phường Thêm {n}", code=f"ward-more-{n}", kind=Unit.Kind.WARD, parent=city
        )
        for n in range(count)
    ]
