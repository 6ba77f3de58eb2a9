"""Dashboard pages through the client: what each role reads, scope, drill-down links."""

import datetime
import html as html_lib
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inspections.factories import shortcoming_type

JAN_FEB = {"period": "custom", "first": "2022-01", "last": "2022-02"}
TAG = re.compile(r"<[^>]+>")


def text_of(fragment):
    return " ".join(html_lib.unescape(TAG.sub(" ", fragment)).split())


def table_row(html, code):
    """{column key: text} of the overview row of the unit with `code`."""
    match = re.search(rf'<tr data-unit="{re.escape(code)}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {code}"
    return {
        key: text_of(cell)
        for key, cell in re.findall(r'data-col="(\w+)"[^>]*>(.*?)</t[dh]>', match.group(1), re.S)
    }


def footer_row(html, testid):
    match = re.search(rf'<tr[^>]*data-testid="{testid}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no {testid}"
    return {
        key: text_of(cell)
        for key, cell in re.findall(r'data-col="(\w+)"[^>]*>(.*?)</t[dh]>', match.group(1), re.S)
    }


def row_codes(html):
    return re.findall(r'<tr data-unit="([\w-]+)">', html)


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params)


# --- city overview ------------------------------------------------------------------------


def test_overview_shows_each_units_figures(client_for, internal_affairs_user, city_data):
    html = get(client_for(internal_affairs_user), "dashboards:overview", **JAN_FEB).content.decode()
    assert table_row(html, "ward-one") == {
        "unit": "Phường Một",
        "tasks": "2/3",
        "completion": "66,67 %",
        "tasks_overdue": "1",
        "received": "30",
        "online": "10,00 %",
        "on_time": "96,67 %",
        "electronic": "50,00 %",
        "recs_open": "2",
        "recs_overdue": "1",
        "acceptance": "33,33 %",
        "last_inspection": "14/02/2022",
        "flags": "1",
        "par_year": "—",
        "par_points": "—",
        "par_percent": "—",
        "sat_count": "—",
        "sat_rate": "—",
    }
    city = table_row(html, "city")
    # The city keeps no plan of its own: "—", not "no plan" (it stands apart, after the wards).
    assert (city["tasks"], city["completion"], city["online"]) == ("—", "—", "—")


def test_overview_totals_and_averages(client_for, internal_affairs_user, city_data):
    html = get(client_for(internal_affairs_user), "dashboards:overview", **JAN_FEB).content.decode()
    total = footer_row(html, "overview-total")
    assert total["unit"] == "Tổng cộng (3 đơn vị)"
    assert (total["tasks"], total["completion"], total["received"]) == ("3/4", "75,00 %", "40")
    assert (total["online"], total["on_time"], total["electronic"]) == (
        "7,50 %",
        "97,50 %",
        "37,50 %",
    )
    assert (total["recs_open"], total["recs_overdue"], total["acceptance"]) == ("2", "1", "33,33 %")
    average = footer_row(html, "overview-average")
    assert average["unit"] == "Bình quân mỗi đơn vị"
    # Over the two wards (the city keeps no figures of its own): 40 received / 2.
    assert (average["completion"], average["online"], average["received"]) == (
        "83,33 %",
        "5,00 %",
        "20,0",
    )


def test_overview_defaults_to_the_latest_year_with_figures(
    client_for, internal_affairs_user, city_data
):
    html = get(client_for(internal_affairs_user), "dashboards:overview").content.decode()
    # 2022 is over: its "year to date" is the whole year, and the label says so.
    assert "Năm 2022" in html and "Lũy kế" not in html
    assert table_row(html, "ward-one")["received"] == "30"


def test_overview_for_a_period_across_the_new_year(client_for, internal_affairs_user, city_data):
    params = {"period": "custom", "first": "2021-12", "last": "2022-01"}
    html = get(client_for(internal_affairs_user), "dashboards:overview", **params).content.decode()
    row = table_row(html, "ward-one")
    assert (row["received"], row["online"], row["on_time"]) == ("20", "35,00 %", "95,00 %")


def test_every_number_links_to_the_rows_behind_it(
    client_for, internal_affairs_user, city_data, ward
):
    html = get(client_for(internal_affairs_user), "dashboards:overview", **JAN_FEB).content.decode()
    row = re.search(r'<tr data-unit="ward-one">(.*?)</tr>', html, re.S).group(1)
    plan = ward.reform_plans.get()
    links = dict(re.findall(r'data-col="(\w+)"[^>]*><a href="([^"]+)"', row))
    assert links["unit"].startswith(reverse("dashboards:unit", args=[ward.pk]))
    assert links["tasks"] == links["completion"] == reverse("reforms:plan-detail", args=[plan.pk])
    assert (
        links["tasks_overdue"] == f"{reverse('reforms:plan-detail', args=[plan.pk])}?status=overdue"
    )
    figures = reverse("procedures:unit-figures", args=[ward.pk])
    assert (
        links["received"]
        == links["online"]
        == f"{figures}?period=custom&amp;first=2022-01&amp;last=2022-02&amp;scope=unit"
    )
    recs = reverse("dashboards:recommendations")
    period = "period=custom&amp;first=2022-01&amp;last=2022-02"
    assert links["recs_open"] == f"{recs}?unit={ward.pk}&amp;state=not_accepted&amp;{period}"
    assert links["recs_overdue"] == f"{recs}?unit={ward.pk}&amp;state=overdue&amp;{period}"
    assert links["last_inspection"] == reverse("inspections:inspection-detail", args=[city_data.pk])
    # The rows behind "2 not yet accepted" are those two recommendations.
    client = client_for(internal_affairs_user)
    drill = client.get(html_lib.unescape(links["recs_open"])).content.decode()
    assert drill.count('<tr data-recommendation="') == 2
    assert "Giao phiếu hẹn cho mọi hồ sơ" in drill and "Cập nhật sổ" in drill


def test_sorting_by_a_rate_puts_units_without_it_last(client_for, internal_affairs_user, city_data):
    client = client_for(internal_affairs_user)
    html = get(client, "dashboards:overview", sort="-online_rate", **JAN_FEB).content.decode()
    assert row_codes(html) == ["ward-one", "ward-two", "city"]
    assert 'aria-sort="descending"' in html
    html = get(client, "dashboards:overview", sort="online_rate", **JAN_FEB).content.decode()
    assert row_codes(html) == ["ward-two", "ward-one", "city"]
    html = get(client, "dashboards:overview", sort="-bogus", **JAN_FEB).content.decode()
    # Tree order, the city (no plan or figures of its own) apart after the wards.
    assert row_codes(html) == ["ward-one", "ward-two", "city"]


def test_filters_by_kind_and_parent(client_for, internal_affairs_user, city_data, ward):
    client = client_for(internal_affairs_user)
    html = get(client, "dashboards:overview", kind="ward", **JAN_FEB).content.decode()
    assert row_codes(html) == ["ward-one", "ward-two"]
    html = get(client, "dashboards:overview", within=ward.pk, **JAN_FEB).content.decode()
    assert row_codes(html) == ["ward-one"]
    assert footer_row(html, "overview-total")["received"] == "30"


def test_a_parent_outside_the_scope_is_refused(
    client_for, internal_affairs_user, city_data, canary_data, canary_ward
):
    response = get(client_for(internal_affairs_user), "dashboards:overview", within=canary_ward.pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phường Canary" not in html
    assert row_codes(html) == ["ward-one", "ward-two", "city"]


def test_pagination_keeps_totals_for_all_rows(
    client_for, internal_affairs_user, city_data, monkeypatch
):
    monkeypatch.setattr("dashboards.overview.PAGE_SIZE", 2)
    client = client_for(internal_affairs_user)
    first = get(client, "dashboards:overview", **JAN_FEB).content.decode()
    second = get(client, "dashboards:overview", page=2, **JAN_FEB).content.decode()
    assert row_codes(first) == ["ward-one", "ward-two"]
    assert row_codes(second) == ["city"]
    assert footer_row(second, "overview-total")["received"] == "40"


@pytest.mark.parametrize("fixture", ["internal_affairs_user", "leadership_user", "inspector_user"])
def test_city_roles_see_their_city_and_never_the_canary(
    request, client_for, city_data, canary_data, fixture
):
    user = request.getfixturevalue(fixture)
    html = get(client_for(user), "dashboards:overview", **JAN_FEB).content.decode()
    assert row_codes(html) == ["ward-one", "ward-two", "city"]
    assert "Canary" not in html and "CANARY" not in html
    assert "999" not in html
    assert footer_row(html, "overview-total")["received"] == "40"


def test_the_administrator_sees_the_canary_city(client_for, admin_user_, city_data, canary_data):
    html = get(client_for(admin_user_), "dashboards:overview", **JAN_FEB).content.decode()
    row = table_row(html, "canary")
    assert (row["received"], row["online"], row["recs_open"]) == ("3.996", "50,00 %", "10")
    assert "Phường Canary" in html


def test_unit_staff_go_to_their_own_dashboard(client_for, staff_user, ward, city_data):
    client = client_for(staff_user)
    response = get(client, "dashboards:overview")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:unit", args=[ward.pk])
    assert get(client, "dashboards:overview-export").status_code == 403
    assert get(client, "dashboards:index")["Location"] == reverse("dashboards:unit", args=[ward.pk])


# --- Excel export -------------------------------------------------------------------------


def _book(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content))


def _sheet(response):
    return list(_book(response).active.iter_rows(values_only=True))


def shown_count(value):
    return "—" if value is None else f"{value:,}".replace(",", ".")


def shown_percent(value):
    return f"{str((Decimal(repr(value)) * 100).quantize(Decimal('0.01'))).replace('.', ',')} %"


def shown_date(value):
    return "—" if value is None else value.strftime("%d/%m/%Y")


# The overview's columns in the workbook: the tasks fraction is two numeric columns.
EXPORT_KEYS = ["unit", "tasks_done", "tasks_total", "completion", "tasks_overdue", "received"]
EXPORT_KEYS += ["online", "on_time", "electronic", "recs_open", "recs_overdue", "acceptance"]
EXPORT_KEYS += [
    "last_inspection",
    "flags",
    "par_year",
    "par_points",
    "par_percent",
    "sat_count",
    "sat_rate",
]
PERCENT_KEYS = {"completion", "online", "on_time", "electronic", "acceptance"}


def test_export_holds_exactly_the_rows_and_columns_shown(
    client_for, internal_affairs_user, city_data
):
    client = client_for(internal_affairs_user)
    params = {"sort": "-online_rate", **JAN_FEB}
    html = get(client, "dashboards:overview", **params).content.decode()
    rows = _sheet(get(client, "dashboards:overview-export", **params))
    table = re.search(r'data-testid="overview-table">(.*?)</thead>', html, re.S).group(1)
    headers = [
        h.strip() for h in re.findall(r'<th scope="col"[^>]*>\s*(?:<a[^>]*>)?([^<]+)', table)
    ]
    assert headers[1] == "Nhiệm vụ hoàn thành / tổng số"
    assert list(rows[5]) == [headers[0], "Nhiệm vụ hoàn thành", "Tổng số nhiệm vụ", *headers[2:]]
    shown = [table_row(html, code) for code in row_codes(html)]
    shown += [footer_row(html, "overview-total")]
    exported = [dict(zip(EXPORT_KEYS, row, strict=True)) for row in rows[6 : 6 + len(shown)]]
    assert [r["unit"] for r in exported] == [s["unit"] for s in shown]
    for page_row, excel_row in zip(shown, exported, strict=True):
        done, total = excel_row["tasks_done"], excel_row["tasks_total"]
        if page_row["tasks"] in ("chưa có kế hoạch", "—"):
            assert (done, total) == (None, None)
        else:
            assert f"{shown_count(done)}/{shown_count(total)}" == page_row["tasks"]
        for key in PERCENT_KEYS:
            value = excel_row[key]
            assert (shown_percent(value) if value is not None else "—") == page_row[key], key
        for key in ("tasks_overdue", "received", "recs_open", "recs_overdue", "flags"):
            assert shown_count(excel_row[key]) == page_row[key], key
        assert shown_date(excel_row["last_inspection"]) == page_row["last_inspection"]
    assert rows[6 + len(shown)][0] == "Bình quân mỗi đơn vị"
    assert "01–02/2022" in rows[1][0]


def test_export_cells_are_numbers_with_their_formats(client_for, internal_affairs_user, city_data):
    response = get(client_for(internal_affairs_user), "dashboards:overview-export", **JAN_FEB)
    sheet = _book(response).active
    column = {key: index for index, key in enumerate(EXPORT_KEYS, start=1)}
    ward = next(
        row for row in range(7, sheet.max_row + 1) if sheet.cell(row, 1).value == "Phường Một"
    )
    cell = lambda key: sheet.cell(ward, column[key])  # noqa: E731
    # Phường Một: 2 of 3 tasks, 3 of 30 dossiers online, 1 of 3 recommendations accepted.
    assert (cell("tasks_done").value, cell("tasks_total").value) == (2, 3)
    assert cell("completion").value == 0.6667
    assert (cell("online").value, cell("acceptance").value) == (0.1, 0.3333)
    assert cell("received").value == 30 and type(cell("received").value) is int
    for key in PERCENT_KEYS:
        assert cell(key).number_format == "0.00%", key
    for key in ("tasks_done", "tasks_total", "tasks_overdue", "received", "recs_open", "flags"):
        assert cell(key).number_format == "#,##0", key
        assert type(cell(key).value) is int, key
    assert cell("last_inspection").value == datetime.datetime(2022, 2, 14)
    assert cell("last_inspection").number_format == "DD/MM/YYYY"
    average = next(
        row
        for row in range(7, sheet.max_row + 1)
        if sheet.cell(row, 1).value == "Bình quân mỗi đơn vị"
    )
    # Averaged over the two wards (30 and 10 received), not the city that keeps no figures.
    assert sheet.cell(average, column["received"]).value == 20.0
    assert sheet.cell(average, column["received"]).number_format == "#,##0.0"
    assert sheet.cell(average, column["completion"]).value == 0.8333
    # No figure is ever text: only the unit column and the header lines hold strings.
    for row in sheet.iter_rows(min_row=7, max_row=average, min_col=2):
        for item in row:
            assert not isinstance(item.value, str), item.coordinate


def test_export_spans_every_page_in_the_same_order(
    client_for, internal_affairs_user, city_data, monkeypatch
):
    monkeypatch.setattr("dashboards.overview.PAGE_SIZE", 2)
    client = client_for(internal_affairs_user)
    params = {"sort": "-received_total", **JAN_FEB}
    pages = [
        get(client, "dashboards:overview", page=page, **params).content.decode() for page in (1, 2)
    ]
    names = [table_row(html, code)["unit"] for html in pages for code in row_codes(html)]
    rows = _sheet(get(client, "dashboards:overview-export", **params))
    assert [r[0] for r in rows[6:9]] == names == ["Phường Một", "Phường Hai", "Thành phố Thử"]


def test_export_leaves_out_the_canary(client_for, internal_affairs_user, city_data, canary_data):
    rows = _sheet(get(client_for(internal_affairs_user), "dashboards:overview-export", **JAN_FEB))
    assert "Phường Canary" not in {r[0] for r in rows}
    assert rows[9][EXPORT_KEYS.index("received")] == 40


# --- unit dashboard -----------------------------------------------------------------------


def test_unit_dashboard_figures(client_for, staff_user, ward, city_data):
    html = get(client_for(staff_user), "dashboards:unit", ward.pk, **JAN_FEB).content.decode()
    assert 'data-testid="unit-tasks">2/3</a>' in html
    assert 'data-testid="unit-received">30</a>' in html
    rates = re.search(r'data-testid="rate-comparison">(.*?)</table>', html, re.S).group(1)
    online = re.search(r'<tr data-rate="online">(.*?)</tr>', rates, re.S).group(1)
    # The ward against its whole city (Phường Một + Phường Hai): 3/40 = 7,50 %.
    assert (
        text_of(online) == "Hồ sơ tiếp nhận trực tuyến 10,00 % 7,50 % ▲ cao hơn 2,50 điểm phần trăm"
    )
    assert "Chưa thực hiện: 0" in html and "Đang thực hiện: 1" in html
    assert "Hoàn thành: 2 (0 trễ hạn)" in html
    assert "Phường Một quá hạn 1" in html
    recs = re.search(r'data-testid="unit-recommendations">(.*?)</table>', html, re.S).group(1)
    assert "Giao phiếu hẹn cho mọi hồ sơ" in recs and "Cập nhật sổ" in recs
    assert "Khảo sát sự hài lòng" not in recs
    assert "Kiến nghị nháp" not in html


def test_unit_dashboard_lists_missing_months(client_for, staff_user, ward, city_data):
    html = get(
        client_for(staff_user), "dashboards:unit", ward.pk, period="quarter", year=2022, quarter=1
    ).content.decode()
    missing = re.search(r'data-testid="missing-months">(.*?)</p>', html, re.S).group(1)
    assert text_of(missing) == "03/2022"


def test_unit_dashboard_of_a_unit_with_no_data(client_for, internal_affairs_user, city):
    html = get(client_for(internal_affairs_user), "dashboards:unit", city.pk).content.decode()
    assert "Chưa có kế hoạch năm này trên Cổng." in html
    assert "Không có kiến nghị nào của cuộc kiểm tra trong kỳ." in html


def test_unit_staff_never_see_a_sibling_ward(
    client_for, staff_user, other_ward, city_data, canary_ward
):
    client = client_for(staff_user)
    assert get(client, "dashboards:unit", other_ward.pk).status_code == 404
    assert get(client, "dashboards:unit", canary_ward.pk).status_code == 404
    assert get(client, "dashboards:unit-summary", other_ward.pk).status_code == 404
    assert get(client, "dashboards:unit-summary-pdf", other_ward.pk).status_code == 404


def test_city_users_drill_into_a_ward_but_not_into_another_city(
    client_for, internal_affairs_user, ward, canary_ward, city_data, canary_data
):
    client = client_for(internal_affairs_user)
    assert get(client, "dashboards:unit", ward.pk).status_code == 200
    assert get(client, "dashboards:unit", canary_ward.pk).status_code == 404


def test_unit_dashboard_comparison_leaves_out_other_cities(
    client_for, staff_user, ward, city_data, canary_data
):
    html = get(client_for(staff_user), "dashboards:unit", ward.pk, **JAN_FEB).content.decode()
    assert "Canary" not in html and "CANARY" not in html and "999" not in html
    assert "7,50 %" in html


# --- summary: print page and PDF ----------------------------------------------------------


def test_summary_page(client_for, internal_affairs_user, ward, city_data):
    html = get(
        client_for(internal_affairs_user), "dashboards:unit-summary", ward.pk, **JAN_FEB
    ).content.decode()
    assert "Hoàn thành 2/3 nhiệm vụ (66,67 %)" in text_of(html)
    assert "Tiếp nhận 30 hồ sơ, 3 hồ sơ trực tuyến (10,00 %)" in text_of(html)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    assert "3. Kiến nghị: 2/3 chưa được chấp nhận, 1 quá hạn" in text_of(html)


def test_summary_pdf_has_the_figures_and_the_charts(
    client_for, internal_affairs_user, ward, city_data, tmp_path
):
    response = get(
        client_for(internal_affairs_user),
        "dashboards:unit-summary-pdf",
        ward.pk,
        download="1",
        **JAN_FEB,
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="tom-tat-cchc-ward-one-202201-202202.pdf"'
    )
    path = tmp_path / "summary.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"Pages:\s+1\n", info.stdout)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Hoàn thành 2/3 nhiệm vụ (66,67 %)" in text
    assert "Tiếp nhận 30 hồ sơ, 3 hồ sơ trực tuyến (10,00 %)" in text
    # The charts are drawn in the PDF: their axis titles and printed values are text there.
    assert "Hồ sơ trực tuyến (%)" in text
    assert "Đã chấp nhận" in text


# --- remediation board and drill-downs ----------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "status"),
    [
        ("internal_affairs_user", 200),
        ("leadership_user", 200),
        ("inspector_user", 403),
        ("staff_user", 403),
    ],
)
def test_remediation_board_roles(request, client_for, city_data, fixture, status):
    user = request.getfixturevalue(fixture)
    assert get(client_for(user), "dashboards:remediation").status_code == status


def test_remediation_board(client_for, internal_affairs_user, city_data, canary_data):
    html = get(client_for(internal_affairs_user), "dashboards:remediation").content.decode()
    queue = re.search(r'data-testid="review-queue">(.*?)</table>', html, re.S).group(1)
    assert queue.count("<tr data-recommendation=") == 1
    assert "Cập nhật sổ" in queue and "CANARY" not in queue
    overdue = re.search(r'data-testid="overdue-units">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r'<tr data-unit="([\w-]+)">', overdue) == ["ward-one"]
    assert 'data-testid="acceptance-average">40,0 ngày<' in html
    assert 'data-testid="review-average">4,0 ngày<' in html
    recurring = re.search(r'data-testid="recurring">(.*?)</table>', html, re.S).group(1)
    slip = shortcoming_type("no-appointment-slip")
    row = re.search(rf'<tr data-type="{slip.pk}">(.*?)</tr>', recurring, re.S).group(1)
    assert text_of(row) == f"{slip.name} 2 2 2 14/02/2022 0/0"
    assert f'data-type="{shortcoming_type("no-self-inspection").pk}"' not in recurring
    assert "Canary" not in html


def test_remediation_board_twin_sees_the_canary(client_for, admin_user_, city_data, canary_data):
    html = get(client_for(admin_user_), "dashboards:remediation").content.decode()
    assert "CANARY báo cáo" in html
    assert f'data-type="{shortcoming_type("no-self-inspection").pk}"' in html


def test_shortcoming_drilldown_is_scoped(
    client_for, internal_affairs_user, admin_user_, city_data, canary_data
):
    slip = shortcoming_type("no-appointment-slip")
    html = get(
        client_for(internal_affairs_user), "dashboards:shortcoming", slip.pk
    ).content.decode()
    assert "Phát hiện 2 lần" in html
    assert "Phường Canary" not in html
    html = get(client_for(admin_user_), "dashboards:shortcoming", slip.pk).content.decode()
    assert "Phát hiện 3 lần" in html


def test_recommendation_drilldown_scope(
    client_for,
    staff_user,
    internal_affairs_user,
    ward,
    other_ward,
    canary_ward,
    city_data,
    canary_data,
):
    client = client_for(staff_user)
    assert get(client, "dashboards:recommendations", unit=other_ward.pk).status_code == 404
    html = get(client, "dashboards:recommendations", unit=ward.pk, state="all").content.decode()
    assert html.count("<tr data-recommendation=") == 3
    client = client_for(internal_affairs_user)
    assert get(client, "dashboards:recommendations", unit=canary_ward.pk).status_code == 404
    assert get(client, "dashboards:recommendations", within=canary_ward.pk).status_code == 404
    html = get(client, "dashboards:recommendations", state="overdue").content.decode()
    assert html.count("<tr data-recommendation=") == 1
    assert "CANARY" not in html


# --- home ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "testid", "badge"),
    [
        ("internal_affairs_user", "city-overview", "Chuyên viên CCHC, Phòng Nội vụ"),
        ("leadership_user", "city-overview", "Lãnh đạo UBND"),
        ("inspector_user", "city-overview", "Thành viên đoàn kiểm tra"),
        ("staff_user", "unit-dashboard", "Cán bộ đơn vị"),
        ("admin_user_", "city-overview", "Quản trị hệ thống"),
    ],
)
def test_home_shows_each_role_its_dashboard(request, client_for, city_data, fixture, testid, badge):
    user = request.getfixturevalue(fixture)
    html = client_for(user).get(reverse("home")).content.decode()
    assert f'data-testid="{testid}"' in html
    badge_text = re.search(r'data-testid="role-badge">(.*?)</span>', html, re.S).group(1)
    assert text_of(badge_text) == badge


def test_home_of_unit_staff_shows_their_unit(client_for, staff_user, city_data):
    html = client_for(staff_user).get(reverse("home")).content.decode()
    assert 'data-testid="unit-tasks">2/3</a>' in html
    assert "Phường Hai" not in html


def test_one_figure_reads_the_same_on_the_pages_the_pdf_and_the_workbook(
    client_for, internal_affairs_user, ward, city_data, tmp_path
):
    """Phường Một's plan, 2 of 3 tasks done, and its online rate, 3 of 30 dossiers."""
    client = client_for(internal_affairs_user)
    overview = table_row(get(client, "dashboards:overview", **JAN_FEB).content.decode(), "ward-one")
    assert (overview["completion"], overview["online"]) == ("66,67 %", "10,00 %")
    plan = ward.reform_plans.get(year=2022)
    assert (
        'data-testid="plan-rate">66,67 %</span>'
        in client.get(plan.get_absolute_url()).content.decode()
    )
    summary = text_of(get(client, "dashboards:unit-summary", ward.pk, **JAN_FEB).content.decode())
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(get(client, "dashboards:unit-summary-pdf", ward.pk, **JAN_FEB).content)
    pdf_text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for text in (summary, pdf_text):
        assert "Hoàn thành 2/3 nhiệm vụ (66,67 %)" in text
        assert "3 hồ sơ trực tuyến (10,00 %)" in text
    sheet = _book(get(client, "dashboards:overview-export", **JAN_FEB)).active
    row = next(r for r in sheet.iter_rows(min_row=7) if r[0].value == "Phường Một")
    cells = dict(zip(EXPORT_KEYS, row, strict=True))
    assert (cells["completion"].value, cells["completion"].number_format) == (0.6667, "0.00%")
    assert (cells["online"].value, cells["online"].number_format) == (0.1, "0.00%")
