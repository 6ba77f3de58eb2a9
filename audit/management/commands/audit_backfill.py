"""Adds to the audit log the history rows it does not hold yet.

The log is written as history is (`audit.recording`); this fills it for history kept before
the log existed and for rows written in bulk (`bulk_create_with_history` sends no signal).
Safe to run again: a history row already logged is skipped.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import BigIntegerField, F, OuterRef, Subquery, Value

from audit.models import AuditEvent
from audit.recording import ACTIONS, changed_fields, label, page_url, tracked_models, unit_lookup

BATCH = 2000


def _unit_expression(model, lookup):
    """The unit id of each history row, read in the same query; a parent deleted since
    leaves it empty rather than dropping the row."""
    if lookup is None:
        return Value(None, output_field=BigIntegerField())
    if lookup == "":
        return F("id")
    first, _, rest = lookup.partition("__")
    field = model._meta.get_field(first)
    if not rest:
        return F(field.attname)
    related = field.related_model._base_manager.filter(pk=OuterRef(field.attname))
    return Subquery(related.values(f"{rest}_id")[:1], output_field=BigIntegerField())


def backfill_model(model):
    """Logs `model`'s unlogged history rows; returns how many events it added."""
    record_type = model._meta.label_lower
    lookup = unit_lookup(model)
    logged = set(
        AuditEvent.objects.filter(record_type=record_type, history_id__isnull=False).values_list(
            "history_id", flat=True
        )
    )
    rows = model.history.select_related("history_user").order_by("id", "history_date", "history_id")
    rows = rows.annotate(audit_unit_id=_unit_expression(model, lookup))
    added = 0
    pending = []
    previous = None
    for record in rows.iterator(chunk_size=BATCH):
        if previous is not None and previous.id != record.id:
            previous = None
        earlier, previous = previous, record
        if record.history_id in logged:
            continue
        action = ACTIONS[record.history_type]
        fields = []
        if action == AuditEvent.Action.CHANGED:
            fields = changed_fields(record, earlier)
            if fields == []:
                continue
            fields = fields or []
        instance = record.instance
        user = record.history_user
        pending.append(
            AuditEvent(
                occurred_at=record.history_date,
                action=action,
                user=user,
                username=user.get_username() if user is not None else "",
                unit_id=record.audit_unit_id,
                record_type=record_type,
                object_id=record.id if isinstance(record.id, int) else None,
                object_repr=label(instance),
                record_url="" if action == AuditEvent.Action.DELETED else page_url(instance),
                history_id=record.history_id,
                fields=fields,
                reason=(record.history_change_reason or "")[:255],
            )
        )
        if len(pending) >= BATCH:
            AuditEvent.objects.bulk_create(pending)
            added += len(pending)
            pending = []
    AuditEvent.objects.bulk_create(pending)
    return added + len(pending)


class Command(BaseCommand):
    help = "Add the history rows the audit log does not hold yet (safe to run again)."

    def handle(self, *args, **options):
        total = 0
        for model in tracked_models():
            with transaction.atomic():
                added = backfill_model(model)
            if added:
                self.stdout.write(f"{model._meta.label}: {added}")
            total += added
        self.stdout.write(self.style.SUCCESS(f"{total} events added to the audit log."))
