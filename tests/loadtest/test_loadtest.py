"""`make loadtest`'s own logic: the task mix, the forms it fills, the lost-write checker."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cchc_portal.factories import UserFactory
from cchc_portal.models import Role, User
from loadtest import ledger
from loadtest.accounts import build_targets
from loadtest.check import database_state
from loadtest.html_forms import form_with, page_forms
from loadtest.pages import (
    MONTH_STALE,
    TASK_STALE,
    fill_month_figures,
    fill_task_progress,
)
from procedures.factories import MonthlyReportFactory
from procedures.models import IntakeReport, MonthlyReport
from reforms.factories import ReformPlanFactory, ReformTaskFactory
from reforms.models import ReformTask
from reports.factories import ReportRoundFactory, UnitReportFactory
from reports.models import ReportRound, UnitReport

ROOT = Path(__file__).resolve().parents[2]
MAR = datetime.date(2022, 3, 1)


def test_the_locustfile_mixes_officers_reading_and_ward_staff_writing():
    # Importing locust monkey-patches the process (gevent): import it in a child process.
    code = (
        "import json, collections, loadtest.locustfile as f; print(json.dumps({"
        "c.__name__: {'weight': c.weight, 'tasks': collections.Counter(t.__name__ for t in c.tasks)}"
        " for c in (f.CityOfficer, f.WardStaff)}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )

    assert json.loads(done.stdout.splitlines()[-1]) == {
        "CityOfficer": {
            "weight": 1,
            "tasks": {"overview": 3, "unit_dashboard": 2, "unit_figures": 2},
        },
        "WardStaff": {
            "weight": 3,
            "tasks": {
                "unit_dashboard": 3,
                "unit_figures": 2,
                "month_page": 1,
                "task_update": 3,
                "figures_save": 2,
            },
        },
    }


# --- the forms, filled as the load fills them, through the real views with CSRF -------------


@pytest.fixture
def csrf_client(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    return client


@pytest.fixture
def specific_task(ward):
    general = ReformTaskFactory(plan=ReformPlanFactory(unit=ward, year=2022))
    return ReformTaskFactory(
        parent=general, deadline=datetime.date(2022, 6, 30), status=ReformTask.Status.IN_PROGRESS
    )


def test_a_task_update_as_the_load_posts_it_is_accepted_then_refused_as_stale(
    csrf_client, specific_task
):
    url = reverse("reforms:task-update", args=[specific_task.pk])
    attrs, fields = form_with(csrf_client.get(url).content.decode(), "version")
    version = fill_task_progress(attrs, fields, note="Tải thử một", status="done")

    accepted = csrf_client.post(url, fields)
    stale = csrf_client.post(url, fields)

    assert accepted.status_code == 302
    specific_task.refresh_from_db()
    assert (specific_task.note, specific_task.status, specific_task.version) == (
        "Tải thử một",
        "done",
        version + 1,
    )
    assert specific_task.completed_on.isoformat() == attrs["data-today"]
    assert stale.status_code == 200
    assert TASK_STALE in stale.content.decode()
    entry = {"record": ledger.task_key(specific_task.pk), "version": 2, "note": "Tải thử một"}
    result = ledger.check([entry], database_state([entry]))
    assert result.summary() == "1 accepted writes, 1 found, 0 lost"


def test_two_figures_saves_as_the_load_posts_them_are_found_and_a_stale_one_refused(
    csrf_client, ward
):
    url = reverse("procedures:month-edit", args=[ward.pk, 2022, 3])
    entries = []
    for number in (1, 2):
        _attrs, fields = form_with(csrf_client.get(url).content.decode(), "report-version")
        note = f"Tải thử {number}"
        code, values, version = fill_month_figures(fields, note=note)
        response = csrf_client.post(url, fields)
        assert response.status_code == 302
        entries.append(
            {
                "record": ledger.month_key(ward.pk, "2022-03"),
                "version": version + 1,
                "note": note,
                "field": code,
                "values": values,
            }
        )
    stale = csrf_client.post(url, fields)

    assert [(e["version"], e["values"]) for e in entries] == [
        (1, {"received_counter": 1, "resolved_on_time": 1}),
        (2, {"received_counter": 2, "resolved_on_time": 2}),
    ]
    row = IntakeReport.objects.get(unit=ward, month=MAR, field__code=entries[0]["field"])
    assert (row.carried_over, row.received_counter, row.resolved_on_time) == (0, 2, 2)
    assert MonthlyReport.objects.get(unit=ward, month=MAR).version == 2
    assert stale.status_code == 200
    assert MONTH_STALE in stale.content.decode()
    result = ledger.check(entries, database_state(entries))
    assert result.summary() == "2 accepted writes, 2 found, 0 lost"


def test_the_form_reader_submits_what_a_browser_submits():
    html = """<form id="other"><input name="q" value="x"></form>
    <form method="post"><input type="hidden" name="version" value="3">
    <input type="radio" name="status" value="done"><input type="radio" name="status"
    value="in_progress" checked><input type="checkbox" name="remove"><input name="off" disabled><input type="file"
    name="evidence"><textarea name="note">
Dòng &amp; ghi chú</textarea><select name="doc"><option value="">—</option>
    <option value="7" selected>7</option></select><select name="kind"><option value="a">a
    </option></select><button type="submit">Lưu</button></form>"""

    assert len(page_forms(html)) == 2
    assert form_with(html, "version")[1] == {
        "version": "3",
        "status": "in_progress",
        "note": "Dòng & ghi chú",
        "doc": "7",
        "kind": "a",
    }
    assert form_with(html, "missing") is None


# --- the lost-write checker on fake records ---------------------------------------------


def _state(version, note, notes, values=None, history_values=None):
    return {
        "version": version,
        "note": note,
        "history_notes": set(notes),
        "values": values or {},
        "history_values": history_values or {},
    }


def _write(record, version, note, **figures):
    return {"record": record, "version": version, "note": note, **figures}


TASK = ledger.task_key(7)
MONTH = ledger.month_key(3, "2026-05")
FIGURES = {"field": "land", "values": {"received_counter": 5, "resolved_on_time": 4}}


def test_the_checker_finds_every_write_of_a_consistent_database():
    writes = [_write(TASK, 2, "a"), _write(TASK, 3, "b"), _write(MONTH, 4, "m", **FIGURES)]
    state = {
        TASK: _state(3, "b", {"", "a", "b"}),
        MONTH: _state(4, "m", {"m"}, {"land": FIGURES["values"]}, {"land": [FIGURES["values"]]}),
    }

    result = ledger.check(writes, state)

    assert result.summary() == "3 accepted writes, 3 found, 0 lost"
    assert result.unrecorded == 0


@pytest.mark.parametrize(
    ("writes", "state", "reason"),
    [
        (
            [_write(TASK, 2, "a"), _write(TASK, 3, "b")],
            {TASK: _state(3, "b", {"b"})},
            "its note is not in the record's history",
        ),
        (
            # Two saves accepted from version 1: optimistic locking failed to refuse one.
            [_write(TASK, 2, "a"), _write(TASK, 2, "b")],
            {TASK: _state(2, "b", {"a", "b"})},
            "another accepted write also reached version 2",
        ),
        (
            [_write(TASK, 2, "a")],
            {TASK: _state(2, "changed", {"a", "changed"})},
            "the record no longer holds it at its version",
        ),
        (
            [_write(TASK, 3, "a")],
            {TASK: _state(2, "a", {"a"})},
            "the record is at version 2, behind the write",
        ),
        ([_write(TASK, 2, "a")], {}, "the record is gone"),
        (
            [_write(MONTH, 2, "m", **FIGURES)],
            {MONTH: _state(2, "m", {"m"}, {"land": FIGURES["values"]}, {"land": []})},
            "its figures are not in the history",
        ),
        (
            [_write(MONTH, 2, "m", **FIGURES)],
            {
                MONTH: _state(
                    2,
                    "m",
                    {"m"},
                    {"land": {"received_counter": 4, "resolved_on_time": 4}},
                    {"land": [FIGURES["values"]]},
                )
            },
            "the record no longer holds it at its version",
        ),
    ],
)
def test_the_checker_counts_a_lost_write(writes, state, reason):
    result = ledger.check(writes, state)

    assert result.summary() == f"{len(writes)} accepted writes, {len(writes) - 1} found, 1 lost"
    assert [why for _write, why in result.lost] == [reason]


def test_a_later_write_whose_reply_was_cut_off_is_counted_not_lost():
    result = ledger.check([_write(TASK, 2, "a")], {TASK: _state(3, "later", {"a", "later"})})

    assert result.summary() == "1 accepted writes, 1 found, 0 lost"
    assert result.unrecorded == 1


def test_the_ledger_reads_back_what_was_appended(tmp_path):
    path = tmp_path / "ledger.jsonl"
    ledger.append(path, _write(MONTH, 2, "m", **FIGURES))
    ledger.append(path, _write(TASK, 2, "a"))

    assert ledger.read(path) == [_write(MONTH, 2, "m", **FIGURES), _write(TASK, 2, "a")]
    assert ledger.read(tmp_path / "none.jsonl") == []


def test_the_accounts_are_ward_staff_with_their_own_tasks_and_months(city, ward, other_ward):
    UserFactory(username="noivu.bench", unit=city.parent, roles=[Role.Code.INTERNAL_AFFAIRS])
    general = ReformTaskFactory(plan=ReformPlanFactory(unit=ward, year=2022))
    specific = ReformTaskFactory(parent=general, deadline=datetime.date(2022, 6, 30))
    this_year = timezone.localdate().year
    MonthlyReportFactory(unit=ward, month=datetime.date(this_year, 1, 1))
    MonthlyReportFactory(unit=ward, month=datetime.date(this_year - 1, 12, 1))  # last year

    targets = build_targets(5)

    # The sibling ward has neither tasks nor months: it gets an account but no targets.
    assert targets["staff"] == [
        {
            "username": "canbo.load01",
            "unit": ward.pk,
            "tasks": [specific.pk],
            "months": [f"{this_year}-01"],
        }
    ]
    assert targets["units"] == [city.pk, ward.pk, other_ward.pk]
    staff = User.objects.get(username="canbo.load01")
    assert staff.check_password("demo-cchc")
    assert [role.code for role in staff.roles.all()] == ["unit_staff"]


def test_the_accounts_leave_out_the_tasks_a_submitted_report_counted(city, ward):
    """A report through September counted the tasks done by then: their dates no longer change
    (`reforms.services.refuse_reported_change`), so the load does not write them."""
    UserFactory(username="noivu.bench", unit=city.parent, roles=[Role.Code.INTERNAL_AFFAIRS])
    general = ReformTaskFactory(plan=ReformPlanFactory(unit=ward, year=2022))
    counted = ReformTaskFactory(
        parent=general,
        deadline=datetime.date(2022, 6, 30),
        status=ReformTask.Status.DONE,
        completed_on=datetime.date(2022, 6, 1),
    )
    open_one = ReformTaskFactory(parent=general, deadline=datetime.date(2022, 12, 15))
    MonthlyReportFactory(unit=ward, month=datetime.date(timezone.localdate().year, 1, 1))
    now = timezone.now()
    UnitReportFactory(
        round=ReportRoundFactory(
            unit=city,
            year=2022,
            kind=ReportRound.Kind.NINE_MONTHS,
            deadline=datetime.date(2022, 10, 10),
        ),
        unit=ward,
        status=UnitReport.Status.SUBMITTED,
        first_submitted_at=now,
        submitted_at=now,
    )

    (account,) = build_targets(5)["staff"]

    assert account["tasks"] == [open_one.pk]
    assert counted.pk not in account["tasks"]
