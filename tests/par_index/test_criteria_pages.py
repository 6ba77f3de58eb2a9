"""The criteria-set pages: who reads, who writes, what a user sees."""

import io

import pytest
from openpyxl import load_workbook

from cchc_portal.factories import UserFactory
from cchc_portal.models import Role
from par_index import services
from par_index.factories import round_dates, small_set
from par_index.models import CriteriaSet, Criterion

from .conftest import DURING


@pytest.fixture
def other_set(other_city):
    """The canary: a set issued by another city."""
    return small_set(other_city, name="Bộ tiêu chí thành phố khác")


def _in_use(criteria_set, city, user):
    return services.open_round(
        acting_user=user,
        unit=city,
        criteria_set=criteria_set,
        title="Đợt chấm 2022",
        today=DURING,
        **round_dates(2022),
    )


def test_the_list_shows_the_sets_in_scope_with_total_and_badges(
    client_for, internal_affairs_user, criteria_set, other_set, city, ward, other_ward
):
    _in_use(criteria_set, city, internal_affairs_user)
    small_set(city, year=2023, name="Bộ mẫu 2023", is_sample=True)
    response = client_for(internal_affairs_user).get("/par-index/sets/")
    assert response.status_code == 200
    text = response.content.decode()
    assert criteria_set.name in text
    assert "Bộ mẫu 2023" in text
    assert "10,00" in text
    assert "đang sử dụng" in text
    assert "mẫu" in text
    assert other_set.name not in text


def test_a_ward_reads_its_citys_set_but_not_another_citys(
    client_for, staff_user, criteria_set, other_set
):
    client = client_for(staff_user)
    response = client.get(f"/par-index/sets/{criteria_set.pk}/")
    assert response.status_code == 200
    assert "Ban hành kế hoạch CCHC năm đúng thời hạn" in response.content.decode()
    assert client.get(f"/par-index/sets/{other_set.pk}/").status_code == 404
    assert client.get(f"/par-index/sets/{other_set.pk}/export/").status_code == 404
    other_criterion = other_set.criteria.get(code="1.1")
    assert client.get(f"/par-index/criteria/{other_criterion.pk}/edit/").status_code == 404


def test_an_administrator_sees_the_other_citys_set(client_for, admin_user_, other_set):
    response = client_for(admin_user_).get("/par-index/sets/")
    assert other_set.name in response.content.decode()


def test_the_detail_shows_the_tree_totals_and_problems(client_for, internal_affairs_user, city):
    criteria_set = small_set(city)
    Criterion.objects.filter(criteria_set=criteria_set, code="1.2").update(
        max_points=3, guidance="Hoàn thành 100 %: 4 điểm"
    )
    response = client_for(internal_affairs_user).get(f"/par-index/sets/{criteria_set.pk}/")
    text = response.content.decode()
    assert "1: tổng điểm tối đa của các tiêu chí con là 5,00, không phải 6,00." in text
    assert "Hoàn thành 100 %: 4 điểm" in text
    assert "Tổng điểm tối đa của chỉ số" in text
    assert "Điểm thưởng, tối đa" in text
    assert f"/par-index/sets/{criteria_set.pk}/edit/" in text


def test_leadership_reads_but_every_write_is_403(client_for, leadership_user, criteria_set):
    client = client_for(leadership_user)
    pk = criteria_set.pk
    criterion = criteria_set.criteria.get(code="1.1")
    assert client.get(f"/par-index/sets/{pk}/").status_code == 200
    assert (
        f"/par-index/sets/{pk}/edit/" not in client.get(f"/par-index/sets/{pk}/").content.decode()
    )
    for url in (
        f"/par-index/sets/{pk}/edit/",
        f"/par-index/sets/{pk}/copy/",
        f"/par-index/sets/{pk}/criteria/add/",
        f"/par-index/criteria/{criterion.pk}/edit/",
        f"/par-index/criteria/{criterion.pk}/delete/",
        f"/par-index/sets/import/?set={pk}",
        "/par-index/sets/import/",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"year": 2023, "code": "9"}).status_code == 403, url
    assert client.post(f"/par-index/criteria/{criterion.pk}/move/").status_code == 403
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    assert CriteriaSet.objects.count() == 1


def test_unit_staff_cannot_write(client_for, staff_user, criteria_set):
    response = client_for(staff_user).get(f"/par-index/sets/{criteria_set.pk}/edit/")
    assert response.status_code == 403


def test_edit_the_header(client_for, internal_affairs_user, criteria_set):
    client = client_for(internal_affairs_user)
    url = f"/par-index/sets/{criteria_set.pk}/edit/"
    response = client.post(
        url,
        {
            "name": "Bộ tiêu chí cấp xã năm 2022",
            "decision": "Quyết định số 123/QĐ-UBND",
            "decimal_places": 1,
            "note": "",
            "version": criteria_set.version,
            "seen": "",
        },
    )
    assert response.status_code == 302
    criteria_set.refresh_from_db()
    assert criteria_set.name == "Bộ tiêu chí cấp xã năm 2022"
    assert criteria_set.decimal_places == 1
    assert criteria_set.history.first().history_user == internal_affairs_user


def test_a_stale_header_edit_is_refused(client_for, internal_affairs_user, criteria_set):
    response = client_for(internal_affairs_user).post(
        f"/par-index/sets/{criteria_set.pk}/edit/",
        {"name": "Tên mới", "decimal_places": 2, "version": criteria_set.version - 1 or 99},
    )
    assert response.status_code == 200
    assert "Người khác đã lưu bản ghi này sau khi bạn mở" in response.content.decode()
    criteria_set.refresh_from_db()
    assert criteria_set.name != "Tên mới"


def test_a_set_in_use_refuses_edits_on_the_page(
    client_for, internal_affairs_user, criteria_set, city, ward
):
    _in_use(criteria_set, city, internal_affairs_user)
    client = client_for(internal_affairs_user)
    criterion = criteria_set.criteria.get(code="1.2")
    message = (
        "Bộ tiêu chí này đã được dùng trong một đợt chấm điểm nên không thể thay đổi. "
        "Hãy sao chép để tạo phiên bản mới."
    )
    detail = client.get(f"/par-index/sets/{criteria_set.pk}/").content.decode()
    assert message in detail
    assert f"/par-index/criteria/{criterion.pk}/edit/" not in detail
    response = client.post(
        f"/par-index/criteria/{criterion.pk}/edit/",
        {"code": "1.2", "text": "Mới", "max_points": "4"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.text == "Mức độ hoàn thành kế hoạch CCHC"
    response = client.post(f"/par-index/criteria/{criterion.pk}/delete/")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_add_a_sub_criterion_and_an_area(client_for, internal_affairs_user, criteria_set):
    client = client_for(internal_affairs_user)
    parent = criteria_set.criteria.get(code="1.2")
    response = client.post(
        f"/par-index/sets/{criteria_set.pk}/criteria/add/?parent={parent.pk}",
        {"code": "1.2.1", "text": "Nhiệm vụ hoàn thành đúng hạn", "max_points": "4"},
    )
    assert response.status_code == 302
    child = criteria_set.criteria.get(code="1.2.1")
    assert child.parent == parent
    assert child.depth == 2
    response = client.post(
        f"/par-index/sets/{criteria_set.pk}/criteria/add/",
        {"code": "4", "text": "Điểm trừ", "max_points": "2", "kind": "penalty"},
    )
    assert response.status_code == 302
    assert criteria_set.criteria.get(code="4").kind == Criterion.Kind.PENALTY
    response = client.get(f"/par-index/sets/{criteria_set.pk}/criteria/add/?parent=999999")
    assert response.status_code == 404


def test_a_fourth_level_is_refused_on_the_page(client_for, internal_affairs_user, criteria_set):
    client = client_for(internal_affairs_user)
    parent = criteria_set.criteria.get(code="1.2")
    client.post(
        f"/par-index/sets/{criteria_set.pk}/criteria/add/?parent={parent.pk}",
        {"code": "1.2.1", "text": "Cấp ba", "max_points": "4"},
    )
    third = criteria_set.criteria.get(code="1.2.1")
    response = client.post(
        f"/par-index/sets/{criteria_set.pk}/criteria/add/?parent={third.pk}",
        {"code": "1.2.1.1", "text": "Cấp bốn", "max_points": "4"},
    )
    assert response.status_code == 200
    assert "Bộ tiêu chí có ba cấp: lĩnh vực, tiêu chí, tiêu chí thành phần." in (
        response.content.decode()
    )
    assert not criteria_set.criteria.filter(code="1.2.1.1").exists()


def test_delete_a_criterion_with_confirmation(client_for, internal_affairs_user, criteria_set):
    client = client_for(internal_affairs_user)
    area = criteria_set.criteria.get(code="2")
    response = client.get(f"/par-index/criteria/{area.pk}/delete/")
    assert "Xóa tiêu chí 2?" in response.content.decode()
    assert "Cùng bị xóa 2 tiêu chí thành phần của nó." in response.content.decode()
    assert criteria_set.criteria.count() == 8
    response = client.post(f"/par-index/criteria/{area.pk}/delete/")
    assert response.status_code == 302
    assert sorted(criteria_set.criteria.values_list("code", flat=True)) == [
        "1",
        "1.1",
        "1.2",
        "3",
        "3.1",
    ]


def test_move_an_area_down(client_for, internal_affairs_user, criteria_set):
    client = client_for(internal_affairs_user)
    area = criteria_set.criteria.get(code="1")
    assert (
        client.post(f"/par-index/criteria/{area.pk}/move/", {"direction": "down"}).status_code
        == 302
    )
    order = list(criteria_set.criteria.order_by("position").values_list("code", flat=True))
    assert order == ["2", "2.1", "2.2", "1", "1.1", "1.2", "3", "3.1"]


def test_copy_to_next_year(client_for, internal_affairs_user, criteria_set):
    response = client_for(internal_affairs_user).post(
        f"/par-index/sets/{criteria_set.pk}/copy/", {"year": 2023}
    )
    copy = CriteriaSet.objects.get(year=2023)
    assert response.status_code == 302
    assert response["Location"] == f"/par-index/sets/{copy.pk}/"
    assert copy.copied_from == criteria_set
    assert copy.criteria.count() == 8
    again = client_for(internal_affairs_user).post(
        f"/par-index/sets/{criteria_set.pk}/copy/", {"year": 2023}
    )
    assert again.status_code == 200
    assert "Đơn vị này đã có bộ tiêu chí cho năm và đối tượng này." in again.content.decode()


def test_export_is_a_workbook_with_the_tree(client_for, staff_user, criteria_set):
    response = client_for(staff_user).get(f"/par-index/sets/{criteria_set.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet.cell(row=4, column=c).value for c in (1, 2, 3, 4)] == [
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Hướng dẫn chấm",
    ]
    assert sheet.cell(row=5, column=1).value == "1"
    assert sheet.cell(row=13, column=3).value == 10


def _upload(workbook_bytes, name="bo-tieu-chi.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, workbook_bytes, content_type="application/octet-stream")


def test_import_a_new_set(client_for, internal_affairs_user, criteria_set, city):
    from par_index import criteria_excel

    content = criteria_excel.export_set(criteria_set)
    response = client_for(internal_affairs_user).post(
        "/par-index/sets/import/",
        {
            "year": 2024,
            "level": "commune",
            "name": "Bộ tiêu chí 2024",
            "decimal_places": 2,
            "file": _upload(content),
        },
    )
    new = CriteriaSet.objects.get(year=2024)
    assert response.status_code == 302
    assert new.unit == city
    assert new.criteria.count() == 8


def test_import_refuses_a_file_that_is_not_a_workbook(client_for, internal_affairs_user):
    response = client_for(internal_affairs_user).post(
        "/par-index/sets/import/",
        {
            "year": 2024,
            "level": "commune",
            "name": "Bộ tiêu chí 2024",
            "decimal_places": 2,
            "file": _upload(b"not a workbook at all"),
        },
    )
    assert response.status_code == 200
    assert (
        "Tệp “bo-tieu-chi.xlsx” không phải là tệp .xlsx thật: nội dung của tệp không khớp với phần mở rộng."
        in response.content.decode()
    )
    assert not CriteriaSet.objects.filter(year=2024).exists()


def test_import_lists_the_row_errors_and_saves_nothing(
    client_for, internal_affairs_user, criteria_set
):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"])
    sheet.append(["1", "Lĩnh vực", "x", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    before = list(criteria_set.criteria.values_list("code", flat=True))
    response = client_for(internal_affairs_user).post(
        f"/par-index/sets/import/?set={criteria_set.pk}", {"file": _upload(buffer.getvalue())}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Không nhập gì: tệp có 1 lỗi cần sửa." in text
    assert "Dòng 2: Điểm tối đa “x” không phải là số." in text
    assert list(criteria_set.criteria.values_list("code", flat=True)) == before


def test_import_page_of_another_citys_set_is_404(client_for, internal_affairs_user, other_set):
    response = client_for(internal_affairs_user).get(f"/par-index/sets/import/?set={other_set.pk}")
    assert response.status_code == 404


def test_internal_affairs_of_another_city_cannot_edit(client_for, other_city, criteria_set):
    user = UserFactory(username="noivu2", unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    assert client_for(user).get(f"/par-index/sets/{criteria_set.pk}/edit/").status_code == 404


@pytest.fixture
def share_rule(monkeypatch):
    from django.utils.translation import gettext_lazy

    from par_index import rules

    rule = rules.Rule(
        key="test_share",
        label=gettext_lazy("Share of tasks done"),
        description="",
        params=(
            rules.Param("half_at", "Đạt một nửa từ", 80, "percent"),
            rules.Param("due", "Hạn ban hành", "31/01", "date"),
        ),
        load=lambda units, year, today: {},
        judge=lambda data, unit, year, criterion, params, today: rules.Result(None, "", ""),
    )
    monkeypatch.setitem(rules.REGISTRY, rule.key, rule)
    return rule


def test_a_rule_and_its_settings_are_chosen_on_the_criterion_form(
    client_for, internal_affairs_user, criteria_set, share_rule
):
    client = client_for(internal_affairs_user)
    leaf = criteria_set.criteria.get(code="1.2")
    form = client.get(f"/par-index/criteria/{leaf.pk}/edit/").content.decode()
    assert 'name="test_share__half_at"' in form
    assert "Đạt một nửa từ" in form
    assert "phần trăm, từ 0 đến 100" in form
    response = client.post(
        f"/par-index/criteria/{leaf.pk}/edit/",
        {
            "code": "1.2",
            "text": "Mức độ hoàn thành kế hoạch CCHC",
            "max_points": "4",
            "rule": "test_share",
            "test_share__half_at": "120",
            "test_share__due": "15/02",
        },
    )
    assert response.status_code == 200
    assert "Đạt một nửa từ: tỷ lệ phần trăm phải từ 0 đến 100." in response.content.decode()
    leaf.refresh_from_db()
    assert leaf.rule == ""
    response = client.post(
        f"/par-index/criteria/{leaf.pk}/edit/",
        {
            "code": "1.2",
            "text": "Mức độ hoàn thành kế hoạch CCHC",
            "max_points": "4",
            "rule": "test_share",
            "test_share__half_at": "90",
            "test_share__due": "15/02",
        },
    )
    assert response.status_code == 302
    leaf.refresh_from_db()
    assert (leaf.rule, leaf.rule_params["half_at"], leaf.rule_params["due"]) == (
        "test_share",
        90,
        "15/02",
    )
    detail = client.get(f"/par-index/sets/{criteria_set.pk}/").content.decode()
    assert "Đạt một nửa từ: 90 %; Hạn ban hành: 15/02" in detail


def test_an_area_with_criteria_has_no_rule_input(client_for, internal_affairs_user, criteria_set):
    area = criteria_set.criteria.get(code="1")
    form = client_for(internal_affairs_user).get(f"/par-index/criteria/{area.pk}/edit/")
    text = form.content.decode()
    assert 'name="kind"' in text
    assert 'name="rule"' not in text


def test_an_import_of_a_new_set_with_an_error_creates_no_set(
    client_for, internal_affairs_user, city
):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã", "Tiêu chí", "Điểm tối đa", "Hướng dẫn chấm"])
    sheet.append(["1", "Lĩnh vực", 6, ""])
    sheet.append(["1.1", "Tiêu chí", 2, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client_for(internal_affairs_user).post(
        "/par-index/sets/import/",
        {
            "year": 2024,
            "level": "commune",
            "name": "Bộ tiêu chí 2024",
            "decimal_places": 2,
            "file": _upload(buffer.getvalue()),
        },
    )
    text = response.content.decode()
    assert "Dòng 2: 1: tổng điểm tối đa của các tiêu chí con là 2,00, không phải 6,00." in text
    assert not CriteriaSet.objects.filter(year=2024).exists()
    assert not Criterion.objects.filter(text="Lĩnh vực").exists()


def test_an_import_of_a_year_the_unit_has_is_refused(
    client_for, internal_affairs_user, criteria_set
):
    from par_index import criteria_excel

    response = client_for(internal_affairs_user).post(
        "/par-index/sets/import/",
        {
            "year": 2022,
            "level": "commune",
            "name": "Trùng năm",
            "decimal_places": 2,
            "file": _upload(criteria_excel.export_set(criteria_set)),
        },
    )
    assert response.status_code == 200
    assert "Đơn vị này đã có bộ tiêu chí cho năm và đối tượng này." in response.content.decode()
    assert CriteriaSet.objects.count() == 1


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_reads_in_the_same_queries_for_3_and_30_sets(
    client_for, internal_affairs_user, city, count, django_assert_num_queries
):
    for year in range(2000, 2000 + count):
        small_set(city, year=year)
    client = client_for(internal_affairs_user)
    client.get("/par-index/sets/")
    # The session, the user, the sets (with "in use"), their areas' maxima: not one per set.
    with django_assert_num_queries(4):
        response = client.get("/par-index/sets/")
    assert response.content.decode().count("10,00") == count


def test_the_administrator_names_the_issuing_unit_of_an_import(
    client_for, admin_user_, criteria_set, other_city
):
    from par_index import criteria_excel

    client = client_for(admin_user_)
    assert 'name="unit"' in client.get("/par-index/sets/import/").content.decode()
    response = client.post(
        "/par-index/sets/import/",
        {
            "unit": other_city.pk,
            "year": 2022,
            "level": "commune",
            "name": "Bộ tiêu chí thành phố khác",
            "decimal_places": 2,
            "file": _upload(criteria_excel.export_set(criteria_set)),
        },
    )
    assert response.status_code == 302
    assert CriteriaSet.objects.get(name="Bộ tiêu chí thành phố khác").unit == other_city
