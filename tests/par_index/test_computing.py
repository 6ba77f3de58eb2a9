"""A round's cards computed from the units' records: scores, details, evidence, history."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from par_index import computing, services
from par_index.factories import round_dates, small_set
from par_index.models import Evidence, Score, Scorecard
from procedures.factories import intake
from reforms.factories import IssuedDocumentFactory, ReformPlanFactory, ReformTaskFactory
from reforms.models import ReformTask

from .conftest import DURING

D = datetime.date
DONE = ReformTask.Status.DONE
RULES = {
    "1.1": "plan_issued_on_time",
    "1.2": "plan_tasks_done",
    "2.1": "online_dossier_rate",
    "2.2": "on_time_rate",
}


ISSUED_ON = D(2021, 12, 30)


def _records(unit, *, done=4, not_done=1, issued_on=ISSUED_ON):
    """A plan issued on `issued_on` with `done` of `done + not_done` tasks done, and a year
    of 9 online dossiers out of 764, 760 of them resolved on time."""
    document = IssuedDocumentFactory(unit=unit, number="01/KH-UBND", issued_on=issued_on)
    plan = ReformPlanFactory(unit=unit, year=2022, document=document)
    general = ReformTaskFactory(plan=plan, title="Nhiệm vụ chung")
    for n in range(done):
        ReformTaskFactory(
            parent=general, title=f"Xong {n}", status=DONE, completed_on=D(2022, 6, 1)
        )
    for n in range(not_done):
        ReformTaskFactory(parent=general, title=f"Chưa xong {n}")
    intake(
        unit,
        D(2022, 3, 1),
        received_online=9,
        received_counter=755,
        resolved_on_time=760,
        resolved_late=4,
    )
    return plan


@pytest.fixture
def ward_records(ward):
    return _records(ward)


@pytest.fixture
def criteria_set(city, ward_records):
    criteria_set = small_set(city)
    for code, rule in RULES.items():
        criteria_set.criteria.filter(code=code).update(rule=rule)
    return criteria_set


def scores_of(card):
    return {s.criterion.code: s for s in card.scores.select_related("criterion")}


def test_opening_a_round_computes_each_ruled_criterion(card, ward_records, internal_affairs_user):
    scores = scores_of(card)
    assert {code: s.computed_score for code, s in scores.items()} == {
        "1.1": Decimal("2.00"),
        "1.2": Decimal("2.00"),  # 4/5 = 80 % → half of 4
        "2.1": Decimal("0.00"),  # 1,18 % < 20 %
        "2.2": Decimal("1.00"),  # 99,48 % ≥ 95 % → half of 2
        "3.1": None,
    }
    # A draft's empty self scores start at the computed ones; a criterion without a rule stays empty.
    assert {code: s.self_score for code, s in scores.items()} == {
        "1.1": Decimal("2.00"),
        "1.2": Decimal("2.00"),
        "2.1": Decimal("0.00"),
        "2.2": Decimal("1.00"),
        "3.1": None,
    }
    assert scores["1.2"].computed_detail == (
        "4/5 nhiệm vụ (80,00 %) hoàn thành đến ngày 31/12/2022\n"
        "80,00 % ≥ 80 % → 50 % điểm tối đa: 2,00 điểm."
    )
    assert scores["2.1"].computed_detail == (
        "9/764 hồ sơ tiếp nhận trực tuyến (1,18 %)\n1,18 % < 20 % → 0 điểm."
    )
    assert scores["2.2"].computed_detail == (
        "760/764 hồ sơ giải quyết đúng hạn (99,48 %)\n99,48 % ≥ 95 % → 50 % điểm tối đa: 1,00 điểm."
    )
    assert scores["1.1"].computed_at is not None and scores["3.1"].computed_at is None
    evidence = Evidence.objects.filter(score=scores["1.1"]).order_by("pk")
    assert [(e.kind, e.automatic, e.plan_id, e.document_id, e.url) for e in evidence] == [
        ("plan", True, ward_records.pk, None, f"/reforms/plans/{ward_records.pk}/"),
        (
            "document",
            True,
            None,
            ward_records.document_id,
            f"/reforms/documents/{ward_records.document_id}/",
        ),
    ]
    not_done = ward_records.tasks.get(title="Chưa xong 0")
    assert list(
        Evidence.objects.filter(score=scores["1.2"], kind="task").values_list("task_id", "label")
    ) == [(not_done.pk, "Chưa hoàn thành: Chưa xong 0")]
    assert scores["1.1"].history.first().history_user == internal_affairs_user
    assert evidence[0].history.first().history_user == internal_affairs_user


def test_a_unit_without_records_is_left_to_score_by_hand(scoring_round, other_ward):
    card = scoring_round.scorecards.get(unit=other_ward)
    scores = scores_of(card)
    assert scores["1.1"].computed_score is None
    assert scores["1.1"].self_score is None
    assert scores["1.1"].computed_detail == (
        "Chưa có kế hoạch CCHC năm 2022.\n"
        "Đơn vị chưa có kế hoạch CCHC năm 2022 trên cổng: tự chấm tiêu chí này."
    )
    assert scores["2.1"].computed_detail.startswith("Không tiếp nhận hồ sơ nào trong năm 2022.")
    # The figures page is still linked: it shows the months without figures.
    assert list(Evidence.objects.filter(score=scores["2.1"]).values_list("kind", flat=True)) == [
        "figures"
    ]
    assert not Evidence.objects.filter(score=scores["1.1"]).exists()


def test_a_typed_self_score_is_never_overwritten(card, ward, ward_records, staff_user):
    scores = scores_of(card)
    services.save_self_scores(
        acting_user=staff_user,
        card=card,
        version=card.version,
        entries={scores["1.1"].criterion_id: {"score": "1,5", "note": "Tự đánh giá"}},
        today=DURING,
    )
    # The records change: the plan is now issued late, and every task is done.
    ward_records.document.__class__.objects.filter(pk=ward_records.document_id).update(
        issued_on=D(2022, 1, 20)
    )
    ward_records.tasks.filter(title="Chưa xong 0").update(status=DONE, completed_on=D(2022, 9, 1))
    card.refresh_from_db()
    services.recompute(acting_user=staff_user, card=card, today=DURING)
    scores = scores_of(card)
    assert scores["1.1"].computed_score == Decimal("0.00")
    assert scores["1.1"].self_score == Decimal("1.50")
    # A self score still equal to the computed one follows the records.
    assert scores["1.2"].computed_score == Decimal("4.00")
    assert scores["1.2"].self_score == Decimal("4.00")
    assert scores["1.2"].history.first().history_user == staff_user


def test_recomputing_replaces_the_automatic_evidence_only(card, ward, ward_records, staff_user):
    score = scores_of(card)["1.1"]
    other = IssuedDocumentFactory(unit=ward, number="99/QĐ-UBND", issued_on=D(2022, 3, 1))
    chosen = services.add_evidence(
        acting_user=staff_user,
        score=score,
        kind=Evidence.Kind.DOCUMENT,
        label=str(other),
        page="2",
        document=other,
        today=DURING,
    )
    automatic = set(score.evidence.filter(automatic=True).values_list("pk", flat=True))
    assert len(automatic) == 2
    card.refresh_from_db()
    services.recompute(acting_user=staff_user, card=card, today=DURING)
    after = list(score.evidence.order_by("pk").values_list("pk", "automatic", "kind"))
    assert after[0] == (chosen.pk, False, "document")
    assert [row[1:] for row in after[1:]] == [(True, "plan"), (True, "document")]
    assert not automatic & {row[0] for row in after}
    removed = Evidence.history.filter(history_type="-", score_id=score.pk)
    assert {(h.id, h.history_user) for h in removed} == {(pk, staff_user) for pk in automatic}


def test_a_submitted_card_keeps_what_it_was_submitted_with(card, ward_records, staff_user):
    Scorecard.objects.filter(pk=card.pk).update(status=Scorecard.Status.SUBMITTED)
    card.refresh_from_db()
    before = list(Score.objects.filter(scorecard=card).values("computed_score", "computed_at"))
    ward_records.tasks.update(status=ReformTask.Status.NOT_STARTED, completed_on=None)
    computing.compute_card(card, today=DURING)
    after = list(Score.objects.filter(scorecard=card).values("computed_score", "computed_at"))
    assert after == before


def test_a_round_reads_the_figures_of_all_its_units_at_once(
    city, criteria_set, internal_affairs_user
):
    def queries(wards):
        parent = UnitFactory(kind=Unit.Kind.CITY, parent=city)
        for _n in range(wards):
            _records(UnitFactory(kind=Unit.Kind.WARD, parent=parent))
        rnd = services.open_round(
            acting_user=internal_affairs_user,
            unit=parent,
            criteria_set=criteria_set,
            title=f"Đợt {wards}",
            today=DURING,
            **round_dates(2022),
        )
        Score.objects.filter(scorecard__round=rnd).update(self_score=None, computed_score=None)
        with CaptureQueriesContext(connection) as context:
            computing.compute_round(rnd, today=DURING, acting_user=internal_affairs_user)
        assert Score.objects.filter(scorecard__round=rnd, computed_score=2).count() == 2 * wards
        return len(context.captured_queries)

    assert queries(2) == queries(6)
