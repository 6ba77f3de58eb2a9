"""Journey: huyentung self-scores two criteria with evidence and submits; noivu.backan lowers
one with a comment; huyentung explains; noivu.backan finalises; the ranking shows the new total.

The round is the city's 2023 round on a copy of the demo's sample set, opened with deadlines
ahead of today; every criterion but the two the journey scores is filled in beforehand.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cchc_portal.factories import pdf_bytes
from cchc_portal.models import Unit, User
from par_index import criteria, scoring, services
from par_index.models import CriteriaSet, Criterion
from tests.e2e.conftest import log_out

BY_HAND = ("2.1", "1.3.1")  # scored in the browser: 3 points and 1 point at most


@pytest.fixture
def round_2023(demo):
    office = User.objects.get(username="noivu.backan")
    staff = User.objects.get(username="huyentung")
    sample = CriteriaSet.objects.get(year=2022, unit__code="bac-kan")
    copy = criteria.set_copy(
        acting_user=User.objects.get(username="admin"), criteria_set=sample, year=2023
    )
    today = timezone.localdate()
    rnd = services.open_round(
        acting_user=office,
        unit=Unit.objects.get(code="bac-kan-city"),
        criteria_set=copy,
        title="Chấm điểm Chỉ số CCHC năm 2023",
        self_scoring_due=today + datetime.timedelta(days=5),
        appraisal_due=today + datetime.timedelta(days=10),
        explanation_due=today + datetime.timedelta(days=15),
        final_appraisal_due=today + datetime.timedelta(days=20),
    )
    card = rnd.scorecards.get(unit__code="huyen-tung")
    entries = {}
    for score in card.scores.select_related("criterion"):
        c = score.criterion
        if c.code in BY_HAND:
            continue
        counted = c.kind in (Criterion.Kind.REGULAR, Criterion.Kind.SURVEY)
        entries[c.pk] = {
            "score": str(c.max_points) if counted else "0",
            "note": "Tự chấm theo hồ sơ của phường.",
        }
    services.save_self_scores(acting_user=staff, card=card, version=card.version, entries=entries)
    return rnd, card


def _row(page, card, code):
    criterion = card.round.criteria_set.criteria.get(code=code)
    return criterion, page.locator(f"#c-{criterion.pk}")


def test_a_scorecard_from_self_scoring_to_the_ranking(round_2023, login, live_server, tmp_path):
    rnd, card = round_2023
    base = live_server.url

    # huyentung scores 2.1 with a document of the portal and 1.3.1 with a scan, and submits.
    page = login("huyentung")
    page.goto(f"{base}/par-index/")
    page.get_by_role("link", name="Chấm điểm Chỉ số CCHC năm 2023").first.click()
    expect(
        page.get_by_role("heading", name="Phiếu chấm điểm của UBND phường Huyền Tụng")
    ).to_be_visible()
    first, row = _row(page, card, "2.1")
    page.get_by_label("Điểm tự chấm của 2.1").fill("3")
    page.get_by_label("Điểm tự chấm của 1.3.1").fill("1")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_test_id("card-totals")).to_contain_text("100,00")

    row.get_by_role("link", name="Thêm tài liệu kiểm chứng").click()
    record = page.get_by_label("Hồ sơ có trên cổng")
    # The ward's records the portal holds (its 2023 ones, and its inspections).
    option = record.locator("option:not([value=''])").first
    chosen = option.inner_text().strip()
    record.select_option(value=option.get_attribute("value"))
    page.get_by_label("Trang").fill("2")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(row).to_contain_text(chosen[:30])

    second, second_row = _row(page, card, "1.3.1")
    second_row.get_by_role("link", name="Thêm tài liệu kiểm chứng").click()
    scan = tmp_path / "ke-hoach-tu-kiem-tra.pdf"
    scan.write_bytes(pdf_bytes())
    page.get_by_label("Hoặc tải lên một tệp").set_input_files(scan)
    page.get_by_label("Tên tài liệu").fill("Kế hoạch tự kiểm tra CCHC năm 2023")
    page.get_by_label("Trang").fill("1")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(second_row).to_contain_text("Kế hoạch tự kiểm tra CCHC năm 2023")

    page.get_by_role("button", name="Lưu và gửi thẩm định").click()
    expect(page.get_by_text("Đã gửi thẩm định").first).to_be_visible()
    log_out(page)

    # noivu.backan lowers 2.1 with a comment, accepts the rest and completes the appraisal.
    page = login("noivu.backan")
    page.goto(f"{base}/par-index/rounds/{rnd.pk}/")
    page.get_by_role("link", name="Thẩm định").first.click()
    page.locator(f"[name='score_{first.pk}']").fill("2")
    page.locator(f"[name='comment_{first.pk}']").fill("Chưa có báo cáo kết quả rà soát văn bản.")
    page.get_by_test_id("save-appraisal").click()
    expect(page.locator(f"[name='score_{first.pk}']")).to_have_value("2,00")
    for area in rnd.criteria_set.criteria.filter(parent=None).order_by("position"):
        page.get_by_test_id(f"accept-area-{area.code}").click()
        page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Hoàn thành thẩm định").click()
    expect(page.get_by_text("Đã thẩm định").first).to_be_visible()
    log_out(page)

    # huyentung explains 2.1 and sends the explanation.
    page = login("huyentung")
    page.goto(f"{base}/par-index/scorecards/{card.pk}/")
    expect(page.get_by_test_id("appraised-total")).to_contain_text("99,00")
    page.get_by_label("Giải trình về 2.1").fill("Phường đã gửi báo cáo rà soát số 12/BC-UBND.")
    page.get_by_role("button", name="Lưu và gửi giải trình").click()
    expect(page.get_by_text("Đã giải trình").first).to_be_visible()
    log_out(page)

    # noivu.backan reads the explanation, keeps its score, and finalises.
    page = login("noivu.backan")
    page.goto(f"{base}/par-index/scorecards/{card.pk}/appraise/")
    expect(page.get_by_text("Phường đã gửi báo cáo rà soát số 12/BC-UBND.")).to_be_visible()
    page.get_by_role("button", name="Chốt điểm").click()
    expect(page.get_by_text("Đã chốt điểm").first).to_be_visible()

    # The ranking shows the new total, the same as the one definition of totals.
    page.goto(f"{base}/par-index/rounds/{rnd.pk}/ranking/")
    line = page.get_by_test_id("ranking-table").locator("tr[data-unit='huyen-tung']")
    expect(line.locator("[data-col='self']")).to_have_text("100,00")
    expect(line.locator("[data-col='appraised']")).to_have_text("99,00")
    expect(line.locator("[data-col='rank']")).to_have_text("1")
    card.refresh_from_db()
    totals = scoring.card_totals(card)
    assert (totals["self"].total, totals["appraised"].total) == (Decimal("100"), Decimal("99"))
    with page.expect_download() as info:
        line.get_by_test_id("export-pdf").click()
    assert info.value.suggested_filename.endswith(".pdf")
