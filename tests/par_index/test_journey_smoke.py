"""The whole life of a scorecard through the services, with its totals at each stage."""

from decimal import Decimal

from par_index import scoring, services
from par_index.models import Scorecard

from .conftest import DURING


def _ids(card):
    return {s.criterion.code: s.criterion_id for s in card.scores.select_related("criterion")}


def test_a_scorecard_from_draft_to_finalised(card, staff_user, internal_affairs_user):
    ids = _ids(card)
    assert sorted(ids) == ["1.1", "1.2", "2.1", "2.2", "3.1"]
    services.save_self_scores(
        acting_user=staff_user,
        card=card,
        version=card.version,
        entries={
            ids["1.1"]: {"score": "2", "note": "Kế hoạch số 01/KH-UBND"},
            ids["1.2"]: {"score": "3,5", "note": "23/24 nhiệm vụ"},
            ids["2.1"]: {"score": "0"},
            ids["2.2"]: {"score": "2", "note": "Đúng hạn 100 %"},
            ids["3.1"]: {"score": "1", "note": "Sáng kiến"},
        },
        today=DURING,
    )
    card.refresh_from_db()
    totals = scoring.card_totals(card)
    assert totals["self"].total == Decimal("8.50")
    assert totals["self"].max_total == Decimal("10")
    services.submit(acting_user=staff_user, card=card, today=DURING)
    card.refresh_from_db()
    assert card.status == Scorecard.Status.SUBMITTED
    services.save_appraisal(
        acting_user=internal_affairs_user,
        card=card,
        version=card.version,
        entries={ids["1.2"]: {"score": "2", "comment": "Chưa đủ tài liệu"}},
        today=DURING,
    )
    card.refresh_from_db()
    for area in ("1", "2", "3"):
        services.accept_area(
            acting_user=internal_affairs_user,
            card=card,
            version=card.version,
            area=card.round.criteria_set.criteria.get(code=area),
            today=DURING,
        )
        card.refresh_from_db()
    services.complete_appraisal(acting_user=internal_affairs_user, card=card, today=DURING)
    card.refresh_from_db()
    assert scoring.card_totals(card)["appraised"].total == Decimal("7.00")
    services.save_explanations(
        acting_user=staff_user,
        card=card,
        version=card.version,
        entries={ids["1.2"]: {"explanation": "Bổ sung báo cáo"}},
        today=DURING,
    )
    services.send_explanations(acting_user=staff_user, card=card, today=DURING)
    card.refresh_from_db()
    services.save_appraisal(
        acting_user=internal_affairs_user,
        card=card,
        version=card.version,
        entries={ids["1.2"]: {"score": "3", "comment": "Chấp nhận một phần"}},
        today=DURING,
    )
    card.refresh_from_db()
    services.finalise(acting_user=internal_affairs_user, card=card, today=DURING)
    card.refresh_from_db()
    assert card.status == Scorecard.Status.FINALISED
    totals = scoring.card_totals(card)
    assert totals["appraised"].total == Decimal("8.00")
    assert totals["self"].total == Decimal("8.50")
