"""Figures into openpyxl cells, the same way in every export.

A figure is a numeric cell with the number format of its kind, never its text: a count an
int ("#,##0"), a rate the exact fraction in a percentage cell ("0.00%", 66,67 % is 0.6667),
an average or days a number with one decimal, a PAR-index score one with two, a date a date
cell. No figure: an empty cell.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from . import formatting

COUNT = "count"
RATE = "percent"
AVERAGE = "average"
DAYS = "days"
DATE = "date"
SCORE = "score"  # PAR-index points, two decimals

NUMBER_FORMATS = {
    COUNT: formatting.EXCEL_COUNT,
    RATE: formatting.EXCEL_RATE,
    AVERAGE: formatting.EXCEL_AVERAGE,
    DAYS: formatting.EXCEL_DAYS,
    DATE: formatting.EXCEL_DATE,
    SCORE: formatting.EXCEL_SCORE,
}
_PLACES = {
    RATE: formatting.RATE_PLACES,
    AVERAGE: formatting.AVERAGE_PLACES,
    DAYS: formatting.DAYS_PLACES,
    SCORE: formatting.SCORE_PLACES,
}


def cell_format(kind):
    """The number format of a kind of figure; None for text."""
    return NUMBER_FORMATS.get(kind)


def _rounded(value, places):
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def cell_value(kind, value):
    """What the cell of a figure holds, rounded as the page shows it; None for no figure."""
    if value is None or value == "":
        return None
    if kind == COUNT:
        return int(value)
    if kind == RATE:
        return formatting.excel_rate(_rounded(value, _PLACES[RATE]))
    if kind in (AVERAGE, DAYS, SCORE):
        return float(_rounded(value, _PLACES[kind]))
    if kind == DATE:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            return datetime.date.fromisoformat(value)
        return value
    return value


def set_format(cell, kind):
    """Give an openpyxl cell the number format of `kind` (text cells are left alone)."""
    number_format = cell_format(kind)
    if number_format:
        cell.number_format = number_format
    return cell


def write(sheet, row, column, value, kind):
    """Write a figure of `kind` at (row, column) and return the cell."""
    cell = sheet.cell(row=row, column=column, value=cell_value(kind, value))
    return set_format(cell, kind)


def write_count(sheet, row, column, value):
    return write(sheet, row, column, value, COUNT)


def write_rate(sheet, row, column, value):
    """A rate given as a percentage (Decimal 66.67, its text, or None)."""
    return write(sheet, row, column, value, RATE)


def write_average(sheet, row, column, value):
    return write(sheet, row, column, value, AVERAGE)


def write_days(sheet, row, column, value):
    return write(sheet, row, column, value, DAYS)


def write_date(sheet, row, column, value):
    return write(sheet, row, column, value, DATE)
