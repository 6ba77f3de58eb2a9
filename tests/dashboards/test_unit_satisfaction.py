"""The unit dashboard's citizen-satisfaction card: the period's answers and rate, and the
months against the city's subtree."""

import datetime

import pytest
from django.urls import reverse

from tests.feedback.integrate_helpers import answers

pytestmark = pytest.mark.django_db
JAN_FEB = {"period": "custom", "first": "2022-01", "last": "2022-02"}


def _card(html):
    return html.split('data-testid="unit-satisfaction"')[1].split("</section>")[0]


def test_the_card_shows_the_rate_and_the_months_against_the_city(
    client_for, staff_user, ward, other_ward
):
    answers(ward, [5] * 8 + [4, 1], datetime.date(2022, 1, 10))  # 10 answers, 90 %
    answers(ward, [5, 2], datetime.date(2022, 2, 10))
    answers(other_ward, [1] * 10, datetime.date(2022, 1, 12))
    html = (
        client_for(staff_user).get(reverse("dashboards:unit", args=[ward.pk]), JAN_FEB)
    ).content.decode()
    card = _card(html)
    # 12 answers in the period, 10 of them 4 or 5.
    assert "12 lượt đánh giá trong kỳ" in card
    assert "83,33 % hài lòng và rất hài lòng" in card
    assert '<td class="num">90,00 % (10)</td><td class="num">45,00 % (20)</td>' in card
    assert '<td class="num">— (2)</td><td class="num">— (2)</td>' in card


def test_too_few_answers_show_the_count_only(client_for, staff_user, ward):
    answers(ward, [5, 5, 1], datetime.date(2022, 1, 10))
    html = (
        client_for(staff_user).get(reverse("dashboards:unit", args=[ward.pk]), JAN_FEB)
    ).content.decode()
    card = _card(html)
    assert "3 lượt đánh giá trong kỳ" in card
    assert "quá ít lượt đánh giá để tính tỷ lệ" in card
