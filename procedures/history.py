"""A month's change history across its header, intake rows and e-government figures."""

from django.utils.translation import gettext as _

from cchc_portal.history import kind_label, record_changes

from .models import DigitalGovernmentReport, IntakeReport, MonthlyReport


def _entries(records, subject_of):
    """History entries of one historical model, each diffed against the same row's previous."""
    entries, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            changes = record_changes(record, before, skip_relations=True)
            if not changes:
                previous[record.id] = record
                continue
        previous[record.id] = record
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": record.history_type,
                "subjects": [subject_of(record)],
                "changes": changes,
            }
        )
    return entries


def month_history(unit, month, limit=100):
    """Newest first; rows created by the same save are shown as one entry. Three queries."""

    def order(qs):
        return qs.select_related("history_user").order_by("id", "history_date", "history_id")

    entries = _entries(
        order(MonthlyReport.history.filter(unit_id=unit.pk, month=month)),
        lambda record: _("monthly report"),
    )
    entries += _entries(
        order(IntakeReport.history.filter(unit_id=unit.pk, month=month)).select_related("field"),
        lambda record: record.field.name,
    )
    entries += _entries(
        order(DigitalGovernmentReport.history.filter(unit_id=unit.pk, month=month)),
        lambda record: _("e-government"),
    )
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    merged = []
    for entry in entries:
        last = merged[-1] if merged else None
        if (
            last is not None
            and entry["kind"] == "+"
            and last["kind"] == "+"
            and last["who"] == entry["who"]
            and abs((last["when"] - entry["when"]).total_seconds()) < 5
        ):
            last["subjects"].extend(entry["subjects"])
            continue
        merged.append(entry)
    for entry in merged:
        entry["kind_label"] = kind_label(entry["kind"])
    return merged[:limit]
