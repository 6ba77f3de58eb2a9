"""One period for every column: recommendations and the last inspection are of the period,
a period without figures shows "—", units keeping no figures stand apart, and the ward's
home shows each figure once."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from cchc_portal.figures.periods import Period
from dashboards import selectors
from inspections.models import Recommendation

from .builders import concluded, recommendation
from .test_views import footer_row, get, row_codes, table_row, text_of

D = datetime.date
R = Recommendation.Status
YEAR_2022 = {"period": "year", "year": 2022}
YEAR_2023 = {"period": "year", "year": 2023}
YEAR_2026 = {"period": "year", "year": 2026}
RECOMMENDATION_COLUMNS = ("recs_open", "recs_overdue", "acceptance", "last_inspection")


@pytest.fixture
def visit_2026(city_data, ward, inspector_user):
    """A later visit of Phường Một, with one recommendation already past its deadline."""
    inspection = concluded(ward, inspector_user, start=D(2026, 3, 2), concluded_on=D(2026, 3, 5))
    recommendation(inspection, R.OPEN, D(2026, 3, 31), text="Kiến nghị năm 2026")
    return inspection


def _export(client, params):
    response = get(client, "dashboards:overview-export", **params)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return {row[0]: row for row in rows[6:] if row and row[0]}


# --- the period reaches the recommendations and the last inspection -----------------------


def test_a_later_inspection_stays_out_of_2022(client_for, internal_affairs_user, visit_2026):
    client = client_for(internal_affairs_user)
    html = get(client, "dashboards:overview", **YEAR_2022).content.decode()
    row = table_row(html, "ward-one")
    assert (row["recs_open"], row["recs_overdue"], row["acceptance"]) == ("2", "1", "33,33 %")
    assert row["last_inspection"] == "14/02/2022"
    total = footer_row(html, "overview-total")
    assert (total["recs_open"], total["recs_overdue"]) == ("2", "1")
    assert total["last_inspection"] == "14/02/2022"
    assert "02/03/2026" not in html
    # The same visit is the whole of 2026's column.
    html = get(client, "dashboards:overview", **YEAR_2026).content.decode()
    row = table_row(html, "ward-one")
    assert (row["recs_open"], row["recs_overdue"], row["acceptance"]) == ("1", "1", "0,00 %")
    assert row["last_inspection"] == "02/03/2026"


def test_a_later_inspection_stays_out_of_2022s_export(
    client_for, internal_affairs_user, visit_2026
):
    ward = _export(client_for(internal_affairs_user), YEAR_2022)["Phường Một"]
    # "2/3" is two columns in the workbook, so open and overdue come one column later.
    assert (ward[9], ward[10]) == (2, 1)
    assert ward[12].date() == D(2022, 2, 14)


def test_the_drilldown_applies_the_period_of_the_link(
    client_for, internal_affairs_user, ward, visit_2026
):
    client = client_for(internal_affairs_user)
    html = get(client, "dashboards:overview", **YEAR_2022).content.decode()
    link = re.search(
        r'<tr data-unit="ward-one">.*?data-col="recs_open"[^>]*><a href="([^"]+)"', html, re.S
    ).group(1)
    assert link.endswith("&amp;period=year&amp;year=2022")
    total = re.search(
        r'data-testid="overview-total".*?data-col="recs_open"[^>]*><a href="([^"]+)"', html, re.S
    ).group(1)
    assert total.endswith("?state=not_accepted&amp;period=year&amp;year=2022")
    assert (
        get(client, "dashboards:recommendations", state="all", **YEAR_2022)
        .content.decode()
        .count("<tr data-recommendation=")
        == 3
    )
    drill = client.get(link.replace("&amp;", "&")).content.decode()
    assert drill.count("<tr data-recommendation=") == 2
    assert "Kiến nghị năm 2026" not in drill
    assert "Kỳ: Năm 2022. Kiến nghị của các cuộc kiểm tra trong kỳ" in text_of(drill)
    # Without a period (the remediation board's links) it lists every period.
    drill = get(
        client, "dashboards:recommendations", unit=ward.pk, state="not_accepted"
    ).content.decode()
    assert drill.count("<tr data-recommendation=") == 3
    assert "Mọi kỳ: kiến nghị của tất cả các cuộc kiểm tra" in text_of(drill)


def test_the_unit_dashboard_lists_the_periods_recommendations(
    client_for, staff_user, ward, visit_2026
):
    html = get(client_for(staff_user), "dashboards:unit", ward.pk, **YEAR_2022).content.decode()
    assert 'data-testid="unit-recs-open">2</a>' in html
    recs = re.search(r'data-testid="unit-recommendations">(.*?)</table>', html, re.S).group(1)
    assert recs.count("<tr><td") == 2
    assert "Kiến nghị năm 2026" not in html


# --- a period without figures shows "—" -----------------------------------------------------


def test_a_year_without_figures_shows_dashes_not_another_years(
    client_for, internal_affairs_user, city_data
):
    # 2023 holds only a planned (draft) inspection, which no dashboard counts.
    html = get(client_for(internal_affairs_user), "dashboards:overview", **YEAR_2023)
    html = html.content.decode()
    row = table_row(html, "ward-one")
    assert row["tasks"] == "chưa có kế hoạch"
    assert {key: row[key] for key in ("received", "online", *RECOMMENDATION_COLUMNS)} == {
        "received": "—",
        "online": "—",
        "recs_open": "—",
        "recs_overdue": "—",
        "acceptance": "—",
        "last_inspection": "—",
    }
    total = footer_row(html, "overview-total")
    assert [total[key] for key in ("tasks", "received", *RECOMMENDATION_COLUMNS)] == ["—"] * 6
    average = footer_row(html, "overview-average")
    assert [average[key] for key in ("completion", "received", "recs_open")] == ["—"] * 3
    assert "14/02/2022" not in html
    assert 'data-testid="overview-recs-open">—<' in html


def test_the_export_of_a_year_without_figures_has_empty_cells(
    client_for, internal_affairs_user, city_data
):
    rows = _export(client_for(internal_affairs_user), YEAR_2023)
    for name in ("Phường Một", "Tổng cộng (3 đơn vị)", "Bình quân mỗi đơn vị"):
        assert rows[name][4] is None, name
        assert rows[name][8:12] == (None, None, None, None), name


def test_a_finished_year_defaults_to_the_whole_year(client_for, internal_affairs_user, ward):
    # Figures end in 02/2022 but the ward was visited in November: the default 2022 period
    # covers the visit, and its label says "Năm 2022", not "01–02/2022".
    from procedures.factories import intake

    intake(ward, D(2022, 2, 1), received_counter=3)
    visit = concluded(
        ward, internal_affairs_user, start=D(2022, 11, 1), concluded_on=D(2022, 11, 4)
    )
    recommendation(visit, R.OPEN, D(2099, 1, 31))
    html = get(client_for(internal_affairs_user), "dashboards:overview").content.decode()
    assert "Tình hình các đơn vị — Năm 2022" in text_of(html)
    assert table_row(html, "ward-one")["last_inspection"] == "01/11/2022"
    assert table_row(html, "ward-one")["recs_open"] == "1"


def test_the_period_covers_whole_data_windows():
    period = Period("custom", D(2022, 1, 1), D(2022, 2, 1))
    assert (period.starts_on, period.ends_on) == (D(2021, 12, 15), D(2022, 2, 14))
    assert Period("year", D(2024, 1, 1), D(2024, 12, 1)).ends_on == D(2024, 12, 14)
    with override_settings(REPORTING_WINDOWS="calendar"):
        assert (period.starts_on, period.ends_on) == (D(2022, 1, 1), D(2022, 2, 28))
        assert Period("year", D(2024, 1, 1), D(2024, 12, 1)).ends_on == D(2024, 12, 31)


def test_the_page_says_what_the_columns_count(client_for, internal_affairs_user, city_data):
    html = get(client_for(internal_affairs_user), "dashboards:overview", **YEAR_2022)
    rule = re.search(r'data-testid="period-rule">(.*?)</p>', html.content.decode(), re.S)
    assert text_of(rule.group(1)) == (
        "Kiến nghị: của các cuộc kiểm tra trong kỳ, tình trạng đến hôm nay. "
        "Kiểm tra gần nhất: cuộc kiểm tra gần nhất trong kỳ."
    )


# --- units keeping no figures of their own; averages -----------------------------------------


def test_units_keeping_no_figures_stand_apart(client_for, internal_affairs_user, city_data):
    html = get(client_for(internal_affairs_user), "dashboards:overview", **YEAR_2022).content
    html = html.decode()
    assert row_codes(html) == ["ward-one", "ward-two", "city"]
    apart = re.search(r'data-testid="overview-apart">(.*?)</tr>', html, re.S).group(1)
    assert text_of(apart) == (
        "1 đơn vị không có kế hoạch, số liệu riêng (chỉ có kiến nghị và kiểm tra)"
    )
    city = table_row(html, "city")
    assert [city[key] for key in ("tasks", "completion", "tasks_overdue", "received")] == ["—"] * 4
    assert (city["recs_open"], city["flags"]) == ("—", "—")
    # The totals still add every row shown, the city's included.
    assert footer_row(html, "overview-total")["unit"] == "Tổng cộng (3 đơn vị)"
    # The export lists them last too, and says so under the table.
    response = get(client_for(internal_affairs_user), "dashboards:overview-export", **YEAR_2022)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[6:9]] == ["Phường Một", "Phường Hai", "Thành phố Thử"]
    assert rows[-1][0] == (
        "1 đơn vị không có kế hoạch, số liệu riêng (chỉ có kiến nghị và kiểm tra): xếp cuối bảng."
    )


def test_an_office_with_recommendations_counts_in_the_totals_not_the_averages(
    client_for, internal_affairs_user, city_data, city, inspector_user
):
    from cchc_portal.factories import UnitFactory
    from cchc_portal.models import Unit

    office = UnitFactory(
        name="Phòng Tư pháp", code="office", kind=Unit.Kind.DEPARTMENT, parent=city
    )
    visit = concluded(office, inspector_user, start=D(2022, 2, 1), concluded_on=D(2022, 2, 3))
    for _index in range(4):
        recommendation(visit, R.OPEN, D(2099, 1, 31))
    rows = selectors.overview_rows(
        selectors.scope_units(internal_affairs_user), Period("year", D(2022, 1, 1), D(2022, 12, 1))
    )
    totals = selectors.overview_totals(rows)
    assert totals["recommendations_not_accepted"] == 2 + 4
    # Averages: Phường Một alone had recommendations and keeps figures (the office keeps none).
    assert totals["averages"]["recommendations_not_accepted"] == Decimal("2.0")
    html = get(client_for(internal_affairs_user), "dashboards:overview", **YEAR_2022).content
    html = html.decode()
    assert row_codes(html) == ["ward-one", "ward-two", "city", "office"]
    assert table_row(html, "office")["recs_open"] == "4"
    assert footer_row(html, "overview-total")["recs_open"] == "6"
    assert footer_row(html, "overview-average")["recs_open"] == "2,0"


# --- the ward's home: each figure once --------------------------------------------------------


def test_the_ward_home_shows_each_figure_once(client_for, staff_user, city_data):
    html = client_for(staff_user).get(reverse("home")).content.decode()
    text = text_of(html)
    # The plan: the dashboard's tile only (no second plan panel).
    assert html.count(">2/3<") == 1
    assert 'data-testid="home-plan-progress"' not in html
    # The recommendations: the remediation panel only, every label one definition.
    panel = re.search(r'data-testid="home-remediation">(.*?)</section>', html, re.S).group(1)
    assert "2 kiến nghị chưa được chấp nhận · 1 quá hạn" in text_of(panel)
    assert "1 cần khắc phục · 1 có báo cáo chờ thẩm định" in text_of(panel)
    assert text.count("Giao phiếu hẹn cho mọi hồ sơ") == 1
    assert text.count("Cập nhật sổ") == 1
    assert text.count("chưa được chấp nhận") == 1
    assert 'data-testid="unit-recs-open"' not in html
    assert 'data-testid="unit-recommendations"' not in html
    assert "chart-unit-recommendations" not in html


def test_a_ward_without_a_plan_keeps_the_plan_panel(client_for, other_staff_user, other_ward):
    html = client_for(other_staff_user).get(reverse("home")).content.decode()
    assert "Đơn vị chưa có kế hoạch CCHC trên cổng." in text_of(html)


def test_the_summary_of_a_year_without_inspections_says_so(
    client_for, internal_affairs_user, ward, city_data
):
    html = get(client_for(internal_affairs_user), "dashboards:unit-summary", ward.pk, **YEAR_2023)
    text = text_of(html.content.decode())
    assert "3. Kiến nghị: không có kiến nghị nào của cuộc kiểm tra trong kỳ" in text
    # No chart of zeros either.
    assert "chưa được chấp nhận" not in text
