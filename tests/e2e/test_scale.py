"""Internal affairs in Chromium: the overview read from its cache shows a new figure at once,
and the units list is searched and paged."""

import datetime

from playwright.sync_api import expect

from procedures.models import IntakeReport


def test_a_figure_saved_elsewhere_shows_on_the_cached_overview_at_once(demo, login, live_server):
    page = login("noivu.backan")
    page.goto(f"{live_server.url}/dashboards/overview/?period=year&year=2022")
    huyen_tung = page.locator('[data-testid="overview-table"] tbody tr[data-unit="huyen-tung"]')
    expect(huyen_tung.locator('[data-col="received"]')).to_have_text("764")
    page.reload()  # the second view reads the figures cache
    expect(huyen_tung.locator('[data-col="received"]')).to_have_text("764")

    # The ward's staff correct October (as their form would save it): 10 more dossiers
    # received at the counter and resolved on time.
    report = (
        IntakeReport.objects.filter(unit__code="huyen-tung", month=datetime.date(2022, 10, 1))
        .order_by("field__order")
        .first()
    )
    report.received_counter += 10
    report.resolved_on_time += 10
    report.save()

    page.reload()
    expect(huyen_tung.locator('[data-col="received"]')).to_have_text("774")


def test_the_units_list_is_searched(demo, login, live_server):
    page = login("noivu.backan")
    page.goto(f"{live_server.url}/units/")
    page.locator("#q").fill("Huyền")
    page.locator("#q").press("Enter")
    expect(page.get_by_role("link", name="UBND phường Huyền Tụng")).to_be_visible()
    expect(page.get_by_role("link", name="UBND phường Đức Xuân")).to_have_count(0)
