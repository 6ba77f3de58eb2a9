"""Every move of a scorecard through the services: allowed, out of turn, past its deadline,
by the wrong person; the bounds of a typed score; all-or-nothing saves; stale versions;
history; reopening."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc_portal.versioning import ChangedMeanwhile
from par_index import scoring, services
from par_index.factories import small_set
from par_index.models import Criterion, Evidence, Score, Scorecard

from .conftest import DURING

Status = Scorecard.Status
AFTER_SELF_SCORING = datetime.date(2023, 1, 16)  # the factories' self-scoring is due 15/01/2023
LATE = datetime.date(2023, 3, 1)  # after every deadline


def _ids(card):
    return dict(card.round.criteria_set.criteria.values_list("code", "pk"))


def _score(card, code):
    return card.scores.get(criterion__code=code)


def _fill(card, user, **extra):
    """Score every criterion with a note (so it can be submitted)."""
    ids = _ids(card)
    entries = {
        ids[code]: {"score": value, "note": "Có tài liệu"}
        for code, value in {"1.1": "2", "1.2": "3,5", "2.1": "1", "2.2": "2", "3.1": "0"}.items()
    }
    services.save_self_scores(
        acting_user=user, card=card, version=card.version, entries=entries, today=DURING, **extra
    )
    card.refresh_from_db()
    return card


def _messages(excinfo):
    return excinfo.value.messages


def _to_submitted(card, staff):
    _fill(card, staff)
    services.submit(acting_user=staff, card=card, today=DURING)
    card.refresh_from_db()
    return card


def _to_appraised(card, staff, team):
    _to_submitted(card, staff)
    for area in card.round.criteria_set.criteria.filter(parent__isnull=True):
        services.accept_area(
            acting_user=team, card=card, version=card.version, area=area, today=DURING
        )
        card.refresh_from_db()
    services.complete_appraisal(acting_user=team, card=card, today=DURING)
    card.refresh_from_db()
    return card


def _to_explained(card, staff, team):
    _to_appraised(card, staff, team)
    services.send_explanations(acting_user=staff, card=card, today=DURING)
    card.refresh_from_db()
    return card


# --- saving self scores ------------------------------------------------------------------


def test_self_scores_are_saved_with_their_notes_and_a_history_row_each(card, staff_user):
    ids = _ids(card)
    before = Score.history.count()
    services.save_self_scores(
        acting_user=staff_user,
        card=card,
        version=card.version,
        entries={
            ids["1.1"]: {"score": "1,5", "note": "Kế hoạch số 01/KH-UBND"},
            ids["2.1"]: {"score": "2.00", "note": ""},
        },
        today=DURING,
    )
    card.refresh_from_db()
    assert _score(card, "1.1").self_score == Decimal("1.50")
    assert _score(card, "1.1").self_note == "Kế hoạch số 01/KH-UBND"
    assert _score(card, "2.1").self_score == Decimal("2.00")
    assert _score(card, "1.2").self_score is None  # partial work is kept as it is
    assert card.version == 2
    rows = Score.history.order_by("history_id")[before:]
    assert [(row.criterion.code, row.self_score, row.history_user) for row in rows] == [
        ("1.1", Decimal("1.50"), staff_user),
        ("2.1", Decimal("2.00"), staff_user),
    ]
    assert scoring.card_totals(card)["self"].total == Decimal("3.50")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2,50", "1.1: 2,50 vượt quá điểm tối đa 2,00."),
        ("-1", "1.1: điểm không được âm."),
        ("1,555", "1.1: điểm có tối đa 2 chữ số thập phân."),
        ("hai", "1.1: “hai” không phải là số."),
        ("1,5,0", "1.1: “1,5,0” không phải là số."),
        ("NaN", "1.1: “NaN” không phải là số."),
    ],
)
def test_a_score_out_of_bounds_is_refused_in_vietnamese(card, staff_user, typed, message):
    ids = _ids(card)
    with pytest.raises(ValidationError) as excinfo:
        services.save_self_scores(
            acting_user=staff_user,
            card=card,
            version=card.version,
            entries={ids["1.1"]: {"score": typed}},
            today=DURING,
        )
    assert _messages(excinfo) == [message]
    assert _score(card, "1.1").self_score is None


def test_a_set_with_one_decimal_refuses_two(city, staff_user, ward, internal_affairs_user):
    criteria_set = small_set(city, decimal_places=0, year=2023)
    rnd = services.open_round(
        acting_user=internal_affairs_user,
        unit=city,
        criteria_set=criteria_set,
        title="Chấm điểm 2023",
        self_scoring_due=datetime.date(2024, 1, 15),
        appraisal_due=datetime.date(2024, 1, 31),
        explanation_due=datetime.date(2024, 2, 10),
        final_appraisal_due=datetime.date(2024, 2, 20),
    )
    card = rnd.scorecards.get(unit=ward)
    criterion = criteria_set.criteria.get(code="1.2")
    with pytest.raises(ValidationError) as excinfo:
        services.save_self_scores(
            acting_user=staff_user,
            card=card,
            version=card.version,
            entries={criterion.pk: {"score": "1,5"}},
            today=datetime.date(2024, 1, 10),
        )
    assert _messages(excinfo) == ["1.2: điểm phải là số nguyên."]


def test_parse_score_reads_both_decimal_marks_and_empty_as_none(criteria_set):
    criterion = criteria_set.criteria.get(code="1.2")
    assert services.parse_score("3,25", criterion, places=2) == Decimal("3.25")
    assert services.parse_score(" 3.25 ", criterion, places=2) == Decimal("3.25")
    assert services.parse_score("4", criterion, places=2) == Decimal("4.00")
    assert services.parse_score("", criterion, places=2) is None
    assert services.parse_score(None, criterion, places=2) is None


def test_a_save_with_one_bad_row_saves_no_row(card, staff_user):
    ids = _ids(card)
    with pytest.raises(ValidationError) as excinfo:
        services.save_self_scores(
            acting_user=staff_user,
            card=card,
            version=card.version,
            entries={
                ids["1.1"]: {"score": "2", "note": "Đúng"},
                ids["1.2"]: {"score": "5", "note": "Quá điểm"},
                ids["2.1"]: {"score": "-0,5"},
            },
            today=DURING,
        )
    assert _messages(excinfo) == [
        "1.2: 5,00 vượt quá điểm tối đa 4,00.",
        "2.1: điểm không được âm.",
    ]
    card.refresh_from_db()
    assert card.version == 1
    assert list(card.scores.values_list("self_score", flat=True)) == [None] * 5
    assert _score(card, "1.1").self_note == ""


def test_a_stale_version_saves_nothing(card, staff_user):
    ids = _ids(card)
    opened_at = card.version
    services.save_self_scores(
        acting_user=staff_user,
        card=card,
        version=opened_at,
        entries={ids["1.1"]: {"score": "1"}},
        today=DURING,
    )
    card.refresh_from_db()
    with pytest.raises(ChangedMeanwhile) as excinfo:
        services.save_self_scores(
            acting_user=staff_user,
            card=card,
            version=opened_at,
            entries={ids["1.1"]: {"score": "2"}, ids["1.2"]: {"score": "4"}},
            today=DURING,
        )
    assert _messages(excinfo) == [
        "Người khác đã sửa bản ghi này sau khi bạn mở trang. Hãy tải lại trang và thử lại."
    ]
    assert _score(card, "1.1").self_score == Decimal("1.00")
    assert _score(card, "1.2").self_score is None


def test_a_criterion_of_another_card_is_refused(card, staff_user, other_staff_user):
    other = card.round.scorecards.exclude(pk=card.pk).get()
    foreign = Criterion.objects.create(
        criteria_set=small_set(other.unit.parent, year=2024),
        code="9.9",
        text="Không thuộc phiếu",
        max_points=1,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.save_self_scores(
            acting_user=staff_user,
            card=card,
            version=card.version,
            entries={foreign.pk: {"score": "1"}},
            today=DURING,
        )
    assert _messages(excinfo) == ["Có tiêu chí được gửi không thuộc phiếu chấm điểm này."]


def test_only_the_units_own_staff_score(card, other_staff_user, internal_affairs_user):
    ids = _ids(card)
    for user in (other_staff_user, internal_affairs_user):
        with pytest.raises(PermissionDenied):
            services.save_self_scores(
                acting_user=user,
                card=card,
                version=card.version,
                entries={ids["1.1"]: {"score": "1"}},
                today=DURING,
            )
    assert _score(card, "1.1").self_score is None


def test_self_scoring_after_its_deadline_is_refused(card, staff_user):
    ids = _ids(card)
    with pytest.raises(ValidationError) as excinfo:
        services.save_self_scores(
            acting_user=staff_user,
            card=card,
            version=card.version,
            entries={ids["1.1"]: {"score": "1"}},
            today=AFTER_SELF_SCORING,
        )
    assert _messages(excinfo) == [
        "Đã quá hạn tự chấm điểm (15/01/2023). Phòng Nội vụ có thể mở lại phiếu và gia hạn."
    ]


# --- submitting ----------------------------------------------------------------------------


def test_submit_moves_a_complete_draft_and_writes_history(card, staff_user):
    _fill(card, staff_user)
    services.submit(acting_user=staff_user, card=card, today=DURING)
    card.refresh_from_db()
    assert card.status == Status.SUBMITTED
    assert card.submitted_by == staff_user
    last = card.history.first()
    assert (last.status, last.history_user) == (Status.SUBMITTED, staff_user)


def test_submit_lists_what_is_missing(card, staff_user):
    ids = _ids(card)
    services.save_self_scores(
        acting_user=staff_user,
        card=card,
        version=card.version,
        entries={ids["1.1"]: {"score": "2"}, ids["1.2"]: {"score": "0"}},
        today=DURING,
    )
    card.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.submit(acting_user=staff_user, card=card, today=DURING)
    assert _messages(excinfo) == [
        "Chưa thể gửi phiếu chấm điểm:",
        "1.1 chưa có tài liệu kiểm chứng: hãy đính kèm hoặc thuyết minh điểm trong ghi chú.",
        "2.1 chưa có điểm tự chấm.",
        "2.2 chưa có điểm tự chấm.",
        "3.1 chưa có điểm tự chấm.",
    ]
    card.refresh_from_db()
    assert card.status == Status.DRAFT


def test_evidence_stands_in_for_a_note(card, staff_user):
    ids = _ids(card)
    entries = {ids[code]: {"score": "0"} for code in ("1.2", "2.1", "2.2", "3.1")}
    entries[ids["1.1"]] = {"score": "2"}
    services.save_self_scores(
        acting_user=staff_user, card=card, version=card.version, entries=entries, today=DURING
    )
    services.add_evidence(
        acting_user=staff_user,
        score=_score(card, "1.1"),
        kind=Evidence.Kind.DOCUMENT,
        label="Kế hoạch số 01/KH-UBND",
        page="2",
        today=DURING,
    )
    card.refresh_from_db()
    services.submit(acting_user=staff_user, card=card, today=DURING)
    card.refresh_from_db()
    assert card.status == Status.SUBMITTED


def test_submit_out_of_turn_late_or_by_another_is_refused(card, staff_user, other_staff_user):
    _fill(card, staff_user)
    with pytest.raises(PermissionDenied):
        services.submit(acting_user=other_staff_user, card=card, today=DURING)
    with pytest.raises(ValidationError) as excinfo:
        services.submit(acting_user=staff_user, card=card, today=AFTER_SELF_SCORING)
    assert _messages(excinfo) == [
        "Đã quá hạn tự chấm điểm (15/01/2023). Phòng Nội vụ có thể mở lại phiếu và gia hạn."
    ]
    services.submit(acting_user=staff_user, card=card, today=DURING)
    card.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.submit(acting_user=staff_user, card=card, today=DURING)
    assert _messages(excinfo) == [
        "Phiếu chấm điểm đang ở trạng thái “đã gửi thẩm định”: chưa thể làm việc này."
    ]


def test_a_submitted_card_keeps_its_self_scores(card, staff_user):
    _to_submitted(card, staff_user)
    with pytest.raises(ValidationError) as excinfo:
        services.save_self_scores(
            acting_user=staff_user,
            card=card,
            version=card.version,
            entries={_ids(card)["1.1"]: {"score": "0"}},
            today=DURING,
        )
    assert _messages(excinfo) == [
        "Phiếu chấm điểm đang ở trạng thái “đã gửi thẩm định”: chưa thể làm việc này."
    ]
    assert _score(card, "1.1").self_score == Decimal("2.00")


def test_two_submissions_at_once_cannot_both_win(card, staff_user):
    _fill(card, staff_user)
    stale = Scorecard.objects.get(pk=card.pk)
    services.submit(acting_user=staff_user, card=card, today=DURING)
    with pytest.raises(ValidationError) as excinfo:
        # The second request read the card while it was still a draft.
        services._move(
            stale, user=staff_user, source=Status.DRAFT, target=Status.SUBMITTED, stamp="submitted"
        )
    assert _messages(excinfo) == [
        "Người khác vừa chuyển trạng thái phiếu chấm điểm này. Hãy tải lại trang và thử lại."
    ]


# --- appraisal, explanations, finalising ------------------------------------------------


def test_complete_appraisal_needs_every_criterion(card, staff_user, internal_affairs_user):
    _to_submitted(card, staff_user)
    with pytest.raises(ValidationError) as excinfo:
        services.complete_appraisal(acting_user=internal_affairs_user, card=card, today=DURING)
    assert _messages(excinfo) == [
        "Hãy thẩm định hết các tiêu chí; chưa thẩm định: 1.1, 1.2, 2.1, 2.2, 3.1."
    ]
    with pytest.raises(PermissionDenied):
        services.complete_appraisal(acting_user=staff_user, card=card, today=DURING)


def test_explanations_are_saved_and_sent_by_the_unit(card, staff_user, internal_affairs_user):
    _to_appraised(card, staff_user, internal_affairs_user)
    ids = _ids(card)
    with pytest.raises(PermissionDenied):
        services.send_explanations(acting_user=internal_affairs_user, card=card, today=DURING)
    services.save_explanations(
        acting_user=staff_user,
        card=card,
        version=card.version,
        entries={ids["1.2"]: {"explanation": "Bổ sung báo cáo số 15/BC-UBND"}},
        today=DURING,
    )
    card.refresh_from_db()
    assert _score(card, "1.2").explanation == "Bổ sung báo cáo số 15/BC-UBND"
    evidence = services.add_evidence(
        acting_user=staff_user,
        score=_score(card, "1.2"),
        kind=Evidence.Kind.REPORT,
        label="Báo cáo số 15/BC-UBND",
        today=DURING,
    )
    assert evidence.stage == Evidence.Stage.EXPLANATION
    services.send_explanations(acting_user=staff_user, card=card, today=DURING)
    card.refresh_from_db()
    assert (card.status, card.explained_by) == (Status.EXPLAINED, staff_user)
    with pytest.raises(ValidationError) as excinfo:
        services.send_explanations(acting_user=staff_user, card=card, today=DURING)
    assert _messages(excinfo) == [
        "Phiếu chấm điểm đang ở trạng thái “đã giải trình”: chưa thể làm việc này."
    ]


def test_explanations_out_of_turn_or_late_are_refused(card, staff_user, internal_affairs_user):
    with pytest.raises(ValidationError) as excinfo:
        services.send_explanations(acting_user=staff_user, card=card, today=DURING)
    assert _messages(excinfo) == [
        "Phiếu chấm điểm đang ở trạng thái “đang tự chấm”: chưa thể làm việc này."
    ]
    _to_appraised(card, staff_user, internal_affairs_user)
    with pytest.raises(ValidationError) as excinfo:
        services.send_explanations(acting_user=staff_user, card=card, today=LATE)
    assert _messages(excinfo) == [
        "Đã quá hạn giải trình (10/02/2023). Phòng Nội vụ có thể mở lại phiếu và gia hạn."
    ]


def test_a_finalised_card_is_locked(card, staff_user, internal_affairs_user):
    _to_explained(card, staff_user, internal_affairs_user)
    with pytest.raises(PermissionDenied):
        services.finalise(acting_user=staff_user, card=card, today=DURING)
    services.finalise(acting_user=internal_affairs_user, card=card, today=DURING)
    card.refresh_from_db()
    assert card.status == Status.FINALISED
    assert card.is_locked
    assert scoring.card_totals(card)["appraised"].total == Decimal("8.50")
    for attempt in (
        lambda: services.save_self_scores(
            acting_user=staff_user,
            card=card,
            version=card.version,
            entries={_ids(card)["1.1"]: {"score": "0"}},
            today=DURING,
        ),
        lambda: services.save_explanations(
            acting_user=staff_user, card=card, version=card.version, entries={}, today=DURING
        ),
        lambda: services.add_evidence(
            acting_user=staff_user,
            score=_score(card, "1.1"),
            kind=Evidence.Kind.FILE,
            label="x",
            today=DURING,
        ),
    ):
        with pytest.raises(ValidationError) as excinfo:
            attempt()
        assert _messages(excinfo) == [
            "Phiếu chấm điểm đang ở trạng thái “đã chốt điểm”: chưa thể làm việc này."
        ]
    assert _score(card, "1.1").self_score == Decimal("2.00")


def test_reopen_gives_the_previous_stage_more_time(card, staff_user, internal_affairs_user):
    _to_submitted(card, staff_user)
    with pytest.raises(PermissionDenied):
        services.reopen(acting_user=staff_user, card=card, until=LATE, reason="Xin sửa", today=LATE)
    with pytest.raises(ValidationError) as excinfo:
        services.reopen(acting_user=internal_affairs_user, card=card, until=LATE, reason=" ")
    assert excinfo.value.message_dict == {"reason": ["Hãy nêu lý do mở lại phiếu chấm điểm."]}
    services.reopen(
        acting_user=internal_affairs_user,
        card=card,
        until=datetime.date(2023, 3, 10),
        reason="Đơn vị xin bổ sung tài liệu",
        today=LATE,
    )
    card.refresh_from_db()
    assert (card.status, card.extended_until) == (Status.DRAFT, datetime.date(2023, 3, 10))
    assert card.history.first().history_change_reason == "Đơn vị xin bổ sung tài liệu"
    # Past the round's self-scoring deadline, but within the extension.
    services.save_self_scores(
        acting_user=staff_user,
        card=card,
        version=card.version,
        entries={_ids(card)["3.1"]: {"score": "1", "note": "Sáng kiến"}},
        today=LATE,
    )
    services.submit(acting_user=staff_user, card=card, today=LATE)
    card.refresh_from_db()
    assert card.status == Status.SUBMITTED
    services.reopen(
        acting_user=internal_affairs_user,
        card=card,
        until=datetime.date(2023, 3, 11),
        reason="Lần nữa",
        today=LATE,
    )
    card.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.reopen(
            acting_user=internal_affairs_user,
            card=card,
            until=datetime.date(2023, 3, 12),
            reason="Lần ba",
            today=LATE,
        )
    assert _messages(excinfo) == ["Phiếu đang tự chấm điểm thì không cần mở lại."]


def test_reopening_a_finalised_card_empties_the_scores_finalising_filled(
    card, staff_user, internal_affairs_user
):
    _to_explained(card, staff_user, internal_affairs_user)
    services.finalise(acting_user=internal_affairs_user, card=card, today=DURING)
    card.refresh_from_db()
    services.reopen(
        acting_user=internal_affairs_user,
        card=card,
        until=LATE,
        reason="Xem lại tiêu chí 1.2",
        today=DURING,
    )
    card.refresh_from_db()
    assert card.status == Status.EXPLAINED
    assert list(card.scores.values_list("final_score", flat=True)) == [None] * 5
