"""Reporting months: a month is stored as the date of its first day."""

import calendar
import datetime
import re

MONTH_RE = re.compile(r"^\s*([0-9]{4})-([0-9]{1,2})\s*$")
# The portal's years: its records start with the 2000s reform programmes, and a year past 2100
# is a typing error (past 9999 not even a date). Every year and month parsed from input
# (query strings, forms, imported files) is refused outside them.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_start(day):
    """The first day of the month `day` falls in (a date or datetime)."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return day.replace(day=1)


def month_end(month):
    """The last day of the month `month` falls in."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month, count):
    """The first day of the month `count` months after `month` (negative goes back)."""
    index = month.year * 12 + (month.month - 1) + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first, last):
    """Every month from `first` to `last` inclusive, as first-of-month dates."""
    month, last = month_start(first), month_start(last)
    months = []
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def parse_month(text):
    """A "YYYY-MM" string as a first-of-month date, or None when it is not one."""
    match = MONTH_RE.match(str(text or ""))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        return None
    return datetime.date(year, month, 1)


def month_code(month):
    """ "2022-10" for October 2022 (URLs, query strings and the Excel layout)."""
    return f"{month.year:04d}-{month.month:02d}"


def month_label(month):
    """ "10/2022", the way Vietnamese reports name a month."""
    return f"{month.month:02d}/{month.year}"
