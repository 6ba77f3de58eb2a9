"""The overview's figures cache: a cached number is never older than the last write.

Each unit's figures of a period are cached with the unit's figures version; every write that
changes them gives the unit a new version in its transaction (`cchc_portal.summaries`), so
the next read recomputes that unit, and only that unit.
"""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc_portal.figures.periods import Period
from cchc_portal.models import FiguresVersion
from dashboards import selectors
from inspections.models import Recommendation
from procedures.factories import DataFlagFactory, intake
from procedures.models import IntakeReport
from reforms.models import ReformTask

from .builders import R, concluded, many_wards, recommendation

D = datetime.date
JAN_FEB = Period("custom", D(2022, 1, 1), D(2022, 2, 1))
TODAY = D(2022, 3, 15)


@pytest.fixture
def wards(city, inspector_user):
    return many_wards(city, 3, inspector_user)


def rows(internal_affairs_user):
    units = selectors.scope_units(internal_affairs_user)
    return {row.code: row for row in selectors.overview_rows(units, JAN_FEB, today=TODAY)}


def summary_reads(captured):
    """The queries of a capture that read a summary or raw figures (not the cache)."""
    names = ("summary", "intakereport", "reformtask", "recommendation", "dataflag")
    return [q["sql"] for q in captured if any(n in q["sql"].lower() for n in names)]


def test_a_second_read_comes_from_the_cache(wards, internal_affairs_user):
    first = rows(internal_affairs_user)
    with CaptureQueriesContext(connection) as captured:
        second = rows(internal_affairs_user)
    assert summary_reads(captured.captured_queries) == []
    assert {code: vars(row) for code, row in second.items()} == {
        code: vars(row) for code, row in first.items()
    }
    assert second["w-000"].received_total == 20


def test_an_intake_save_shows_at_once_and_recomputes_only_its_unit(wards, internal_affairs_user):
    before = rows(internal_affairs_user)
    report = IntakeReport.objects.get(unit=wards[1], month=D(2022, 2, 1))
    report.received_counter += 5
    report.resolved_on_time += 5
    report.save()

    with CaptureQueriesContext(connection) as captured:
        after = rows(internal_affairs_user)

    assert after["w-001"].received_total == before["w-001"].received_total + 5 == 25
    assert after["w-000"].received_total == 20
    # The summaries were read again for the one unit whose version changed.
    reads = summary_reads(captured.captured_queries)
    assert reads and all(f"{wards[1].pk}" in sql for sql in reads if " IN (" in sql)


# The later inspection (20/02) is in February only as a calendar month: under Decree 09's
# windows February ends on the 14th.
@override_settings(REPORTING_WINDOWS="calendar")
def test_every_kind_of_write_gives_the_unit_a_new_version(wards, internal_affairs_user):
    unit = wards[0]

    def version():
        return FiguresVersion.objects.filter(unit=unit).values_list("stamp", flat=True).first()

    seen = {version()}
    rows(internal_affairs_user)

    intake(unit, D(2022, 3, 1), received_counter=1, resolved_on_time=1)
    seen.add(version())
    task = (
        ReformTask.objects.filter(plan__unit=unit)
        .exclude(status=ReformTask.Status.DONE)
        .order_by("pk")
        .last()
    )
    task.status = ReformTask.Status.CANCELLED
    task.cancel_reason = "Không còn phù hợp"
    task.save()
    seen.add(version())
    Recommendation.objects.filter(responsible_unit=unit).update(
        status=R.ACCEPTED, accepted_at=timezone.now()
    )
    seen.add(version())
    DataFlagFactory(unit=unit, month=D(2022, 1, 1), key="received_not_balanced")
    seen.add(version())
    concluded(unit, Recommendation.objects.first().inspection.lead, start=D(2022, 2, 20))
    seen.add(version())

    assert len(seen) == 6  # the first and one new version per write
    row = rows(internal_affairs_user)["w-000"]
    assert (row.tasks_total, row.recommendations_not_accepted) == (1, 0)
    assert row.open_flag_count == 2
    assert row.last_inspection_on == D(2022, 2, 20)


def test_a_new_recommendation_is_counted_after_a_cached_read(
    wards, internal_affairs_user, inspector_user
):
    assert rows(internal_affairs_user)["w-002"].recommendations_total == 3
    inspection = Recommendation.objects.filter(responsible_unit=wards[2]).first().inspection
    recommendation(inspection, R.OPEN, D(2022, 12, 31))
    assert rows(internal_affairs_user)["w-002"].recommendations_total == 4
