"""The rounds pages: the list (a unit's own scorecards first), opening and editing a round,
a round's scorecards with their totals; scope and roles."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit
from par_index import services
from par_index.factories import CriteriaSetFactory, small_set
from par_index.models import Criterion, Scorecard, ScoringRound

from .scoring_helpers import ahead, ids

Status = Scorecard.Status


def _dates(**changes):
    dates = {name: value.isoformat() for name, value in ahead().items()}
    dates.update(changes)
    return dates


def _text(response):
    return response.content.decode()


# --- the list ------------------------------------------------------------------------------


def test_unit_staff_see_their_own_scorecard_with_its_deadline(client_for, staff_user, live_card):
    response = client_for(staff_user).get("/par-index/")
    assert response.status_code == 200
    own = response.context["own_cards"]
    assert own == [live_card]
    due = live_card.round.self_scoring_due.strftime("%d/%m/%Y")
    assert f"Đơn vị thẩm định: Thành phố Thử · hạn của bước này: {due}" in _text(response)
    assert "Đang tự chấm" in _text(response)
    assert "Phường Hai" not in _text(response)
    assert response.context["rounds"] == []
    assert "Mở đợt chấm điểm" not in _text(response)


def test_internal_affairs_see_the_rounds_with_counts_in_scope(
    client_for, internal_affairs_user, live_round, other_city
):
    outside = small_set(other_city, year=2023)
    UserFactory(username="noivu2", unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    ScoringRound.objects.create(
        unit=other_city, criteria_set=outside, title="Vòng của thành phố khác", **ahead()
    )
    response = client_for(internal_affairs_user).get("/par-index/")
    assert response.status_code == 200
    rounds = response.context["rounds"]
    assert [r.title for r in rounds] == ["Chấm điểm Chỉ số CCHC năm 2022"]
    assert (rounds[0].card_count, rounds[0].submitted_count, rounds[0].finalised_count) == (2, 0, 0)
    assert "Vòng của thành phố khác" not in _text(response)
    assert "Mở đợt chấm điểm" in _text(response)
    assert response.context["years"] == [2022]


def test_the_list_filters_by_year(client_for, internal_affairs_user, live_round):
    client = client_for(internal_affairs_user)
    assert client.get("/par-index/?year=2021").context["rounds"] == []
    assert len(client.get("/par-index/?year=2022").context["rounds"]) == 1
    response = client.get("/par-index/?year=abc")
    assert response.status_code == 200
    assert len(response.context["rounds"]) == 1


def test_the_nav_shows_the_par_index_under_reform_work(client_for, staff_user):
    response = client_for(staff_user).get("/par-index/")
    labels = [
        child["label"]
        for entry in response.context["nav_items"]
        for child in entry.get("children", [entry])
    ]
    assert "Chỉ số CCHC" in [str(label) for label in labels]


# --- opening a round -----------------------------------------------------------------------


def test_internal_affairs_open_a_round(client_for, internal_affairs_user, criteria_set, ward):
    client = client_for(internal_affairs_user)
    assert client.get("/par-index/rounds/new/").status_code == 200
    response = client.post(
        "/par-index/rounds/new/",
        {"criteria_set": criteria_set.pk, "title": "Chấm điểm năm 2022", **_dates()},
        follow=True,
    )
    rnd = ScoringRound.objects.get()
    assert response.redirect_chain == [(f"/par-index/rounds/{rnd.pk}/", 302)]
    assert "Đã mở đợt “Chấm điểm năm 2022”: 1 đơn vị tự chấm điểm." in _text(response)
    assert list(rnd.scorecards.values_list("unit__name", flat=True)) == ["Phường Một"]
    assert rnd.scorecards.get().scores.count() == 5


def test_deadlines_out_of_order_are_refused(client_for, internal_affairs_user, criteria_set, ward):
    today = timezone.localdate()
    response = client_for(internal_affairs_user).post(
        "/par-index/rounds/new/",
        {
            "criteria_set": criteria_set.pk,
            "title": "Chấm điểm năm 2022",
            **_dates(appraisal_due=(today + datetime.timedelta(days=1)).isoformat()),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Các hạn phải theo thứ tự: tự chấm điểm, thẩm định, giải trình, thẩm định lại."
    ]
    assert not ScoringRound.objects.exists()


def test_an_incomplete_set_lists_its_problems(client_for, internal_affairs_user, city, ward):
    criteria_set = CriteriaSetFactory(unit=city)
    area = Criterion.objects.create(
        criteria_set=criteria_set, code="1", text="Chỉ đạo", max_points=Decimal(6)
    )
    Criterion.objects.create(
        criteria_set=criteria_set, parent=area, code="1.1", text="Kế hoạch", max_points=2
    )
    response = client_for(internal_affairs_user).post(
        "/par-index/rounds/new/",
        {"criteria_set": criteria_set.pk, "title": "Chấm điểm", **_dates()},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Bộ tiêu chí này chưa dùng được:",
        "1: tổng điểm tối đa của các tiêu chí con là 2,00, không phải 6,00.",
    ]
    assert not ScoringRound.objects.exists()


def test_a_set_out_of_sight_cannot_be_chosen(client_for, internal_affairs_user, other_city, ward):
    foreign = small_set(other_city)
    response = client_for(internal_affairs_user).post(
        "/par-index/rounds/new/",
        {"criteria_set": foreign.pk, "title": "Chấm điểm", **_dates()},
    )
    assert response.status_code == 200
    assert "criteria_set" in response.context["form"].errors
    assert not ScoringRound.objects.exists()


@pytest.mark.parametrize("who", ["staff_user", "leadership_user", "inspector_user"])
def test_only_internal_affairs_open_rounds(client_for, request, who, criteria_set):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/par-index/rounds/new/").status_code == 403
    response = client.post(
        "/par-index/rounds/new/", {"criteria_set": criteria_set.pk, "title": "x", **_dates()}
    )
    assert response.status_code == 403
    assert not ScoringRound.objects.exists()


# --- editing a round -----------------------------------------------------------------------


def test_internal_affairs_move_a_deadline(client_for, internal_affairs_user, live_round):
    client = client_for(internal_affairs_user)
    url = f"/par-index/rounds/{live_round.pk}/edit/"
    form = client.get(url).context["form"]
    later = live_round.self_scoring_due + datetime.timedelta(days=5)
    response = client.post(
        url,
        {
            "title": "Chấm điểm Chỉ số CCHC năm 2022 (gia hạn)",
            **_dates(self_scoring_due=later.isoformat()),
            "version": form.initial["version"],
            "seen": form.initial["seen"],
        },
        follow=True,
    )
    assert "Đã lưu đợt chấm điểm." in _text(response)
    live_round.refresh_from_db()
    assert live_round.self_scoring_due == later
    assert live_round.title == "Chấm điểm Chỉ số CCHC năm 2022 (gia hạn)"


def test_a_stale_round_form_saves_nothing(client_for, internal_affairs_user, live_round):
    client = client_for(internal_affairs_user)
    url = f"/par-index/rounds/{live_round.pk}/edit/"
    form = client.get(url).context["form"]
    services.update_round(
        acting_user=internal_affairs_user,
        rnd=live_round,
        version=live_round.version,
        title="Đổi tên trước",
    )
    response = client.post(
        url,
        {
            "title": "Tên của tôi",
            **_dates(),
            "version": form.initial["version"],
            "seen": form.initial["seen"],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors[0].startswith("Người khác đã lưu bản ghi này sau khi bạn mở trang")
    assert "Tên đợt chấm điểm" in errors[0]
    live_round.refresh_from_db()
    assert live_round.title == "Đổi tên trước"


def test_staff_cannot_edit_a_round_and_others_do_not_find_it(
    client_for, staff_user, live_round, other_city
):
    assert client_for(staff_user).get(f"/par-index/rounds/{live_round.pk}/edit/").status_code == 403
    outsider = UserFactory(username="ngoai", unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    client = client_for(outsider)
    assert client.get(f"/par-index/rounds/{live_round.pk}/edit/").status_code == 404
    assert client.get(f"/par-index/rounds/{live_round.pk}/").status_code == 404


# --- a round's scorecards ------------------------------------------------------------------


def test_the_round_page_shows_each_card_with_its_totals(
    client_for, internal_affairs_user, staff_user, live_round, live_card
):
    codes = ids(live_card)
    services.save_self_scores(
        acting_user=staff_user,
        card=live_card,
        version=live_card.version,
        entries={codes["1.1"]: {"score": "2"}, codes["1.2"]: {"score": "1,5"}},
    )
    response = client_for(internal_affairs_user).get(f"/par-index/rounds/{live_round.pk}/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["card"].unit.name, r["self"].total, r["appraised"].scored) for r in rows] == [
        ("Phường Một", Decimal("3.50"), 0),
        ("Phường Hai", Decimal("0"), 0),
    ]
    assert response.context["counts"]["total"] == 2
    assert response.context["counts"][Status.DRAFT] == 2
    text = _text(response)
    assert "3,50" in text and "10,00" in text
    assert "Đang tự chấm:</span> <strong>2</strong>" in text
    assert "Sửa đợt chấm điểm" in text


def test_a_ward_sees_only_its_own_card_in_the_round(client_for, staff_user, live_round, other_card):
    response = client_for(staff_user).get(f"/par-index/rounds/{live_round.pk}/")
    assert response.status_code == 200
    assert [r["card"].unit.name for r in response.context["rows"]] == ["Phường Một"]
    assert response.context["counts"]["total"] == 1
    assert "Phường Hai" not in _text(response)
    assert "Sửa đợt chấm điểm" not in _text(response)


def test_leadership_read_the_round(client_for, leadership_user, live_round):
    response = client_for(leadership_user).get(f"/par-index/rounds/{live_round.pk}/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
    assert "Sửa đợt chấm điểm" not in _text(response)


def _queries(client, url):

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_round_pages_cost_the_same_at_3_and_12_cards(
    client_for, internal_affairs_user, criteria_set, city
):

    client = client_for(internal_affairs_user)
    counts = []
    for total in (3, 12):
        ScoringRound.objects.all().delete()
        for n in range(Unit.objects.filter(kind=Unit.Kind.WARD).count(), total):
            UnitFactory(name=f"Phường {n}", code=f"p{n}", kind=Unit.Kind.WARD, parent=city)
        rnd = services.open_round(
            acting_user=internal_affairs_user,
            unit=city,
            criteria_set=criteria_set,
            title=f"Vòng {total}",
            **ahead(),
        )
        assert rnd.scorecards.count() == total
        counts.append(
            (_queries(client, f"/par-index/rounds/{rnd.pk}/"), _queries(client, "/par-index/"))
        )
    assert counts[0] == counts[1]
