"""Numbers and dates the way the reader's language writes them: "1.234", "1,18 %", 01/11/2022.

One precision per kind of figure, the same on every page, in Word, PDF and Excel:
a count is a whole number; a rate has RATE_PLACES decimals ("95,83 %", "100,00 %");
days and per-unit averages of counts have one decimal ("3,5"); a PAR-index score has
SCORE_PLACES decimals ("23,50", the most a criteria set allows). Excel cells use the
matching number formats below, so a workbook shows exactly what the page shows.
"""

import functools
from decimal import Decimal

from django.utils import formats, translation

DASH = "—"
RATE_PLACES = 2
AVERAGE_PLACES = 1
DAYS_PLACES = 1
SCORE_PLACES = 2

# openpyxl number formats (Excel shows them in the reader's own locale).
EXCEL_COUNT = "#,##0"
EXCEL_RATE = "0.00%"
EXCEL_AVERAGE = "#,##0.0"
EXCEL_DAYS = "#,##0.0"
EXCEL_DATE = "DD/MM/YYYY"
EXCEL_SCORE = "#,##0.00"


def _number(value, places):
    """`value` with `places` decimals and the language's separators, as Django's
    number_format writes it. Whole numbers, and Decimals already at `places` (every rate and
    average is rounded before it is shown), take a direct path with the same result: a
    page of the overview formats a thousand figures."""
    separators = _separators(translation.get_language())
    if separators is not None:
        thousand, decimal = separators
        if isinstance(value, int) and not isinstance(value, bool) and places == 0:
            return f"{value:,}".replace(",", thousand)
        if (
            isinstance(value, Decimal)
            and value.is_finite()
            and value.as_tuple().exponent == -places
        ):
            text = f"{value:,.{places}f}"
            return text.replace(",", "\0").replace(".", decimal).replace("\0", thousand)
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


@functools.cache
def _separators(language):
    """(thousand, decimal) separators of `language` when it groups by threes, else None
    (Django's own formatting then)."""
    with translation.override(language):
        if formats.get_format("NUMBER_GROUPING") != 3:
            return None
        return formats.get_format("THOUSAND_SEPARATOR"), formats.get_format("DECIMAL_SEPARATOR")


def format_count(value):
    """A whole number with the language's grouping ("1.234"), or a dash when there is none."""
    if value is None:
        return DASH
    return _number(int(value), 0)


def format_percent(value):
    """A computed rate (a percentage) with RATE_PLACES decimals ("1,18 %"), a dash when ÷ 0."""
    if value is None or value == "":
        return DASH
    return f"{_number(Decimal(str(value)), RATE_PLACES)} %"


def format_points(value):
    """A difference of two rates in percentage points, with the rates' decimals ("2,50")."""
    if value is None:
        return DASH
    return _number(Decimal(str(value)), RATE_PLACES)


def format_score(value):
    """A PAR-index score (points) with SCORE_PLACES decimals ("23,50"), a dash for none."""
    if value is None or value == "":
        return DASH
    return _number(Decimal(str(value)).quantize(Decimal(1).scaleb(-SCORE_PLACES)), SCORE_PLACES)


def format_average(value):
    """A mean of counts per unit, with one decimal ("2,5")."""
    if value is None:
        return DASH
    return _number(value, AVERAGE_PLACES)


def format_days(value):
    """A number of days with one decimal ("3,5")."""
    if value is None:
        return DASH
    return _number(value, DAYS_PLACES)


def format_date(value):
    if value is None:
        return DASH
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def excel_rate(value):
    """A rate (a percentage, Decimal or its text) as the fraction an Excel "0.00%" cell holds.

    Exact in decimal, then a float: 66.67 gives 0.6667, never 0.6667000000000001.
    """
    if value is None or value == "":
        return None
    return float(Decimal(str(value)) / 100)


def tick_percent(value):
    """An axis tick of a percentage scale ("2,5 %"): a chart label, not a figure."""
    text = _number(Decimal(repr(value)), 1)
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    if text.endswith(f"{decimal}0"):
        text = text[: -len(decimal) - 1]
    return f"{text} %"


def tick_count(value):
    """An axis tick of a count scale ("5", "2,5")."""
    if float(value).is_integer():
        return format_count(round(value))
    return _number(Decimal(repr(value)), 1)
