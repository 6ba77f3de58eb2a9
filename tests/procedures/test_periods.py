import datetime

from django.http import QueryDict
from django.test import override_settings

from cchc_portal.figures.periods import resolve_period

TODAY = datetime.date(2022, 11, 15)


def latest(months):
    """A stand-in for the database: the latest month with figures (in a year)."""

    def find(year=None):
        chosen = [m for m in months if year is None or m.year == year]
        return max(chosen) if chosen else None

    return find


def resolve(query, months=(datetime.date(2022, 10, 1),)):
    period, form = resolve_period(QueryDict(query), latest_reported=latest(months), today=TODAY)
    return period, form


def test_default_is_the_latest_year_to_its_latest_month():
    period, _form = resolve("")

    assert (period.kind, period.first, period.last) == (
        "ytd",
        datetime.date(2022, 1, 1),
        datetime.date(2022, 10, 1),
    )
    assert period.label == "Lũy kế năm 2022 (01–10/2022)"


def test_without_figures_the_year_runs_to_this_month():
    # On 15/11/2022 the reporting month is December: its window (Decree 09/2019) opened today.
    period, _form = resolve("", months=())

    assert (period.first, period.last) == (datetime.date(2022, 1, 1), datetime.date(2022, 12, 1))


@override_settings(REPORTING_WINDOWS="calendar")
def test_without_figures_the_year_runs_to_this_calendar_month():
    period, _form = resolve("", months=())

    assert (period.first, period.last) == (datetime.date(2022, 1, 1), datetime.date(2022, 11, 1))


def test_each_kind_of_period():
    cases = {
        "period=month&year=2022&month=3": ("Tháng 03/2022", (2022, 3), (2022, 3)),
        "period=quarter&year=2022&quarter=3": ("Quý III/2022", (2022, 7), (2022, 9)),
        "period=half&year=2021": ("6 tháng đầu năm 2021", (2021, 1), (2021, 6)),
        "period=nine&year=2022": ("9 tháng đầu năm 2022", (2022, 1), (2022, 9)),
        "period=year&year=2022": ("Năm 2022", (2022, 1), (2022, 12)),
        "period=custom&first=2021-11&last=2022-02": ("11/2021 – 02/2022", (2021, 11), (2022, 2)),
        "period=custom&first=2022-01&last=2022-10": ("01–10/2022", (2022, 1), (2022, 10)),
    }
    for query, (label, first, last) in cases.items():
        period, form = resolve(query)
        assert not form.errors, query
        assert period.label == label, query
        assert (period.first, period.last) == (datetime.date(*first, 1), datetime.date(*last, 1))


def test_a_backwards_range_falls_back_and_says_why():
    period, form = resolve("period=custom&first=2022-05&last=2022-02")

    assert period.kind == "ytd"
    assert form.errors["last"] == ["Tháng kết thúc đang trước tháng bắt đầu."]


def test_the_query_selects_the_period_again():
    period, _form = resolve("period=quarter&year=2022&quarter=2")

    assert resolve("&".join(f"{k}={v}" for k, v in period.query().items()))[0] == period
