"""Reporting periods: a month, a quarter, 6 or 9 months, a year, year to date, or a range.

Every page and export that shows figures for a period reads it from the request through
`resolve_period` (or `requested_period` for lists that also show every period), so one query
string selects the same months everywhere. A period covers whole reporting months, `first`
to `last`: monthly figures by their month, dated records (an inspection held on `start_on`)
by their date, from the first day of `first`'s data window to the last day of `last`'s
(see `windows`: 15th to 14th under Decree 09/2019/NĐ-CP, or calendar months).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import windows
from .months import (
    FIRST_YEAR,
    LAST_YEAR,
    add_months,
    month_code,
    month_label,
    months_between,
    parse_month,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MAX_MONTHS = 120


class PeriodKind(models.TextChoices):
    YEAR_TO_DATE = "ytd", gettext_lazy("year to date")
    MONTH = "month", gettext_lazy("month")
    QUARTER = "quarter", gettext_lazy("quarter")
    HALF = "half", gettext_lazy("first 6 months")
    NINE = "nine", gettext_lazy("first 9 months")
    YEAR = "year", gettext_lazy("whole year")
    CUSTOM = "custom", gettext_lazy("custom range")


def range_label(first, last):
    """ "01–10/2022", or "11/2021 – 02/2022" across years, or "10/2022" for one month."""
    if first == last:
        return month_label(first)
    if first.year == last.year:
        return f"{first:%m}–{month_label(last)}"
    return f"{month_label(first)} – {month_label(last)}"


@dataclass(frozen=True)
class Period:
    kind: str
    first: datetime.date
    last: datetime.date

    @property
    def year(self):
        return self.last.year

    @property
    def months(self):
        return months_between(self.first, self.last)

    @property
    def range_label(self):
        return range_label(self.first, self.last)

    @property
    def starts_on(self):
        """The period's first day: its first month's window start (15th of the month
        before under Decree 09/2019, the 1st under calendar months)."""
        return windows.window(self.first, self.last)[0]

    @property
    def ends_on(self):
        """The period's last day: its last month's window end (the 14th, or the last day)."""
        return windows.window(self.first, self.last)[1]

    @property
    def days_label(self):
        """ "15/12/2021–14/09/2022": the first and last day the period's figures cover."""
        return windows.days_label(self.starts_on, self.ends_on)

    @property
    def label_with_days(self):
        """ "9 tháng đầu năm 2022 (15/12/2021–14/09/2022)": where no window line is shown."""
        return f"{self.label} ({self.days_label})"

    @property
    def window_text(self):
        """The sentence pages and exports show under a period: which days it covers."""
        if windows.current_rule() == windows.WindowRule.DECREE_09:
            return _(
                "Figures from %(first)s to %(last)s (data windows of Decree 09/2019/NĐ-CP)."
            ) % {
                "first": f"{self.starts_on:%d/%m/%Y}",
                "last": f"{self.ends_on:%d/%m/%Y}",
            }
        return _("Figures from %(first)s to %(last)s (calendar months).") % {
            "first": f"{self.starts_on:%d/%m/%Y}",
            "last": f"{self.ends_on:%d/%m/%Y}",
        }

    def as_of(self, today=None):
        """The day a period's plan figures are counted at: its last day, or today while it
        runs (the periodic reports' rule, so a page and a report of one period agree)."""
        return min(self.ends_on, today or timezone.localdate())

    def date_range(self):
        """(first day, last day), for `__range` lookups on dates."""
        return (self.starts_on, self.ends_on)

    @property
    def label(self):
        year = self.year
        if self.kind == PeriodKind.MONTH:
            return _("Month %(month)s") % {"month": month_label(self.first)}
        if self.kind == PeriodKind.QUARTER:
            quarter = (self.first.month - 1) // 3 + 1
            return _("Quarter %(quarter)s/%(year)s") % {"quarter": ROMAN[quarter], "year": year}
        if self.kind == PeriodKind.HALF:
            return _("First 6 months of %(year)s") % {"year": year}
        if self.kind == PeriodKind.NINE:
            return _("First 9 months of %(year)s") % {"year": year}
        if self.kind == PeriodKind.YEAR:
            return _("Year %(year)s") % {"year": year}
        if self.kind == PeriodKind.YEAR_TO_DATE:
            return _("%(year)s to date (%(range)s)") % {"year": year, "range": self.range_label}
        return self.range_label

    def query(self):
        """The query-string parameters that select this period again (links, export)."""
        params = {"period": self.kind, "year": self.year}
        if self.kind == PeriodKind.MONTH:
            params["month"] = self.first.month
        elif self.kind == PeriodKind.QUARTER:
            params["quarter"] = (self.first.month - 1) // 3 + 1
        elif self.kind == PeriodKind.CUSTOM:
            params = {
                "period": self.kind,
                "first": month_code(self.first),
                "last": month_code(self.last),
            }
        return params


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=gettext_lazy("Period"), choices=PeriodKind.choices, required=False
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"),
        choices=[(m, f"{m:02d}") for m in range(1, 13)],
        coerce=int,
        required=False,
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        choices=[(q, ROMAN[q]) for q in range(1, 5)],
        coerce=int,
        required=False,
    )
    first = forms.CharField(
        label=gettext_lazy("From month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
    )
    last = forms.CharField(
        label=gettext_lazy("To month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if name in ("period", "month", "quarter")
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs["data-period-part"] = name


def resolve_period(data, *, latest_reported, today=None):
    """The period asked for in `data` (a QueryDict), with sensible defaults.

    `latest_reported(year)` returns the latest month with figures (in `year`, or at all when
    `year` is None) or None. Without parameters the period is the latest year with figures:
    "year to date" from January to its latest month while the year runs, the whole year once
    it is over (a finished year's later records, an inspection held in November after the
    October figures, belong to it). Returns (period, form); invalid input falls back to the
    default and leaves the errors on the form.
    """
    today = today or timezone.localdate()
    this_month = windows.reporting_month(today)
    form = PeriodForm(data or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    kind = cleaned.get("period") or PeriodKind.YEAR_TO_DATE
    latest = latest_reported(None)
    year = cleaned.get("year") or (latest.year if latest else today.year)

    def year_to_date():
        if year < today.year:
            # "To date" of a finished year is the whole year: say so rather than stop the
            # label at the last month with figures.
            return Period(PeriodKind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 1))
        last = latest_reported(year)
        if last is None:
            last = min(datetime.date(year, 12, 1), max(this_month, datetime.date(year, 1, 1)))
        return Period(PeriodKind.YEAR_TO_DATE, datetime.date(year, 1, 1), last)

    if kind == PeriodKind.MONTH:
        month = cleaned.get("month") or (latest.month if latest and latest.year == year else 1)
        first = datetime.date(year, month, 1)
        period = Period(kind, first, first)
    elif kind == PeriodKind.QUARTER:
        quarter = cleaned.get("quarter") or 1
        first = datetime.date(year, 3 * quarter - 2, 1)
        period = Period(kind, first, add_months(first, 2))
    elif kind == PeriodKind.HALF:
        period = Period(kind, datetime.date(year, 1, 1), datetime.date(year, 6, 1))
    elif kind == PeriodKind.NINE:
        period = Period(kind, datetime.date(year, 1, 1), datetime.date(year, 9, 1))
    elif kind == PeriodKind.YEAR:
        period = Period(kind, datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    elif kind == PeriodKind.CUSTOM:
        first, last = parse_month(cleaned.get("first")), parse_month(cleaned.get("last"))
        if first is None or last is None:
            form.add_error("first" if first is None else "last", _("Choose a month."))
            period = year_to_date()
        elif first > last:
            form.add_error("last", _("The last month is before the first."))
            period = year_to_date()
        elif len(months_between(first, last)) > MAX_MONTHS:
            form.add_error("last", _("Choose at most %(count)s months.") % {"count": MAX_MONTHS})
            period = year_to_date()
        else:
            period = Period(kind, first, last)
    else:
        period = year_to_date()
    form = PeriodForm(initial=_initial(period)) if not form.errors else form
    return period, form


def requested_period(data, *, latest_reported, today=None):
    """The period the request names, or (None, None) when it names none (a list that also
    shows every period, such as the drill-down behind a number, reached without one)."""
    if not data or not data.get("period"):
        return None, None
    return resolve_period(data, latest_reported=latest_reported, today=today)


def _initial(period):
    return {
        "period": period.kind,
        "year": period.year,
        "month": period.last.month,
        "quarter": (period.first.month - 1) // 3 + 1,
        "first": month_code(period.first),
        "last": month_code(period.last),
    }
