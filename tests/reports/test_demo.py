"""The demo: Bắc Kạn's nine-month 2022 round, Huyền Tụng late and returned, one ward missing."""

import datetime
import os

import pytest
from django.core.management import call_command

from cchc_portal.models import Unit, User
from procedures import selectors as procedure_selectors
from reports import demo, selectors
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
    assert "19/24 nhiệm vụ" in first.return_comment
    assert first.results.startswith("Ngay từ đầu năm 2022")


def test_the_frozen_figures_are_the_portals_for_january_to_september(loaded):
    unit = Unit.objects.get(code="huyen-tung")
    submission = ReportSubmission.objects.get(report__unit=unit)
    intake = procedure_selectors.intake_summary(unit, D(2022, 1, 1), D(2022, 9, 1))
    assert submission.figures["intake"]["received_total"] == intake["received_total"] == 682
    assert submission.figures["intake"]["online_rate"] == "1.17"
    assert (submission.figures["plan"]["done"], submission.figures["plan"]["total"]) == (19, 24)


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
