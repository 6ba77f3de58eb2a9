"""Two transactions rebuilding the same unit's summary at once leave it exact (PostgreSQL).

Each rebuild deletes the unit's summary rows and inserts fresh ones. Without a lock the
second transaction's DELETE would not see the rows the first inserted, and both sets would
stay (or a duplicate key would fail the save). `cchc_portal.summaries` locks the units'
rows first, so the second rebuild waits for the first to commit and sees its rows.
"""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from cchc_portal import summaries
from procedures.factories import intake
from procedures.models import IntakeSummary

JAN, FEB = datetime.date(2022, 1, 1), datetime.date(2022, 2, 1)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs one writer at a time"
    ),
]


def test_two_writers_of_one_unit_rebuild_its_summary_one_after_the_other(ward):
    first_saved = threading.Event()
    errors = []

    def write(month, *, hold):
        try:
            with transaction.atomic():
                intake(ward, month, "land", received_counter=3, pending_within_deadline=3)
                if hold:
                    first_saved.set()
                    # Hold the transaction open: the other writer's rebuild must wait.
                    threading.Event().wait(0.5)
        except Exception as exc:  # reported below, with the thread's own message
            errors.append(exc)
        finally:
            connections.close_all()

    first = threading.Thread(target=write, args=(JAN,), kwargs={"hold": True})
    first.start()
    assert first_saved.wait(10)
    second = threading.Thread(target=write, args=(FEB,), kwargs={"hold": False})
    second.start()
    first.join(20)
    second.join(20)

    assert errors == []
    assert summaries.verify_all() == {}
    # One row per month, each with its one report: no set left twice.
    rows = IntakeSummary.objects.filter(unit=ward).order_by("month")
    assert [(r.month, r.report_count, r.received_counter) for r in rows] == [
        (JAN, 1, 3),
        (FEB, 1, 3),
    ]
