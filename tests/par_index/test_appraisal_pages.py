"""The appraisal team's pages: appraise, accept an area, complete, second appraisal, finalise,
reopen; stale saves, scope and role canaries, and a query count independent of the set's size."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc_portal.factories import UserFactory
from cchc_portal.models import Role
from par_index import services
from par_index.factories import CriteriaSetFactory, build_criteria, small_set
from par_index.models import Criterion, Evidence, Scorecard

Status = Scorecard.Status
SELF_SCORES = {
    "1.1": ("2", "Kế hoạch số 01/KH-UBND"),
    "1.2": ("3,5", "23/24 nhiệm vụ"),
    "2.1": ("0", ""),
    "2.2": ("2", "Đúng hạn 100 %"),
    "3.1": ("1", "Sáng kiến"),
}


def _dates():
    """Deadlines from today on: every stage is still open when the pages are used."""
    today = timezone.localdate()
    return {
        "self_scoring_due": today + datetime.timedelta(days=5),
        "appraisal_due": today + datetime.timedelta(days=10),
        "explanation_due": today + datetime.timedelta(days=15),
        "final_appraisal_due": today + datetime.timedelta(days=20),
    }


def _open(user, unit, criteria_set, title="Chấm điểm Chỉ số CCHC năm 2022"):
    return services.open_round(
        acting_user=user, unit=unit, criteria_set=criteria_set, title=title, **_dates()
    )


def _ids(card):
    return {s.criterion.code: s.criterion_id for s in card.scores.select_related("criterion")}


def _submitted(card, staff, scores=SELF_SCORES):
    ids = _ids(card)
    services.save_self_scores(
        acting_user=staff,
        card=card,
        version=card.version,
        entries={ids[code]: {"score": s, "note": note} for code, (s, note) in scores.items()},
    )
    card.refresh_from_db()
    services.submit(acting_user=staff, card=card)
    card.refresh_from_db()
    return card


@pytest.fixture
def card(city, ward, other_ward, internal_affairs_user, staff_user):
    rnd = _open(internal_affairs_user, city, small_set(city, rules=False))
    return _submitted(rnd.scorecards.get(unit=ward), staff_user)


@pytest.fixture
def team(client_for, internal_affairs_user):
    return client_for(internal_affairs_user)


def _url(card, name="scorecard-appraise"):
    return reverse(f"par_index:{name}", args=[card.pk])


def _post_data(response, **changes):
    """What the page's form sends back as it was shown, with `changes` ({code: (score,
    comment)}) typed in."""
    form = response.context["form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    by_code = {s.criterion.code: s for s in form.scores}
    for code, (value, comment) in changes.items():
        data[form.score_name(by_code[code])] = value
        data[form.comment_name(by_code[code])] = comment
    return data


def _score(card, code):
    return card.scores.get(criterion__code=code)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


# --- the page ----------------------------------------------------------------------------


def test_the_page_shows_the_tree_self_scores_notes_evidence_and_totals(card, team, staff_user):
    services_evidence = Evidence.objects.create(
        score=_score(card, "1.1"),
        kind=Evidence.Kind.DOCUMENT,
        label="Kế hoạch số 01/KH-UBND ngày 05/01/2022",
        page="3",
        url="/reforms/documents/1/",
        added_by=staff_user,
    )
    response = team.get(_url(card))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thẩm định: Phường Một" in html
    assert "Ban hành kế hoạch CCHC năm đúng thời hạn" in html
    assert "23/24 nhiệm vụ" in html  # the unit's note
    assert (
        f'<a href="{services_evidence.url}" target="_blank" rel="noopener">'
        "Kế hoạch số 01/KH-UBND ngày 05/01/2022</a> (tr. 3)" in html
    )
    assert "Chấp nhận tất cả điểm không đổi" in html
    totals = response.context["totals"]
    assert totals["self"].total == Decimal("8.50")
    assert totals["appraised"].total == Decimal("0")
    assert "8,50" in html and "85,00 %" in html
    assert "Hoàn thành thẩm định" in html


# --- the first appraisal -----------------------------------------------------------------


def test_a_changed_score_needs_a_comment_and_nothing_is_saved_without_it(card, team):
    page = team.get(_url(card))
    response = team.post(_url(card), _post_data(page, **{"1.2": ("2", ""), "1.1": ("2", "")}))
    assert response.status_code == 200
    assert "1.2: hãy ghi ý kiến nêu lý do thay đổi điểm." in response.content.decode()
    # All or nothing: 1.1 (unchanged, valid) is not saved either, and what was typed stays.
    assert _score(card, "1.1").appraised_score is None
    assert _score(card, "1.2").appraised_score is None
    assert response.context["form"][f"score_{_ids(card)['1.2']}"].value() == "2"


def test_a_saved_appraisal_is_marked_where_it_differs_and_is_in_the_history(
    card, team, internal_affairs_user
):
    page = team.get(_url(card))
    response = team.post(
        _url(card),
        _post_data(page, **{"1.1": ("2", ""), "1.2": ("2", "Chưa đủ tài liệu kiểm chứng")}),
        follow=True,
    )
    assert "Đã lưu kết quả thẩm định." in _messages(response)
    assert _score(card, "1.1").appraised_score == Decimal("2.00")
    assert _score(card, "1.2").appraised_score == Decimal("2.00")
    assert _score(card, "1.2").appraisal_comment == "Chưa đủ tài liệu kiểm chứng"
    rows = {row.criterion.code: row for row in response.context["rows"]}
    assert rows["1.2"].difference == "khác điểm tự chấm"
    assert rows["1.1"].difference == ""
    html = response.content.decode()
    assert html.count("par-differs") == 1
    assert "≠ đã sửa" in html
    # The row's history: who, and the appraised score from nothing to 2,00.
    (entry, *_older) = rows["1.2"].changes
    assert entry["who"] == internal_affairs_user
    assert entry["changes"] == [("điểm thẩm định", None, Decimal("2.00"))]
    assert "điểm thẩm định <del>—</del> → <ins>2,00</ins>" in html
    assert response.context["totals"]["appraised"].total == Decimal("4.00")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("5", "2.1: 5,00 vượt quá điểm tối đa 2,00."),
        ("-1", "2.1: điểm không được âm."),
        ("hai", "2.1: “hai” không phải là số."),
        ("1,255", "2.1: điểm có tối đa 2 chữ số thập phân."),
    ],
)
def test_a_score_out_of_bounds_is_refused_and_nothing_changes(card, team, typed, message):
    page = team.get(_url(card))
    version = Scorecard.objects.get(pk=card.pk).version
    response = team.post(
        _url(card), _post_data(page, **{"1.1": ("2", ""), "2.1": (typed, "Sai điểm")})
    )
    assert message in response.content.decode()
    rows = {row.criterion.code: row for row in response.context["rows"]}
    assert rows["2.1"].errors == [message]
    assert rows["1.1"].errors == []
    assert _score(card, "1.1").appraised_score is None
    assert _score(card, "2.1").appraised_score is None
    assert Scorecard.objects.get(pk=card.pk).version == version


def test_accept_all_unchanged_fills_the_area_only(card, team):
    area = Criterion.objects.get(criteria_set=card.round.criteria_set, code="1")
    response = team.post(
        reverse("par_index:appraise-area", args=[card.pk, area.pk]),
        {"version": card.version},
        follow=True,
    )
    assert "Đã chấp nhận các điểm không đổi của lĩnh vực 1." in _messages(response)
    assert _score(card, "1.1").appraised_score == Decimal("2.00")
    assert _score(card, "1.2").appraised_score == Decimal("3.50")
    assert _score(card, "2.2").appraised_score is None


def test_accept_all_unchanged_on_a_stale_page_is_refused(card, team):
    area = Criterion.objects.get(criteria_set=card.round.criteria_set, code="1")
    response = team.post(
        reverse("par_index:appraise-area", args=[card.pk, area.pk]),
        {"version": card.version - 1},
        follow=True,
    )
    assert (
        "Người khác đã sửa bản ghi này sau khi bạn mở trang. Hãy tải lại trang và thử lại."
        in _messages(response)
    )
    assert _score(card, "1.1").appraised_score is None


def test_complete_is_refused_while_criteria_are_not_appraised(card, team):
    area = Criterion.objects.get(criteria_set=card.round.criteria_set, code="1")
    team.post(
        reverse("par_index:appraise-area", args=[card.pk, area.pk]), {"version": card.version}
    )
    response = team.post(_url(card, "scorecard-complete"), follow=True)
    assert "Hãy thẩm định hết các tiêu chí; chưa thẩm định: 2.1, 2.2, 3.1." in _messages(response)
    assert Scorecard.objects.get(pk=card.pk).status == Status.SUBMITTED


def _accept_everything(card, team):
    for area in Criterion.objects.filter(criteria_set=card.round.criteria_set, parent=None):
        version = Scorecard.objects.get(pk=card.pk).version
        team.post(reverse("par_index:appraise-area", args=[card.pk, area.pk]), {"version": version})


def _appraised(card, team):
    page = team.get(_url(card))
    team.post(_url(card), _post_data(page, **{"1.2": ("2", "Chưa đủ tài liệu kiểm chứng")}))
    _accept_everything(card, team)
    response = team.post(_url(card, "scorecard-complete"), follow=True)
    assert "Đã hoàn thành thẩm định: đơn vị có thể gửi giải trình." in _messages(response)
    card.refresh_from_db()
    assert card.status == Status.APPRAISED
    return card


def _explained(card, team, staff_user):
    _appraised(card, team)
    score = _score(card, "1.2")
    services.add_evidence(
        acting_user=staff_user,
        score=score,
        kind=Evidence.Kind.FIGURES,
        label="Báo cáo kết quả thực hiện kế hoạch bổ sung",
    )
    card.refresh_from_db()
    services.save_explanations(
        acting_user=staff_user,
        card=card,
        version=card.version,
        entries={score.criterion_id: {"explanation": "Nhiệm vụ còn lại đã xong trong tháng 12"}},
    )
    card.refresh_from_db()
    services.send_explanations(acting_user=staff_user, card=card)
    card.refresh_from_db()
    return card


# --- the second appraisal, finalising, reopening -----------------------------------------


def test_the_second_appraisal_shows_the_explanation_and_writes_final_scores(card, team, staff_user):
    _explained(card, team, staff_user)
    page = team.get(_url(card))
    html = page.content.decode()
    assert "Thẩm định lại: Phường Một" in html
    assert "Nhiệm vụ còn lại đã xong trong tháng 12" in html
    assert "Báo cáo kết quả thực hiện kế hoạch bổ sung" in html
    assert "mới, kèm giải trình" in html
    assert "Chưa đủ tài liệu kiểm chứng" in html  # the first appraisal's comment
    response = team.post(
        _url(card), _post_data(page, **{"1.2": ("3", "Chấp nhận một phần")}), follow=True
    )
    assert "Đã lưu kết quả thẩm định." in _messages(response)
    score = _score(card, "1.2")
    assert (score.appraised_score, score.final_score) == (Decimal("2.00"), Decimal("3.00"))
    assert score.final_comment == "Chấp nhận một phần"
    rows = {row.criterion.code: row for row in response.context["rows"]}
    assert rows["1.2"].difference == "khác kết quả thẩm định lần 1"
    assert response.context["totals"]["appraised"].total == Decimal("8.00")


def test_finalise_locks_the_scorecard(card, team, staff_user):
    _explained(card, team, staff_user)
    page = team.get(_url(card))
    response = team.post(_url(card, "scorecard-finalise"), follow=True)
    assert "Phiếu chấm điểm đã chốt: điểm số đã bị khóa." in _messages(response)
    card.refresh_from_db()
    assert card.status == Status.FINALISED
    assert _score(card, "2.2").final_score == Decimal("2.00")
    # A page left open: its save is refused, and nothing changes.
    response = team.post(_url(card), _post_data(page, **{"2.2": ("1", "Sửa sau khi chốt")}))
    assert (
        "Phiếu chấm điểm đang ở trạng thái “đã chốt điểm”: chưa thể làm việc này."
        in response.content.decode()
    )
    assert _score(card, "2.2").final_score == Decimal("2.00")
    assert 'data-testid="save-appraisal"' not in response.content.decode()


def test_reopen_a_finalised_scorecard(card, team, staff_user):
    _explained(card, team, staff_user)
    team.post(_url(card, "scorecard-finalise"))
    page = team.get(_url(card))
    assert "Gia hạn hoặc mở lại phiếu" in page.content.decode()  # the form is on the page
    refused = team.post(_url(card, "scorecard-reopen"), {"until": "", "reason": ""})
    html = refused.content.decode()
    assert "Hãy chọn một ngày từ hôm nay trở đi." in html
    assert "Hãy nêu lý do mở lại phiếu chấm điểm." in html
    assert Scorecard.objects.get(pk=card.pk).status == Status.FINALISED
    until = timezone.localdate() + datetime.timedelta(days=30)
    response = team.post(
        _url(card, "scorecard-reopen"),
        {"until": until.isoformat(), "reason": "Đơn vị bổ sung tài liệu"},
        follow=True,
    )
    assert "Đã mở lại phiếu chấm điểm: phiếu trở lại trạng thái “đã giải trình”." in _messages(
        response
    )
    card.refresh_from_db()
    assert (card.status, card.extended_until) == (Status.EXPLAINED, until)


def test_past_the_deadline_the_page_is_read_only_and_a_save_is_refused(card, team):
    page = team.get(_url(card))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(card.round).objects.filter(pk=card.round_id).update(
        self_scoring_due=yesterday - datetime.timedelta(days=1), appraisal_due=yesterday
    )
    response = team.post(_url(card), _post_data(page, **{"1.1": ("2", "")}))
    html = response.content.decode()
    assert (
        f"Đã quá hạn thẩm định ({yesterday:%d/%m/%Y}). Phòng Nội vụ có thể mở lại phiếu và gia hạn."
        in html
    )
    assert _score(card, "1.1").appraised_score is None
    assert 'data-testid="save-appraisal"' not in html
    assert "Hoàn thành thẩm định" not in html
    assert 'name="reason"' in html  # the reopening form is on the page


def test_finalise_is_refused_while_the_unit_may_still_explain(card, team):
    _appraised(card, team)
    response = team.post(_url(card, "scorecard-finalise"), follow=True)
    due = card.round.explanation_due
    assert (
        f"Đơn vị còn được giải trình đến {due:%d/%m/%Y}: chốt điểm sau ngày đó, hoặc khi đơn vị "
        "đã gửi giải trình." in _messages(response)
    )
    assert Scorecard.objects.get(pk=card.pk).status == Status.APPRAISED


# --- concurrent edits --------------------------------------------------------------------


def test_a_stale_save_is_refused_and_keeps_what_was_typed(card, team, city):
    page = team.get(_url(card))
    colleague = UserFactory(username="noivu2", unit=city, roles=[Role.Code.INTERNAL_AFFAIRS])
    fresh = Scorecard.objects.get(pk=card.pk)
    services.save_appraisal(
        acting_user=colleague,
        card=fresh,
        version=fresh.version,
        entries={_ids(card)["1.2"]: {"score": "3", "comment": "Trừ nửa điểm"}},
    )
    response = team.post(_url(card), _post_data(page, **{"1.2": ("2", "Chưa đủ tài liệu")}))
    html = response.content.decode()
    assert (
        "Người khác đã lưu bản ghi này sau khi bạn mở trang và đã thay đổi: 1.2 — điểm, "
        "1.2 — ý kiến. Chưa có gì của bạn được lưu" in html
    )
    assert response.context["form"][f"comment_{_ids(card)['1.2']}"].value() == ("Chưa đủ tài liệu")
    score = _score(card, "1.2")
    assert (score.appraised_score, score.appraisal_comment) == (Decimal("3.00"), "Trừ nửa điểm")


# --- scope and roles ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["scorecard-appraise", "scorecard-reopen"])
def test_the_unit_and_leadership_are_refused_the_appraisal_pages(
    card, client_for, staff_user, leadership_user, name
):
    assert client_for(staff_user).get(_url(card, name)).status_code == 403
    assert client_for(leadership_user).get(_url(card, name)).status_code == 403


@pytest.mark.parametrize("name", ["scorecard-complete", "scorecard-finalise"])
def test_the_unit_cannot_complete_or_finalise(card, client_for, staff_user, name):
    assert client_for(staff_user).post(_url(card, name)).status_code == 403
    assert Scorecard.objects.get(pk=card.pk).status == Status.SUBMITTED


def test_out_of_scope_is_a_404(card, client_for, other_city, other_staff_user):
    outsider = UserFactory(
        username="noivu-khac", unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS]
    )
    client = client_for(outsider)
    assert client.get(_url(card)).status_code == 404
    assert client.post(_url(card, "scorecard-complete")).status_code == 404
    area = Criterion.objects.get(criteria_set=card.round.criteria_set, code="1")
    assert (
        client.post(
            reverse("par_index:appraise-area", args=[card.pk, area.pk]), {"version": card.version}
        ).status_code
        == 404
    )
    # A sibling ward's staff do not see the card at all.
    assert client_for(other_staff_user).get(_url(card)).status_code == 404
    assert _score(card, "1.1").appraised_score is None


def test_an_area_of_another_set_is_a_404(card, team, city):
    other = small_set(city, year=2023)
    area = Criterion.objects.get(criteria_set=other, code="1")
    response = team.post(
        reverse("par_index:appraise-area", args=[card.pk, area.pk]), {"version": card.version}
    )
    assert response.status_code == 404


# --- query count -------------------------------------------------------------------------


def _wide_spec(leaves_per_area):
    """Two regular areas of 50 points and a bonus area, `leaves_per_area` leaves each."""
    spec = []
    for number, kind, total in (
        ("1", Criterion.Kind.REGULAR, 50),
        ("2", Criterion.Kind.REGULAR, 50),
        ("3", Criterion.Kind.BONUS, 5),
    ):
        each = Decimal(total) / leaves_per_area
        children = [
            (f"{number}.{i}", f"Tiêu chí {number}.{i}", str(each), "")
            for i in range(1, leaves_per_area + 1)
        ]
        spec.append((number, f"Lĩnh vực {number}", str(total), kind, children))
    return spec


def _wide_card(city, ward, user, staff, leaves_per_area, year):
    criteria_set = CriteriaSetFactory(unit=city, year=year)
    build_criteria(criteria_set, _wide_spec(leaves_per_area), rules=False)
    rnd = _open(user, city, criteria_set, title=f"Đợt {year}")
    card = rnd.scorecards.get(unit=ward)
    scores = {s.criterion.code: ("0", "") for s in card.scores.select_related("criterion")}
    card = _submitted(card, staff, scores)
    for score in card.scores.all():
        Evidence.objects.create(score=score, kind=Evidence.Kind.FIGURES, label="Số liệu")
    return card


def test_the_page_reads_a_fixed_number_of_queries(
    city, ward, other_ward, internal_affairs_user, staff_user, team, django_assert_max_num_queries
):
    small = _wide_card(city, ward, internal_affairs_user, staff_user, 2, 2021)
    large = _wide_card(city, ward, internal_affairs_user, staff_user, 10, 2022)
    team.get(_url(small))  # the session and the user, once
    with django_assert_max_num_queries(QUERIES):
        assert team.get(_url(small)).status_code == 200
    with django_assert_max_num_queries(QUERIES):
        assert team.get(_url(large)).status_code == 200


QUERIES = 10


def test_extending_keeps_the_stage_and_gives_it_more_time(client_for, internal_affairs_user, card):
    """Internal affairs give a card's current stage more time; it stays where it is."""
    import datetime

    from django.utils import timezone

    from par_index.models import Scorecard

    today = timezone.localdate()
    client = client_for(internal_affairs_user)
    response = client.post(
        f"/par-index/scorecards/{card.pk}/reopen/",
        {
            "how": "extend",
            "until": (today + datetime.timedelta(days=60)).strftime("%d/%m/%Y"),
            "reason": "Phường xin thêm thời gian",
        },
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == Scorecard.Status.SUBMITTED
    assert card.extended_until == today + datetime.timedelta(days=60)
    assert card.stage_deadline() == today + datetime.timedelta(days=60)
    page = client.get(response["Location"], follow=True).content.decode()
    assert "Giai đoạn hiện tại của phiếu được gia hạn đến" in page
    assert card.history.first().history_change_reason == "Phường xin thêm thời gian"


def test_a_move_back_is_not_offered_for_a_draft(client_for, internal_affairs_user, live_card):
    """A draft past its self-scoring deadline cannot go back a stage: it can be given time."""
    page = client_for(internal_affairs_user).get(f"/par-index/scorecards/{live_card.pk}/reopen/")
    body = page.content.decode()
    assert "Cho giai đoạn hiện tại thêm thời gian" in body
    assert "Chuyển phiếu lùi một bước" not in body
