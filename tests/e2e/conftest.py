"""Browser journeys: Debian's Chromium, headless, driven by Playwright (no browser download)."""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI") == "true":
            raise pytest.UsageError(f"Chromium not found at {CHROMIUM}: CI must run browser tests")
        skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
        for item in items:
            if "tests/e2e/" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def demo(transactional_db):
    """The demo data in the live server's database (load_demo re-seeds reference rows)."""
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def login(page, live_server):
    """Log in through the real form: `login("huyentung")`; returns the page."""

    def do_login(username, password="demo-cchc"):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("networkidle")
        return page

    return do_login


def log_out(page):
    """Open the user menu in the navigation bar and log out."""
    page.get_by_test_id("current-user").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("heading", name="Đăng nhập").wait_for()


def nav_to(page, *labels):
    """Follow the main navigation: `nav_to(page, "Kiểm tra", "Các cuộc kiểm tra")` opens a menu."""
    bar = page.get_by_role("navigation", name="Điều hướng chính")
    *menus, entry = labels
    for menu in menus:
        button = bar.get_by_role("button", name=menu, exact=True)
        if button.count():  # a menu with a single entry for this role is a plain link
            button.click()
    bar.get_by_role("link", name=entry, exact=True).click()
