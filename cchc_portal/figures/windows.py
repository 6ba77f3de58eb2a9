"""Data windows: the days a reporting month, and so any period of months, covers.

Two rules, chosen per installation by `settings.REPORTING_WINDOWS`:

- ``decree09`` (the default): the official windows of Decree 09/2019/NĐ-CP on the reporting
  regime of state administrative bodies, Article 12(1) ("thời gian chốt số liệu báo cáo
  định kỳ"):
  a) a monthly report runs from the 15th of the month before to the 14th of its month;
  b) a quarterly report from the 15th of the month before the quarter to the 14th of the
     quarter's last month;
  c) the first six months from 15/12 of the year before to 14/06, the last six from 15/06
     to 14/12;
  d) a year from 15/12 of the year before to 14/12.
  Every one of these is "the first month's window start to the last month's window end", so
  one rule covers them all, and the nine-month (third-quarter cumulative) report the
  provinces ask for runs from 15/12 to 14/09. The Ministry of Home Affairs' guidance on
  periodic CCHC reports (Văn bản 581/BNV-CCHC) uses the same cut-off days: quarter I
  15/12–14/03, six months 15/12–14/06, quarter III 15/06–14/09, year 15/12–14/12.
- ``calendar``: calendar months, from the 1st to the last day (how the portal counted before,
  and how some provinces still ask).

A month is stored as its first day ("2022-10-01" is the report of October): under Decree 09
it is the window 15/09–14/10/2022, under calendar months 01/10–31/10/2022. Dated records (an
inspection held, a document issued, a survey answer) belong to the window their day falls in.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, DateField, ExpressionWrapper, F, When
from django.db.models.functions import Cast, TruncMonth
from django.utils.translation import gettext_lazy as _

from .months import add_months, month_end, month_start

# Decree 09/2019/NĐ-CP, Article 12(1): a window ends on the 14th and the next starts on the 15th.
CUT_OFF_DAY = 14


class WindowRule(models.TextChoices):
    DECREE_09 = "decree09", _("official windows (Decree 09/2019/NĐ-CP: 15th to 14th)")
    CALENDAR = "calendar", _("calendar months (1st to the last day)")


def current_rule():
    """The installation's rule (`REPORTING_WINDOWS`), Decree 09 unless set to calendar."""
    value = getattr(settings, "REPORTING_WINDOWS", WindowRule.DECREE_09)
    return WindowRule.CALENDAR if value == WindowRule.CALENDAR else WindowRule.DECREE_09


def month_window(month, rule=None):
    """(first day, last day) of the reporting month `month` (any day of it)."""
    month = month_start(month)
    if (rule or current_rule()) == WindowRule.CALENDAR:
        return month, month_end(month)
    previous = add_months(month, -1)
    return previous.replace(day=CUT_OFF_DAY + 1), month.replace(day=CUT_OFF_DAY)


def window(first_month, last_month, rule=None):
    """(first day, last day) of the months `first_month` to `last_month`: Article 12(1)."""
    return month_window(first_month, rule)[0], month_window(last_month, rule)[1]


def reporting_month(day, rule=None):
    """The reporting month (its first day) whose window holds `day`."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    month = month_start(day)
    if (rule or current_rule()) == WindowRule.DECREE_09 and day.day > CUT_OFF_DAY:
        return add_months(month, 1)
    return month


def days_label(first_day, last_day):
    """ "15/12/2021–14/09/2022": a window's days as the reports write them."""
    return f"{first_day:%d/%m/%Y}–{last_day:%d/%m/%Y}"


def month_window_label(month, rule=None):
    """ "kỳ 15/09–14/10/2022" under Decree 09, "tháng 10/2022" under calendar months."""
    first, last = month_window(month, rule)
    if (rule or current_rule()) == WindowRule.CALENDAR:
        return _("month %(month)s") % {"month": f"{last:%m/%Y}"}
    start = f"{first:%d/%m}" if first.year == last.year else f"{first:%d/%m/%Y}"
    return _("window %(first)s–%(last)s") % {"first": start, "last": f"{last:%d/%m/%Y}"}


def rule_note(rule=None):
    """One sentence saying how the installation counts its periods (under calendars, tables)."""
    if (rule or current_rule()) == WindowRule.CALENDAR:
        return _("Periods are counted in calendar months, from the 1st to the last day.")
    return _(
        "Periods are counted in the official data windows of Decree 09/2019/NĐ-CP (Article 12): "
        "a month runs from the 15th of the month before to the 14th."
    )


def reporting_month_expression(field, rule=None):
    """SQL for `reporting_month` of a date column: its month, or under Decree 09 the next
    month from the 15th on (20 days after the 15th or later is always in the next month)."""
    if (rule or current_rule()) == WindowRule.CALENDAR:
        return TruncMonth(field)
    # date + interval is a timestamp on PostgreSQL: cast it back to a date.
    later = Cast(
        ExpressionWrapper(F(field) + datetime.timedelta(days=20), output_field=DateField()),
        DateField(),
    )
    # DATE_TRUNC gives a timestamp on PostgreSQL, whatever the output field: a date again.
    return Cast(
        Case(
            When(**{f"{field}__day__gt": CUT_OFF_DAY}, then=TruncMonth(later)),
            default=TruncMonth(field),
        ),
        DateField(),
    )
