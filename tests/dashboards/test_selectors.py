"""The dashboards' figures against values computed by hand from the fixtures (conftest),
including the reads the dashboards take from the reforms and inspections selectors."""

import datetime
from decimal import Decimal

import pytest

from cchc_portal.figures.periods import Period
from cchc_portal.models import Unit
from dashboards import selectors
from inspections import selectors as inspection_selectors
from inspections.factories import shortcoming_type
from reforms import selectors as reform_selectors

D = datetime.date
JAN_FEB = Period("custom", D(2022, 1, 1), D(2022, 2, 1))
DEC_JAN = Period("custom", D(2021, 12, 1), D(2022, 1, 1))


def rows_by_code(user, period):
    rows = selectors.overview_rows(selectors.scope_units(user), period)
    return {unit.code: unit for unit in rows}


def test_a_units_row_holds_its_plan_intake_recommendations_and_flags(
    city_data, internal_affairs_user
):
    row = rows_by_code(internal_affairs_user, JAN_FEB)["ward-one"]
    assert (row.tasks_done, row.tasks_total, row.tasks_overdue) == (2, 3, 1)
    assert (row.received_total, row.received_online) == (30, 3)
    assert (row.resolved_total, row.resolved_on_time_or_early) == (30, 29)
    assert (row.total, row.processed_electronically) == (30, 15)
    # The draft inspection's recommendation is not issued: it is not counted.
    assert row.recommendations_total == 3
    assert row.recommendations_accepted == 1
    assert row.recommendations_not_accepted == 2
    assert row.recommendations_reported == 1
    assert row.recommendations_overdue == 1
    assert row.last_inspection_on == D(2022, 2, 14)
    assert row.last_inspection_id == city_data.pk
    assert row.open_flag_count == 1
    assert selectors.figure_rates(selectors.row_figures(row)) == {
        "completion": Decimal("66.67"),
        "online": Decimal("10.00"),
        "on_time": Decimal("96.67"),
        "electronic": Decimal("50.00"),
        "acceptance": Decimal("33.33"),
    }


def test_a_unit_without_data_has_zeros_and_no_rates(city_data, internal_affairs_user):
    row = rows_by_code(internal_affairs_user, JAN_FEB)["city"]
    assert row.plan_id is None
    assert (row.tasks_total, row.received_total, row.recommendations_total) == (0, 0, 0)
    assert row.last_inspection_on is None
    assert set(selectors.figure_rates(selectors.row_figures(row)).values()) == {None}


@pytest.mark.usefixtures("calendar_months")
def test_a_period_across_the_new_year_takes_both_months(city_data, internal_affairs_user):
    row = rows_by_code(internal_affairs_user, DEC_JAN)["ward-one"]
    assert (row.received_total, row.received_online) == (20, 7)
    assert (row.resolved_total, row.resolved_on_time_or_early) == (20, 19)
    # The plan is the year the period ends in.
    assert (row.tasks_done, row.tasks_total) == (2, 3)
    rates = selectors.figure_rates(selectors.row_figures(row))
    assert (rates["online"], rates["on_time"]) == (Decimal("35.00"), Decimal("95.00"))


def test_a_single_month(city_data, internal_affairs_user):
    row = rows_by_code(internal_affairs_user, Period("month", D(2022, 2, 1), D(2022, 2, 1)))[
        "ward-one"
    ]
    assert (row.received_total, row.received_online, row.processed_electronically) == (20, 1, 10)
    assert row.open_flag_count == 1


def test_totals_sum_the_rows_and_rates_come_from_the_sums(city_data, internal_affairs_user):
    rows = selectors.overview_rows(selectors.scope_units(internal_affairs_user), JAN_FEB)
    totals = selectors.overview_totals(rows)
    assert totals["unit_count"] == 3
    assert (totals["tasks_done"], totals["tasks_total"], totals["tasks_overdue"]) == (3, 4, 1)
    assert (totals["received_total"], totals["received_online"]) == (40, 3)
    assert totals["recommendations_not_accepted"] == 2
    assert totals["recommendations_overdue"] == 1
    assert totals["open_flag_count"] == 1
    assert totals["last_inspection_on"] == D(2022, 2, 14)
    assert (totals["completion"], totals["online"], totals["on_time"]) == (
        Decimal("75.00"),
        Decimal("7.50"),
        Decimal("97.50"),
    )
    assert (totals["electronic"], totals["acceptance"]) == (Decimal("37.50"), Decimal("33.33"))


def test_averages_divide_counts_and_rates_over_the_same_units(city_data, internal_affairs_user):
    rows = selectors.overview_rows(selectors.scope_units(internal_affairs_user), JAN_FEB)
    totals = selectors.overview_totals(rows)
    averages = totals["averages"]
    # The city keeps no plan or figures of its own: in the totals, not in the averages.
    assert (totals["unit_count"], totals["reporting_count"]) == (3, 2)
    # Plan: both wards have a 2022 plan (2/3 and 1/1; 1 and 0 overdue).
    assert averages["completion_rate"] == Decimal("83.33")
    assert averages["tasks_overdue"] == Decimal("0.5")
    # Intake: both wards entered figures (30 and 10 received; 10 % and 0 % online).
    assert averages["received_total"] == Decimal("20.0")
    assert averages["online_rate"] == Decimal("5.00")
    assert averages["on_time_rate"] == Decimal("98.33")
    assert averages["electronic_rate"] == Decimal("25.00")
    # Recommendations: only Phường Một had an inspection in 01–02/2022 (Phường Hai's was
    # in 10/2021): its 2 not accepted, 1 overdue, 33,33 % over that one unit.
    assert averages["recommendations_not_accepted"] == Decimal("2.0")
    assert averages["recommendations_overdue"] == Decimal("1.0")
    assert averages["acceptance_rate"] == Decimal("33.33")
    # Flags: over the two wards (1 and 0).
    assert averages["open_flag_count"] == Decimal("0.5")
    assert totals["units_with"] == {"plan": 2, "intake": 2, "recommendations": 1}


def test_the_canary_city_is_outside_the_rows_and_the_totals(
    city_data, canary_data, internal_affairs_user, admin_user_
):
    rows = selectors.overview_rows(selectors.scope_units(internal_affairs_user), JAN_FEB)
    assert "canary" not in {unit.code for unit in rows}
    assert selectors.overview_totals(rows)["received_total"] == 40
    # Its twin: the administrator sees everything, the canary included.
    everything = selectors.overview_rows(selectors.scope_units(admin_user_), JAN_FEB)
    assert {"canary", "ward-one"} <= {unit.code for unit in everything}
    assert selectors.overview_totals(everything)["received_total"] == 40 + 4 * 999


def test_filters_by_kind_and_by_subtree(city_data, internal_affairs_user, ward):
    wards = selectors.scope_units(internal_affairs_user, kind=Unit.Kind.WARD)
    assert sorted(wards.values_list("code", flat=True)) == ["ward-one", "ward-two"]
    inside = selectors.scope_units(internal_affairs_user, within=ward)
    assert list(inside.values_list("code", flat=True)) == ["ward-one"]


def test_the_comparison_scope_of_a_ward_is_its_city(city_data, ward, city):
    anchor, scope = selectors.comparison_scope(ward)
    assert anchor == city
    assert sorted(scope.values_list("code", flat=True)) == ["city", "ward-one", "ward-two"]


def test_task_status_counts_and_deadlines(city_data, internal_affairs_user, ward):
    plan = ward.reform_plans.get()
    counts = reform_selectors.task_status_counts(plan, as_of=D(2022, 10, 15))
    assert counts == {
        "not_started": 0,
        "in_progress": 1,
        "done": 2,
        "cancelled": 0,
        "overdue": 1,
    }
    overdue = reform_selectors.overdue_tasks_for_user(
        internal_affairs_user, plan, today=D(2022, 10, 15)
    )
    assert [t.title for t in overdue] == ["Phường Một quá hạn 1"]
    upcoming = reform_selectors.next_deadlines(internal_affairs_user, plan, today=D(2022, 1, 20))
    assert [t.title for t in upcoming] == ["Phường Một quá hạn 1"]
    assert (
        list(reform_selectors.next_deadlines(internal_affairs_user, plan, today=D(2022, 2, 1)))
        == []
    )


@pytest.mark.parametrize(
    ("period", "today", "missing"),
    [
        (JAN_FEB, D(2023, 1, 1), []),
        # March's window (Decree 09/2019: 15/02–14/03) is still open on 10/03, closed on 20/03.
        (Period("quarter", D(2022, 1, 1), D(2022, 3, 1)), D(2022, 3, 10), []),
        (Period("quarter", D(2022, 1, 1), D(2022, 3, 1)), D(2022, 3, 20), [D(2022, 3, 1)]),
        (Period("quarter", D(2022, 1, 1), D(2022, 3, 1)), D(2022, 5, 2), [D(2022, 3, 1)]),
        (
            Period("month", D(2022, 4, 1), D(2022, 4, 1)),
            D(2022, 6, 1),
            [D(2022, 3, 1), D(2022, 4, 1)],
        ),
    ],
)
def test_missing_months_stop_at_the_last_finished_month(city_data, ward, period, today, missing):
    assert selectors.months_missing(ward, period, today=today) == missing


def test_recurring_shortcomings_count_units_inspections_and_years(
    city_data, canary_data, internal_affairs_user, admin_user_
):
    rows = list(inspection_selectors.recurring_shortcomings(internal_affairs_user))
    assert [r["shortcoming_type"] for r in rows] == [shortcoming_type("no-appointment-slip").pk]
    assert (rows[0]["unit_count"], rows[0]["inspection_count"], rows[0]["year_count"]) == (2, 2, 2)
    only_2022 = list(inspection_selectors.recurring_shortcomings(internal_affairs_user, year=2022))
    assert (only_2022[0]["unit_count"], only_2022[0]["year_count"]) == (1, 1)
    # The canary city's findings count only for the administrator.
    everything = {
        r["shortcoming_type"]: r for r in inspection_selectors.recurring_shortcomings(admin_user_)
    }
    assert everything[shortcoming_type("no-appointment-slip").pk]["unit_count"] == 3
    assert everything[shortcoming_type("no-self-inspection").pk]["unit_count"] == 1


def test_acceptance_times(city_data, internal_affairs_user):
    times = inspection_selectors.acceptance_times(internal_affairs_user)
    assert times["accepted"] == 1
    # Concluded 17/02/2022, accepted 29/03/2022; reported 25/03, reviewed 29/03.
    assert selectors.duration_days(times["average"]) == Decimal("40.0")
    assert selectors.duration_days(times["longest"]) == Decimal("40.0")
    assert times["reviewed"] == 1
    assert selectors.duration_days(times["review_average"]) == Decimal("4.0")


def test_overdue_by_unit(city_data, canary_data, internal_affairs_user):
    rows = list(
        inspection_selectors.overdue_by_unit(
            selectors.scope_units(internal_affairs_user), today=D(2023, 6, 1)
        )
    )
    assert [unit.code for unit in rows] == ["ward-one"]
    unit = rows[0]
    assert (unit.recommendations_overdue, unit.oldest_overdue_on) == (1, D(2022, 12, 31))
    assert unit.recommendations_reported == 1
    assert selectors.duration_days(unit.average_acceptance) == Decimal("40.0")


@pytest.mark.parametrize(
    ("state", "texts"),
    [
        ("not_accepted", ["Giao phiếu hẹn cho mọi hồ sơ", "Cập nhật sổ"]),
        ("open", ["Giao phiếu hẹn cho mọi hồ sơ"]),
        ("overdue", ["Giao phiếu hẹn cho mọi hồ sơ"]),
        ("reported", ["Cập nhật sổ"]),
        ("accepted", ["Khảo sát sự hài lòng"]),
        ("all", ["Giao phiếu hẹn cho mọi hồ sơ", "Khảo sát sự hài lòng", "Cập nhật sổ"]),
    ],
)
def test_drilldown_states(city_data, internal_affairs_user, ward, state, texts):
    rows = selectors.recommendation_drilldown(
        internal_affairs_user, state=state, unit=ward, today=D(2023, 6, 1)
    )
    assert [r.text for r in rows] == texts
