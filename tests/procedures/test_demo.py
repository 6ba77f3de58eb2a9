"""The demo holds the report's figures, flags what the report got wrong, and loads idempotently."""

import datetime
from decimal import Decimal

import pytest

from cchc_portal import demo as portal_demo
from cchc_portal.models import Unit
from procedures import demo, selectors
from procedures.models import DataFlag, DigitalGovernmentReport, IntakeReport, MonthlyReport

JAN, OCT = datetime.date(2022, 1, 1), datetime.date(2022, 10, 1)


@pytest.fixture
def loaded(db, settings):
    # The demo accounts' passwords are hashed on load: a fast hasher keeps the tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    portal_demo.load()
    demo.load()
    return Unit.objects.get(code="huyen-tung")


def test_huyen_tung_sums_to_the_report(loaded):
    figures = selectors.intake_summary(loaded, JAN, OCT)

    assert figures["received_total"] == 764
    assert figures["processed_electronically"] == 244
    assert figures["processed_on_paper"] == 520
    assert figures["received_online"] == 9
    assert figures["returned_by_postal"] == 13
    assert figures["resolved_late"] == 0
    assert figures["pending_total"] == 0
    assert figures["online_rate"] == Decimal("1.18")
    assert figures["on_time_rate"] == Decimal("100.00")
    assert figures["electronic_rate"] == Decimal("31.94")


def test_huyen_tung_is_mostly_civil_status_and_culture_society(loaded):
    rows = {row["field"].code: row for row in selectors.intake_by_field(loaded, JAN, OCT)}

    assert rows["civil-status"]["received_total"] + rows["culture-society"]["received_total"] == 580
    assert rows["land"]["processed_electronically"] == 0


def test_huyen_tung_documents_and_their_flags(loaded):
    digital = selectors.digital_summary(loaded, JAN, OCT)
    flags = selectors.open_flags(loaded, JAN, OCT)

    assert (digital["documents_signed"], digital["documents_interconnected"]) == (598, 221)
    assert digital["documents_internal"] == 337
    assert digital["documents_unaccounted"] == 40
    assert digital["account_share"] == Decimal("100.00")
    assert sorted({flag.kind for flag in flags}) == ["reported_rate", "unaccounted_documents"]
    assert MonthlyReport.objects.get(unit=loaded, month=OCT).reported_online_rate == Decimal("8.48")


def test_other_wards_have_plausible_months_and_two_planted_flags(loaded):
    wards = Unit.objects.filter(code__in=[code for code, *_rest in demo.OTHER_WARDS])
    kinds = {(flag.unit.code, flag.kind) for flag in selectors.open_flags(wards, JAN, OCT)}

    assert kinds == {("song-cau", "missing_month"), ("nguyen-thi-minh-khai", "carry_over")}
    for ward in wards:
        figures = selectors.intake_summary(ward, JAN, OCT)
        assert figures["received_total"] > 500
        assert Decimal(0) < figures["on_time_rate"] <= 100
    city = Unit.objects.get(code="hong-ngu-city")
    assert selectors.intake_summary(city.subtree(), JAN, OCT)["online_rate"] > Decimal("10")


def test_a_second_load_changes_nothing(loaded):
    counts = (
        IntakeReport.history.count(),
        DigitalGovernmentReport.history.count(),
        MonthlyReport.history.count(),
        list(DataFlag.objects.values_list("pk", "detected_at", "resolved_at")),
    )

    demo.load()

    assert (
        IntakeReport.history.count(),
        DigitalGovernmentReport.history.count(),
        MonthlyReport.history.count(),
        list(DataFlag.objects.values_list("pk", "detected_at", "resolved_at")),
    ) == counts
