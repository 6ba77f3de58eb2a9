"""The demo: Bắc Kạn's nine-month 2022 round, Huyền Tụng late and returned, one ward missing."""

import datetime
import os

import pytest
from django.core.management import call_command

from cchc_portal.models import Unit, User
from procedures import selectors as procedure_selectors
from reports import demo, selectors
from reports import figures as report_figures
from reports.models import HistoricalUnitReport, ReportRound, ReportSubmission, UnitReport

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    with open(os.devnull, "w") as sink:
        call_command("load_demo", stdout=sink)
    # Until load_demo lists reports.demo itself (it is idempotent either way).
    demo.load()


def test_the_demo_round_has_huyen_tung_late_and_one_ward_missing(loaded):
    rnd = ReportRound.objects.get(unit__code="bac-kan-city", year=2022, kind="nine_months")
    assert rnd.deadline == D(2022, 10, 10)
    states = {
        report.unit.code: (report.status, report.timeliness)
        for report in rnd.reports.select_related("unit", "round")
    }
    assert states == {
        "huyen-tung": ("returned", "late"),
        "duc-xuan": ("submitted", "on_time"),
        "song-cau": ("submitted", "on_time"),
        "nguyen-thi-minh-khai": ("draft", "overdue"),
    }
    office = User.objects.get(username="noivu.backan")
    assert selectors.round_counts(office, rnd) == {
        "owed": 4,
        "submitted": 3,
        "on_time": 2,
        "late": 1,
        "missing": 1,
        "returned": 1,
    }
    huyen_tung = rnd.reports.get(unit__code="huyen-tung")
    assert huyen_tung.days_late == 4
    first = huyen_tung.submissions.get()
    assert "đến 14/09/2022 là 17/24 nhiệm vụ, không phải 23/24" in first.return_comment
    assert first.results.startswith("Ngay từ đầu năm 2022")


def test_the_frozen_figures_are_the_portals_for_january_to_september(loaded):
    unit = Unit.objects.get(code="huyen-tung")
    submission = ReportSubmission.objects.get(report__unit=unit, report__round__kind="nine_months")
    intake = procedure_selectors.intake_summary(unit, D(2022, 1, 1), D(2022, 9, 1))
    assert submission.figures["intake"]["received_total"] == intake["received_total"] == 682
    assert submission.figures["intake"]["online_rate"] == "1.17"
    # Counted as of the window's last day, 14/09/2022 (Decree 09/2019/NĐ-CP).
    assert submission.figures["period"]["as_of"] == "2022-09-14"
    assert (submission.figures["plan"]["done"], submission.figures["plan"]["total"]) == (17, 24)


def test_hong_ngu_has_its_own_round_out_of_bac_kans_sight(loaded):
    rnd = ReportRound.objects.get(unit__code="hong-ngu-city")
    assert rnd.reports.count() == 7
    assert rnd.reports.filter(status="submitted").count() == 5
    backan = User.objects.get(username="noivu.backan")
    assert not ReportRound.objects.for_user(backan).filter(pk=rnd.pk).exists()


def test_loading_twice_changes_nothing(loaded):
    counts = (
        UnitReport.objects.count(),
        ReportSubmission.objects.count(),
        HistoricalUnitReport.objects.count(),
        list(UnitReport.objects.order_by("pk").values_list("version", "status")),
    )
    demo.load()
    assert counts == (
        UnitReport.objects.count(),
        ReportSubmission.objects.count(),
        HistoricalUnitReport.objects.count(),
        list(UnitReport.objects.order_by("pk").values_list("version", "status")),
    )


def test_bac_kans_2022_calendar_has_its_rounds_with_their_windows(loaded, client):
    rounds = {
        (r.kind, r.quarter): (r.days_label, r.deadline)
        for r in ReportRound.objects.filter(unit__code="bac-kan-city", year=2022)
    }
    assert rounds == {
        ("quarter", 1): ("15/12/2021–14/03/2022", D(2022, 3, 16)),
        ("six_months", 0): ("15/12/2021–14/06/2022", D(2022, 6, 16)),
        ("nine_months", 0): ("15/12/2021–14/09/2022", D(2022, 10, 10)),
    }
    client.force_login(User.objects.get(username="noivu.backan"))
    html = client.get("/reports/calendar/2022/").content.decode()
    assert '<tr data-round="nine_months">' in html
    assert 'data-testid="round-window">15/12/2021–14/09/2022<' in html
    assert 'data-testid="round-deadline">10/10/2022<' in html
    # The year's round is still to open: proposed with its window and due date.
    assert '<tr data-round="annual">' in html
    assert "15/12/2021–14/12/2022" in html and 'value="2022-12-16"' in html
    assert "Mở lịch báo cáo năm: tạo 1 kỳ báo cáo" in html
    nine = ReportRound.objects.get(unit__code="bac-kan-city", year=2022, kind="nine_months")
    detail = client.get(nine.get_absolute_url()).content.decode()
    assert 'data-testid="round-window">15/12/2021–14/09/2022<' in detail
    assert 'data-testid="round-deadline">10/10/2022<' in detail
    assert "Nộp muộn 4 ngày" in detail


def test_the_province_collects_the_citys_nine_month_report(loaded, client):
    city = Unit.objects.get(code="bac-kan-city")
    rnd = ReportRound.objects.get(unit__code="bac-kan", year=2022, kind="nine_months")
    assert (rnd.days_label, rnd.deadline) == ("15/12/2021–14/09/2022", D(2022, 10, 14))
    report = rnd.reports.get(unit=city)
    assert (report.status, report.timeliness) == ("submitted", "on_time")
    frozen = report.submissions.get().figures
    assert frozen["scope"] == "collected"
    assert frozen["collected"]["missing"] == ["Huyền Tụng", "Nguyễn Thị Minh Khai"]
    assert [r["unit"] for r in frozen["collected"]["reports"]] == ["Đức Xuân", "Sông Cầu"]
    # The city's report covers its whole subtree: the city, its two offices and four wards.
    assert frozen["units"] == 7
    intake = procedure_selectors.intake_summary(city.subtree(), D(2022, 1, 1), D(2022, 9, 1))
    assert frozen["intake"]["received_total"] == intake["received_total"]
    assert (
        "Chưa gửi báo cáo: Huyền Tụng, Nguyễn Thị Minh Khai."
        in report.submissions.get().shortcomings
    )
    # The province's Appendix 2 gives the city's row for its subtree, as its report does.
    (row,) = report_figures.unit_rows(Unit.objects.filter(pk=city.pk), rnd)
    assert row[3] == (frozen["plan"]["done"], frozen["plan"]["total"])
    assert row[6] == frozen["intake"]["received_total"]

    client.force_login(User.objects.get(username="sonoivu.backan"))
    page = client.get(f"/reports/rounds/{rnd.pk}/summary/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="collected"' in html
    assert "Huyền Tụng, Nguyễn Thị Minh Khai" in html
    assert "412/BC-UBND" in html
    assert client.get(f"/reports/{report.pk}/").status_code == 200

    # The city sees its own report to the province, not the province's summary.
    client.force_login(User.objects.get(username="noivu.backan"))
    assert client.get(f"/reports/rounds/{rnd.pk}/summary/").status_code == 403
    assert client.get(f"/reports/{report.pk}/").status_code == 200
    # Hồng Ngự, beside it, sees neither.
    client.force_login(User.objects.get(username="noivu.hongngu"))
    assert client.get(f"/reports/rounds/{rnd.pk}/").status_code == 404
    assert client.get(f"/reports/{report.pk}/").status_code == 404
