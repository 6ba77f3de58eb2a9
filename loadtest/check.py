"""After the load: requests per second, p95 per kind, errors, and every accepted write found.

`python -m loadtest.check --outcomes outcomes.json --ledger ledger.jsonl` (the files the
locustfile wrote). Exits non-zero on any server error (5xx or no response), any other failed
request, any lost write, or a kind of write never accepted (the run would prove nothing).
"""

import argparse
import datetime
import json
import os
import sys
from collections import Counter, defaultdict

from loadtest import ledger
from loadtest.pages import KINDS, RAISED_COLUMNS, WRITES


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outcomes", required=True, help="LOADTEST_OUTCOMES of the locustfile")
    parser.add_argument("--ledger", required=True, help="LOADTEST_LEDGER of the locustfile")
    options = parser.parse_args(argv)
    if not os.path.exists(options.outcomes):
        print("loadtest: FAILED: locust wrote no outcomes (did it start?)")
        return 1
    with open(options.outcomes, encoding="utf-8") as source:
        outcomes = json.load(source)
    writes = ledger.read(options.ledger)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings")
    import django

    django.setup()
    result = ledger.check(writes, database_state(writes))
    problems = report(outcomes, result)
    for problem in problems:
        print(f"loadtest: FAILED: {problem}")
    return 1 if problems else 0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def report(outcomes, result):
    """Print the run's figures; return what makes it fail."""
    times, statuses = outcomes["times"], outcomes["statuses"]
    seconds = outcomes["run"]["seconds"]
    total = sum(len(samples) for samples in times.values())
    print(f"\n{total} requests in {seconds:.0f} s: {total / seconds:.1f} requests/s")
    print(f"{'kind':<16}{'requests':>9}{'failed':>8}{'req/s':>7}{'p50 ms':>8}{'p95 ms':>8}")
    for kind in KINDS:
        samples = times.get(kind)
        if not samples:
            continue
        print(
            f"{kind:<16}{len(samples):>9}{len(outcomes['failures'].get(kind, [])):>8}"
            f"{len(samples) / seconds:>7.1f}{percentile(samples, 0.5):>8}"
            f"{percentile(samples, 0.95):>8}"
        )
    for kind in WRITES:
        counts = outcomes["outcomes"].get(kind, {})
        print(
            f"{kind}: {counts.get('accepted', 0)} accepted, "
            f"{counts.get('stale', 0)} refused as stale (someone saved it in between)"
        )
    server_errors = sum(
        n for codes in statuses.values() for code, n in codes.items() if code.startswith("5")
    )
    no_response = sum(codes.get("0", 0) for codes in statuses.values())
    failures = sum(len(reasons) for reasons in outcomes["failures"].values())
    print(f"errors: {failures} (5xx: {server_errors}, no response: {no_response})")
    for kind, reasons in outcomes["failures"].items():
        for reason, count in Counter(reasons).most_common(5):
            print(f"  {kind}: {count} × {reason}")
    print(f"every accepted write in the database: {result.summary()}")
    if result.unrecorded:
        print(f"  ({result.unrecorded} records carry a later write whose reply the run cut off)")
    for write, reason in result.lost[:10]:
        print(f"  lost: {write['record']} version {write['version']}: {reason}")
    problems = []
    if server_errors or no_response:
        problems.append(f"{server_errors} responses 5xx, {no_response} without a response")
    if failures:
        problems.append(f"{failures} failed requests")
    if result.lost:
        problems.append(f"{len(result.lost)} accepted writes lost")
    for kind in WRITES:
        if not outcomes["outcomes"].get(kind, {}).get("accepted"):
            problems.append(f"no {kind} was accepted: the run proves nothing about it")
    return problems


def database_state(writes):
    """The records the writes touched, as `ledger.check` reads them."""
    from procedures.models import IntakeReport, MonthlyReport
    from reforms.models import ReformTask

    state = {}
    task_ids = {int(w["record"].split(":")[1]) for w in writes if w["record"].startswith("task:")}
    notes = defaultdict(set)
    for task_id, note in ReformTask.history.filter(id__in=task_ids).values_list("id", "note"):
        notes[ledger.task_key(task_id)].add(note)
    for row in ReformTask.objects.filter(pk__in=task_ids).values("pk", "version", "note"):
        key = ledger.task_key(row["pk"])
        state[key] = _record(row["version"], row["note"], notes[key])

    month_keys = {w["record"] for w in writes if w["record"].startswith("month:")}
    units, months = set(), set()
    for key in month_keys:
        _kind, unit, month = key.split(":")
        units.add(int(unit))
        months.add(datetime.date.fromisoformat(f"{month}-01"))
    scope = {"unit_id__in": units, "month__in": months}

    def key_of(row):
        return ledger.month_key(row["unit_id"], f"{row['month']:%Y-%m}")

    notes = defaultdict(set)
    for row in MonthlyReport.history.filter(**scope).values("unit_id", "month", "note"):
        notes[key_of(row)].add(row["note"])
    for row in MonthlyReport.objects.filter(**scope).values("unit_id", "month", "version", "note"):
        key = key_of(row)
        if key in month_keys:
            state[key] = _record(row["version"], row["note"], notes[key])
    columns = RAISED_COLUMNS
    for row in IntakeReport.objects.filter(**scope).values(
        "unit_id", "month", "field__code", *columns
    ):
        if key_of(row) in state:
            state[key_of(row)]["values"][row["field__code"]] = {c: row[c] for c in columns}
    for row in IntakeReport.history.filter(**scope).values(
        "unit_id", "month", "field__code", *columns
    ):
        if key_of(row) in state:
            history = state[key_of(row)]["history_values"]
            history.setdefault(row["field__code"], []).append({c: row[c] for c in columns})
    return state


def _record(version, note, history_notes):
    return {
        "version": version,
        "note": note,
        "history_notes": history_notes,
        "values": {},
        "history_values": {},
    }


if __name__ == "__main__":
    sys.exit(main())
