"""Journey: huyentung prints its counter's poster; the QR code on it opens a page where a
citizen answers on a phone without logging in; a second citizen answers on the counter tablet
while the network is down, and the answer is sent when it is back; huyentung sees both in the
month's results and noivu.backan in the city overview."""

import shutil
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Response
from tests.e2e.conftest import log_out

COUNTER = "Quầy Tư pháp – Hộ tịch"


def decode_qr(pdf_path, tmp_path):
    """The text of the QR code printed on the first page of `pdf_path` (poppler + zbar)."""
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "p")],
        check=True,
    )
    image = next(tmp_path.glob("p*.png"))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools (make test installs it)")
def test_poster_phone_and_kiosk_answers_reach_the_results(
    demo, login, page, browser, live_server, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    settings.FEEDBACK_MIN_SECONDS = 1
    today = timezone.localdate()
    month = f"period=month&year={today.year}&month={today.month}"

    login("huyentung")
    page.goto(f"{live_server.url}/feedback/counters/")
    page.get_by_role("link", name=COUNTER).click()
    kiosk_url = page.get_by_test_id("kiosk-url").inner_text()
    href = page.get_by_role("link", name="Tải áp phích (PDF)").get_attribute("href")
    printed = page.context.request.get(f"{live_server.url}{href}")  # as the browser fetches it
    assert printed.status == 200 and printed.headers["content-type"] == "application/pdf"
    poster = tmp_path / "poster.pdf"
    poster.write_bytes(printed.body())
    survey_url = decode_qr(poster, tmp_path)
    assert survey_url.startswith(f"{live_server.url}/s/")

    # A citizen's phone: no login, a small screen.
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    citizen = phone.new_page()
    citizen.goto(survey_url)
    expect(citizen.get_by_text("UBND phường Huyền Tụng")).to_be_visible()
    for question in citizen.locator("fieldset.q").all():
        question.locator("label.s5").click()
    citizen.wait_for_timeout(1200)  # more than the minimum time on the page
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    expect(citizen.get_by_role("heading", name="Xin cảm ơn!")).to_be_visible()
    phone.close()

    # The counter tablet, answered while the network is down.
    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, locale="vi-VN")
    kiosk = tablet.new_page()
    kiosk.goto(kiosk_url)
    expect(kiosk.locator("#kiosk[data-ready='1']")).to_be_attached()
    tablet.set_offline(True)
    for _question in range(5):
        kiosk.locator("button.face[data-score='2']").first.click()
    kiosk.get_by_role("button", name="Phải chờ lâu").click()
    kiosk.get_by_role("button", name="Gửi", exact=True).click()
    expect(kiosk.get_by_text("Cảm ơn Ông/Bà! Ý kiến đã được ghi nhận.")).to_be_visible()
    expect(kiosk.locator("#kiosk-status")).to_have_text("1 phiếu đang chờ gửi")
    assert not Response.objects.filter(channel="kiosk", answered_on=today).exists()
    tablet.set_offline(False)
    expect(kiosk.locator("#kiosk[data-queued='0']")).to_be_attached(timeout=15_000)
    tablet.close()
    sent = Response.objects.filter(answered_on=today)
    assert sorted(sent.values_list("channel", flat=True)) == ["kiosk", "qr"]
    assert list(sent.get(channel="kiosk").reasons.values_list("text", flat=True)) == [
        "Phải chờ lâu"
    ]

    page.goto(f"{live_server.url}/feedback/results/?{month}")
    expect(page.get_by_test_id("answers")).to_have_text("2")
    row = page.get_by_test_id("by-counter").locator("tr", has_text=COUNTER)
    expect(row.locator("td").first).to_have_text("2")
    log_out(page)

    login("noivu.backan")
    page.goto(f"{live_server.url}/dashboards/overview/?{month}")
    cell = page.locator('tr[data-unit="huyen-tung"] td[data-col="sat_count"]')
    expect(cell).to_have_text("2")
