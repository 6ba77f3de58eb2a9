"""The PAR index's "satisfaction_rate" rule: the year's share satisfied on the steps."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from cchc_portal.models import Unit
from par_index.rules import REGISTRY
from tests.feedback.integrate_helpers import answers

pytestmark = pytest.mark.django_db
CRITERION = SimpleNamespace(max_points=Decimal("4"), criteria_set=SimpleNamespace(decimal_places=2))
TODAY = datetime.date(2023, 2, 1)


def _result(unit):
    rule = REGISTRY["satisfaction_rate"]
    with translation.override("vi"):
        return rule.compute(unit, 2022, CRITERION, today=TODAY)


def test_the_rate_is_scored_on_the_steps(ward, other_ward):
    answers(ward, [5] * 17 + [3] * 3, datetime.date(2022, 5, 1))  # 85 %: 75 % of 4 = 3
    answers(ward, [1], datetime.date(2021, 12, 31))  # another year
    result = _result(ward)
    assert result.score == Decimal("3.00")
    assert result.value == "85,00 % hài lòng trên 20 lượt khảo sát tại Bộ phận Một cửa"
    loaded = REGISTRY["satisfaction_rate"].load(
        Unit.objects.filter(pk__in=[ward.pk, other_ward.pk]), 2022, TODAY
    )
    assert set(loaded) == {ward.pk}


def test_too_few_answers_give_no_score_and_say_why(ward):
    answers(ward, [5, 5, 5], datetime.date(2022, 5, 1))
    result = _result(ward)
    assert result.score is None
    assert "có 3 lượt khảo sát" in result.value and "quá ít" in result.value
