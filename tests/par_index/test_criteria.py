"""The criteria-set services: the tree's shape, the rules' settings, in-use refusal, the copy."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

from par_index import criteria, rules, scoring, services
from par_index.factories import round_dates, small_set
from par_index.models import CriteriaSet, Criterion, UnitLevel

from .conftest import DURING

IN_USE = (
    "Bộ tiêu chí này đã được dùng trong một đợt chấm điểm nên không thể thay đổi. "
    "Hãy sao chép để tạo phiên bản mới."
)


@pytest.fixture
def share_rule(monkeypatch):
    """A registered rule with a percentage, a number and a day among its settings."""
    rule = rules.Rule(
        key="test_share",
        label=gettext_lazy("Share of tasks done"),
        description="",
        params=(
            rules.Param("full_at", "Đạt điểm tối đa từ", 100, "percent"),
            rules.Param("half_at", "Đạt một nửa từ", 80, "percent"),
            rules.Param("due", "Hạn", "31/01", "date"),
            rules.Param("points", "Số điểm", 1, "number"),
        ),
        load=lambda units, year, today: {},
        judge=lambda data, unit, year, criterion, params, today: rules.Result(None, "", ""),
    )
    monkeypatch.setitem(rules.REGISTRY, rule.key, rule)
    return rule


def _messages(excinfo):
    return excinfo.value.messages


def _add(user, criteria_set, **kwargs):
    return criteria.criterion_add(acting_user=user, criteria_set=criteria_set, **kwargs)


def _in_use(criteria_set, city, user):
    services.open_round(
        acting_user=user,
        unit=city,
        criteria_set=criteria_set,
        title="Đợt chấm 2022",
        today=DURING,
        **round_dates(2022),
    )


def test_create_a_set_and_build_its_tree(internal_affairs_user, city):
    s = criteria.set_create(
        acting_user=internal_affairs_user,
        unit=city,
        year=2022,
        level=UnitLevel.COMMUNE,
        name="Bộ tiêu chí cấp xã 2022",
    )
    assert scoring.set_problems(s) == ["Bộ tiêu chí chưa có tiêu chí nào."]
    area = _add(internal_affairs_user, s, code="1", text="Chỉ đạo", max_points=Decimal(3))
    _add(internal_affairs_user, s, code="1.1", text="Kế hoạch", max_points=Decimal(1), parent=area)
    assert scoring.set_problems(s) == [
        "1: tổng điểm tối đa của các tiêu chí con là 1,00, không phải 3,00."
    ]
    sub = _add(
        internal_affairs_user, s, code="1.2", text="Hoàn thành", max_points=Decimal(2), parent=area
    )
    leaf = _add(
        internal_affairs_user, s, code="1.2.1", text="Đúng hạn", max_points=Decimal(2), parent=sub
    )
    assert scoring.set_problems(s) == []
    assert (leaf.depth, leaf.area_id, leaf.kind) == (2, area.pk, Criterion.Kind.REGULAR)
    assert list(s.criteria.order_by("position").values_list("code", flat=True)) == [
        "1",
        "1.1",
        "1.2",
        "1.2.1",
    ]
    assert s.history.first().history_user == internal_affairs_user
    assert leaf.history.first().history_user == internal_affairs_user


def test_a_child_added_later_comes_after_its_siblings(internal_affairs_user, criteria_set):
    area = criteria_set.criteria.get(code="1")
    _add(internal_affairs_user, criteria_set, code="1.3", text="Mới", max_points=0, parent=area)
    assert list(criteria_set.criteria.order_by("position").values_list("code", flat=True)) == [
        "1",
        "1.1",
        "1.2",
        "1.3",
        "2",
        "2.1",
        "2.2",
        "3",
        "3.1",
    ]


def test_a_fourth_level_is_refused(internal_affairs_user, criteria_set):
    parent = criteria_set.criteria.get(code="1.2")
    third = _add(
        internal_affairs_user, criteria_set, code="1.2.1", text="Ba", max_points=4, parent=parent
    )
    with pytest.raises(ValidationError) as excinfo:
        _add(
            internal_affairs_user,
            criteria_set,
            code="1.2.1.1",
            text="Bốn",
            max_points=1,
            parent=third,
        )
    assert _messages(excinfo) == ["Bộ tiêu chí có ba cấp: lĩnh vực, tiêu chí, tiêu chí thành phần."]


@pytest.mark.parametrize(
    ("code", "parent_code", "message"),
    [
        (
            "1.x",
            "1",
            "“1.x” không phải là mã dạng 1 (lĩnh vực), 1.2 (tiêu chí) hoặc 1.2.3 (tiêu chí thành phần).",
        ),
        ("2.5", "1", "Mã của tiêu chí thuộc 1 phải bắt đầu bằng “1.”."),
        ("4.1", None, "Mã của lĩnh vực là một số không có dấu chấm, ví dụ 3."),
    ],
)
def test_a_code_that_does_not_fit_its_place_is_refused(
    internal_affairs_user, criteria_set, code, parent_code, message
):
    parent = criteria_set.criteria.get(code=parent_code) if parent_code else None
    with pytest.raises(ValidationError) as excinfo:
        _add(internal_affairs_user, criteria_set, code=code, text="X", max_points=1, parent=parent)
    assert _messages(excinfo) == [message]


def test_a_duplicate_code_is_refused(internal_affairs_user, criteria_set):
    area = criteria_set.criteria.get(code="1")
    with pytest.raises(ValidationError) as excinfo:
        _add(internal_affairs_user, criteria_set, code="1.1", text="X", max_points=1, parent=area)
    assert _messages(excinfo) == ["Một tiêu chí khác của bộ này đã có mã này."]


def test_a_negative_maximum_is_refused(internal_affairs_user, criteria_set):
    area = criteria_set.criteria.get(code="1")
    with pytest.raises(ValidationError) as excinfo:
        _add(internal_affairs_user, criteria_set, code="1.3", text="X", max_points=-1, parent=area)
    assert _messages(excinfo) == ["Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ."]


def test_a_rule_with_its_settings(internal_affairs_user, criteria_set, share_rule):
    area = criteria_set.criteria.get(code="1")
    c = _add(
        internal_affairs_user,
        criteria_set,
        code="1.3",
        text="Tỷ lệ hoàn thành",
        max_points=0,
        parent=area,
        rule="test_share",
        rule_params={"half_at": "75,5", "due": "1/2"},
    )
    assert c.rule_params == {"full_at": 100, "half_at": 75.5, "due": "01/02", "points": 1}
    assert criteria.rule_settings(c) == [
        ("Đạt điểm tối đa từ", "100 %"),
        ("Đạt một nửa từ", "75,5 %"),
        ("Hạn", "01/02"),
        ("Số điểm", "1"),
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"half_at": "120"}, "Đạt một nửa từ: tỷ lệ phần trăm phải từ 0 đến 100."),
        ({"half_at": "nhiều"}, "Đạt một nửa từ: “nhiều” không phải là một số."),
        ({"points": "-1"}, "Số điểm: số không được âm."),
        ({"due": "31/02"}, "Hạn: “31/02” không phải là ngày dạng 31/01."),
        ({"speed": "1"}, "Quy tắc Share of tasks done không có thông số speed."),
    ],
)
def test_bad_rule_settings_are_refused(
    internal_affairs_user, criteria_set, share_rule, params, message
):
    area = criteria_set.criteria.get(code="1")
    with pytest.raises(ValidationError) as excinfo:
        _add(
            internal_affairs_user,
            criteria_set,
            code="1.3",
            text="X",
            max_points=0,
            parent=area,
            rule="test_share",
            rule_params=params,
        )
    assert _messages(excinfo) == [message]
    assert not criteria_set.criteria.filter(code="1.3").exists()


def test_an_unknown_rule_is_refused(internal_affairs_user, criteria_set):
    leaf = criteria_set.criteria.get(code="1.2")
    with pytest.raises(ValidationError) as excinfo:
        criteria.criterion_update(acting_user=internal_affairs_user, criterion=leaf, rule="nope")
    assert _messages(excinfo) == ["“nope” không phải là quy tắc có sẵn."]


def test_a_rule_only_on_a_criterion_without_sub_criteria(
    internal_affairs_user, criteria_set, share_rule
):
    area = criteria_set.criteria.get(code="1")
    with pytest.raises(ValidationError) as excinfo:
        criteria.criterion_update(
            acting_user=internal_affairs_user, criterion=area, rule="test_share"
        )
    assert _messages(excinfo) == [
        "Chỉ tiêu chí không có tiêu chí thành phần mới được tính theo quy tắc."
    ]
    leaf = criteria_set.criteria.get(code="1.2")
    criteria.criterion_update(acting_user=internal_affairs_user, criterion=leaf, rule="test_share")
    with pytest.raises(ValidationError) as excinfo:
        _add(internal_affairs_user, criteria_set, code="1.2.1", text="X", max_points=4, parent=leaf)
    assert _messages(excinfo) == [
        "1.2 được tính theo quy tắc: tiêu chí có quy tắc không có tiêu chí thành phần."
    ]


def test_an_areas_kind_passes_to_its_criteria(internal_affairs_user, criteria_set):
    area = criteria_set.criteria.get(code="2")
    criteria.criterion_update(
        acting_user=internal_affairs_user, criterion=area, kind=Criterion.Kind.SURVEY
    )
    assert set(criteria_set.criteria.filter(area=area).values_list("kind", flat=True)) == {"survey"}


def test_edit_and_delete_a_criterion(internal_affairs_user, criteria_set):
    leaf = criteria_set.criteria.get(code="2.2")
    criteria.criterion_update(
        acting_user=internal_affairs_user,
        criterion=leaf,
        text="Tỷ lệ hồ sơ đúng hạn",
        guidance="100 %: 2 điểm",
        max_points=Decimal(2),
    )
    leaf.refresh_from_db()
    assert (leaf.text, leaf.guidance) == ("Tỷ lệ hồ sơ đúng hạn", "100 %: 2 điểm")
    criteria.criterion_delete(acting_user=internal_affairs_user, criterion=leaf)
    assert scoring.set_problems(criteria_set) == [
        "2: tổng điểm tối đa của các tiêu chí con là 2,00, không phải 4,00."
    ]
    area = criteria_set.criteria.get(code="1")
    criteria.criterion_delete(acting_user=internal_affairs_user, criterion=area)
    assert list(criteria_set.criteria.order_by("position").values_list("code", "position")) == [
        ("2", 1),
        ("2.1", 2),
        ("3", 3),
        ("3.1", 4),
    ]


def test_move_a_criterion_among_its_siblings(internal_affairs_user, criteria_set):
    second = criteria_set.criteria.get(code="1.2")
    criteria.criterion_move(acting_user=internal_affairs_user, criterion=second, up=True)
    criteria.criterion_move(acting_user=internal_affairs_user, criterion=second, up=True)
    assert list(criteria_set.criteria.order_by("position").values_list("code", flat=True))[:3] == [
        "1",
        "1.2",
        "1.1",
    ]


def test_every_change_is_refused_once_in_use(
    internal_affairs_user, criteria_set, city, ward, share_rule
):
    _in_use(criteria_set, city, internal_affairs_user)
    area = criteria_set.criteria.get(code="1")
    leaf = criteria_set.criteria.get(code="1.2")
    attempts = [
        lambda: criteria.set_update(
            acting_user=internal_affairs_user,
            criteria_set=criteria_set,
            version=criteria_set.version,
            name="Tên mới",
        ),
        lambda: _add(
            internal_affairs_user, criteria_set, code="1.3", text="X", max_points=1, parent=area
        ),
        lambda: criteria.criterion_update(
            acting_user=internal_affairs_user, criterion=leaf, max_points=Decimal(1)
        ),
        lambda: criteria.criterion_delete(acting_user=internal_affairs_user, criterion=leaf),
        lambda: criteria.criterion_move(acting_user=internal_affairs_user, criterion=leaf, up=True),
        lambda: criteria.set_replace_tree(
            acting_user=internal_affairs_user, criteria_set=criteria_set, rows=[]
        ),
        lambda: criteria.set_delete(acting_user=internal_affairs_user, criteria_set=criteria_set),
    ]
    for attempt in attempts:
        with pytest.raises(criteria.SetInUse) as excinfo:
            attempt()
        assert _messages(excinfo) == [IN_USE]
    criteria_set.refresh_from_db()
    leaf.refresh_from_db()
    assert criteria_set.name.startswith("Bộ tiêu chí cấp xã")
    assert leaf.max_points == Decimal(4)
    assert criteria_set.criteria.count() == 8


def test_copy_to_next_year_keeps_every_criterion_rule_and_setting(
    internal_affairs_user, criteria_set, city, ward, share_rule
):
    leaf = criteria_set.criteria.get(code="1.2")
    criteria.criterion_update(
        acting_user=internal_affairs_user,
        criterion=leaf,
        rule="test_share",
        rule_params={"half_at": 90},
        guidance="Hoàn thành 100 %",
    )
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(name="Bộ tiêu chí cấp xã năm 2022")
    criteria_set.refresh_from_db()
    _in_use(criteria_set, city, internal_affairs_user)  # copying an in-use set is allowed
    copy = criteria.set_copy(
        acting_user=internal_affairs_user, criteria_set=criteria_set, year=2023
    )
    assert (copy.year, copy.name, copy.copied_from) == (
        2023,
        "Bộ tiêu chí cấp xã năm 2023",
        criteria_set,
    )
    assert criteria.tree_rows(copy) == criteria.tree_rows(criteria_set)
    copied = copy.criteria.get(code="1.2")
    assert copied.rule_params["half_at"] == 90
    assert copied.parent.criteria_set == copy
    assert copied.area == copy.criteria.get(code="1")
    assert copy.history.first().history_change_reason == "Sao chép từ bộ tiêu chí năm 2022"
    assert not copy.is_in_use


def test_a_second_copy_to_the_same_year_is_refused(internal_affairs_user, criteria_set):
    criteria.set_copy(acting_user=internal_affairs_user, criteria_set=criteria_set, year=2023)
    with pytest.raises(ValidationError) as excinfo:
        criteria.set_copy(acting_user=internal_affairs_user, criteria_set=criteria_set, year=2023)
    assert _messages(excinfo) == ["Đơn vị này đã có bộ tiêu chí cho năm và đối tượng này."]
    assert CriteriaSet.objects.filter(year=2023).count() == 1


def test_only_internal_affairs_over_the_issuing_unit_write(
    leadership_user, staff_user, criteria_set, other_city
):
    from cchc_portal.factories import UserFactory
    from cchc_portal.models import Role

    outsider = UserFactory(username="nv-khac", unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    area = criteria_set.criteria.get(code="1")
    for user in (leadership_user, staff_user, outsider):
        with pytest.raises(PermissionDenied):
            _add(user, criteria_set, code="1.3", text="X", max_points=1, parent=area)
        with pytest.raises(PermissionDenied):
            criteria.set_copy(acting_user=user, criteria_set=criteria_set, year=2023)
    assert criteria_set.criteria.count() == 8


def test_the_small_set_is_complete(city):
    assert scoring.set_problems(small_set(city)) == []
