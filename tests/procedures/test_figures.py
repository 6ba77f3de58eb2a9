"""The intake totals and rates, the e-government shares and the missing months: one
definition each (procedures.models), read the same by the summary, the per-unit rows and
the monthly flag."""

import datetime
from decimal import Decimal

from cchc_portal.models import Unit
from procedures import selectors, services
from procedures.factories import DataFlagFactory, intake
from procedures.models import (
    DataFlag,
    IntakeReport,
    add_digital_totals,
    add_intake_totals,
    intake_rate,
)

D = datetime.date


def test_the_rates_divide_the_defined_parts():
    figures = add_intake_totals(
        {
            "carried_over": 10,
            "received_online": 9,
            "received_counter": 355,
            "received_postal": 0,
            "resolved_early": 300,
            "resolved_on_time": 50,
            "resolved_late": 4,
            "pending_within_deadline": 8,
            "pending_overdue": 2,
            "processed_electronically": 244,
            "returned_by_postal": 13,
        }
    )
    assert (figures["received_total"], figures["resolved_total"]) == (364, 354)
    assert (figures["resolved_on_time_or_early"], figures["pending_total"]) == (350, 10)
    assert (figures["total"], figures["processed_on_paper"]) == (374, 130)
    assert figures["online_rate"] == Decimal("2.47")  # 9 ÷ 364
    assert figures["on_time_rate"] == Decimal("98.87")  # 350 ÷ 354
    assert figures["electronic_rate"] == Decimal("65.24")  # 244 ÷ 374
    assert figures["postal_return_rate"] == Decimal("3.67")  # 13 ÷ 354
    assert intake_rate("online_rate", {"received_online": 0, "received_total": 0}) is None


def test_the_e_government_shares():
    figures = add_digital_totals(
        {
            "documents_total": 45,
            "documents_electronic": 40,
            "documents_signed": 40,
            "documents_interconnected": 20,
            "documents_internal": 15,
            "officials_in_post": 12,
            "officials_with_account": 11,
        }
    )
    assert figures["documents_unaccounted"] == 5
    assert figures["signed_share"] == figures["electronic_document_share"] == Decimal("88.89")
    assert figures["account_share"] == Decimal("91.67")


def test_a_row_property_and_the_summary_and_the_unit_rows_agree(ward, other_ward):
    intake(
        ward, D(2022, 1, 1), received_online=9, received_counter=355, processed_electronically=100
    )
    intake(ward, D(2022, 2, 1), "land", received_online=1, received_counter=9, resolved_late=2)
    intake(other_ward, D(2022, 1, 1), received_counter=999)
    summary = selectors.intake_summary(ward, D(2022, 1, 1), D(2022, 2, 1))
    row = selectors.intake_by_unit(
        Unit.objects.filter(pk=ward.pk), D(2022, 1, 1), D(2022, 2, 1)
    ).get()
    rates = selectors.unit_intake_rates(row)
    stored = IntakeReport.objects.filter(unit=ward)
    assert summary["received_total"] == row.received_total == sum(r.received_total for r in stored)
    assert summary["received_total"] == 374
    assert rates == {
        "online_rate": summary["online_rate"],
        "on_time_rate": summary["on_time_rate"],
        "electronic_rate": summary["electronic_rate"],
    }
    assert rates["online_rate"] == Decimal("2.67")  # 10 ÷ 374
    ordered = selectors.intake_by_unit(
        Unit.objects.filter(pk__in=[ward.pk, other_ward.pk]), D(2022, 1, 1), D(2022, 2, 1)
    ).order_by("-online_rate")
    assert [unit.pk for unit in ordered] == [ward.pk, other_ward.pk]


def test_missing_months_are_months_without_any_row(ward, other_ward, staff_user):
    intake(ward, D(2022, 1, 1), received_counter=5)
    intake(ward, D(2022, 4, 1), received_counter=5)
    intake(other_ward, D(2022, 2, 1), received_counter=5)
    units = Unit.objects.filter(pk__in=[ward.pk, other_ward.pk])
    missing = selectors.missing_months_by_unit(units, D(2022, 1, 1), D(2022, 4, 1))
    assert missing == {
        ward: [D(2022, 2, 1), D(2022, 3, 1)],
        other_ward: [D(2022, 1, 1), D(2022, 3, 1), D(2022, 4, 1)],
    }
    assert selectors.missing_months(ward, 2022, 4) == missing[ward]
    services.flags_refresh(unit=ward)
    flagged = DataFlag.objects.open().filter(unit=ward, kind=DataFlag.Kind.MISSING_MONTH)
    assert sorted(flagged.values_list("month", flat=True)) == missing[ward]


def test_open_flags_are_the_unresolved_ones(ward):
    DataFlagFactory(unit=ward, month=D(2022, 1, 1))
    DataFlagFactory(
        unit=ward,
        month=D(2022, 2, 1),
        key="missing_month:2",
        resolved_at=datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC),
    )
    row = selectors.open_flag_count_by_unit(
        Unit.objects.filter(pk=ward.pk), D(2022, 1, 1), D(2022, 12, 1)
    ).get()
    assert row.open_flag_count == DataFlag.objects.open().count() == 1
