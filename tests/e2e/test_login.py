import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_out

ROLE_HOMES = [
    ("admin", "Quản trị hệ thống"),
    ("noivu.backan", "Chuyên viên CCHC, Phòng Nội vụ"),
    ("kiemtra.backan", "Thành viên đoàn kiểm tra"),
    ("lanhdao.backan", "Lãnh đạo UBND"),
    ("huyentung", "Cán bộ đơn vị"),
    ("noivu.hongngu", "Chuyên viên CCHC, Phòng Nội vụ"),
]


@pytest.mark.parametrize(("username", "role_label"), ROLE_HOMES)
def test_each_demo_role_lands_on_its_home(demo, login, live_server, username, role_label):
    page = login(username)
    expect(page.get_by_test_id("role-badge")).to_have_text(role_label)
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_wrong_password_shows_a_vietnamese_error(demo, login):
    page = login("huyentung", password="sai-mat-khau")
    expect(page.get_by_text("Sai tên đăng nhập hoặc mật khẩu")).to_be_visible()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def test_logout_returns_to_the_login_page(demo, login):
    page = login("huyentung")
    log_out(page)
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
