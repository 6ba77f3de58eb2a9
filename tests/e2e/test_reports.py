"""Journey: huyentung downloads, edits and submits the nine-month 2022 report; noivu.backan
sees in the round that Huyền Tụng was late and that one ward has not submitted."""

import io
import subprocess

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect

from reports import demo as reports_demo
from tests.e2e.conftest import log_out


@pytest.fixture
def report_demo(demo):
    # load_demo does not list reports.demo yet; loading it again is harmless (idempotent).
    reports_demo.load()


def _docx_text(path):
    with open(path, "rb") as handle:
        word = WordDocument(io.BytesIO(handle.read()))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _pdf_text(path):
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(text.stdout.split())


def test_huyen_tung_submits_its_nine_month_report_and_the_city_sees_it_late(
    report_demo, login, live_server, tmp_path
):
    page = login("huyentung")
    panel = page.get_by_role("region", name="Báo cáo định kỳ đơn vị phải gửi")
    expect(panel).to_contain_text("Trả lại để bổ sung")
    panel.get_by_role("link", name="Báo cáo CCHC 9 tháng đầu năm 2022").click()
    expect(page.get_by_role("heading", name="Báo cáo CCHC 9 tháng đầu năm 2022")).to_be_visible()
    expect(page.get_by_test_id("return-comment")).to_contain_text(
        "đến 14/09/2022 là 17/24 nhiệm vụ"
    )
    report_url = page.url

    with page.expect_download() as info:
        page.get_by_test_id("download-docx").click()
    word = info.value
    assert word.suggested_filename == "bao-cao-cchc-9-thang-2022-huyen-tung-du-thao.docx"
    word_path = tmp_path / word.suggested_filename
    word.save_as(word_path)
    with page.expect_download() as info:
        page.get_by_test_id("download-pdf").click()
    pdf_path = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf_path)

    # The figures page for the same nine months says what the documents say.
    page.goto(f"{live_server.url}/procedures/")  # a unit's staff land on their unit's figures
    page.goto(f"{page.url}?period=nine&year=2022")
    received = page.get_by_test_id("received-total").inner_text()
    online = page.get_by_test_id("online-rate").inner_text()
    assert (received, online) == ("682", "1,17 %")
    word_text, pdf_text = _docx_text(word_path), _pdf_text(pdf_path)
    for text in (word_text, pdf_text):
        assert f"mới tiếp nhận {received}: trực tuyến 8, trực tiếp 674" in text
        assert online in text
    assert f"8 / {received} | {online}" in word_text

    page.goto(report_url)
    page.get_by_role("link", name="Sửa nội dung").click()
    results = page.get_by_label("I. Kết quả thực hiện")
    results.fill(
        "Đến 30/9/2022, phường hoàn thành 19/24 nhiệm vụ cụ thể của Kế hoạch CCHC năm 2022; "
        "đã tổ chức tuyên truyền CCHC tại các tổ dân phố."
    )
    page.get_by_role("button", name="Lưu nội dung").click()
    expect(page.get_by_text("Đã lưu nội dung báo cáo.")).to_be_visible()
    expect(page.get_by_test_id("report-document")).to_contain_text(
        "hoàn thành 19/24 nhiệm vụ cụ thể"
    )

    page.get_by_role("link", name="Gửi lại báo cáo").click()
    expect(page.get_by_text("báo cáo sẽ được ghi nhận là nộp muộn")).to_be_visible()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_text("được ghi nhận là nộp muộn")).to_be_visible()
    expect(page.get_by_test_id("report-timeliness")).to_have_text("Nộp muộn 4 ngày")

    log_out(page)
    page = login("noivu.backan")
    page.get_by_role("link", name="Báo cáo định kỳ").first.click()
    page.get_by_test_id("round-table").get_by_role(
        "link", name="Báo cáo CCHC 9 tháng đầu năm 2022"
    ).first.click()
    expect(page.get_by_test_id("count-late")).to_have_text("1")
    expect(page.get_by_test_id("count-missing")).to_have_text("1")
    rows = page.get_by_test_id("round-reports")
    expect(rows.locator("tr", has_text="UBND phường Huyền Tụng")).to_contain_text("Nộp muộn 4 ngày")
    expect(rows.locator("tr", has_text="UBND phường Nguyễn Thị Minh Khai")).to_contain_text(
        "Chưa nộp, quá hạn"
    )
    expect(rows.locator("tr", has_text="UBND phường Đức Xuân")).to_contain_text("Nộp đúng hạn")
