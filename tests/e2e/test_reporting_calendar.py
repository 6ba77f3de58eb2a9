"""Journey: noivu.backan reads Bắc Kạn's 2022 reporting calendar (the nine months covering
15/12/2021–14/09/2022), opens 2023, and downloads Biểu 06 of its wards; sonoivu.backan, at the
province, finds the city's nine-month report with the two wards that had not reported."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import log_out, nav_to


def test_the_calendar_the_form_and_the_province(demo, login, live_server):
    page = login("noivu.backan")
    nav_to(page, "Báo cáo định kỳ")
    page.get_by_role("link", name="2022", exact=True).click()
    page.get_by_role("link", name="Lịch báo cáo năm 2022").click()
    nine = page.locator('tr[data-round="nine_months"]')
    expect(nine.get_by_test_id("round-window")).to_have_text("15/12/2021–14/09/2022")
    expect(nine.get_by_test_id("round-deadline")).to_have_text("10/10/2022")
    expect(page.get_by_text("Nghị định 09/2019/NĐ-CP (Điều 12)")).to_be_visible()

    page.get_by_role("link", name="2023", exact=True).click()
    first = page.locator('tr[data-round="quarter-1"]')
    expect(first.get_by_test_id("round-window")).to_have_text("15/12/2022–14/03/2023")
    first.get_by_label("Thời hạn").fill("2023-03-18")
    page.get_by_role("button", name="Mở lịch báo cáo năm: tạo 4 kỳ báo cáo").click()
    expect(page.get_by_text("Đã tạo 4 kỳ báo cáo năm 2023")).to_be_visible()
    expect(first.get_by_test_id("round-deadline")).to_have_text("18/03/2023")

    # Biểu 06 of the city's wards for the first ten months.
    page.goto(f"{live_server.url}/procedures/?period=custom&first=2022-01&last=2022-10")
    page.get_by_role("link", name="UBND thành phố Bắc Kạn").first.click()
    expect(page.get_by_test_id("period-window")).to_have_text(
        "Số liệu từ 15/12/2021 đến 14/10/2022 (kỳ số liệu theo Nghị định 09/2019/NĐ-CP)."
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="Biểu 06 — chỉ cấp xã").click()
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Biểu số 06/VPCP/KSTT" in texts
    assert "(Từ ngày 15/12/2021 đến ngày 14/10/2022)" in texts
    assert "Cộng cấp xã" in texts
    log_out(page)

    page = login("sonoivu.backan")
    nav_to(page, "Báo cáo định kỳ")
    rounds = page.get_by_test_id("round-table")
    rounds.locator("tr", has_text="Bắc Kạn (tỉnh)").get_by_role(
        "link", name="Báo cáo CCHC 9 tháng đầu năm 2022"
    ).click()
    expect(page.get_by_test_id("round-window")).to_have_text("15/12/2021–14/09/2022")
    page.get_by_role("link", name="Báo cáo tổng hợp").click()
    collected = page.get_by_test_id("collected")
    row = collected.locator("tr", has_text="UBND thành phố Bắc Kạn")
    expect(row).to_contain_text("Nộp đúng hạn")
    expect(row).to_contain_text("Huyền Tụng, Nguyễn Thị Minh Khai")
    row.get_by_role("link", name="UBND thành phố Bắc Kạn").click()
    expect(page.get_by_test_id("report-document")).to_contain_text(
        "Chưa gửi báo cáo (2 đơn vị): Huyền Tụng, Nguyễn Thị Minh Khai."
    )
