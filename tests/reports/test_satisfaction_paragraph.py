"""The report draft's paragraph on the counter survey, with numbers."""

import datetime

import pytest
from django.utils import translation

from reports import document
from tests.feedback.integrate_helpers import answers

pytestmark = pytest.mark.django_db


def _text(unit):
    from feedback import selectors

    first, last = datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)
    survey = selectors.satisfaction_counts(unit, first, last)
    figures = {
        "responses": survey.responses,
        "rate": None if survey.rate is None else str(survey.rate),
        "counters": selectors.counter_count(unit),
        "reasons": selectors.reason_counts(unit, first, last)[:3],
    }
    with translation.override("vi"):
        return document.satisfaction_text(figures)


def test_the_paragraph_gives_the_count_the_rate_and_the_reasons(ward):
    answers(ward, [5] * 7 + [4] * 2, datetime.date(2022, 3, 1))
    answers(ward, [2, 3], datetime.date(2022, 3, 2), reasons=["Phải chờ lâu"])
    assert _text(ward) == (
        "Trong kỳ, 11 lượt tổ chức, công dân tham gia khảo sát sự hài lòng tại Bộ phận Một "
        "cửa; tỷ lệ hài lòng và rất hài lòng đạt 81,82 %. Lý do chưa hài lòng chủ yếu: "
        "Phải chờ lâu (2)."
    )


def test_too_few_answers_give_the_count_only(ward):
    answers(ward, [5, 1], datetime.date(2022, 3, 1))
    assert "2 lượt" in _text(ward) and "chưa tính tỷ lệ hài lòng" in _text(ward)


def test_nothing_without_counter_nor_answers(ward):
    assert _text(ward) == ""
