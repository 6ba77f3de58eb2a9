"""Numbers and dates the way the reader's language writes them ("1.234", "1,18 %", 01/11/2022)."""

from decimal import Decimal

from django.utils import formats

from procedures.formatting import DASH, format_count, format_percent

__all__ = ["DASH", "count", "date", "days", "percent", "tick_count", "tick_percent"]


percent = format_percent
count = format_count


def date(value):
    if value is None:
        return DASH
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def days(value):
    """A number of days with at most one decimal ("3,5")."""
    if value is None:
        return DASH
    text = formats.number_format(value, 1, use_l10n=True, force_grouping=True)
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    return text[: -len(decimal) - 1] if text.endswith(f"{decimal}0") else text


def tick_percent(value):
    """An axis tick of a percentage scale ("2,5 %")."""
    return format_percent(Decimal(repr(value)))


def tick_count(value):
    return format_count(round(value)) if float(value).is_integer() else days(Decimal(repr(value)))
