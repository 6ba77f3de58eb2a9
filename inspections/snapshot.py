"""The unit's figures as of an inspection visit, read from the reform and procedure apps.

Tasks come from the unit's plan for the visit's year, counting only what was done by the
visit date; intake covers January to the last full month before the visit (the report's
"10 tháng đầu năm" for a visit on 01/11).
"""

import datetime

from procedures.selectors import intake_summary
from reforms.selectors import task_progress

EMPTY_TASKS = {
    "tasks_total": None,
    "tasks_done": None,
    "tasks_done_on_time": None,
    "tasks_done_late": None,
    "tasks_overdue": None,
    "tasks_cancelled": None,
    "task_completion_rate": None,
}
EMPTY_INTAKE = {
    "intake_first_month": None,
    "intake_last_month": None,
    "intake_received": None,
    "intake_received_online": None,
    "intake_resolved": None,
    "intake_resolved_on_time": None,
    "intake_total": None,
    "intake_electronic": None,
    "intake_returned_by_postal": None,
    "intake_online_rate": None,
    "intake_on_time_rate": None,
    "intake_electronic_rate": None,
    "intake_postal_return_rate": None,
}


def intake_period(visit_on):
    """(first month, last month) of the year-to-date before the visit, or None in January."""
    if visit_on.month == 1:
        return None
    return datetime.date(visit_on.year, 1, 1), datetime.date(visit_on.year, visit_on.month - 1, 1)


def snapshot_values(unit, visit_on):
    """Field values for Inspection's snapshot; None where the unit has no figures."""
    values = {"snapshot_as_of": visit_on, **EMPTY_TASKS, **EMPTY_INTAKE}
    progress = task_progress(unit, visit_on.year, as_of=visit_on)
    if progress is not None:
        values.update(
            tasks_total=progress["total"],
            tasks_done=progress["done"],
            tasks_done_on_time=progress["done_on_time"],
            tasks_done_late=progress["done_late"],
            tasks_overdue=progress["overdue"],
            tasks_cancelled=progress["cancelled"],
            task_completion_rate=progress["rate"],
        )
    period = intake_period(visit_on)
    if period is not None:
        first, last = period
        figures = intake_summary(unit, first, last)
        if figures["total"] or figures["received_total"] or figures["resolved_total"]:
            values.update(
                intake_first_month=first,
                intake_last_month=last,
                intake_received=figures["received_total"],
                intake_received_online=figures["received_online"],
                intake_resolved=figures["resolved_total"],
                intake_resolved_on_time=figures["resolved_on_time_or_early"],
                intake_total=figures["total"],
                intake_electronic=figures["processed_electronically"],
                intake_returned_by_postal=figures["returned_by_postal"],
                intake_online_rate=figures["online_rate"],
                intake_on_time_rate=figures["on_time_rate"],
                intake_electronic_rate=figures["electronic_rate"],
                intake_postal_return_rate=figures["postal_return_rate"],
            )
    return values
