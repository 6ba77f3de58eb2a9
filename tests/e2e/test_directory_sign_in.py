"""Journey: the province signs its officials in through its own directory. An officer of phường
Sông Cầu signs in through single sign-on (the provider, django-oauth-toolkit in a second
process, and back) and through LDAP (slapd) with the directory's password; a person whose unit
code the portal does not have is turned back with the reason; noivu.backan sees the directory
accounts among the people of the city and deactivates one, whose next sign-in is refused."""

import re

import pytest
from playwright.sync_api import expect

from cchc_portal.models import User
from tests.accounts import ldap_server
from tests.e2e.conftest import log_out, nav_to
from tests.oidc_provider import server as oidc_server

PEOPLE = {
    "ha.songcau": {
        "password": "Ha-songcau-2026",
        "email": "ha.songcau@backan.gov.vn",
        "given_name": "Thu Hà",
        "family_name": "Lý",
        "unit_code": "song-cau",
        "groups": ["cchc-canbo"],
    },
    "lac.duong": {
        "password": "Lac-duong-2026",
        "given_name": "Văn Lạc",
        "family_name": "Ma",
        "unit_code": "phuong-khong-co",
        "groups": ["cchc-canbo"],
    },
}


@pytest.fixture
def single_sign_on(settings, live_server, tmp_path):
    provider = oidc_server.start(tmp_path / "provider", f"{live_server.url}/oidc/callback/")
    provider.set_people(PEOPLE)
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.OIDC_ENABLED = True
    settings.OIDC_ROLE_VALUES = "unit_staff=cchc-canbo"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "accounts.oidc.PortalOIDCBackend",
    ]
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture
def directory(settings):
    directory = ldap_server.start()
    directory.replace(ldap_server.person_dn("canbo.mot"), "departmentNumber", ["song-cau"])
    for name, value in directory.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "accounts.ldap_directory.PortalLDAPBackend",
    ]
    try:
        yield directory
    finally:
        directory.stop()


def sso(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Đăng nhập một lần (SSO)").click()
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PEOPLE[username]["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def test_officials_sign_in_through_the_province_directory(
    demo, single_sign_on, directory, login, live_server, browser
):
    # Single sign-on: to the provider and back, signed in as the officer of Sông Cầu.
    officer = browser.new_context(locale="vi-VN").new_page()
    sso(officer, live_server, "ha.songcau")
    expect(officer).to_have_url(re.compile(re.escape(live_server.url)))
    expect(officer.get_by_test_id("current-user")).to_contain_text("Lý Thu Hà")
    expect(officer.locator("main")).to_contain_text("Sông Cầu")
    assert User.objects.get(username="ha.songcau").unit.code == "song-cau"

    # An unknown unit code: back on the login page with the reason, not signed in.
    stranger = browser.new_context(locale="vi-VN").new_page()
    sso(stranger, live_server, "lac.duong")
    expect(stranger).to_have_url(re.compile("/login/"))
    expect(stranger.get_by_role("status")).to_contain_text("“phuong-khong-co”")
    expect(stranger.get_by_role("status")).to_contain_text("cổng thông tin không có đơn vị này")
    assert not User.objects.filter(username="lac.duong").exists()

    # LDAP: the directory's password on the portal's own form.
    ldap_user = browser.new_context(locale="vi-VN").new_page()
    ldap_user.goto(f"{live_server.url}/login/")
    ldap_user.get_by_label("Tên đăng nhập").fill("canbo.mot")
    ldap_user.get_by_label("Mật khẩu").fill(ldap_server.PASSWORDS["canbo.mot"])
    ldap_user.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(ldap_user.get_by_test_id("current-user")).to_contain_text("Nguyễn Văn Một")

    # Internal affairs of the city see both among their people, and deactivate one.
    page = login("noivu.backan")
    nav_to(page, "Người dùng")
    page.locator("#id_q").fill("songcau")
    page.keyboard.press("Enter")
    row = page.get_by_role("row", name=re.compile("ha.songcau"))
    expect(row).to_contain_text("OpenID Connect")
    row.get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("đăng nhập qua dịch vụ đăng nhập một lần của tỉnh")
    page.get_by_role("button", name="Khoá tài khoản").click()
    expect(page.get_by_text("Đã khoá tài khoản “ha.songcau”")).to_be_visible()
    officer.reload()
    expect(officer.locator("input[name=username]")).to_be_visible()
    # Still signed in at the provider, so no password asked there: refused by the portal.
    officer.get_by_role("link", name="Đăng nhập một lần (SSO)").click()
    expect(officer).to_have_url(re.compile("/login/"))
    expect(officer.get_by_role("status")).to_contain_text("Tài khoản này đã bị khóa")
    log_out(page)
