"""What each accepted write wrote, and the check that the database still holds every one.

During the load, each write the portal accepted (a redirect after the POST) appends one JSON
line: the record it changed, the version the record reached, the unique note it wrote and,
for a month, the figures of the procedure field it changed. After the load `check.py` reads
the database into the `state` that `check()` compares with those lines.

An accepted write is found when
- the record's history (django-simple-history writes a row on every save, in the same
  transaction) holds its note, and for a month also the figures it wrote;
- no other accepted write claims the same version (two writes accepted from one version is
  the lost update optimistic locking exists to refuse: the record holds one, the other is
  lost);
- it is the last accepted write of its record and the record still holds its note and figures
  at its version (a later write the client never saw acknowledged, e.g. one cut off by the
  end of the run, leaves the record at a higher version: that is counted, not lost).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


def task_key(task_id):
    return f"task:{task_id}"


def month_key(unit_id, month):
    """`month` as "YYYY-MM"."""
    return f"month:{unit_id}:{month}"


def append(path, entry):
    """Append one accepted write (a dict with "record", "version", "note"; months add
    "field" and "values")."""
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry, sort_keys=True) + "\n")


def read(path):
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass
class Result:
    accepted: int = 0
    lost: list = field(default_factory=list)  # (write, reason)
    unrecorded: int = 0  # records left at a version above their last acknowledged write

    @property
    def found(self):
        return self.accepted - len(self.lost)

    def summary(self):
        return f"{self.accepted} accepted writes, {self.found} found, {len(self.lost)} lost"


def check(writes, state):
    """Compare the accepted `writes` with the database `state`.

    `state` maps each record key to {"version", "note", "history_notes": set,
    "values": {field code: {column: n}}, "history_values": {field code: [{column: n}]}};
    a record missing from it was deleted.
    """
    result = Result(accepted=len(writes))
    by_record = defaultdict(list)
    for write in writes:
        by_record[write["record"]].append(write)
    for key, record_writes in by_record.items():
        record = state.get(key)
        if record is None:
            result.lost += [(write, "the record is gone") for write in record_writes]
            continue
        by_version = defaultdict(list)
        for write in record_writes:
            by_version[write["version"]].append(write)
        survivors = {}
        for version, same in by_version.items():
            # Two writes accepted from one version: the record can hold only one of them.
            held = [w for w in same if version == record["version"] and w["note"] == record["note"]]
            survivors[version] = (held or same)[-1]
            result.lost += [
                (write, f"another accepted write also reached version {version}")
                for write in same
                if write is not survivors[version]
            ]
        for write in survivors.values():
            if write["note"] not in record["history_notes"]:
                result.lost.append((write, "its note is not in the record's history"))
            elif "field" in write and write["values"] not in record["history_values"].get(
                write["field"], []
            ):
                result.lost.append((write, "its figures are not in the history"))
        last = survivors[max(survivors)]
        if any(lost is last for lost, _reason in result.lost):
            continue
        if record["version"] > last["version"]:
            result.unrecorded += 1
        elif record["version"] < last["version"]:
            result.lost.append(
                (last, f"the record is at version {record['version']}, behind the write")
            )
        elif record["note"] != last["note"] or (
            "field" in last and _current_values(record, last) != last["values"]
        ):
            result.lost.append((last, "the record no longer holds it at its version"))
    return result


def _current_values(record, write):
    values = record["values"].get(write["field"], {})
    return {column: values.get(column) for column in write["values"]}
