"""Criteria sets in and out of Excel: every row checked, all or nothing, the round trip."""

import io

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from par_index import criteria, criteria_excel, rules, services
from par_index.factories import round_dates
from par_index.models import Criterion

from .conftest import DURING

HEADINGS = ["STT", "Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm", "Loại điểm", "Quy tắc"]


@pytest.fixture
def share_rule(monkeypatch):
    rule = rules.Rule(
        key="test_share",
        label=gettext_lazy("Share of tasks done"),
        description="",
        params=(rules.Param("half_at", "Đạt một nửa từ", 80, "percent"),),
        load=lambda units, year, today: {},
        judge=lambda data, unit, year, criterion, params, today: rules.Result(None, "", ""),
    )
    monkeypatch.setitem(rules.REGISTRY, rule.key, rule)
    return rule


def _sheet(*rows, title_rows=()):
    book = Workbook()
    sheet = book.active
    for row in title_rows:
        sheet.append(row)
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


GOOD = [
    ("1", "Công tác chỉ đạo, điều hành", 6, "", "thường"),
    ("1.1", "Kế hoạch CCHC", 2, "Ban hành trước 31/01: 2 điểm"),
    ("1.2", "Hoàn thành kế hoạch", 4, ""),
    ("1.2.1", "Nhiệm vụ đúng hạn", "2,5", ""),
    ("1.2.2", "Báo cáo", 1.5, ""),
    ("2", "Điểm thưởng", 1, "", "thưởng"),
    ("2.1", "Sáng kiến", 1, ""),
]


def test_a_published_sheet_is_read_with_its_title_rows(share_rule):
    upload = _sheet(*GOOD, title_rows=[["BỘ TIÊU CHÍ CẤP XÃ"], ["Kèm theo Quyết định 1/QĐ"]])
    rows, errors = criteria_excel.read_rows(upload)
    assert errors == []
    assert [(r.row, r.code, str(r.max_points), r.kind) for r in rows] == [
        (4, "1", "6.00", "regular"),
        (5, "1.1", "2.00", "regular"),
        (6, "1.2", "4.00", "regular"),
        (7, "1.2.1", "2.50", "regular"),
        (8, "1.2.2", "1.50", "regular"),
        (9, "2", "1.00", "bonus"),
        (10, "2.1", "1.00", "bonus"),
    ]
    assert rows[1].guidance == "Ban hành trước 31/01: 2 điểm"


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (("1.1", "Kế hoạch", "hai", ""), [(3, "Điểm tối đa “hai” không phải là số.")]),
        (("1.1", "Kế hoạch", -2, ""), [(3, "Điểm tối đa không được âm.")]),
        (("1.1", "Kế hoạch", "1,255", ""), [(3, "Điểm tối đa có nhiều nhất 2 chữ số thập phân.")]),
        (("1.1", "Kế hoạch", "", ""), [(3, "Điểm tối đa đang để trống.")]),
        (("1.1", "", 2, ""), [(3, "Nội dung tiêu chí đang để trống.")]),
        (("", "Kế hoạch", 2, ""), [(3, "Mã đang để trống.")]),
        (
            ("1.a", "Kế hoạch", 2, ""),
            [
                (
                    3,
                    "Mã “1.a” không có dạng 1 (lĩnh vực), 1.2 (tiêu chí) hoặc 1.2.3 "
                    "(tiêu chí thành phần).",
                )
            ],
        ),
        (
            ("1.1.1.1", "Sâu", 2, ""),
            [
                (
                    3,
                    "Mã 1.1.1.1 sâu hơn ba cấp: bộ tiêu chí chỉ có lĩnh vực, tiêu chí và "
                    "tiêu chí thành phần.",
                )
            ],
        ),
        (
            ("5.1", "Mồ côi", 2, ""),
            [(3, "5.1: tiêu chí cấp trên 5 không có ở dòng phía trên.")],
        ),
        (
            ("1.1", "Kế hoạch", 2, "", "cộng"),
            [(3, "Loại điểm “cộng” không thuộc: thường, thưởng, trừ, khảo sát.")],
        ),
        (
            ("1.1", "Kế hoạch", 2, "", "", "khong_co"),
            [(3, "“khong_co” không phải là quy tắc có sẵn.")],
        ),
    ],
)
def test_each_bad_row_is_reported_with_its_row_number(bad, expected):
    rows, errors = criteria_excel.read_rows(_sheet(("1", "Lĩnh vực", 2, ""), bad))
    assert errors == expected


def test_a_duplicate_code_names_the_other_row():
    upload = _sheet(("1", "A", 2, ""), ("1.1", "B", 1, ""), ("1.1", "C", 1, ""))
    assert criteria_excel.read_rows(upload)[1] == [(4, "Mã 1.1 trùng với dòng 3.")]


def test_maxima_that_do_not_add_up_are_reported_on_the_parents_row():
    upload = _sheet(("1", "A", 6, ""), ("1.1", "B", 2, ""), ("2", "C", 1, ""), ("2.1", "D", 1, ""))
    assert criteria_excel.read_rows(upload)[1] == [
        (2, "1: tổng điểm tối đa của các tiêu chí con là 2,00, không phải 6,00.")
    ]


def test_a_rule_on_a_criterion_with_sub_criteria_is_refused(share_rule):
    upload = _sheet(("1", "A", 2, "", "", "test_share"), ("1.1", "B", 2, ""))
    assert criteria_excel.read_rows(upload)[1] == [
        (
            2,
            "1 có tiêu chí thành phần: chỉ tiêu chí không có tiêu chí thành phần mới được "
            "tính theo quy tắc.",
        )
    ]


def test_a_sheet_without_the_headings_is_unreadable():
    book = Workbook()
    book.active.append(["Số", "Nội dung"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(criteria_excel.SheetUnreadable) as excinfo:
        criteria_excel.read_rows(io.BytesIO(buffer.getvalue()))
    assert str(excinfo.value) == (
        "Không có dòng nào của bảng tính chứa các tiêu đề cột Mã, Tiêu chí, Điểm tối đa, "
        "Hướng dẫn chấm."
    )


def test_a_file_that_is_not_a_workbook_is_unreadable():
    with pytest.raises(criteria_excel.SheetUnreadable) as excinfo:
        criteria_excel.read_rows(io.BytesIO(b"plain text"))
    assert str(excinfo.value) == "Không đọc được tệp dưới dạng bảng tính Excel (.xlsx)."


def test_an_empty_sheet_is_unreadable():
    with pytest.raises(criteria_excel.SheetUnreadable) as excinfo:
        criteria_excel.read_rows(_sheet())
    assert str(excinfo.value) == "Bảng tính không có tiêu chí nào dưới dòng tiêu đề."


def test_round_trip_gives_the_same_tree(internal_affairs_user, criteria_set, share_rule):
    leaf = criteria_set.criteria.get(code="1.2")
    criteria.criterion_update(
        acting_user=internal_affairs_user,
        criterion=leaf,
        rule="test_share",
        rule_params={"half_at": "75"},
        guidance='=HYPERLINK("http://x","y") 100 %: 4 điểm',
    )
    content = criteria_excel.export_set(criteria_set)
    rows, errors = criteria_excel.read_rows(io.BytesIO(content))
    assert errors == []
    target = criteria.set_create(
        acting_user=internal_affairs_user,
        unit=criteria_set.unit,
        year=2023,
        level=criteria_set.level,
        name="Bộ mới",
    )
    criteria.set_replace_tree(
        acting_user=internal_affairs_user,
        criteria_set=target,
        rows=[row.as_dict() for row in rows],
    )
    assert criteria.tree_rows(target) == criteria.tree_rows(criteria_set)


def test_the_export_is_formula_safe_and_shows_the_total(criteria_set):
    Criterion.objects.filter(criteria_set=criteria_set, code="1.1").update(text="=1+1")
    sheet = load_workbook(io.BytesIO(criteria_excel.export_set(criteria_set))).active
    cell = sheet.cell(row=6, column=2)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    assert sheet.cell(row=13, column=2).value == "Tổng điểm tối đa của chỉ số"
    assert sheet.cell(row=13, column=3).value == 10
    assert sheet.cell(row=11, column=5).value == "thưởng"


def test_an_import_replaces_the_tree_all_or_nothing(internal_affairs_user, criteria_set):
    before = criteria.tree_rows(criteria_set)
    rows, errors = criteria_excel.read_rows(_sheet(*GOOD))
    criteria.set_replace_tree(
        acting_user=internal_affairs_user,
        criteria_set=criteria_set,
        rows=[row.as_dict() for row in rows],
    )
    assert [r["code"] for r in criteria.tree_rows(criteria_set)] == [r[0] for r in GOOD]
    assert criteria.tree_rows(criteria_set) != before


def test_an_import_into_a_set_in_use_is_refused(internal_affairs_user, criteria_set, city, ward):
    services.open_round(
        acting_user=internal_affairs_user,
        unit=city,
        criteria_set=criteria_set,
        title="Đợt chấm",
        today=DURING,
        **round_dates(2022),
    )
    before = criteria.tree_rows(criteria_set)
    rows, _errors = criteria_excel.read_rows(_sheet(*GOOD))
    with pytest.raises(criteria.SetInUse):
        criteria.set_replace_tree(
            acting_user=internal_affairs_user,
            criteria_set=criteria_set,
            rows=[row.as_dict() for row in rows],
        )
    assert criteria.tree_rows(criteria_set) == before
