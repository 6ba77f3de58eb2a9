"""Journey: noivu.backan gives a new officer of phường Sông Cầu an account, the officer sets
a password from the link and signs in, then noivu.backan deactivates the account and the
officer's open session ends at once; a person of Hồng Ngự is out of reach (404)."""

import re

from playwright.sync_api import expect

from accounts import services
from cchc_portal.models import User
from tests.e2e.conftest import log_out, nav_to


def test_an_officer_joins_and_leaves(demo, login, live_server, browser):
    page = login("noivu.backan")
    nav_to(page, "Người dùng")
    expect(page.get_by_role("heading", name="Người dùng")).to_be_visible()
    page.get_by_role("link", name="Tài khoản mới").click()
    page.get_by_label("Họ và tên đệm").fill("Hoàng Thị")
    page.locator("#id_first_name").fill("Lan")
    page.get_by_label("Tên đăng nhập").fill("hoang.lan.songcau")
    page.get_by_label("Thư điện tử").fill("lan.songcau@backan.gov.vn")
    page.locator("#id_unit").select_option(label="Sông Cầu")
    page.get_by_label("Cán bộ, công chức đơn vị").check()
    page.get_by_label("Chức vụ").fill("Công chức Văn phòng - Thống kê")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_text("Đã tạo tài khoản “hoang.lan.songcau”")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Hoàng Thị Lan"))).to_be_visible()

    person = User.objects.get(username="hoang.lan.songcau")
    assert person.unit.code == "song-cau"
    link = services.password_link(person).replace("http://127.0.0.1:8000", live_server.url)

    # The officer, in a browser of their own, sets a password and signs in.
    officer = browser.new_context(locale="vi-VN").new_page()
    officer.goto(link)
    officer.locator("#id_new_password1").fill("Song-Cau-2026!")
    officer.get_by_label("Nhập lại mật khẩu mới").fill("Song-Cau-2026!")
    officer.get_by_role("button", name="Lưu mật khẩu").click()
    expect(officer.get_by_text("Mật khẩu đã được lưu.")).to_be_visible()
    officer.get_by_role("link", name="Đăng nhập").last.click()
    officer.fill("input[name=username]", "hoang.lan.songcau")
    officer.fill("input[name=password]", "Song-Cau-2026!")
    officer.get_by_role("button", name="Đăng nhập").click()
    expect(officer).not_to_have_url(re.compile("/login/"))
    expect(officer.locator("main")).to_contain_text("Sông Cầu")

    # The officer leaves: deactivated, and the open session ends.
    page.reload()
    expect(page.get_by_text("Phiên đang mở")).to_be_visible()
    page.get_by_role("button", name="Khoá tài khoản").click()
    expect(page.get_by_text("Đã khoá tài khoản “hoang.lan.songcau”")).to_be_visible()
    officer.reload()
    expect(officer.locator("input[name=username]")).to_be_visible()

    # A person of Hồng Ngự is outside noivu.backan's subtree: not listed, and 404 by address.
    hongngu = User.objects.get(username="noivu.hongngu")
    nav_to(page, "Người dùng")
    expect(page.locator("main")).not_to_contain_text("noivu.hongngu")
    response = page.goto(f"{live_server.url}/accounts/people/{hongngu.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy trang")).to_be_visible()
    log_out(page)
