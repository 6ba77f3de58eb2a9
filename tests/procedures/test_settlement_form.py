"""Form 06/VPCP/KSTT (Circular 01/2020/TT-VPCP): the layout, the numbers by level and field,
the period rule, the scoping, the one-level export and a bounded number of queries."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cchc_portal import demo as portal_demo
from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.figures.periods import Period, PeriodKind
from cchc_portal.models import Role, Unit, User
from dashboards import selectors as overview_selectors
from procedures import demo, selectors
from procedures import settlement_form as form
from procedures.factories import ProcedureFieldFactory, intake

JAN, FEB, MAR = (datetime.date(2022, m, 1) for m in (1, 2, 3))
OCT = datetime.date(2022, 10, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD = {"period": "custom", "first": "2022-01", "last": "2022-02"}
CIVIL, LAND = "Tư pháp – Hộ tịch", "Đất đai"

# Columns (3)–(13): total, online, counter + postal, carried over, resolved (total, early,
# on time, late), pending (total, within deadline, overdue).
COMMUNE_CIVIL = [25, 6, 16, 3, 19, 4, 13, 2, 6, 4, 2]
COMMUNE_LAND = [5, 0, 2, 3, 3, 0, 2, 1, 2, 1, 1]
COMMUNE_TOTAL = [30, 6, 18, 6, 22, 4, 15, 3, 8, 5, 3]
DISTRICT_CIVIL = [12, 7, 5, 0, 12, 0, 12, 0, 0, 0, 0]
GRAND_TOTAL = [42, 13, 23, 6, 34, 4, 27, 3, 8, 5, 3]


@pytest.fixture
def tree(city, ward, other_ward, other_city):
    """The city with a department and two wards (January and February, two fields), and a
    second city outside the scope with figures of its own."""
    department = UnitFactory(
        name="Phòng Tư pháp thành phố", code="city-tu-phap", kind=Unit.Kind.DEPARTMENT, parent=city
    )
    # Ward one: February carries over January's pending (4); the period takes January's 2.
    intake(
        ward,
        JAN,
        carried_over=2,
        received_online=3,
        received_counter=4,
        received_postal=1,
        resolved_early=2,
        resolved_on_time=3,
        resolved_late=1,
        pending_within_deadline=3,
        pending_overdue=1,
    )
    intake(
        ward,
        FEB,
        carried_over=4,
        received_online=1,
        received_counter=2,
        resolved_early=1,
        resolved_on_time=2,
        pending_within_deadline=2,
        pending_overdue=2,
    )
    intake(
        other_ward,
        JAN,
        carried_over=1,
        received_counter=5,
        resolved_on_time=4,
        resolved_late=1,
        pending_within_deadline=1,
    )
    intake(
        other_ward,
        FEB,
        carried_over=1,
        received_online=2,
        received_counter=3,
        received_postal=1,
        resolved_early=1,
        resolved_on_time=4,
        pending_within_deadline=2,
    )
    # Land only in February: that month both opens and closes its series.
    intake(
        other_ward,
        FEB,
        "land",
        carried_over=3,
        received_counter=2,
        resolved_on_time=2,
        resolved_late=1,
        pending_within_deadline=1,
        pending_overdue=1,
    )
    # A field entered as all 0 (units enter every field each month): no line.
    intake(ward, JAN, "certification")
    intake(department, JAN, received_online=5, received_counter=5, resolved_on_time=10)
    intake(department, FEB, received_online=2, resolved_on_time=2)
    intake(other_city, JAN, received_online=100, resolved_on_time=100)
    # Outside the period: never counted.
    intake(ward, MAR, carried_over=4, received_online=50, resolved_on_time=54)
    return {"city": city, "department": department, "wards": [ward, other_ward]}


@pytest.fixture
def city_user(city):
    return UserFactory(username="city-staff", unit=city, roles=[Role.Code.UNIT_STAFF])


def url(unit, **params):
    return reverse("procedures:settlement-form", args=[unit.pk]), {**PERIOD, **params}


def download(client, unit, **params):
    path, query = url(unit, **params)
    response = client.get(path, query)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content)).active, response


def body(ws):
    """[(STT, label, [the 11 numbers])] of the rows below the numbering row, to TỔNG CỘNG."""
    rows = []
    for row in range(form.FIRST_BODY_ROW, ws.max_row + 1):
        label = ws.cell(row, 2).value
        numbers = [ws.cell(row, column).value for column in range(3, 14)]
        rows.append((ws.cell(row, 1).value, label, numbers))
        if label == form.GRAND_TOTAL:
            return rows
    raise AssertionError("no TỔNG CỘNG row")


def labels(ws):
    return [label for _number, label, _numbers in body(ws)]


def test_the_title_block_header_and_numbering_row(client_for, tree, city_user, city):
    ws, response = download(client_for(city_user), city)
    period = Period(PeriodKind.CUSTOM, JAN, FEB)
    first, last = f"{period.starts_on:%d/%m/%Y}", f"{period.ends_on:%d/%m/%Y}"

    assert response["Content-Disposition"] == (
        'attachment; filename="bieu-06-vpcp-kstt-city-2022-01-2022-02.xlsx"'
    )
    assert ws["A1"].value == "Biểu số 06/VPCP/KSTT"
    assert ws["A2"].value == "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
    assert ws["D1"].value == (
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
    )
    assert ws["D1"].font.bold
    assert ws["D2"].value == f"(Từ ngày {first} đến ngày {last})"
    assert ws["K1"].value == "- Đơn vị báo cáo: Thành phố Thử"
    assert ws["K2"].value == "- Đơn vị nhận báo cáo: Tỉnh Thử"
    assert ws["A3"].value == "Đơn vị tính: Số hồ sơ TTHC"
    assert ws["A3"].alignment.horizontal == "right"
    merged = {str(cells) for cells in ws.merged_cells.ranges}
    assert {"A1:C1", "A2:C2", "D1:J1", "D2:J2", "K1:M1", "K2:M2", "A3:M3"} <= merged

    header = {
        (row, column): ws.cell(row, column).value for row in (4, 5, 6) for column in range(1, 14)
    }
    assert [header[4, c] for c in (1, 2, 3, 7, 11)] == [
        "STT",
        "Lĩnh vực, công việc giải quyết theo cấp",
        "Số hồ sơ nhận giải quyết",
        "Số hồ sơ đã giải quyết",
        "Số lượng hồ sơ đang giải quyết",
    ]
    assert header[5, 4] == "Trong đó"
    # The 13 columns' own labels, each in the top cell of its merge.
    own = [header[4, 1], header[4, 2], header[5, 3], header[6, 4], header[6, 5]]
    own += [header[5, c] for c in range(6, 14)]
    assert own == [
        "STT",
        "Lĩnh vực, công việc giải quyết theo cấp",
        "Tổng số",
        "Trực tuyến",
        "Trực tiếp, dịch vụ bưu chính",
        "Từ kỳ trước",
        "Tổng số",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Tổng số",
        "Trong hạn",
        "Quá hạn",
    ]
    assert {"A4:A6", "B4:B6", "C4:F4", "C5:C6", "D5:E5", "F5:F6", "G4:J4", "K4:M4"} <= merged
    assert [ws.cell(7, column).value for column in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    assert ws.freeze_panes == "C8"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1
    assert ws.cell(4, 1).border.left.style == "thin"


def test_the_numbers_by_level_and_field(client_for, tree, city_user, city):
    ws, _response = download(client_for(city_user), city)

    assert body(ws) == [
        ("I", "Cấp huyện (UBND huyện, thành phố và các phòng, ban)", [None] * 11),
        (1, CIVIL, DISTRICT_CIVIL),
        (None, "Cộng cấp huyện", DISTRICT_CIVIL),
        ("II", "Cấp xã (Xã, phường, thị trấn)", [None] * 11),
        (1, CIVIL, COMMUNE_CIVIL),
        (2, LAND, COMMUNE_LAND),
        (None, "Cộng cấp xã", COMMUNE_TOTAL),
        (None, "TỔNG CỘNG", GRAND_TOTAL),
    ]
    total_row = form.FIRST_BODY_ROW + 7
    assert all(isinstance(ws.cell(total_row, column).value, int) for column in range(3, 14))
    assert ws.cell(total_row, 2).font.bold


def test_a_series_takes_its_first_months_carried_over_and_its_last_months_pending(tree):
    settlement = form.settlement_rows(tree["wards"][0], Period(PeriodKind.CUSTOM, JAN, FEB))
    (level,) = settlement.levels
    (line,) = level.lines
    # January's carried-over (2, not 2 + 4) and February's pending (2 + 2, not 8).
    assert line.figures["carried_over"] == 2
    assert (line.figures["pending_within_deadline"], line.figures["pending_overdue"]) == (2, 2)
    assert line.figures["total"] == 2 + 3 + 1 + 4 + 1 + 2
    assert settlement.total == line.figures


def test_the_levels_add_up_to_the_summary_of_every_unit(tree, city):
    period = Period(PeriodKind.CUSTOM, JAN, FEB)
    settlement = form.settlement_rows(city.subtree(), period)
    summary = selectors.intake_summary(city.subtree(), JAN, FEB)

    for key in form.FORM_KEYS:
        assert sum(level.total[key] for level in settlement.levels) == settlement.total[key]
    assert settlement.total == form.form_figures(summary)
    assert settlement.total["total"] == summary["total"] == 42
    assert settlement.units_with_figures == 3


def test_the_levels_of_a_province_tree(tree, city):
    province = city.parent
    agency = UnitFactory(code="so-noi-vu", kind=Unit.Kind.DEPARTMENT, parent=province)
    levels = form.levels_of(province.subtree())

    assert [(key, label) for key, label, _units in levels] == [
        ("province", "Cấp tỉnh"),
        ("district", "Cấp huyện"),
        ("commune", "Cấp xã"),
    ]
    members = {key: set(units.values_list("pk", flat=True)) for key, _label, units in levels}
    assert members["province"] == {province.pk, agency.pk}
    assert members["district"] == {city.pk, tree["department"].pk}
    assert members["commune"] == {ward.pk for ward in tree["wards"]}
    assert [key for key, _l, _u in form.levels_of(tree["wards"][0])] == ["commune"]


def test_level_commune_exports_only_the_wards(client_for, tree, city_user, city):
    ws, response = download(client_for(city_user), city, level="commune")

    assert response["Content-Disposition"].endswith('-2022-01-2022-02-commune.xlsx"')
    assert body(ws) == [
        ("I", "Cấp xã (Xã, phường, thị trấn)", [None] * 11),
        (1, CIVIL, COMMUNE_CIVIL),
        (2, LAND, COMMUNE_LAND),
        (None, "Cộng cấp xã", COMMUNE_TOTAL),
        (None, "TỔNG CỘNG", COMMUNE_TOTAL),
    ]
    footer = [ws.cell(row, 1).value for row in range(form.FIRST_BODY_ROW, ws.max_row + 1)]
    assert any(
        text and text.endswith("; 2 đơn vị có số liệu.") for text in footer if isinstance(text, str)
    )


@pytest.mark.parametrize("level", ["ward", "", "COMMUNE", "commune\x00", "1" * 300])
def test_a_bad_level_still_gives_the_whole_form(client_for, tree, city_user, city, level):
    ws, _response = download(client_for(city_user), city, level=level)

    assert labels(ws)[-1] == "TỔNG CỘNG"
    assert body(ws)[-1][2] == GRAND_TOTAL


def test_the_source_line_and_the_signatures(tree, city):
    period = Period(PeriodKind.CUSTOM, JAN, FEB)
    book = form.settlement_workbook(city, city.subtree(), period, today=datetime.date(2022, 3, 5))
    ws = book.active
    texts = [ws.cell(row, column).value for row in range(1, ws.max_row + 1) for column in (1, 9)]

    assert "Số liệu lấy từ Cổng CCHC ngày 05/03/2022; 3 đơn vị có số liệu." in texts
    assert "NGƯỜI LẬP BIỂU" in texts
    assert "THỦ TRƯỞNG ĐƠN VỊ" in texts


def test_the_dates_come_from_the_periods_own_days(monkeypatch, tree, city):
    """The form prints `starts_on` / `ends_on` as the period defines them (soon the official
    15th–14th data windows), never days of its own."""
    monkeypatch.setattr(Period, "starts_on", property(lambda self: datetime.date(2021, 12, 15)))
    monkeypatch.setattr(Period, "ends_on", property(lambda self: datetime.date(2022, 2, 14)))
    ws = form.settlement_workbook(city, city, Period(PeriodKind.CUSTOM, JAN, FEB)).active

    assert ws["D2"].value == "(Từ ngày 15/12/2021 đến ngày 14/02/2022)"


def test_a_period_without_figures_says_so(client_for, tree, city_user, city):
    ws, _response = download(client_for(city_user), city, first="2021-01", last="2021-03")

    assert labels(ws) == [
        "Cấp huyện (UBND huyện, thành phố và các phòng, ban)",
        "Không có số liệu trong kỳ",
        "Cộng cấp huyện",
        "Cấp xã (Xã, phường, thị trấn)",
        "Không có số liệu trong kỳ",
        "Cộng cấp xã",
        "TỔNG CỘNG",
    ]
    assert body(ws)[-1][2] == [0] * 11


def test_a_unit_without_the_level_asked_for_says_so(client_for, tree, city_user):
    ws, _response = download(client_for(city_user), tree["department"], level="commune")

    assert labels(ws) == ["Không có số liệu trong kỳ", "TỔNG CỘNG"]


def test_another_citys_user_gets_404_and_an_anonymous_user_the_login(
    client, tree, city, other_city
):
    path, query = url(city)
    assert client.get(path, query)["Location"].startswith(reverse("login"))

    outsider = UserFactory(username="other", unit=other_city, roles=[Role.Code.UNIT_STAFF])
    client.force_login(outsider)
    assert client.get(path, query).status_code == 404


def test_the_figures_page_links_to_the_form(client_for, tree, city_user, city):
    page = client_for(city_user).get(reverse("procedures:unit-figures", args=[city.pk]), PERIOD)
    html = page.content.decode()
    base = reverse("procedures:settlement-form", args=[city.pk])

    assert (
        f'href="{base}?period=custom&amp;first=2022-01&amp;last=2022-02&amp;scope=subtree"' in html
    )
    assert (
        f'href="{base}?period=custom&amp;first=2022-01&amp;last=2022-02&amp;scope=subtree'
        '&amp;level=commune"' in html
    )
    ward_page = page.client.get(reverse("procedures:unit-figures", args=[tree["wards"][0].pk]))
    assert 'data-testid="settlement-form"' in ward_page.content.decode()
    assert 'data-testid="settlement-form-commune"' not in ward_page.content.decode()


def test_the_link_text_is_vietnamese(client_for, tree, city_user, city):
    page = client_for(city_user).get(
        reverse("procedures:unit-figures", args=[city.pk]), PERIOD, HTTP_ACCEPT_LANGUAGE="vi"
    )
    html = page.content.decode()

    assert "Biểu 06/VPCP/KSTT (Excel)" in html
    assert "Biểu 06 — chỉ cấp xã" in html


def _count_queries(client, unit):
    cache.clear()
    path, query = url(unit)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, query)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_query_count_does_not_grow_with_the_wards(client_for, tree, city_user, city):
    client = client_for(city_user)
    with_two = _count_queries(client, city)
    for n in range(4):
        extra = UnitFactory(code=f"extra-ward-{n}", kind=Unit.Kind.WARD, parent=city)
        intake(extra, JAN, received_online=n, received_counter=1, pending_overdue=1)
        intake(extra, FEB, "land", received_counter=2)
    assert Unit.objects.filter(parent=city, kind=Unit.Kind.WARD).count() == 6

    assert _count_queries(client, city) == with_two


@pytest.fixture
def demo_loaded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    portal_demo.load()
    demo.load()


def test_the_demos_ward_level_is_the_sum_of_bac_kans_wards(client, demo_loaded):
    bac_kan = Unit.objects.get(code="bac-kan-city")
    client.force_login(User.objects.get(username="noivu.backan"))
    path = reverse("procedures:settlement-form", args=[bac_kan.pk])
    response = client.get(
        path, {"period": "custom", "first": "2022-01", "last": "2022-10", "level": "commune"}
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = body(ws)
    wards = Unit.objects.filter(parent=bac_kan, kind=Unit.Kind.WARD)
    sums = [selectors.intake_summary(ward, JAN, OCT) for ward in wards]

    assert rows[0][1] == "Cấp xã (Xã, phường, thị trấn)"
    subtotal = dict(zip(form.FORM_KEYS, rows[-2][2], strict=True))
    assert rows[-2][1] == "Cộng cấp xã"
    assert subtotal["total"] == sum(figures["total"] for figures in sums)
    assert subtotal["received_online"] + subtotal["received_direct"] == sum(
        figures["received_total"] for figures in sums
    )
    assert subtotal["received_online"] + subtotal["received_direct"] >= 764  # Huyền Tụng's alone
    assert rows[-1][2] == rows[-2][2]

    # The overview of the same period (the page noivu.backan reads) shows the same totals.
    overview = {
        row.code: row
        for row in overview_selectors.overview_rows(
            overview_selectors.scope_units(User.objects.get(username="noivu.backan")),
            Period("custom", JAN, OCT),
        )
    }
    shown = [overview[ward.code] for ward in wards]
    assert subtotal["received_online"] == sum(row.received_online for row in shown)
    assert subtotal["received_online"] + subtotal["received_direct"] == sum(
        row.received_total for row in shown
    )
    assert subtotal["resolved_total"] == sum(row.resolved_total for row in shown)


def test_text_a_user_typed_stays_text(client_for, tree, city_user, city):
    ProcedureFieldFactory(code="hostile", name="-2+3")
    intake(tree["wards"][0], JAN, "hostile", received_counter=4, resolved_on_time=4)
    city.name = "@SUM(A1)"
    city.save()
    ws, _response = download(client_for(city_user), city)
    cells = {cell.value: cell for row in ws.iter_rows() for cell in row if cell.value}

    assert cells["-2+3"].data_type == "s"
    assert cells["-2+3"].quotePrefix
    assert cells["- Đơn vị báo cáo: @SUM(A1)"].data_type == "s"
    assert not any(cell.data_type == "f" for cell in cells.values())
