"""The data windows of Decree 09/2019/NĐ-CP (Article 12(1)) and the calendar-month setting."""

import datetime

import pytest
from django.test import override_settings

from cchc_portal.figures import windows
from cchc_portal.figures.periods import Period, PeriodKind, resolve_period
from cchc_portal.figures.windows import WindowRule

D = datetime.date
CALENDAR = override_settings(REPORTING_WINDOWS="calendar")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # a) a month: the 15th of the month before to the 14th of the month.
        (D(2022, 10, 1), D(2022, 10, 1), (D(2022, 9, 15), D(2022, 10, 14))),
        (D(2022, 1, 1), D(2022, 1, 1), (D(2021, 12, 15), D(2022, 1, 14))),
        (D(2024, 3, 1), D(2024, 3, 1), (D(2024, 2, 15), D(2024, 3, 14))),
        # b) a quarter: the 15th of the month before it to the 14th of its last month.
        (D(2022, 1, 1), D(2022, 3, 1), (D(2021, 12, 15), D(2022, 3, 14))),
        (D(2022, 4, 1), D(2022, 6, 1), (D(2022, 3, 15), D(2022, 6, 14))),
        (D(2022, 7, 1), D(2022, 9, 1), (D(2022, 6, 15), D(2022, 9, 14))),
        (D(2022, 10, 1), D(2022, 12, 1), (D(2022, 9, 15), D(2022, 12, 14))),
        # c) six months: 15/12 of the year before to 14/06; the last six 15/06 to 14/12.
        (D(2022, 1, 1), D(2022, 6, 1), (D(2021, 12, 15), D(2022, 6, 14))),
        (D(2022, 7, 1), D(2022, 12, 1), (D(2022, 6, 15), D(2022, 12, 14))),
        # The nine months (cumulative third quarter).
        (D(2022, 1, 1), D(2022, 9, 1), (D(2021, 12, 15), D(2022, 9, 14))),
        # d) a year: 15/12 of the year before to 14/12.
        (D(2022, 1, 1), D(2022, 12, 1), (D(2021, 12, 15), D(2022, 12, 14))),
    ],
)
def test_decree_09_windows(first, last, expected):
    assert windows.window(first, last, WindowRule.DECREE_09) == expected
    assert windows.window(first, last) == expected  # the default rule


@CALENDAR
@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (D(2022, 10, 1), D(2022, 10, 1), (D(2022, 10, 1), D(2022, 10, 31))),
        (D(2024, 1, 1), D(2024, 2, 1), (D(2024, 1, 1), D(2024, 2, 29))),
        (D(2022, 1, 1), D(2022, 9, 1), (D(2022, 1, 1), D(2022, 9, 30))),
        (D(2022, 1, 1), D(2022, 12, 1), (D(2022, 1, 1), D(2022, 12, 31))),
    ],
)
def test_calendar_windows(first, last, expected):
    assert windows.current_rule() == WindowRule.CALENDAR
    assert windows.window(first, last) == expected


@pytest.mark.parametrize(
    ("day", "decree", "calendar"),
    [
        (D(2022, 9, 14), D(2022, 9, 1), D(2022, 9, 1)),
        (D(2022, 9, 15), D(2022, 10, 1), D(2022, 9, 1)),
        (D(2022, 12, 15), D(2023, 1, 1), D(2022, 12, 1)),
        (D(2022, 12, 31), D(2023, 1, 1), D(2022, 12, 1)),
        (D(2023, 1, 1), D(2023, 1, 1), D(2023, 1, 1)),
    ],
)
def test_reporting_month_of_a_day(day, decree, calendar):
    assert windows.reporting_month(day, WindowRule.DECREE_09) == decree
    assert windows.reporting_month(day, WindowRule.CALENDAR) == calendar


def test_month_labels():
    assert str(windows.month_window_label(D(2022, 10, 1), WindowRule.DECREE_09)) == (
        "kỳ 15/09–14/10/2022"
    )
    assert str(windows.month_window_label(D(2022, 1, 1), WindowRule.DECREE_09)) == (
        "kỳ 15/12/2021–14/01/2022"
    )
    assert str(windows.month_window_label(D(2022, 10, 1), WindowRule.CALENDAR)) == ("tháng 10/2022")


def test_period_days_follow_the_rule():
    nine = Period(PeriodKind.NINE, D(2022, 1, 1), D(2022, 9, 1))
    assert (nine.starts_on, nine.ends_on) == (D(2021, 12, 15), D(2022, 9, 14))
    assert nine.days_label == "15/12/2021–14/09/2022"
    assert nine.date_range() == (D(2021, 12, 15), D(2022, 9, 14))
    assert nine.as_of(D(2026, 1, 1)) == D(2022, 9, 14)
    assert nine.as_of(D(2022, 9, 1)) == D(2022, 9, 1)
    assert str(nine.window_text) == (
        "Số liệu từ 15/12/2021 đến 14/09/2022 (kỳ số liệu theo Nghị định 09/2019/NĐ-CP)."
    )
    with CALENDAR:
        assert nine.days_label == "01/01/2022–30/09/2022"
        assert (
            str(nine.window_text) == "Số liệu từ 01/01/2022 đến 30/09/2022 (theo tháng dương lịch)."
        )


def test_year_to_date_runs_to_the_current_window():
    # On 20/10/2022 October's window (15/09–14/10) is over: the reporting month is November.
    def latest(year):
        return None

    period, _form = resolve_period({}, latest_reported=latest, today=D(2022, 10, 20))
    assert period.kind == PeriodKind.YEAR_TO_DATE
    assert (period.first, period.last) == (D(2022, 1, 1), D(2022, 11, 1))
    assert period.days_label == "15/12/2021–14/11/2022"
    with CALENDAR:
        period, _form = resolve_period({}, latest_reported=latest, today=D(2022, 10, 20))
        assert (period.first, period.last) == (D(2022, 1, 1), D(2022, 10, 1))


def test_an_unknown_setting_is_refused_at_start_up(monkeypatch):
    import importlib
    import os

    from django.core.exceptions import ImproperlyConfigured

    import cchc_portal.settings as project_settings

    monkeypatch.setitem(os.environ, "REPORTING_WINDOWS", "weekly")
    with pytest.raises(
        ImproperlyConfigured, match="REPORTING_WINDOWS must be decree09 or calendar"
    ):
        importlib.reload(project_settings)
    monkeypatch.delitem(os.environ, "REPORTING_WINDOWS")
    importlib.reload(project_settings)
