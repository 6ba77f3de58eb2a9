"""A round's ranking: exact totals, ranks and ties, change against last year, its page
(table and SVG), its fixed query count, and who may read it."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit
from par_index import selectors
from par_index.models import Scorecard

from .results_builders import more_wards, open_round, set_scores

S = Scorecard.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(city, ward, other_ward, internal_affairs_user):
    rnd = open_round(city, internal_affairs_user, 2021)
    set_scores(
        rnd.scorecards.get(unit=ward),
        S.FINALISED,
        ("2", "3", "1", "1", "0"),
        ("2", "2.5", "1", "1", "0"),
    )
    return rnd


@pytest.fixture
def scored(city, ward, other_ward, internal_affairs_user, last_year):
    """Phường Một finalised at 8,00 (a final score raised 1.2), Phường Hai appraised at 8,00
    too (a tie), a third ward only submitted."""
    third = UnitFactory(name="Phường Ba", code="ward-three", kind=Unit.Kind.WARD, parent=city)
    rnd = open_round(city, internal_affairs_user, 2022)
    set_scores(
        rnd.scorecards.get(unit=ward),
        S.FINALISED,
        ("2", "3.5", "0", "2", "1"),
        ("2", "2", "0", "2", "1"),
        final={"1.2": "3"},
    )
    set_scores(
        rnd.scorecards.get(unit=other_ward),
        S.APPRAISED,
        ("2", "4", "1.5", "1.5", "1"),
        ("2", "3", "1", "1", "1"),
    )
    set_scores(
        rnd.scorecards.get(unit=third),
        S.SUBMITTED,
        ("1", "1", "1", "1", "0"),
        ("1", "0", "0", "0", "0"),
    )
    return rnd


def _rows(result):
    return {row.unit.code: row for row in result.rows}


def test_totals_ranks_ties_and_change_against_last_year(scored):
    result = selectors.ranking(scored)
    assert result.max_total == 10
    assert [row.unit.code for row in result.rows] == ["ward-one", "ward-two", "ward-three"]
    rows = _rows(result)
    one, two, three = rows["ward-one"], rows["ward-two"], rows["ward-three"]
    assert (one.self_total, one.appraised_total, one.rank) == (8.5, 8, 1)
    assert (two.self_total, two.appraised_total, two.rank) == (10, 8, 1)
    assert [str(points) for _area, points in one.by_area] == ["5.00", "2.00", "1.00"]
    assert [str(points) for _area, points in two.by_area] == ["5.00", "2.00", "1.00"]
    assert str(one.percent) == "80.00"
    # Last year Phường Một was finalised at 6,50; Phường Hai's card stayed a draft.
    assert (one.last_year, one.change) == (6.5, 1.5)
    assert (two.last_year, two.change) == (None, None)
    # Submitted, not appraised: its appraisal in progress is neither shown nor ranked.
    assert (three.self_total, three.appraised_total, three.rank, three.percent) == (
        4,
        None,
        None,
        None,
    )
    assert [points for _area, points in three.by_area] == [None, None, None]


def test_a_lower_total_takes_the_rank_after_the_tie(scored, city):
    card = scored.scorecards.get(unit__code="ward-three")
    set_scores(card, S.EXPLAINED, ("1", "1", "1", "1", "0"), ("1", "2", "1", "1", "0"))
    rows = _rows(selectors.ranking(scored))
    assert [rows[c].rank for c in ("ward-one", "ward-two", "ward-three")] == [1, 1, 3]
    assert rows["ward-three"].appraised_total == 5


def test_the_competition_ranks():
    assert selectors.competition_ranks({"a": 5, "b": 7, "c": 7, "d": 1}) == {
        "b": 1,
        "c": 1,
        "a": 3,
        "d": 4,
    }


def test_the_ranking_page_shows_the_table_and_the_charts(client_for, internal_affairs_user, scored):
    response = client_for(internal_affairs_user).get(reverse("par_index:ranking", args=[scored.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xếp hạng" in html
    row = html.split('<tr data-unit="ward-one">')[1].split("</tr>")[0]
    assert '<td class="num" data-col="rank">1</td>' in row
    assert '<td class="num" data-col="self">8,50</td>' in row
    assert '<td class="num fw-semibold" data-col="appraised">8,00</td>' in row
    assert '<td class="num" data-col="area-1">5,00</td>' in row
    assert '<td class="num" data-col="percent">80,00 %</td>' in row
    assert '<td class="num" data-col="change">+1,50</td>' in row
    assert "Đã chốt điểm" in row
    three = html.split('<tr data-unit="ward-three">')[1].split("</tr>")[0]
    assert '<td class="num" data-col="rank">—</td>' in three
    assert "Đã gửi thẩm định" in three
    # The SVG charts carry the same numbers.
    assert 'id="chart-area-1"' in html and ">5,00 / 6,00</text>" in html
    assert 'id="chart-distribution"' in html and ">2 đơn vị</text>" in html
    assert "80 – 90 %" in html or "80–90 %" in html


@pytest.mark.parametrize("size", [2, 6])
def test_the_ranking_page_costs_the_same_queries_for_2_and_6_units(
    client_for, city, ward, other_ward, internal_affairs_user, django_assert_num_queries, size
):
    """Session and user (2), the round, its stamp (2), the cache (one read, and its write
    when cold: 4); cold, the round's tree, cards, scores, last year's round, its tree, its
    ranked cards and their scores: 18 cold and 6 from the cache, whatever the number of
    units."""
    more_wards(city, size - 2)
    rounds = [open_round(city, internal_affairs_user, year) for year in (2021, 2022)]
    for rnd in rounds:
        for card in rnd.scorecards.all():
            set_scores(card, S.APPRAISED, ("2", "3", "1", "1", "0"), ("2", "3", "1", "1", "0"))
    client = client_for(internal_affairs_user)
    url = reverse("par_index:ranking", args=[rounds[1].pk])
    with django_assert_num_queries(18):
        client.get(url)
    with django_assert_num_queries(6):
        response = client.get(url)
    html = response.content.decode()
    assert html.count("<tr data-unit=") == size
    assert html.count('<td class="num" data-col="change">0,00</td>') == size


def test_the_ranking_export_holds_the_page_s_numbers(client_for, internal_affairs_user, scored):
    response = client_for(internal_affairs_user).get(
        reverse("par_index:ranking-export", args=[scored.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="xep-hang-chi-so-cchc-2022-city-{scored.pk}.xlsx"'
    )
    import io

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[4]]
    assert header[:4] == ["Hạng", "Đơn vị", "Tổng điểm tự chấm", "Tổng điểm thẩm định"]
    first = [cell.value for cell in sheet[5]]
    assert first[:8] == [1, "Phường Một", 8.5, 8, 5, 2, 1, 0.8]
    assert first[8:] == [1.5, "đã chốt điểm"]
    third = [cell.value for cell in sheet[7]]
    assert third[:4] == [None, "Phường Ba", 4, None]


# --- who reads it ------------------------------------------------------------------------


def test_leadership_reads_the_ranking(client_for, leadership_user, scored):
    response = client_for(leadership_user).get(reverse("par_index:ranking", args=[scored.pk]))
    assert response.status_code == 200


def test_unit_staff_are_sent_to_their_own_scorecard(client_for, staff_user, scored, monkeypatch):
    # The scorecard page is the scoring part's; its address here stands for it.
    monkeypatch.setattr(Scorecard, "get_absolute_url", lambda card: f"/card/{card.unit.code}/")
    client = client_for(staff_user)
    response = client.get(reverse("par_index:ranking", args=[scored.pk]))
    assert response.status_code == 302 and response["Location"] == "/card/ward-one/"
    export = client.get(reverse("par_index:ranking-export", args=[scored.pk]))
    assert export.status_code == 403


def test_an_inspector_of_the_city_may_not_read_the_ranking(client_for, inspector_user, scored):
    assert (
        client_for(inspector_user).get(reverse("par_index:ranking", args=[scored.pk])).status_code
        == 403
    )


def test_a_round_outside_the_scope_is_not_found(client_for, other_city, scored):
    canary_user = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    client = client_for(canary_user)
    assert client.get(reverse("par_index:ranking", args=[scored.pk])).status_code == 404
    assert client.get(reverse("par_index:ranking-export", args=[scored.pk])).status_code == 404


def test_the_canary_round_s_units_never_show_in_the_city_s_ranking(
    client_for, other_city, internal_affairs_user, scored
):
    canary_ia = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    UnitFactory(name="Phường Canary", code="canary", kind=Unit.Kind.WARD, parent=other_city)
    canary_round = open_round(other_city, canary_ia, 2022)
    set_scores(
        canary_round.scorecards.get(),
        S.FINALISED,
        ("2", "4", "2", "2", "1"),
        ("2", "4", "2", "2", "1"),
    )
    html = (
        client_for(internal_affairs_user)
        .get(reverse("par_index:ranking", args=[scored.pk]))
        .content.decode()
    )
    assert "Phường Canary" not in html
    assert (
        client_for(internal_affairs_user)
        .get(reverse("par_index:ranking", args=[canary_round.pk]))
        .status_code
        == 404
    )
