"""Three roles in Chromium: the inspector records, the ward remediates, internal affairs reviews."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_out, nav_to

CRITERION = "Giao phiếu hẹn trả kết quả cho tổ chức, công dân khi tiếp nhận hồ sơ"
RECOMMENDATION = "Giao phiếu hẹn trả kết quả cho mọi hồ sơ tiếp nhận tại Bộ phận Một cửa."


def logout(page):
    log_out(page)


def open_recommendation_card(page, text):
    card = page.locator("article", has_text=text)
    expect(card).to_have_count(1)
    return card


@pytest.mark.e2e
def test_checklist_shortcoming_recommendation_remediation_review(
    demo, login, live_server, tmp_path
):
    today = datetime.date.today()
    deadline = today + datetime.timedelta(days=30)

    # 1. The inspector logs an unscheduled visit to Huyền Tụng with the city's checklist.
    page = login("kiemtra.backan")
    nav_to(page, "Kiểm tra", "Các cuộc kiểm tra")
    page.get_by_role("link", name="Thêm cuộc kiểm tra").click()
    page.get_by_label("Đơn vị được kiểm tra").select_option(label="UBND phường Huyền Tụng")
    page.get_by_label("Loại").select_option(label="kiểm soát thủ tục hành chính")
    page.get_by_label("Theo kế hoạch").uncheck()
    page.get_by_label("Bộ tiêu chí").select_option(
        label="Bộ tiêu chí kiểm tra CCHC và kiểm soát TTHC cấp xã, phường"
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã tạo cuộc kiểm tra.")).to_be_visible()
    expect(page.get_by_test_id("inspection-status")).to_have_text("chưa tiến hành")
    page.get_by_role("button", name="Bắt đầu kiểm tra").click()
    expect(page.get_by_test_id("inspection-status")).to_have_text("đang kiểm tra")

    # 2. On the checklist: one criterion met, one not met with a note.
    page.get_by_role("link", name="Chấm bộ tiêu chí").click()
    slip = page.locator("article", has_text=CRITERION)
    slip.get_by_text("không đạt", exact=True).click()
    slip.get_by_label("Ghi chú").fill("3/10 hồ sơ chứng thực không có phiếu hẹn")
    slip.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Tiêu chí được ghi nhận là tồn tại, hạn chế")).to_be_visible()
    slip = page.locator("article", has_text=CRITERION)
    expect(slip.get_by_test_id("criterion-result")).to_have_text("không đạt")
    book = page.locator("article", has_text="Sổ theo dõi hồ sơ và phiếu kiểm soát")
    book.get_by_text("đạt", exact=True).click()
    book.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu.", exact=True)).to_be_visible()
    expect(page.get_by_test_id("checklist-progress")).to_contain_text("Đã chấm 2/20 tiêu chí")

    # 3. The failed criterion becomes a recommendation, then the conclusion is issued.
    page.locator("article", has_text=CRITERION).get_by_role("link", name="Lập kiến nghị").click()
    expect(page.get_by_text("Tồn tại, hạn chế: Giao phiếu")).to_contain_text(
        "3/10 hồ sơ chứng thực không có phiếu hẹn"
    )
    page.get_by_label("Kiến nghị").fill(RECOMMENDATION)
    page.get_by_label("Thời hạn").fill(deadline.isoformat())
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu kiến nghị 1.")).to_be_visible()
    page.get_by_role("link", name="Ban hành kết luận").click()
    page.get_by_label("Số thông báo").fill("130/TB-ĐKT")
    page.get_by_role("button", name="Ban hành kết luận").click()
    expect(page.get_by_test_id("inspection-status")).to_have_text("đã kết luận")
    inspection_url = page.url
    logout(page)

    # 4. The ward sees it on its home page and reports with a file.
    page = login("huyentung")
    expect(page.get_by_text("1 kiến nghị cần khắc phục sau cuộc kiểm tra")).to_be_visible()
    nav_to(page, "Kiểm tra", "Kiến nghị cần khắc phục")
    card = open_recommendation_card(page, RECOMMENDATION)
    card.get_by_role("link", name="Báo cáo khắc phục").click()
    evidence = tmp_path / "phieu-hen.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% demo evidence\n")
    page.get_by_label("Kết quả đơn vị đã thực hiện").fill("Đã giao phiếu hẹn cho 100 % hồ sơ.")
    page.get_by_label("Tài liệu minh chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("Đã gửi báo cáo. Phòng Nội vụ sẽ thẩm định.")).to_be_visible()
    expect(page.get_by_test_id("recommendation-status")).to_have_text("đã gửi báo cáo")
    expect(page.get_by_role("link", name="phieu-hen.pdf")).to_be_visible()
    logout(page)

    # 5. Internal affairs return it with a comment.
    page = login("noivu.backan")
    nav_to(page, "Kiểm tra", "Thẩm định khắc phục")
    open_recommendation_card(page, RECOMMENDATION).get_by_role(
        "link", name="Thẩm định báo cáo"
    ).click()
    page.get_by_label("Trả lại: đơn vị phải bổ sung").check()
    page.get_by_label("Nhận xét").fill("Đề nghị gửi kèm ảnh sổ theo dõi có phiếu hẹn.")
    page.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho đơn vị kèm nhận xét.")).to_be_visible()
    expect(page.get_by_test_id("recommendation-status")).to_have_text("cần khắc phục")
    logout(page)

    # 6. The ward reads the comment and reports again.
    page = login("huyentung")
    nav_to(page, "Kiểm tra", "Kiến nghị cần khắc phục")
    card = open_recommendation_card(page, RECOMMENDATION)
    expect(card.get_by_text("Đề nghị gửi kèm ảnh sổ theo dõi có phiếu hẹn.")).to_be_visible()
    card.get_by_role("link", name="Báo cáo khắc phục").click()
    page.get_by_label("Kết quả đơn vị đã thực hiện").fill(
        "Bổ sung ảnh sổ theo dõi: 100 % hồ sơ có phiếu hẹn."
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("recommendation-status")).to_have_text("đã gửi báo cáo")
    logout(page)

    # 7. Internal affairs accept: the only recommendation is done, the inspection closes.
    page = login("noivu.backan")
    nav_to(page, "Kiểm tra", "Thẩm định khắc phục")
    open_recommendation_card(page, RECOMMENDATION).get_by_role(
        "link", name="Thẩm định báo cáo"
    ).click()
    page.get_by_label("Chấp nhận: kiến nghị đã được khắc phục").check()
    page.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(page.get_by_text("Đã chấp nhận kết quả khắc phục.")).to_be_visible()
    expect(page.get_by_test_id("recommendation-status")).to_have_text("đã chấp nhận")
    page.goto(inspection_url)
    expect(page.get_by_test_id("inspection-status")).to_have_text("đã hoàn thành")
    timeline = page.locator("#recommendations")
    expect(timeline.get_by_text(re.compile("trả lại báo cáo"))).to_have_count(1)
    expect(timeline.get_by_text(re.compile("chấp nhận kết quả khắc phục"))).to_have_count(1)


@pytest.mark.e2e
def test_the_huyen_tung_notice_downloads_as_a_vietnamese_pdf(demo, login, live_server):
    page = login("lanhdao.backan")
    nav_to(page, "Kiểm tra", "Các cuộc kiểm tra")
    page.get_by_role("link", name="UBND phường Huyền Tụng").click()
    expect(page.get_by_test_id("inspection-status")).to_have_text("đã kết luận")
    statuses = page.get_by_test_id("recommendation-status")
    expect(statuses).to_have_count(12)
    expect(page.get_by_test_id("overdue-mark").first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải PDF").click()
    download = download_info.value
    assert download.suggested_filename == "thong-bao-ket-luan-kiem-tra-huyen-tung-20221104.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
