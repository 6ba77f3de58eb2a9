"""huyentung marks the overdue task done with an evidence file and sees the rate change."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import nav_to

LAND_TASK = "Thực hiện TTHC lĩnh vực đất đai trên phần mềm một cửa điện tử"


def test_huyentung_completes_a_task_with_evidence_and_the_rate_changes(demo, login):
    page = login("huyentung")
    # The home shows the plan figure once, on the unit dashboard's tile, which opens the plan.
    expect(page.get_by_test_id("unit-tasks")).to_have_text("23/24")
    page.get_by_test_id("unit-tasks").click()

    expect(page.get_by_role("heading", name=re.compile("Kế hoạch CCHC năm 2022"))).to_be_visible()
    expect(page.get_by_test_id("plan-progress")).to_have_text("23/24")
    expect(page.get_by_test_id("plan-rate")).to_have_text("95,83 %")
    expect(page.get_by_test_id("plan-overdue")).to_have_text("1")

    page.get_by_role("link", name=f"Cập nhật: {LAND_TASK}").click()
    expect(page.get_by_role("heading", name="Cập nhật tiến độ")).to_be_visible()
    page.get_by_text("Hoàn thành", exact=True).click()
    # Choosing "done" shows the completion date, already filled with today.
    expect(page.get_by_label("Ngày hoàn thành")).not_to_have_value("")
    page.get_by_label("Tệp minh chứng").set_input_files(
        {"name": "bien-ban-dat-dai.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 e2e"}
    )
    page.get_by_label("Ghi chú").fill("Đã tiếp nhận hồ sơ đất đai trên phần mềm một cửa")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Đã lưu. Kế hoạch hiện đạt 24/24 nhiệm vụ hoàn thành.")).to_be_visible()
    expect(page.get_by_test_id("plan-progress")).to_have_text("24/24")
    expect(page.get_by_test_id("plan-rate")).to_have_text("100,00 %")
    expect(page.get_by_test_id("plan-overdue")).to_have_text("0")

    page.get_by_role("link", name=LAND_TASK, exact=True).click()
    expect(page.get_by_test_id("evidence-link")).to_contain_text("bien-ban-dat-dai.pdf")
    history = page.locator("section.history")
    expect(history).to_contain_text("Lý Thị Thu")
    expect(history).to_contain_text("đang thực hiện")


def test_noivu_backan_reads_the_same_plan_without_editing(demo, login):
    page = login("noivu.backan")
    nav_to(page, "Công tác CCHC", "Kế hoạch CCHC")
    page.get_by_label("Năm").select_option("2022")
    page.get_by_role("button", name="Lọc").click()
    # The city compares its wards; Huyền Tụng reads as the report does.
    expect(page.get_by_role("row", name=re.compile("Đức Xuân"))).to_contain_text("6/8")
    row = page.get_by_role("row", name=re.compile("Huyền Tụng"))
    expect(row).to_contain_text("23/24")
    row.get_by_role("link").click()
    expect(page.get_by_test_id("plan-rate")).to_have_text("95,83 %")
    main = page.locator("main")
    expect(main.get_by_role("link", name=re.compile("^Cập nhật: "))).to_have_count(0)
    expect(main.get_by_role("link", name="Thêm nhiệm vụ")).to_have_count(0)
