"""The latest index the dashboards show is cached, and never read stale."""

from decimal import Decimal

from par_index import selectors, services

from .conftest import DURING


def _appraised(card, staff, office):
    ids = {s.criterion.code: s.criterion_id for s in card.scores.select_related("criterion")}
    services.save_self_scores(
        acting_user=staff,
        card=card,
        version=card.version,
        entries={
            ids[code]: {"score": score, "note": "Có hồ sơ"}
            for code, score in (
                ("1.1", "2"),
                ("1.2", "4"),
                ("2.1", "1"),
                ("2.2", "2"),
                ("3.1", "0"),
            )
        },
        today=DURING,
    )
    services.submit(acting_user=staff, card=card, today=DURING)
    card.refresh_from_db()
    for area in card.round.criteria_set.criteria.filter(parent=None):
        services.accept_area(
            acting_user=office, card=card, version=card.version, area=area, today=DURING
        )
        card.refresh_from_db()
    services.complete_appraisal(acting_user=office, card=card, today=DURING)
    card.refresh_from_db()
    return card


def test_a_second_read_is_cached_and_a_change_shows_at_once(
    card, ward, staff_user, internal_affairs_user, django_assert_max_num_queries
):
    card = _appraised(card, staff_user, internal_affairs_user)
    first = selectors.latest_index([ward])[ward.pk]
    assert (first.total, first.rank, first.ranked_count) == (Decimal("9.00"), 1, 1)
    with django_assert_max_num_queries(3):
        assert selectors.latest_index([ward])[ward.pk].total == Decimal("9.00")

    # A score saved outside the services (the admin) counts at once.
    score = card.scores.get(criterion__code="1.2")
    score.appraised_score = Decimal("1.50")
    score.save()
    assert selectors.latest_index([ward])[ward.pk].total == Decimal("6.50")

    # A move back to "submitted" takes the card out of the ranking at once.
    services.reopen(
        acting_user=internal_affairs_user,
        card=card,
        until=DURING,
        reason="Thẩm định lại",
        today=DURING,
    )
    assert selectors.latest_index([ward]) == {}


def test_the_ranking_page_is_cached_and_a_change_shows_at_once(
    client_for, card, ward, staff_user, internal_affairs_user, django_assert_max_num_queries
):
    card = _appraised(card, staff_user, internal_affairs_user)
    client = client_for(internal_affairs_user)
    url = f"/par-index/rounds/{card.round_id}/ranking/"

    def appraised_cell():
        body = client.get(url).content.decode()
        line = body[body.index(f'data-unit="{ward.code}"') :]
        cell = line[line.index('data-col="appraised"') :]
        return cell[cell.index(">") + 1 : cell.index("<")]

    assert appraised_cell() == "9,00"
    with django_assert_max_num_queries(12):
        assert appraised_cell() == "9,00"
    score = card.scores.get(criterion__code="1.2")
    score.appraised_score = Decimal("1.50")
    score.save()
    assert appraised_cell() == "6,50"
    ward.short_name = "Phường Mới"
    ward.save()
    assert "Phường Mới" in client.get(url).content.decode()
