"""`manage.py audit_backfill` logs history kept before the log, once."""

import io

from django.core.management import call_command

from audit.models import AuditEvent
from reforms.factories import ReformPlanFactory, ReformTaskFactory
from reforms.models import ReformTask

from .conftest import by


def logged():
    return {
        (*row[:-1], tuple(row[-1]))
        for row in AuditEvent.objects.values_list(
            "action",
            "username",
            "unit_id",
            "record_type",
            "object_id",
            "object_repr",
            "record_url",
            "history_id",
            "fields",
        )
    }


def run():
    out = io.StringIO()
    call_command("audit_backfill", stdout=out)
    return out.getvalue()


def test_the_backfill_logs_each_history_row_once(ward, staff_user):
    plan = ReformPlanFactory(unit=ward)
    task = by(staff_user, ReformTaskFactory.build(plan=plan, title="Nhiệm vụ A"))
    task.save()
    task.title = "Nhiệm vụ B"
    by(staff_user, task).save()
    by(staff_user, task).save()  # nothing visible moved
    expected = logged()
    assert len(expected) == len(AuditEvent.objects.all())
    AuditEvent.objects.all().delete()  # as if the history predated the log

    assert "events added to the audit log" in run()
    # The same events the signals wrote: who, unit, record, label, fields, history row.
    assert logged() == expected
    changed = AuditEvent.objects.get(record_type="reforms.reformtask", action="changed")
    assert (changed.username, changed.unit_id, changed.fields) == ("staff", ward.pk, ["title"])
    count = AuditEvent.objects.count()
    run()
    assert AuditEvent.objects.count() == count


def test_a_deleted_parent_leaves_the_unit_empty_not_the_row_out(ward, staff_user):
    plan = ReformPlanFactory(unit=ward)
    task = by(staff_user, ReformTaskFactory.build(plan=plan))
    task.save()
    ReformTask.objects.filter(pk=task.pk).delete()
    plan.delete()
    AuditEvent.objects.all().delete()
    run()
    assert AuditEvent.objects.filter(record_type="reforms.reformtask").count() == 2
