"""The unit's scorecard page: self-scoring (bounds, partial saves, stale versions, submit),
evidence from the unit's records or a file, the appraisal as the unit reads it, explanations,
the locked card; read-only for internal affairs and leadership; out of scope is 404."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections.factories import ConcludedInspectionFactory
from par_index import scoring, services
from par_index.models import Evidence, Scorecard
from reforms.factories import IssuedDocumentFactory, ReformPlanFactory, ReformTaskFactory

from .scoring_helpers import ids, leaf

Status = Scorecard.Status
ALL_SCORES = {"1.1": "2", "1.2": "3,5", "2.1": "1", "2.2": "2", "3.1": "0"}


def _url(card, action=""):
    return f"/par-index/scorecards/{card.pk}/" + (f"{action}/" if action else "")


def _text(response):
    return response.content.decode()


def test_the_scorecard_page_costs_the_same_with_more_evidence(client_for, staff_user, live_card):

    client = client_for(staff_user)
    counts = []
    for code in ("1.1", "1.2", "2.1"):
        services.add_evidence(
            acting_user=staff_user, score=leaf(live_card, code), kind=Evidence.Kind.FILE, label=code
        )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(live_card)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] == counts[2]


def _post_data(card, scores, notes=None, version=None):
    codes = ids(card)
    data = {"version": card.version if version is None else version}
    for code, value in scores.items():
        data[f"score-{codes[code]}"] = value
        data[f"note-{codes[code]}"] = (notes or {}).get(code, "")
    return data


def _submitted(card, staff):
    codes = ids(card)
    services.save_self_scores(
        acting_user=staff,
        card=card,
        version=card.version,
        entries={codes[c]: {"score": v, "note": "Có tài liệu"} for c, v in ALL_SCORES.items()},
    )
    card.refresh_from_db()
    services.submit(acting_user=staff, card=card)
    card.refresh_from_db()
    return card


def _appraised(card, staff, team):
    _submitted(card, staff)
    codes = ids(card)
    services.save_appraisal(
        acting_user=team,
        card=card,
        version=card.version,
        entries={codes["1.2"]: {"score": "2", "comment": "Chưa đủ tài liệu kiểm chứng"}},
    )
    card.refresh_from_db()
    for area in card.round.criteria_set.criteria.filter(parent__isnull=True):
        services.accept_area(acting_user=team, card=card, version=card.version, area=area)
        card.refresh_from_db()
    services.complete_appraisal(acting_user=team, card=card)
    card.refresh_from_db()
    return card


# --- the draft -------------------------------------------------------------------------------


def test_the_draft_shows_the_tree_with_inputs_and_totals(client_for, staff_user, live_card):
    response = client_for(staff_user).get(_url(live_card))
    assert response.status_code == 200
    assert response.context["mode"] == "self"
    assert response.context["editable"] is True
    text = _text(response)
    areas = response.context["areas"]
    assert [a["criterion"].code for a in areas] == ["1", "2", "3"]
    assert [line["criterion"].code for line in areas[0]["lines"]] == ["1.1", "1.2"]
    assert "Ban hành kế hoạch CCHC năm đúng thời hạn" in text
    assert f'name="score-{ids(live_card)["1.1"]}"' in text
    assert f'name="version" value="{live_card.version}"' in text
    assert "par_index/scorecard.js" in text
    assert "<script>" not in text  # no inline script (CSP)
    assert response.context["totals"]["self"].max_total == Decimal("10")
    assert "Lưu và gửi thẩm định" in text
    assert "điểm thưởng" in text


def test_a_computed_criterion_shows_its_value_and_how(client_for, staff_user, live_card):
    score = leaf(live_card, "1.1")
    score.criterion.rule = "plan_issued_on_time"
    score.criterion.save()
    type(score).objects.filter(pk=score.pk).update(
        computed_score=Decimal("2"), computed_detail="Kế hoạch ban hành ngày 10/01/2022, đúng hạn"
    )
    text = _text(client_for(staff_user).get(_url(live_card)))
    assert "tính được 2,00 điểm — Kế hoạch ban hành ngày 10/01/2022, đúng hạn" in text


def test_saving_keeps_partial_work_and_shows_the_totals(client_for, staff_user, live_card):
    client = client_for(staff_user)
    response = client.post(
        _url(live_card),
        _post_data(live_card, {"1.1": "2", "1.2": "1,5", "3.1": "1"}, {"1.1": "Kế hoạch 01"}),
        follow=True,
    )
    assert response.redirect_chain == [(_url(live_card), 302)]
    assert "Đã lưu điểm tự chấm." in _text(response)
    live_card.refresh_from_db()
    assert leaf(live_card, "1.1").self_score == Decimal("2.00")
    assert leaf(live_card, "1.1").self_note == "Kế hoạch 01"
    assert leaf(live_card, "2.1").self_score is None
    totals = scoring.card_totals(live_card)["self"]
    assert (totals.total, totals.by_area) == (
        Decimal("4.50"),
        {
            ids(live_card)["1"]: Decimal("3.50"),
            ids(live_card)["2"]: Decimal("0"),
            ids(live_card)["3"]: Decimal("1.00"),
        },
    )
    assert response.context["totals"]["self"].total == Decimal("4.50")
    assert "<span data-card-total>4,50</span>" in _text(response)
    assert 'data-area-total="{}" data-kind="regular" data-cap="6.00">3,50'.format(
        ids(live_card)["1"]
    ) in _text(response)
    assert response.context["totals"]["self"].scored == 3
    assert "đã chấm 3/5 tiêu chí" in _text(response)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2,50", "1.1: 2,50 vượt quá điểm tối đa 2,00."),
        ("-1", "1.1: điểm không được âm."),
        ("1,255", "1.1: điểm có tối đa 2 chữ số thập phân."),
        ("hai", "1.1: “hai” không phải là số."),
    ],
)
def test_a_bad_score_saves_nothing_and_keeps_what_was_typed(
    client_for, staff_user, live_card, typed, message
):
    response = client_for(staff_user).post(
        _url(live_card), _post_data(live_card, {"1.1": typed, "1.2": "3"}, {"1.2": "Ghi chú"})
    )
    assert response.status_code == 200
    assert response.context["errors"] == [message]
    text = _text(response)
    assert "Chưa lưu được gì:" in text
    assert message in text
    assert f'value="{typed}"' in text
    assert ">Ghi chú</textarea>" in text
    line = response.context["areas"][0]["lines"][0]
    assert line["invalid"] is True
    live_card.refresh_from_db()
    assert (live_card.version, leaf(live_card, "1.2").self_score) == (1, None)


def test_a_stale_page_saves_nothing_and_says_so(client_for, staff_user, live_card):
    client = client_for(staff_user)
    opened_at = live_card.version
    client.post(_url(live_card), _post_data(live_card, {"1.1": "1"}))
    response = client.post(_url(live_card), _post_data(live_card, {"1.1": "2"}, version=opened_at))
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Người khác đã lưu bản ghi này sau khi bạn mở trang. Chưa có gì của bạn được lưu; "
        "nội dung bạn nhập vẫn được giữ bên dưới. Hãy tải lại trang để xem thay đổi đó, "
        "rồi nhập lại nội dung của bạn."
    ]
    assert 'value="2"' in _text(response)
    assert leaf(live_card, "1.1").self_score == Decimal("1.00")


def test_submit_lists_its_problems_then_submits(client_for, staff_user, live_card):
    client = client_for(staff_user)
    response = client.post(
        _url(live_card, "submit"), _post_data(live_card, {"1.1": "2"}), follow=True
    )
    assert response.redirect_chain == [(f"{_url(live_card)}?check=1", 302)]
    assert response.context["problems"] == [
        "Chưa thể gửi phiếu chấm điểm:",
        "1.1 chưa có tài liệu kiểm chứng: hãy đính kèm hoặc thuyết minh điểm trong ghi chú.",
        "1.2 chưa có điểm tự chấm.",
        "2.1 chưa có điểm tự chấm.",
        "2.2 chưa có điểm tự chấm.",
        "3.1 chưa có điểm tự chấm.",
    ]
    live_card.refresh_from_db()
    assert leaf(live_card, "1.1").self_score == Decimal("2.00")  # saved before submitting
    notes = dict.fromkeys(ALL_SCORES, "Có tài liệu")
    response = client.post(
        _url(live_card, "submit"), _post_data(live_card, ALL_SCORES, notes), follow=True
    )
    assert "Đã gửi phiếu chấm điểm để thẩm định." in _text(response)
    live_card.refresh_from_db()
    assert live_card.status == Status.SUBMITTED
    assert response.context["mode"] == "read"
    assert "Phiếu chấm điểm đã gửi và đang được thẩm định." in _text(response)
    assert 'name="score-' not in _text(response)
    # Submitting again is refused with a message, and changes nothing.
    response = client.post(_url(live_card, "submit"), follow=True)
    assert "Phiếu chấm điểm đang ở trạng thái “đã gửi thẩm định”: chưa thể làm việc này." in _text(
        response
    )


def test_the_actions_are_post_only(client_for, staff_user, live_card):
    client = client_for(staff_user)
    for action in ("submit", "explain", "recompute"):
        assert client.get(_url(live_card, action)).status_code == 405


# --- who sees what ---------------------------------------------------------------------------


def test_another_wards_staff_do_not_find_the_card(client_for, other_staff_user, live_card):
    client = client_for(other_staff_user)
    assert client.get(_url(live_card)).status_code == 404
    assert client.post(_url(live_card), _post_data(live_card, {"1.1": "2"})).status_code == 404
    assert client.post(_url(live_card, "submit")).status_code == 404
    assert client.post(_url(live_card, "recompute")).status_code == 404
    score = leaf(live_card, "1.1")
    assert client.get(f"/par-index/scores/{score.pk}/evidence/new/").status_code == 404
    assert leaf(live_card, "1.1").self_score is None


def test_the_twin_in_scope_reads_its_own_card(client_for, other_staff_user, other_card):
    assert client_for(other_staff_user).get(_url(other_card)).status_code == 200


@pytest.mark.parametrize("who", ["internal_affairs_user", "leadership_user"])
def test_internal_affairs_and_leadership_read_only(client_for, request, who, live_card):
    client = client_for(request.getfixturevalue(who))
    response = client.get(_url(live_card))
    assert response.status_code == 200
    assert response.context["mode"] == "read"
    assert 'name="score-' not in _text(response)
    assert "Lưu và gửi thẩm định" not in _text(response)
    assert client.post(_url(live_card), _post_data(live_card, {"1.1": "2"})).status_code == 403
    assert client.post(_url(live_card, "submit")).status_code == 403
    assert leaf(live_card, "1.1").self_score is None


def test_leadership_cannot_recompute(client_for, leadership_user, staff_user, live_card):
    assert client_for(leadership_user).post(_url(live_card, "recompute")).status_code == 403
    response = client_for(staff_user).post(_url(live_card, "recompute"), follow=True)
    assert "Đã tính lại các điểm tự động từ dữ liệu trên cổng." in _text(response)


# --- evidence --------------------------------------------------------------------------------


def test_evidence_is_chosen_from_the_units_own_records(
    client_for, staff_user, live_card, ward, other_ward, inspector_user
):
    document = IssuedDocumentFactory(unit=ward, number="01/KH-UBND", title="Kế hoạch CCHC 2022")
    IssuedDocumentFactory(unit=other_ward, number="99/KH-UBND", title="Kế hoạch của phường khác")
    plan = ReformPlanFactory(unit=ward, year=2022)
    ReformTaskFactory(plan=plan, title="Rà soát thủ tục")
    ConcludedInspectionFactory(unit=ward, lead=inspector_user)
    score = leaf(live_card, "1.1")
    client = client_for(staff_user)
    url = f"/par-index/scores/{score.pk}/evidence/new/"
    response = client.get(url)
    assert response.status_code == 200
    text = _text(response)
    assert "01/KH-UBND — Kế hoạch CCHC 2022 (10/01/2022)" in text
    assert "1. Rà soát thủ tục" in text
    assert "Kế hoạch của phường khác" not in text
    choices = dict(response.context["form"].records)
    assert {key.split(":")[0] for key in choices} == {"document", "plan", "task", "inspection"}
    response = client.post(url, {"record": f"document:{document.pk}", "page": "2"}, follow=True)
    assert response.redirect_chain == [(f"{_url(live_card)}#c-{score.criterion_id}", 302)]
    assert "Đã thêm tài liệu kiểm chứng." in _text(response)
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.document, evidence.page, evidence.url) == (
        Evidence.Kind.DOCUMENT,
        document,
        "2",
        f"/reforms/documents/{document.pk}/",
    )
    assert (evidence.stage, evidence.added_by) == (Evidence.Stage.SELF, staff_user)
    # The record opens in place from the scorecard.
    assert f'href="/reforms/documents/{document.pk}/"' in _text(response)
    assert "01/KH-UBND — Kế hoạch CCHC 2022 (10/01/2022)</a> · tr. 2" in _text(response)


def test_a_record_of_another_unit_cannot_be_sent(client_for, staff_user, live_card, other_ward):
    foreign = IssuedDocumentFactory(unit=other_ward)
    score = leaf(live_card, "1.1")
    response = client_for(staff_user).post(
        f"/par-index/scores/{score.pk}/evidence/new/", {"record": f"document:{foreign.pk}"}
    )
    assert response.status_code == 200
    assert "record" in response.context["form"].errors
    assert not Evidence.objects.exists()


def test_evidence_form_needs_a_record_or_a_file(client_for, staff_user, live_card):
    score = leaf(live_card, "1.1")
    response = client_for(staff_user).post(f"/par-index/scores/{score.pk}/evidence/new/", {})
    assert response.context["form"].non_field_errors() == [
        "Hãy chọn một hồ sơ có trên cổng hoặc tải lên một tệp."
    ]


def test_an_uploaded_file_is_served_to_readers_only(
    client_for, staff_user, other_staff_user, internal_affairs_user, live_card
):
    score = leaf(live_card, "1.2")
    client = client_for(staff_user)
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung", "application/pdf")
    response = client.post(
        f"/par-index/scores/{score.pk}/evidence/new/",
        {"file": upload, "label": "Báo cáo số 12/BC-UBND", "page": "3–4"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.label, evidence.page) == (
        Evidence.Kind.FILE,
        "Báo cáo số 12/BC-UBND",
        "3–4",
    )
    file_url = f"/par-index/evidence/{evidence.pk}/file/"
    assert f'href="{file_url}"' in _text(client.get(_url(live_card)))
    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
    assert client_for(internal_affairs_user).get(file_url).status_code == 200
    assert client_for(other_staff_user).get(file_url).status_code == 404


def test_a_file_that_is_not_what_it_says_is_refused(client_for, staff_user, live_card):
    score = leaf(live_card, "1.2")
    upload = SimpleUploadedFile(
        "bao-cao.pdf", b"<html><script>x</script></html>", "application/pdf"
    )
    response = client_for(staff_user).post(
        f"/par-index/scores/{score.pk}/evidence/new/", {"file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Không được tải lên trang web (HTML) hay hình vẽ SVG, dù tệp mang tên gì."
    ]
    assert not Evidence.objects.exists()


def test_evidence_is_removed_by_post(client_for, staff_user, other_staff_user, live_card):
    evidence = services.add_evidence(
        acting_user=staff_user, score=leaf(live_card, "1.1"), kind=Evidence.Kind.FILE, label="x"
    )
    url = f"/par-index/evidence/{evidence.pk}/delete/"
    assert client_for(other_staff_user).post(url).status_code == 404
    client = client_for(staff_user)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Đã gỡ tài liệu kiểm chứng." in _text(response)
    assert not Evidence.objects.exists()


# --- the appraisal as the unit reads it, explanations, the locked card ------------------------


def test_the_unit_reads_the_appraisal_and_explains(
    client_for, staff_user, internal_affairs_user, live_card
):
    _appraised(live_card, staff_user, internal_affairs_user)
    client = client_for(staff_user)
    response = client.get(_url(live_card))
    assert response.context["mode"] == "explain"
    text = _text(response)
    assert "Chưa đủ tài liệu kiểm chứng" in text
    line = response.context["areas"][0]["lines"][1]
    assert (line["criterion"].code, line["appraised"], line["differs"]) == (
        "1.2",
        Decimal("2"),
        True,
    )
    assert response.context["areas"][0]["lines"][0]["differs"] is False
    assert 'class="leaf-row table-warning"' in text
    assert response.context["totals"]["appraised"].total == Decimal("7.00")
    assert '7,00 <span class="fs-6 text-body-secondary">/ 10,00</span>' in text
    assert "70,00 %" in text
    assert 'name="explanation-' in text
    assert 'name="score-' not in text
    codes = ids(live_card)
    response = client.post(
        _url(live_card, "explain"),
        {"version": live_card.version, f"explanation-{codes['1.2']}": "Bổ sung báo cáo 15/BC"},
        follow=True,
    )
    assert "Đã gửi giải trình đến tổ thẩm định." in _text(response)
    live_card.refresh_from_db()
    assert live_card.status == Status.EXPLAINED
    assert leaf(live_card, "1.2").explanation == "Bổ sung báo cáo 15/BC"
    assert "Đã gửi giải trình; tổ thẩm định đang thẩm định lại." in _text(response)


def test_explanations_can_be_saved_before_sending(
    client_for, staff_user, internal_affairs_user, live_card
):
    _appraised(live_card, staff_user, internal_affairs_user)
    codes = ids(live_card)
    response = client_for(staff_user).post(
        _url(live_card),
        {"version": live_card.version, f"explanation-{codes['1.2']}": "Nháp giải trình"},
        follow=True,
    )
    assert "Đã lưu giải trình." in _text(response)
    live_card.refresh_from_db()
    assert live_card.status == Status.APPRAISED
    assert leaf(live_card, "1.2").explanation == "Nháp giải trình"


def test_a_finalised_card_is_read_only_and_locked(
    client_for, staff_user, internal_affairs_user, live_card
):
    _appraised(live_card, staff_user, internal_affairs_user)
    services.send_explanations(acting_user=staff_user, card=live_card)
    live_card.refresh_from_db()
    services.finalise(acting_user=internal_affairs_user, card=live_card)
    client = client_for(staff_user)
    response = client.get(_url(live_card))
    text = _text(response)
    assert response.context["mode"] == "read"
    assert "Phiếu chấm điểm đã chốt: điểm số đã bị khóa." in text
    assert "bi-lock-fill" in text
    assert "Điểm thẩm định lại" in text
    response = client.post(_url(live_card), _post_data(live_card, {"1.1": "0"}), follow=True)
    assert "Lúc này không thể sửa phiếu chấm điểm này." in _text(response)
    assert leaf(live_card, "1.1").self_score == Decimal("2.00")


def test_past_its_deadline_the_draft_is_shown_read_only(client_for, staff_user, live_card):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(live_card.round).objects.filter(pk=live_card.round_id).update(self_scoring_due=yesterday)
    client = client_for(staff_user)
    response = client.get(_url(live_card))
    assert response.context["editable"] is False
    text = _text(response)
    assert (
        f"Đã quá hạn của bước này ({yesterday:%d/%m/%Y}). Phòng Nội vụ có thể mở lại phiếu chấm "
        "điểm và gia hạn." in text
    )
    assert 'name="score-' not in text
    response = client.post(_url(live_card), _post_data(live_card, {"1.1": "2"}))
    assert response.status_code == 200
    assert response.context["errors"] == [
        f"Đã quá hạn tự chấm điểm ({yesterday:%d/%m/%Y}). Phòng Nội vụ có thể mở lại phiếu và "
        "gia hạn."
    ]
    assert leaf(live_card, "1.1").self_score is None


@pytest.mark.parametrize("who", ["internal_affairs_user", "leadership_user"])
def test_only_the_unit_adds_or_removes_evidence(client_for, request, who, staff_user, live_card):
    evidence = services.add_evidence(
        acting_user=staff_user, score=leaf(live_card, "1.1"), kind=Evidence.Kind.FILE, label="x"
    )
    client = client_for(request.getfixturevalue(who))
    score = leaf(live_card, "1.1")
    assert client.get(f"/par-index/scores/{score.pk}/evidence/new/").status_code == 403
    assert client.post(f"/par-index/evidence/{evidence.pk}/delete/").status_code == 403
    assert Evidence.objects.count() == 1
