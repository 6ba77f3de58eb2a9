"""Huyền Tụng enters November 2022 and sees the year-to-date figures update."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect


def test_ward_enters_a_month_and_sees_the_year_to_date(demo, login):
    page = login("huyentung")
    page.get_by_role("link", name="Số liệu TTHC").first.click()

    expect(page.get_by_role("heading", name="UBND phường Huyền Tụng")).to_be_visible()
    expect(page.get_by_test_id("period-label")).to_have_text("Năm 2022")
    expect(page.get_by_test_id("received-total")).to_have_text("764")
    expect(page.get_by_test_id("online-rate")).to_have_text("1,18 %")
    expect(page.get_by_test_id("on-time-rate")).to_have_text("100,00 %")
    expect(page.get_by_test_id("electronic-rate")).to_have_text("31,94 %")
    expect(page.get_by_test_id("documents-unaccounted")).to_contain_text("40")
    expect(page.get_by_test_id("flags")).to_contain_text(
        "Đơn vị báo cáo tỷ lệ hồ sơ trực tuyến kỳ 01–10/2022 là 8,48 %; tính từ số liệu là 1,18 %."
    )

    expect(page.get_by_label("Nhập số liệu tháng")).to_have_value("2022-11")
    page.get_by_role("button", name="Nhập số liệu").click()
    expect(page.get_by_role("heading", name="Số liệu tháng 11/2022")).to_be_visible()

    civil = page.locator('tr[data-row="civil-status"]')
    page.get_by_label("Tư pháp – Hộ tịch · tiếp nhận trực tuyến").fill("2")
    page.get_by_label("Tư pháp – Hộ tịch · tiếp nhận trực tiếp").fill("28")
    page.get_by_label("Tư pháp – Hộ tịch · giải quyết đúng hạn").fill("20")
    expect(civil.locator('[data-computed="total"]')).to_have_text("30")
    expect(civil.locator("[data-balance]")).to_have_text("lệch 10")
    expect(page.locator('tfoot [data-total="received_online"]')).to_have_text("2")

    page.get_by_role("button", name="Lưu số liệu tháng 11/2022").click()
    expect(page.get_by_test_id("entry-errors")).to_contain_text(
        "Chưa lưu gì: hãy sửa các ô được đánh dấu đỏ."
    )
    expect(page.get_by_test_id("entry-errors")).to_contain_text(
        "Kỳ trước chuyển qua + mới tiếp nhận phải bằng đã giải quyết + đang giải quyết. (30 ≠ 20)"
    )

    civil = page.locator('tr[data-row="civil-status"]')
    page.get_by_label("Tư pháp – Hộ tịch · giải quyết đúng hạn").fill("27")
    page.get_by_label("Tư pháp – Hộ tịch · đang giải quyết, trong hạn").fill("3")
    page.get_by_label("Tư pháp – Hộ tịch · xử lý trên phần mềm một cửa điện tử").fill("12")
    expect(civil.locator("[data-balance]")).to_have_text("✓")
    expect(civil.locator('[data-computed="pending_total"]')).to_have_text("3")
    page.get_by_label("Trong đó có chữ ký số", exact=True).fill("50")
    page.get_by_label("Có chữ ký số, gửi liên thông", exact=True).fill("20")
    page.get_by_label("Có chữ ký số, gửi nội bộ", exact=True).fill("25")
    expect(page.locator("[data-unaccounted]")).to_contain_text("5 văn bản có chữ ký số")
    page.get_by_label("Tổng số văn bản đi", exact=True).fill("52")
    page.get_by_label("Trong đó gửi dưới dạng điện tử", exact=True).fill("50")
    page.get_by_role("button", name="Lưu số liệu tháng 11/2022").click()

    expect(page.get_by_text("Đã lưu số liệu tháng 11/2022.")).to_be_visible()
    expect(page.get_by_test_id("period-label")).to_have_text("Năm 2022")
    expect(page.get_by_test_id("received-total")).to_have_text("794")
    expect(page.get_by_test_id("online-rate")).to_have_text("1,39 %")
    expect(page.get_by_test_id("pending-total")).to_have_text("3")
    expect(page.get_by_test_id("documents-unaccounted")).to_contain_text("45")

    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    with open(download.value.path(), "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), data_only=True)
    summary = workbook["Tổng hợp"]
    totals = next(row for row in summary.iter_rows(values_only=True) if row[16] == "total")
    assert totals[2] == 794  # column C: all dossiers to resolve
    assert totals[4] == 11  # column E: received online
