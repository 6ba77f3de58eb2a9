"""The latest appraised PAR index on the city overview (page and Excel) and on the unit
dashboard, read through par_index.selectors: exact figures, the latest round, scope, and a
fixed query count."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit
from par_index import selectors
from par_index.models import Scorecard
from tests.par_index.results_builders import more_wards, open_round, set_scores

from .test_views import table_row

S = Scorecard.Status
pytestmark = pytest.mark.django_db
JAN_FEB = {"period": "custom", "first": "2022-01", "last": "2022-02"}


@pytest.fixture
def indexed(city, ward, other_ward, internal_affairs_user):
    """2021: Phường Một finalised at 6,50. 2022: Phường Một finalised at 8,00 and Phường
    Hai appraised at 9,00 (rank 1); Phường Hai's 2021 card stayed a draft."""
    old = open_round(city, internal_affairs_user, 2021)
    set_scores(
        old.scorecards.get(unit=ward),
        S.FINALISED,
        ("2", "3", "1", "1", "0"),
        ("2", "2.5", "1", "1", "0"),
    )
    new = open_round(city, internal_affairs_user, 2022)
    set_scores(
        new.scorecards.get(unit=ward),
        S.FINALISED,
        ("2", "3.5", "0", "2", "1"),
        ("2", "2", "0", "2", "1"),
        final={"1.2": "3"},
    )
    set_scores(
        new.scorecards.get(unit=other_ward),
        S.APPRAISED,
        ("2", "4", "1.5", "1.5", "1"),
        ("2", "4", "1", "1", "1"),
    )
    return new


def test_the_latest_index_of_each_unit(indexed, ward, other_ward, city):
    latest = selectors.latest_index(Unit.objects.filter(pk__in=[ward.pk, other_ward.pk, city.pk]))
    assert set(latest) == {ward.pk, other_ward.pk}
    one, two = latest[ward.pk], latest[other_ward.pk]
    assert tuple(one) == (2022, Decimal("8.00"), Decimal("10.00"), Decimal("80.00"), 2, S.FINALISED)
    assert tuple(two) == (2022, Decimal("9.00"), Decimal("10.00"), Decimal("90.00"), 1, S.APPRAISED)
    assert (one.ranked_count, one.is_final, two.is_final) == (2, True, False)


def test_a_card_not_yet_appraised_leaves_last_year_s_index(indexed, ward):
    Scorecard.objects.filter(round=indexed, unit=ward).update(status=S.SUBMITTED)
    latest = selectors.latest_index([ward])
    assert tuple(latest[ward.pk]) == (
        2021,
        Decimal("6.50"),
        Decimal("10.00"),
        Decimal("65.00"),
        1,
        S.FINALISED,
    )


def test_no_unit_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.latest_index([]) == {}


def test_the_overview_shows_the_latest_index(client_for, internal_affairs_user, indexed):
    html = (
        client_for(internal_affairs_user)
        .get(reverse("dashboards:overview"), JAN_FEB)
        .content.decode()
    )
    row = table_row(html, "ward-one")
    assert (row["par_year"], row["par_points"], row["par_percent"]) == ("2022", "8,00", "80,00 %")
    assert table_row(html, "ward-two")["par_points"] == "9,00"
    # The city is the appraising unit: it has no index of its own.
    assert table_row(html, "city")["par_points"] == "—"
    assert "Chỉ số CCHC (lần thẩm định gần nhất)" in html


def test_the_overview_export_holds_the_index_as_numbers(client_for, internal_affairs_user, indexed):
    response = client_for(internal_affairs_user).get(reverse("dashboards:overview-export"), JAN_FEB)
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[6]]
    columns = {label: index for index, label in enumerate(header, start=1)}
    ward_row = next(
        r for r in range(7, sheet.max_row + 1) if sheet.cell(r, 1).value == "Phường Một"
    )
    points = sheet.cell(ward_row, columns["Điểm thẩm định"])
    share = sheet.cell(ward_row, columns["Tỷ lệ so với tối đa"])
    assert (sheet.cell(ward_row, columns["Năm"]).value, points.value, share.value) == (
        2022,
        8.0,
        0.8,
    )
    assert (points.number_format, share.number_format) == ("#,##0.00", "0.00%")


def test_the_unit_dashboard_shows_the_index_and_rank(client_for, staff_user, indexed, ward):
    html = (
        client_for(staff_user)
        .get(reverse("dashboards:unit", args=[ward.pk]), JAN_FEB)
        .content.decode()
    )
    panel = html.split('data-testid="unit-par-index"')[1].split("</div></div></div>")[0]
    assert "Chỉ số CCHC năm 2022" in panel
    assert "8,00" in panel and "/ 10,00" in panel
    assert "80,00 % · hạng 2/2" in panel and "đã chốt" in panel


def test_a_unit_without_an_appraised_card_says_so(
    client_for, other_staff_user, indexed, other_ward
):
    Scorecard.objects.filter(round=indexed, unit=other_ward).update(status=S.SUBMITTED)
    html = (
        client_for(other_staff_user)
        .get(reverse("dashboards:unit", args=[other_ward.pk]), JAN_FEB)
        .content.decode()
    )
    panel = html.split('data-testid="unit-par-index"')[1].split("</div></div></div>")[0]
    assert "Chưa có phiếu chấm điểm được thẩm định." in panel


def test_the_canary_city_s_index_never_shows(
    client_for, internal_affairs_user, indexed, other_city
):
    canary_ia = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    UnitFactory(name="Phường Canary", code="canary", kind=Unit.Kind.WARD, parent=other_city)
    canary = open_round(other_city, canary_ia, 2023)
    set_scores(
        canary.scorecards.get(), S.FINALISED, ("2", "4", "2", "2", "1"), ("2", "4", "2", "2", "1")
    )
    html = (
        client_for(internal_affairs_user)
        .get(reverse("dashboards:overview"), JAN_FEB)
        .content.decode()
    )
    assert "canary" not in html and "2023" not in html
    # Its own internal affairs see it, at 11,00 (10 points and the bonus).
    own = client_for(canary_ia).get(reverse("dashboards:overview"), JAN_FEB).content.decode()
    assert table_row(own, "canary")["par_points"] == "11,00"


@pytest.mark.parametrize("size", [2, 6])
def test_the_overview_with_indexes_costs_the_same_queries_for_2_and_6_units(
    client_for, city, ward, other_ward, internal_affairs_user, django_assert_num_queries, size
):
    more_wards(city, size - 2)
    rnd = open_round(city, internal_affairs_user, 2022)
    for card in rnd.scorecards.all():
        set_scores(card, S.FINALISED, ("2", "3", "1", "1", "0"), ("2", "3", "1", "1", "0"))
    client = client_for(internal_affairs_user)
    client.get(reverse("dashboards:overview"), JAN_FEB)
    # From the figures cache (9 queries), plus the index's cards, criteria and scores, plus
    # the survey's answers per unit and for the total line.
    with django_assert_num_queries(13):
        response = client.get(reverse("dashboards:overview"), JAN_FEB)
    assert response.content.decode().count('data-col="par_points">7,00<') == size
