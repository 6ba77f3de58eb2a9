"""The PAR index in the admin: every model listed, history kept, the state machine's fields and a
finalised card's scores read-only, a set in use not changed."""

import pytest

from par_index.models import CriteriaSet, Criterion, Evidence, Score, Scorecard


@pytest.fixture
def admin_client_(client_for, admin_user_):
    return client_for(admin_user_)


@pytest.mark.parametrize(
    "model", ["criteriaset", "criterion", "scoringround", "scorecard", "score", "evidence"]
)
def test_every_model_has_its_list_and_change_page(admin_client_, card, model):
    Evidence.objects.create(
        score=card.scores.first(), kind=Evidence.Kind.FIGURES, label="Số liệu cổng"
    )
    response = admin_client_.get(f"/admin/par_index/{model}/")
    assert response.status_code == 200
    obj = {
        "criteriaset": card.round.criteria_set,
        "criterion": card.round.criteria_set.criteria.first(),
        "scoringround": card.round,
        "scorecard": card,
        "score": card.scores.first(),
        "evidence": Evidence.objects.first(),
    }[model]
    assert admin_client_.get(f"/admin/par_index/{model}/{obj.pk}/change/").status_code == 200
    assert admin_client_.get(f"/admin/par_index/{model}/{obj.pk}/history/").status_code == 200


def test_a_scorecards_status_is_not_a_field_of_its_form(admin_client_, card):
    response = admin_client_.get(f"/admin/par_index/scorecard/{card.pk}/change/")
    form = response.context["adminform"].form
    assert {"status", "submitted_by", "finalised_at", "round", "unit"} & set(form.fields) == set()
    scores = response.context["inline_admin_formsets"][0].formset
    assert len(scores.forms) == 5
    assert {"self_score", "appraised_score", "final_score"} & set(scores.forms[0].fields) == set()


def test_a_finalised_scorecard_and_its_scores_are_read_only(admin_client_, card):
    Scorecard.objects.filter(pk=card.pk).update(status=Scorecard.Status.FINALISED)
    score = card.scores.first()
    message = (
        "Phiếu chấm điểm này đã chốt: điểm đã bị khóa. Phòng Nội vụ có thể mở lại trên trang "
        "của phiếu."
    )
    response = admin_client_.post(
        f"/admin/par_index/score/{score.pk}/change/",
        {"self_score": "0", "appraised_score": "0", "final_score": "0"},
    )
    assert response.status_code == 403
    assert message in response.content.decode()
    response = admin_client_.post(f"/admin/par_index/scorecard/{card.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    score.refresh_from_db()
    assert score.final_score is None
    assert Scorecard.objects.filter(pk=card.pk).exists()


def test_a_set_in_use_is_not_changed_in_the_admin(admin_client_, card):
    criteria_set = card.round.criteria_set
    criterion = criteria_set.criteria.get(code="1.2")
    message = "Bộ tiêu chí này đã được dùng trong một đợt chấm điểm nên không thể thay đổi."
    response = admin_client_.post(
        f"/admin/par_index/criterion/{criterion.pk}/change/",
        {"code": "1.2", "text": "Sửa trong admin", "max_points": "1", "kind": "regular"},
    )
    assert response.status_code == 403
    assert message in response.content.decode()
    response = admin_client_.post(
        f"/admin/par_index/criteriaset/{criteria_set.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    criterion.refresh_from_db()
    assert criterion.text == "Mức độ hoàn thành kế hoạch CCHC"
    assert CriteriaSet.objects.filter(pk=criteria_set.pk).exists()


def test_a_set_not_in_use_is_edited_in_the_admin_with_history(
    admin_client_, admin_user_, criteria_set
):
    criterion = criteria_set.criteria.get(code="2.1")
    response = admin_client_.post(
        f"/admin/par_index/criterion/{criterion.pk}/change/",
        {
            "criteria_set": criteria_set.pk,
            "parent": criterion.parent_id,
            "position": criterion.position,
            "code": "2.1",
            "text": "Tỷ lệ hồ sơ trực tuyến toàn trình",
            "max_points": "2",
            "guidance": "",
            "kind": "regular",
            "rule": "",
            "rule_params": "{}",
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.text == "Tỷ lệ hồ sơ trực tuyến toàn trình"
    assert criterion.history.first().history_user == admin_user_
    assert Score.objects.count() == 0
    assert Criterion.objects.filter(criteria_set=criteria_set).count() == 8
