"""Readable change history for any model tracked by django-simple-history."""

import datetime
from decimal import Decimal
from pathlib import PurePosixPath

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cchc_portal.figures import formatting


def _display_value(value):
    """A date or datetime as people read it here: dd/mm/yyyy, local time."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _display(record, field_name, value):
    field = record.instance_type._meta.get_field(field_name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            return str(getattr(record, field_name))
        except Exception:  # the target row may be gone; its id is still informative
            return f"#{value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, models.FileField):
        # Stored under a random folder: the file's own name is what a person recognises.
        return PurePosixPath(str(value)).name
    if isinstance(value, datetime.date):
        return _display_value(value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return _display_value(datetime.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return _display_value(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    # The tracked decimals are rates typed or snapshotted in percent ("(%)" in their label).
    if isinstance(value, (Decimal, float)):
        return formatting.format_points(value)
    return str(value)


def kind_label(history_type):
    """ "created", "changed" or "deleted" for a historical record's type."""
    return {"+": _("created"), "~": _("changed"), "-": _("deleted")}[history_type]


# Bookkeeping a person never edits or reads on the page (optimistic locking).
HIDDEN_FIELDS = {"version"}


def _is_visible(field):
    """Fields a person can see change: not bookkeeping such as updated_at or the version."""
    return field.editable and field.name not in HIDDEN_FIELDS


def record_changes(record, previous, *, skip_relations=False):
    """Each visible field that changed from `previous` to `record`, as people read the values."""
    changes = []
    for change in record.diff_against(previous).changes:
        try:
            field = record.instance_type._meta.get_field(change.field)
        except Exception:
            continue
        if getattr(field, "many_to_many", False) or (skip_relations and field.is_relation):
            continue
        if not _is_visible(field):
            continue
        changes.append(
            {
                "field": str(field.verbose_name),
                "old": _display(previous, change.field, change.old),
                "new": _display(record, change.field, change.new),
            }
        )
    return changes


class HistoryEntries(list):
    """A record's history entries, and which record they are of (for a link to the audit log)."""

    def __init__(self, entries, *, record):
        super().__init__(entries)
        self.record_type = record._meta.label_lower
        self.object_id = record.pk


def history_entries(obj, limit=50):
    """The object's changes, newest first: who, when, what kind, and each changed field.

    A change with no visible field changed is left out.
    """
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            changes = record_changes(record, previous)
            if not changes:
                # A save that moved only hidden fields (version, updated_at): nothing to read.
                continue
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": kind_label(record.history_type),
                "changes": changes,
                "reason": record.history_change_reason,
            }
        )
    return HistoryEntries(entries, record=obj)
