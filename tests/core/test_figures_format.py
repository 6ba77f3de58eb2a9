"""One number format: each kind of figure has one precision on pages and one cell in Excel."""

import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from cchc_portal.figures import excel, formatting
from cchc_portal.figures.rates import percent
from cchc_portal.history import history_entries
from inspections.factories import ConcludedInspectionFactory


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (23, 24, "95,83 %"),
        (2, 3, "66,67 %"),
        (1, 10, "10,00 %"),
        (24, 24, "100,00 %"),
        (9, 764, "1,18 %"),
        (0, 5, "0,00 %"),
        (1, 0, "—"),
    ],
)
def test_a_rate_has_two_fixed_decimals(numerator, denominator, shown):
    assert formatting.format_percent(percent(numerator, denominator)) == shown


def test_counts_averages_and_days():
    assert formatting.format_count(3996) == "3.996"
    assert formatting.format_count(None) == "—"
    assert formatting.format_average(Decimal("13.3")) == "13,3"
    assert formatting.format_average(Decimal("5")) == "5,0"
    assert formatting.format_days(Decimal("40")) == "40,0"


@pytest.mark.parametrize(
    ("rate", "fraction"),
    [
        (Decimal("66.67"), 0.6667),
        (Decimal("95.83"), 0.9583),
        (Decimal("100.00"), 1.0),
        (Decimal("1.18"), 0.0118),
        ("4.44", 0.0444),
        # An unrounded rate is rounded as the page shows it, never float noise.
        (66.66666666666667, 0.6667),
        (None, None),
    ],
)
def test_a_rate_cell_holds_the_exact_fraction(rate, fraction):
    sheet = Workbook().active
    cell = excel.write_rate(sheet, 1, 1, rate)
    assert cell.value == fraction
    if fraction is not None:
        assert repr(cell.value) == repr(fraction)
    assert cell.number_format == "0.00%"


def test_each_kind_has_its_cell():
    sheet = Workbook().active
    count = excel.write_count(sheet, 1, 1, Decimal("1234"))
    assert (count.value, type(count.value), count.number_format) == (1234, int, "#,##0")
    average = excel.write_average(sheet, 1, 2, 13.333333)
    assert (average.value, average.number_format) == (13.3, "#,##0.0")
    days = excel.write_days(sheet, 1, 3, Decimal("3.45"))
    assert (days.value, days.number_format) == (3.5, "#,##0.0")
    date = excel.write_date(sheet, 1, 4, "2022-11-01")
    assert (date.value, date.number_format) == (datetime.date(2022, 11, 1), "DD/MM/YYYY")
    empty = excel.write_count(sheet, 1, 5, None)
    assert (empty.value, empty.number_format) == (None, "#,##0")
    assert excel.cell_format("text") is None


def test_a_changed_rate_in_the_history_has_the_rates_decimals(db, ward, inspector_user):
    inspection = ConcludedInspectionFactory(
        unit=ward, lead=inspector_user, task_completion_rate=Decimal("95.8")
    )
    inspection.task_completion_rate = Decimal("95.83")
    inspection.save()
    changes = history_entries(inspection)[0]["changes"]
    rate = next(c for c in changes if c["field"] == "tỷ lệ hoàn thành nhiệm vụ (%)")
    assert (rate["old"], rate["new"]) == ("95,80", "95,83")
