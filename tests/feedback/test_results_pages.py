"""The results page, its export and the comments: numbers against hand-counted answers."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import selectors
from feedback.factories import CounterFactory, ResponseFactory
from feedback.models import Response

pytestmark = pytest.mark.django_db

YEAR_2022 = {"period": "year", "year": 2022}


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def answered(ward):
    """12 counted answers in 2022: overall 5 ×4, 4 ×3, 3 ×3, 1 ×2 → 7 of 12 satisfied."""
    counter = CounterFactory(unit=ward, name="Quầy Tư pháp – Hộ tịch")
    scores = [5] * 4 + [4] * 3 + [3] * 3 + [1] * 2
    for n, score in enumerate(scores):
        ResponseFactory(
            counter=counter,
            submitted_at=at(datetime.date(2022, 3 if n < 6 else 4, 10)),
            answers={"overall": score, "attitude": 4, "trips": 2 if score < 4 else 5},
            comment="<script>alert(1)</script>" if n == 0 else "",
        )
    # Flagged, then excluded; and flagged, still pending: neither counts.
    ResponseFactory(
        counter=counter,
        submitted_at=at(datetime.date(2022, 4, 11)),
        answers=1,
        suspicion=Response.Suspicion.BURST,
        review=Response.Review.EXCLUDED,
    )
    ResponseFactory(
        counter=counter,
        submitted_at=at(datetime.date(2022, 4, 11)),
        answers=1,
        suspicion=Response.Suspicion.BURST,
    )
    return counter


def test_figures_equal_the_hand_count(answered, ward):
    figures = selectors.satisfaction(ward, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    assert (figures.responses, figures.rated, figures.satisfied) == (12, 12, 7)
    assert str(figures.rate) == "58.33"
    assert str(figures.means["overall"]) == "3.58"  # (20 + 12 + 9 + 2) / 12 = 43 / 12
    months = selectors.satisfaction_by_month(
        ward, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)
    )
    assert [m.responses for _k, m in sorted(months.items())] == [6, 6]
    # The dashboard card's rates-only months: the same counts and rates, no means.
    rates = selectors.satisfaction_rates_by_month(
        ward, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)
    )
    assert {k: (m.responses, m.rated, m.satisfied, m.means) for k, m in rates.items()} == {
        k: (m.responses, m.rated, m.satisfied, {}) for k, m in months.items()
    }
    assert sum(m.satisfied for m in rates.values()) == 7


def test_an_included_flagged_answer_counts(answered, ward):
    pending = Response.objects.get(suspicion="burst", review="pending")
    Response.objects.filter(pk=pending.pk).update(review=Response.Review.INCLUDED)
    figures = selectors.satisfaction(ward, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    assert (figures.responses, figures.satisfied) == (13, 7)


def test_page_shows_the_rate_and_the_flagged(answered, client_for, internal_affairs_user, ward):
    page = client_for(internal_affairs_user).get(
        reverse("feedback:results"), {"unit": ward.pk, **YEAR_2022}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert '<div class="fs-3" data-testid="answers">12</div>' in text
    assert '<div class="fs-3" data-testid="rate">58,33 %</div>' in text
    assert "7 trong 12 phiếu chấm mức hài lòng chung 4 hoặc 5 điểm." in text
    assert "Bị gắn cờ, chờ xem xét" in text


def test_too_few_answers_show_the_count_and_no_rate(answered, client_for, staff_user, settings):
    settings.FEEDBACK_MIN_RESPONSES = 13
    text = client_for(staff_user).get(reverse("feedback:results"), YEAR_2022).content.decode()
    assert '<div class="fs-3" data-testid="answers">12</div>' in text
    assert "Chưa đủ số phiếu để tính tỷ lệ (cần ít nhất 13 phiếu)." in text
    assert "58,33" not in text


def test_another_citys_answers_never_show(answered, client_for, internal_affairs_user, other_city):
    canary = CounterFactory(unit=other_city, name="Quầy Canary")
    for _ in range(5):
        ResponseFactory(counter=canary, submitted_at=at(datetime.date(2022, 5, 1)), answers=1)
    client = client_for(internal_affairs_user)
    text = client.get(reverse("feedback:results"), YEAR_2022).content.decode()
    assert "Quầy Canary" not in text
    assert '<div class="fs-3" data-testid="answers">12</div>' in text
    assert client.get(reverse("feedback:results"), {"unit": other_city.pk}).status_code == 404


def test_export_equals_the_page(answered, client_for, internal_affairs_user, ward):
    response = client_for(internal_affairs_user).get(
        reverse("feedback:results-export"), {"unit": ward.pk, **YEAR_2022}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["B6"].value == 12
    assert round(sheet["B7"].value, 4) == 0.5833
    assert sheet["A2"].value == ward.name


def test_comments_are_escaped(answered, client_for, staff_user):
    text = client_for(staff_user).get(reverse("feedback:comments"), YEAR_2022).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)</script>" not in text


def test_the_city_sees_each_ward_summed(answered, client_for, internal_affairs_user, ward):
    text = client_for(internal_affairs_user).get(reverse("feedback:results"), YEAR_2022)
    html = text.content.decode()
    table = html[html.index('data-testid="by-unit"') :]
    row = table[table.index(ward.name) :]
    assert '<td class="text-end">12</td>' in row[:200]
    assert '<td class="text-end">58,33 %</td>' in row[:300]


def test_answers_fall_in_the_month_whose_window_holds_their_day(ward, settings):
    """Under Decree 09/2019 an answer of 14/09 is September's, one of 15/09 October's, one of
    20/12 next January's; under calendar months they are September's, September's and
    December's."""
    counter = CounterFactory(unit=ward)
    for day in (
        datetime.date(2022, 9, 14),
        datetime.date(2022, 9, 15),
        datetime.date(2022, 12, 20),
    ):
        ResponseFactory(counter=counter, submitted_at=at(day), answers={"overall": 5})
    first, last = datetime.date(2022, 1, 1), datetime.date(2023, 12, 31)

    months = selectors.satisfaction_by_month(ward, first, last)
    assert {month: row.responses for month, row in months.items()} == {
        datetime.date(2022, 9, 1): 1,
        datetime.date(2022, 10, 1): 1,
        datetime.date(2023, 1, 1): 1,
    }
    assert selectors.latest_answer_month(ward, 2022) == datetime.date(2022, 12, 1)
    assert selectors.latest_answer_month(ward) == datetime.date(2023, 1, 1)

    settings.REPORTING_WINDOWS = "calendar"
    months = selectors.satisfaction_by_month(ward, first, last)
    assert {month: row.responses for month, row in months.items()} == {
        datetime.date(2022, 9, 1): 2,
        datetime.date(2022, 12, 1): 1,
    }
