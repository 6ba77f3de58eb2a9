"""Internal affairs in Chromium: the city overview of 2022, sorted, drilled into, exported."""

from openpyxl import load_workbook
from playwright.sync_api import expect


def overview_row(page, code):
    return page.locator(f'[data-testid="overview-table"] tbody tr[data-unit="{code}"]')


def test_overview_sort_drill_down_and_export(demo, login, live_server, tmp_path):
    page = login("noivu.backan")
    # Home already shows the city overview under the role badge.
    expect(page.get_by_test_id("role-badge")).to_have_text("Chuyên viên CCHC, Phòng Nội vụ")
    expect(page.get_by_test_id("city-overview")).to_be_visible()

    page.get_by_role("link", name="Tổng quan", exact=True).click()
    expect(page.get_by_role("heading", name="Tổng quan thành phố")).to_be_visible()
    page.get_by_label("Năm", exact=True).fill("2022")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_text("Tình hình các đơn vị — Năm 2022")).to_be_visible()

    # Huyền Tụng as the report of 01/11/2022 has it: 23/24 tasks, 764 dossiers, 1,18 % online.
    huyen_tung = overview_row(page, "huyen-tung")
    expect(huyen_tung.locator('[data-col="tasks"]')).to_have_text("23/24")
    expect(huyen_tung.locator('[data-col="received"]')).to_have_text("764")
    expect(huyen_tung.locator('[data-col="online"]')).to_have_text("1,18 %")
    expect(huyen_tung.locator('[data-col="recs_open"]')).to_have_text("5")
    expect(page.locator("svg#chart-completion")).to_be_visible()
    expect(page.locator("svg#chart-online")).to_be_visible()
    expect(page.locator("svg#chart-recommendations")).to_be_visible()

    # Sort by online rate: the highest first, Huyền Tụng the lowest of the wards.
    page.locator('a[data-sort="online_rate"]').click()
    rows = page.locator('[data-testid="overview-table"] tbody tr')
    expect(rows.first).to_have_attribute("data-unit", "duc-xuan")
    expect(rows.nth(3)).to_have_attribute("data-unit", "huyen-tung")
    expect(page.locator('th[aria-sort="descending"]')).to_have_count(1)

    # Drill into Huyền Tụng: its own dashboard with the same figures and its chart.
    overview_row(page, "huyen-tung").get_by_role("link", name="UBND phường Huyền Tụng").click()
    expect(page.get_by_role("heading", name="UBND phường Huyền Tụng", exact=True)).to_be_visible()
    expect(page.get_by_test_id("unit-tasks")).to_have_text("23/24")
    expect(page.get_by_test_id("unit-received")).to_have_text("764")
    expect(page.locator("svg#chart-unit-online")).to_be_visible()
    expect(page.get_by_test_id("unit-recommendations").locator("tbody tr")).to_have_count(5)

    # Back on the sorted overview, download exactly what it shows.
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_test_id("overview-export").click()
    path = tmp_path / "overview.xlsx"
    download_info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    names = [row[0] for row in rows[6:10]]
    assert names == [
        "UBND phường Đức Xuân",
        "UBND phường Nguyễn Thị Minh Khai",
        "UBND phường Sông Cầu",
        "UBND phường Huyền Tụng",
    ]
    line = rows[9]
    # The tasks fraction is two numeric columns; rates are the exact fractions of % cells.
    assert (line[1], line[2]) == (23, 24)
    assert line[3] == 0.9583
    assert line[5] == 764
    assert line[6] == 0.0118
