"""The city overview's satisfaction columns (page and Excel): hand-counted answers, the
too-few case, flagged answers left out, and scope."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.feedback.integrate_helpers import answers

from .test_views import footer_row, table_row

pytestmark = pytest.mark.django_db
JAN_FEB = {"period": "custom", "first": "2022-01", "last": "2022-02"}


@pytest.fixture
def surveyed(ward, other_ward, other_city):
    # Phường Một: 12 counted answers in January (9 of them 4 or 5 → 75 %), one in March
    # (outside the period) and five flagged ones; Phường Hai: 3 answers (too few).
    answers(ward, [5] * 6 + [4] * 3 + [3, 2, 1], datetime.date(2022, 1, 10))
    answers(ward, [1], datetime.date(2022, 3, 1))
    answers(ward, [1] * 5, datetime.date(2022, 1, 11), flagged=True)
    answers(other_ward, [5, 5, 1], datetime.date(2022, 2, 3))
    answers(other_city, [5] * 20, datetime.date(2022, 1, 5))


def test_the_overview_shows_the_answers_and_the_rate(client_for, internal_affairs_user, surveyed):
    html = (
        client_for(internal_affairs_user)
        .get(reverse("dashboards:overview"), JAN_FEB)
        .content.decode()
    )
    one, two = table_row(html, "ward-one"), table_row(html, "ward-two")
    assert (one["sat_count"], one["sat_rate"]) == ("12", "75,00 %")
    assert (two["sat_count"], two["sat_rate"]) == ("3", "—")
    assert table_row(html, "city")["sat_count"] == "—"
    total = footer_row(html, "overview-total")
    # 15 answers of the subtree, 11 satisfied; the other city's 20 are out of scope.
    assert (total["sat_count"], total["sat_rate"]) == ("15", "73,33 %")
    assert "Sự hài lòng của người dân" in html and "Lượt đánh giá" in html


def test_the_export_holds_the_same_numbers(client_for, internal_affairs_user, surveyed):
    response = client_for(internal_affairs_user).get(reverse("dashboards:overview-export"), JAN_FEB)
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[6]]
    columns = {label: index for index, label in enumerate(header, start=1)}
    rows = {sheet.cell(r, 1).value: r for r in range(7, sheet.max_row + 1)}
    one, two = rows["Phường Một"], rows["Phường Hai"]
    assert sheet.cell(one, columns["Lượt đánh giá"]).value == 12
    assert sheet.cell(one, columns["Hài lòng"]).value == 0.75
    assert sheet.cell(two, columns["Lượt đánh giá"]).value == 3
    assert sheet.cell(two, columns["Hài lòng"]).value is None
