"""Property tests: random monthly figures, tasks and recommendation histories give the same
totals by every path (the procedures roll-up, the city overview, the periodic report, the
inspection snapshot), and those totals equal a plain-Python count of the raw rows."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cchc_portal.factories import UnitFactory
from cchc_portal.figures.periods import Period, PeriodKind
from cchc_portal.models import Unit
from dashboards import selectors as dashboard_selectors
from inspections.factories import (
    ConcludedInspectionFactory,
    InspectionFactory,
    RecommendationFactory,
)
from inspections.models import Recommendation
from inspections.snapshot import snapshot_values
from procedures import selectors as procedure_selectors
from procedures.factories import field, intake
from reforms.factories import ReformPlanFactory, ReformTaskFactory, area
from reforms.models import ReformTask
from reports.factories import ReportRoundFactory
from reports.figures import unit_figures
from reports.models import ReportRound

D = datetime.date
S = ReformTask.Status
R = Recommendation.Status
YEAR = 2024
TODAY = D(2025, 3, 15)
FIELDS = ("civil-status", "land")

counts = st.integers(min_value=0, max_value=40)
month_rows = st.fixed_dictionaries(
    {
        "carried_over": counts,
        "received_online": counts,
        "received_counter": counts,
        "received_postal": st.integers(0, 5),
        "resolved_early": counts,
        "resolved_late": st.integers(0, 5),
        "pending_within_deadline": st.integers(0, 10),
        "pending_overdue": st.integers(0, 3),
        "electronic_share": st.floats(0, 1),
        "postal_share": st.floats(0, 1),
    }
)
# {(month, field index): row}
intakes = st.dictionaries(
    st.tuples(st.integers(1, 12), st.integers(0, len(FIELDS) - 1)), month_rows, max_size=10
)
tasks = st.lists(
    st.tuples(
        st.sampled_from([S.NOT_STARTED, S.IN_PROGRESS, S.DONE, S.CANCELLED]),
        st.integers(1, 12),  # deadline month
        st.integers(1, 12),  # completion month (done only)
        st.booleans(),  # has a deadline
    ),
    max_size=8,
)
recommendations = st.lists(
    st.tuples(st.sampled_from([R.OPEN, R.SUBMITTED, R.ACCEPTED]), st.integers(-200, 200)),
    max_size=6,
)


def _percent(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _balanced(row):
    """An intake row whose sums hold: on time fills what the other columns leave."""
    incoming = row["carried_over"] + row["received_online"] + row["received_counter"]
    incoming += row["received_postal"]
    outgoing = row["resolved_early"] + row["resolved_late"]
    outgoing += row["pending_within_deadline"] + row["pending_overdue"]
    values = {k: v for k, v in row.items() if not k.endswith("_share")}
    if outgoing > incoming:
        values["received_counter"] += outgoing - incoming
        incoming = outgoing
    values["resolved_on_time"] = incoming - outgoing
    resolved = values["resolved_early"] + values["resolved_on_time"] + values["resolved_late"]
    values["processed_electronically"] = int(incoming * row["electronic_share"])
    values["returned_by_postal"] = int(resolved * row["postal_share"])
    return values


def oracle_intake(rows, first, last):
    """The period's figures counted in Python: flows summed, stocks at each series' edges."""
    inside = {key: row for key, row in rows.items() if first <= key[0] <= last}
    flows = (
        "received_online",
        "received_counter",
        "received_postal",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "processed_electronically",
        "returned_by_postal",
    )
    total = {column: sum(row[column] for row in inside.values()) for column in flows}
    carried = pending = 0
    for index in range(len(FIELDS)):
        months = sorted(month for month, f in inside if f == index)
        if months:
            carried += inside[(months[0], index)]["carried_over"]
            last_row = inside[(months[-1], index)]
            pending += last_row["pending_within_deadline"] + last_row["pending_overdue"]
    received = total["received_online"] + total["received_counter"] + total["received_postal"]
    resolved = total["resolved_early"] + total["resolved_on_time"] + total["resolved_late"]
    return {
        "carried_over": carried,
        "received_total": received,
        "resolved_total": resolved,
        "pending_total": pending,
        "total": carried + received,
        "processed_electronically": total["processed_electronically"],
        "online_rate": _percent(total["received_online"], received),
        "on_time_rate": _percent(total["resolved_early"] + total["resolved_on_time"], resolved),
        "electronic_rate": _percent(total["processed_electronically"], carried + received),
    }


def oracle_tasks(task_rows, as_of):
    """Counted tasks: the specific ones, or the general task alone when it has none (not
    started, no deadline): total, done, overdue."""
    if not task_rows:
        return {"total": 1, "done": 0, "overdue": 0, "rate": _percent(0, 1)}
    total = done = overdue = 0
    for status, deadline_month, completion_month, has_deadline in task_rows:
        if status == S.CANCELLED:
            continue
        total += 1
        completed = D(YEAR, completion_month, 10) if status == S.DONE else None
        is_done = completed is not None and completed <= as_of
        done += is_done
        deadline = D(YEAR, deadline_month, 20) if has_deadline else None
        overdue += bool(not is_done and deadline is not None and deadline < as_of)
    return {"total": total, "done": done, "overdue": overdue, "rate": _percent(done, total)}


class FiguresAgreeByEveryPath(TestCase):
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        derandomize=True,
    )
    @given(rows=intakes, task_rows=tasks, recommendation_rows=recommendations)
    def test_every_path_gives_the_oracles_totals(self, rows, task_rows, recommendation_rows):
        city = UnitFactory(name="Thành phố", code="p-city", kind=Unit.Kind.CITY)
        unit = UnitFactory(name="Phường", code="p-ward", kind=Unit.Kind.WARD, parent=city)
        balanced = {key: _balanced(row) for key, row in rows.items()}
        for (month, index), values in balanced.items():
            intake(unit, D(YEAR, month, 1), code=FIELDS[index], **values)
        field(FIELDS[0])
        plan = ReformPlanFactory(unit=unit, year=YEAR)
        general = ReformTaskFactory(plan=plan, area=area("procedures"), title="Chung")
        for status, deadline_month, completion_month, has_deadline in task_rows:
            ReformTaskFactory(
                parent=general,
                status=status,
                deadline=D(YEAR, deadline_month, 20) if has_deadline else None,
                completed_on=D(YEAR, completion_month, 10) if status == S.DONE else None,
                cancel_reason="Bỏ" if status == S.CANCELLED else "",
            )
        visit = D(YEAR, 6, 1)
        inspection = ConcludedInspectionFactory(unit=unit, start_on=visit)
        for number, (status, due_offset) in enumerate(recommendation_rows, start=1):
            RecommendationFactory(
                inspection=inspection,
                number=number,
                status=status,
                due_on=TODAY + datetime.timedelta(days=due_offset),
                accepted_at=inspection.concluded_at if status == R.ACCEPTED else None,
            )
        # A draft inspection's recommendations count nowhere.
        RecommendationFactory(inspection=InspectionFactory(unit=unit, start_on=visit), number=1)

        # Intake: January–September by the procedures roll-up, the overview and the report.
        first, last = 1, 9
        expected = oracle_intake(balanced, first, last)
        summary = procedure_selectors.intake_summary(unit, D(YEAR, 1, 1), D(YEAR, 9, 1))
        for key, value in expected.items():
            assert summary[key] == value, key
        period = Period(PeriodKind.NINE, D(YEAR, 1, 1), D(YEAR, 9, 1))
        row = dashboard_selectors.overview_rows(
            Unit.objects.filter(pk=unit.pk), period, today=TODAY
        ).get()
        assert row.received_total == expected["received_total"]
        assert row.total == expected["total"]
        shown = dashboard_selectors.figure_rates(dashboard_selectors.row_figures(row))
        assert shown["online"] == expected["online_rate"]
        assert shown["on_time"] == expected["on_time_rate"]
        assert shown["electronic"] == expected["electronic_rate"]
        rnd = ReportRoundFactory(unit=city, year=YEAR, kind=ReportRound.Kind.NINE_MONTHS)
        report = unit_figures(unit, rnd, today=TODAY)
        assert report["intake"]["received_total"] == expected["received_total"]
        assert report["intake"]["total"] == expected["total"]
        for key in ("online_rate", "on_time_rate", "electronic_rate"):
            want = expected[key]
            assert report["intake"][key] == (None if want is None else str(want)), key

        # Tasks: as of the period's end (30/09) in the overview and the report.
        as_of = D(YEAR, 9, 30)
        expected_tasks = oracle_tasks(task_rows, as_of)
        assert (row.tasks_total, row.tasks_done, row.tasks_overdue) == (
            expected_tasks["total"],
            expected_tasks["done"],
            expected_tasks["overdue"],
        )
        assert shown["completion"] == expected_tasks["rate"]
        plan_section = report["plan"]
        assert (plan_section["total"], plan_section["done"], plan_section["overdue"]) == (
            expected_tasks["total"],
            expected_tasks["done"],
            expected_tasks["overdue"],
        )

        # The snapshot of a visit on 01/06: tasks as of that day, intake January–May.
        snapshot = snapshot_values(unit, visit)
        tasks_then = oracle_tasks(task_rows, visit)
        assert snapshot["tasks_total"] == tasks_then["total"]
        assert snapshot["tasks_done"] == tasks_then["done"]
        assert snapshot["task_completion_rate"] == tasks_then["rate"]
        intake_then = oracle_intake(balanced, 1, 5)
        if snapshot["intake_received"] is not None:
            assert snapshot["intake_received"] == intake_then["received_total"]
            assert snapshot["intake_online_rate"] == intake_then["online_rate"]

        # Recommendations of the inspection held in the period, by status today.
        statuses = [status for status, _ in recommendation_rows]
        overdue = sum(
            1
            for status, offset in recommendation_rows
            if status != R.ACCEPTED and TODAY + datetime.timedelta(days=offset) < TODAY
        )
        assert row.recommendations_accepted == statuses.count(R.ACCEPTED)
        assert row.recommendations_total == len(statuses)
        assert row.recommendations_overdue == overdue
        inspected = report["inspections"]["recommendations"]
        assert inspected["total"] == len(statuses)
        assert inspected["accepted"] == statuses.count(R.ACCEPTED)
        assert inspected["overdue"] == overdue
