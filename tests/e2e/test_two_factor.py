"""Journey: two-factor sign-in is required for internal affairs. noivu.backan signs in, is sent
to set-up, scans (here: computes) the code, keeps the recovery codes and reaches home; at the
next sign-in the portal asks for a code and a recovery code lets them in."""

import os
import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import log_out

SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder: screenshots of the set-up page


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_set_up_then_sign_in_with_a_recovery_code(demo, settings, login, live_server):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["internal_affairs", "leadership", "administrator"]
    page = login("noivu.backan")
    expect(page).to_have_url(re.compile(r"/accounts/security/two-factor/set-up/\?next=%2F$"))
    expect(page.get_by_role("heading", name="Thiết lập xác thực hai lớp")).to_be_visible()
    expect(page.get_by_text("Vai trò của bạn bắt buộc dùng xác thực hai lớp.")).to_be_visible()
    qr = page.get_by_role("img", name="Mã QR để quét bằng ứng dụng xác thực")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.naturalWidth") > 100
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, "two-factor-setup-laptop.png"))
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(
            path=os.path.join(SCREENSHOTS, "two-factor-setup-phone.png"), full_page=True
        )
        page.set_viewport_size({"width": 1280, "height": 720})

    device = TOTPDevice.objects.get(user__username="noivu.backan", confirmed=False)
    secret = page.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")
    assert len(secret) == 32
    page.get_by_label("Mã xác thực").fill("000000")
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    expect(page.get_by_text("Mã không đúng: chưa bật gì cả.")).to_be_visible()
    device.refresh_from_db()
    device.throttle_reset()  # the wrong guess delays the next one by a second

    page.get_by_label("Mã xác thực").fill(current_code(device))
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    expect(page.get_by_role("heading", name="Các mã dự phòng của bạn")).to_be_visible()
    expect(page.get_by_text("Đã bật xác thực hai lớp.")).to_be_visible()
    expect(page.get_by_text("Hãy in hoặc ghi lại các mã này ngay")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", code) for code in codes)
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page.get_by_test_id("role-badge")).to_have_text("Chuyên viên CCHC, Phòng Nội vụ")

    page.get_by_test_id("current-user").click()
    page.get_by_role("link", name="Bảo mật tài khoản").click()
    expect(page.get_by_test_id("two-factor-status")).to_have_text("Đang bật")
    expect(page.get_by_test_id("recovery-codes-left")).to_have_text("Số mã dự phòng còn lại: 10.")
    log_out(page)

    page = login("noivu.backan")
    expect(page).to_have_url(re.compile(r"/accounts/security/two-factor/verify/\?next=%2F$"))
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    page.get_by_label("Mã xác thực hoặc mã dự phòng").fill(codes[0])
    page.get_by_role("button", name="Tiếp tục").click()
    expect(
        page.get_by_text("Bạn đã đăng nhập bằng một mã dự phòng. Còn lại 9 mã dự phòng.")
    ).to_be_visible()
    expect(page.get_by_test_id("role-badge")).to_have_text("Chuyên viên CCHC, Phòng Nội vụ")
