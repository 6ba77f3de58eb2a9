"""The audit log's journey: internal affairs change a unit, then find who changed what."""

from playwright.sync_api import expect

from tests.e2e.conftest import nav_to


def test_internal_affairs_find_their_change_and_a_failed_sign_in_in_the_log(
    demo, login, live_server
):
    from cchc_portal.models import Unit

    ward = Unit.objects.get(code="huyen-tung")
    page = login("huyentung", password="sai-mat-khau")  # a failed sign-in, logged too
    page = login("noivu.backan")
    page.goto(f"{live_server.url}/units/{ward.pk}/edit/")
    page.get_by_label("Địa chỉ").fill("Số 2 đường Trường Chinh, phường Huyền Tụng")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state("networkidle")

    nav_to(page, "Nhật ký thao tác")
    expect(page.get_by_role("heading", name="Nhật ký thao tác")).to_be_visible()
    page.get_by_label("Loại bản ghi").select_option("cchc_portal.unit")
    page.get_by_role("button", name="Lọc").click()
    row = page.get_by_test_id("event-row").first
    expect(row).to_contain_text("Đã sửa")
    expect(row).to_contain_text("(noivu.backan)")
    expect(row).to_contain_text("địa chỉ")

    page.get_by_label("Loại bản ghi").select_option("")
    page.get_by_label("Thao tác").select_option("login_failed")
    page.get_by_role("button", name="Lọc").click()
    failed = page.get_by_test_id("event-row").first
    expect(failed).to_contain_text("huyentung")
    expect(failed).to_contain_text("Huyền Tụng")
