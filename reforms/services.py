"""Every write to reform plans: plans, tasks, progress updates, documents, outreach, models.

Each service validates with `full_clean()` before saving; multi-row writes are atomic. History
(who, when, what) is recorded by django-simple-history, with the request user from the
middleware. The task services run in `summaries.batch()`: a task and its general task saved
together rebuild the unit's task summary once, in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal import finality, summaries
from cchc_portal.figures import windows
from cchc_portal.figures.formatting import format_date
from cchc_portal.versioning import ChangedMeanwhile, claim

from .models import (
    OutreachActivity,
    OutreachYear,
    ReformModel,
    ReformPlan,
    ReformTask,
    task_conditions,
)

Status = ReformTask.Status


class StaleEdit(Exception):
    """The record changed after the form was opened; the user must reload."""


def _save(obj, *, reason=None):
    # Files already stored were checked when uploaded; only a new upload is validated.
    stored_files = [
        field.name
        for field in obj._meta.concrete_fields
        if isinstance(field, models.FileField) and getattr(obj, field.name)._committed
    ]
    obj.full_clean(exclude=stored_files)
    if reason:
        obj._change_reason = reason
    obj.save()
    return obj


def shift_year(day, years=1):
    """The same day `years` later; 29/02 becomes 28/02."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- plans -------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, unit, year, document=None, note=""):
    plan = ReformPlan(unit=unit, year=year, document=document, note=note)
    return _save(plan)


@transaction.atomic
def plan_update(*, plan, version, document, note):
    claim(plan, version=version)
    plan.document = document
    plan.note = note
    return _save(plan)


@transaction.atomic
@summaries.batch()
def plan_copy(*, source):
    """Next year's draft from `source`: same tasks, deadlines a year on, no progress.

    Cancelled tasks are left behind; nothing of last year's progress, evidence or notes moves.
    """
    year = source.year + 1
    if ReformPlan.objects.filter(unit_id=source.unit_id, year=year).exists():
        raise ValidationError(
            _("%(unit)s already has a reform plan for %(year)s.")
            % {"unit": source.unit.display_name, "year": year}
        )
    plan = ReformPlan(unit_id=source.unit_id, year=year, copied_from=source)
    _save(plan, reason=_("Copied from the %(year)s plan") % {"year": source.year})
    tasks = list(
        source.tasks.exclude(status=Status.CANCELLED).order_by("parent_id", "position", "pk")
    )
    new_generals = {}
    for task in (t for t in tasks if t.parent_id is None):
        new_generals[task.pk] = _save(_copy_task(task, plan, None))
    for task in (t for t in tasks if t.parent_id is not None):
        parent = new_generals.get(task.parent_id)
        if parent is not None:
            _save(_copy_task(task, plan, parent))
    return plan


def _copy_task(task, plan, parent):
    return ReformTask(
        plan=plan,
        parent=parent,
        area_id=task.area_id,
        position=task.position,
        title=task.title,
        expected_output=task.expected_output,
        responsible=task.responsible,
        deadline=shift_year(task.deadline),
    )


# --- what a report has counted ----------------------------------------------------------
# A submitted unit report counts its plan's tasks as of the end of its period (the reports
# app answers `finality.reported_through`). The report keeps its figures frozen, but the plan
# must not drift from them: what a reported period counted changes only after internal
# affairs return the report (`reports.services.report_return`, the reopening, with its reason).


def plan_reported_through(plan):
    """The last day of the plan's year whose figures the unit has reported, or None."""
    return finality.reported_through(plan.unit_id, plan.year)


def plan_final_reason(plan, through=None):
    """None, or why the plan's tasks can no longer change: its whole year is reported."""
    through = through or plan_reported_through(plan)
    # The year's last day as the reports count it (14/12 under Decree 09/2019's windows).
    year_end = windows.window(datetime.date(plan.year, 1, 1), datetime.date(plan.year, 12, 1))[1]
    if through is None or through < year_end:
        return None
    return _(
        "The figures of this plan have been reported for the whole year: its tasks can no "
        "longer change. If a figure is wrong, internal affairs return the report first."
    )


def refuse_reported_change(plan, *changes):
    """Refuse a change of a deadline or a completion date on or before a reported day.

    `changes` are (old, new) dates; a cancellation or a change after the reported day passes.
    """
    through = plan_reported_through(plan)
    if through is None:
        return
    if reason := plan_final_reason(plan, through):
        raise finality.RecordIsFinal(reason, code="final")
    for old, new in changes:
        days = [day for day in (old, new) if day is not None]
        if old != new and min(days) <= through:
            raise finality.RecordIsFinal(
                _(
                    "The figures of this plan have been reported up to %(date)s: a deadline or "
                    "a completion date on or before that day can no longer change. If a figure "
                    "is wrong, internal affairs return the report first."
                )
                % {"date": format_date(through)},
                code="final",
            )


def task_delete_refusal(task, today=None):
    """None, or why the task cannot be deleted (a counted task is cancelled instead)."""
    through = plan_reported_through(task.plan)
    if through is not None:
        return _(
            "The figures of this plan have been reported up to %(date)s: its tasks can no "
            "longer be deleted. If a figure is wrong, internal affairs return the report first."
        ) % {"date": format_date(through)}
    if task.status == Status.DONE:
        return _(
            "A done task cannot be deleted: it is counted in the plan's figures. To stop "
            "counting it, cancel it with a reason."
        )
    if task.is_overdue(today):
        return _(
            "An overdue task cannot be deleted: it is counted in the plan's figures. If it will "
            "not be done, cancel it with a reason."
        )
    return None


def plan_delete_refusal(plan, today=None):
    """None, or why the plan cannot be deleted: reported, or with tasks already counted."""
    through = plan_reported_through(plan)
    if through is not None:
        return _(
            "The figures of this plan have been reported up to %(date)s: the plan can no "
            "longer be deleted."
        ) % {"date": format_date(through)}
    counted = task_conditions(today=today)
    if plan.tasks.filter(counted["done"] | counted["overdue"]).exists():
        return _(
            "This plan has done or overdue tasks, counted in its figures: it can no longer be "
            "deleted."
        )
    return None


# --- tasks -------------------------------------------------------------------------------


def _check_task_rules(task):
    """Cross-row rules the form and the import share (the database keeps the parent rule too)."""
    errors = {}
    if task.parent_id is not None:
        parent = task.parent
        if parent.plan_id != task.plan_id or parent.parent_id is not None or parent.pk == task.pk:
            errors["parent"] = _("Choose a general task of the same plan.")
        elif task.pk and task.children.exists():
            errors["parent"] = _(
                "This general task has specific tasks; it cannot become a specific task."
            )
        # A specific task belongs to its general task's area.
        task.area_id = parent.area_id
        if task.deadline is None:
            errors["deadline"] = _("A specific task needs a deadline.")
    if task.evidence_document_id and task.evidence_document.unit_id != task.plan.unit_id:
        errors["evidence_document"] = _("Choose a document of this unit.")
    if errors:
        raise ValidationError(errors)


def _next_position(plan, parent):
    last = ReformTask.objects.filter(plan=plan, parent=parent).aggregate(m=Max("position"))["m"]
    return (last or 0) + 1


@transaction.atomic
@summaries.batch()
def task_create(
    *,
    plan,
    title,
    area=None,
    parent=None,
    expected_output="",
    responsible="",
    deadline=None,
    position=None,
):
    if reason := plan_final_reason(plan):
        raise finality.RecordIsFinal(reason, code="final")
    task = ReformTask(
        plan=plan,
        parent=parent,
        area=parent.area if parent is not None else area,
        title=title,
        expected_output=expected_output,
        responsible=responsible,
        deadline=deadline,
        position=position or _next_position(plan, parent),
    )
    _check_task_rules(task)
    _save(task)
    if parent is not None:
        refresh_general_status(parent)
    return task


@transaction.atomic
@summaries.batch()
def task_edit(*, task, version, **fields):
    """Change what a task is (title, area, general task, deadline...), not its progress."""
    task = _lock(task, version)
    old_parent_id = task.parent_id
    old_deadline = task.deadline
    for name, value in fields.items():
        setattr(task, name, value)
    refuse_reported_change(task.plan, (old_deadline, task.deadline))
    _check_task_rules(task)
    task.version += 1
    _save(task)
    if task.parent_id is None:
        # Specific tasks follow their general task's area.
        task.children.exclude(area_id=task.area_id).update(area_id=task.area_id)
    for parent_id in {old_parent_id, task.parent_id} - {None}:
        refresh_general_status(ReformTask.objects.get(pk=parent_id))
    return task


@transaction.atomic
@summaries.batch()
def task_update_progress(
    *,
    task,
    version,
    status,
    completed_on=None,
    note="",
    cancel_reason="",
    evidence_file=None,
    evidence_document=None,
    remove_evidence_file=False,
):
    """Record progress: status, completion date, evidence, note (the phone form)."""
    task = _lock(task, version)
    old_completed_on = task.completed_on
    has_children = task.children.exists()
    if not has_children:
        task.status = status
        task.completed_on = completed_on if status == Status.DONE else None
        task.cancel_reason = cancel_reason if status == Status.CANCELLED else ""
        if status == Status.DONE and completed_on and completed_on > timezone.localdate():
            raise ValidationError(
                {"completed_on": _("The completion date cannot be in the future.")}
            )
    task.note = note
    if not has_children and task.is_completed_outside_plan_year and not note.strip():
        # A task of the 2022 plan may be finished in January 2023, but the note must say why.
        raise ValidationError(
            {
                "completed_on": _(
                    "The completion date %(date)s is not in the plan's year %(year)s: "
                    "give the reason in the note."
                )
                % {"date": task.completed_on.strftime("%d/%m/%Y"), "year": task.plan.year}
            }
        )
    refuse_reported_change(task.plan, (old_completed_on, task.completed_on))
    task.evidence_document = evidence_document
    if evidence_file:
        task.evidence_file = evidence_file
    elif remove_evidence_file:
        task.evidence_file = ""
    _check_task_rules(task)
    task.version += 1
    _save(task)
    if task.parent_id is not None:
        refresh_general_status(task.parent)
    return task


@transaction.atomic
@summaries.batch()
def task_delete(*, task):
    """Delete a task nobody counted yet: not done, not overdue, its plan not reported."""
    if task.children.exists():
        raise ValidationError(_("Delete or move this general task's specific tasks first."))
    if reason := task_delete_refusal(task):
        raise finality.RecordIsFinal(reason, code="final")
    parent = task.parent
    task.delete()
    if parent is not None:
        refresh_general_status(parent)


def _lock(task, version):
    locked = (
        ReformTask.objects.select_for_update(of=("self",))
        .select_related("plan", "parent")
        .get(pk=task.pk)
    )
    if version is not None and locked.version != version:
        raise StaleEdit(
            _(
                "Someone else changed this task after you opened the form. "
                "Reload the page to see their change, then enter yours again."
            )
        )
    return locked


def general_status_from(counts):
    """A general task's status from its specific tasks' counts, or None if it has none."""
    total, done, cancelled, started = (
        counts["total"],
        counts["done"],
        counts["cancelled"],
        counts["started"],
    )
    if not total:
        return None
    if cancelled == total:
        return Status.CANCELLED
    if done == total - cancelled:
        return Status.DONE
    if started or done:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def refresh_general_status(general):
    """Derive a general task's status and completion date from its specific tasks."""
    counts = general.children.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Status.DONE)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        started=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        last_done=Max("completed_on", filter=Q(status=Status.DONE)),
    )
    status = general_status_from(counts)
    if status is None:
        return general
    general = ReformTask.objects.select_for_update().get(pk=general.pk)
    completed_on = counts["last_done"] if status == Status.DONE else None
    cancel_reason = general.cancel_reason
    if status == Status.CANCELLED and not cancel_reason:
        cancel_reason = _("All its specific tasks are cancelled.")
    elif status != Status.CANCELLED:
        cancel_reason = ""
    if (general.status, general.completed_on, general.cancel_reason) == (
        status,
        completed_on,
        cancel_reason,
    ):
        return general
    general.status, general.completed_on, general.cancel_reason = (
        status,
        completed_on,
        cancel_reason,
    )
    general.version += 1
    return _save(general, reason=_("Derived from its specific tasks"))


@transaction.atomic
@summaries.batch()
def plan_import_tasks(*, plan, rows):
    """Create the tasks of an empty plan from validated import rows, all or nothing.

    `rows` come from `reforms.excel.read_task_rows` (already checked row by row).
    """
    if ReformPlan.objects.select_for_update().get(pk=plan.pk).tasks.exists():
        raise ValidationError(
            _("This plan already has tasks. Import into a plan that has none yet.")
        )
    generals = {}
    created = 0
    for row in rows:
        if row.parent_number is None:
            generals[row.number] = task_create(
                plan=plan,
                area=row.area,
                title=row.title,
                expected_output=row.expected_output,
                responsible=row.responsible,
                deadline=row.deadline,
            )
        else:
            task_create(
                plan=plan,
                parent=generals[row.parent_number],
                title=row.title,
                expected_output=row.expected_output,
                responsible=row.responsible,
                deadline=row.deadline,
            )
        created += 1
    return created


# --- documents, outreach, reform models -------------------------------------------------


@transaction.atomic
def document_save(*, document, version=None):
    """Create a document, or change one still at `version` (the edit form's)."""
    if document.pk:
        claim(document, version=version)
    return _save(document)


@transaction.atomic
def outreach_save(*, activity, version=None):
    """Create an activity, or change one still at `version` (the edit form's)."""
    if activity.pk:
        claim(activity, version=version)
    return _save(activity)


def outreach_delete_refusal(activity):
    """None, or why the activity cannot be deleted: a submitted report counted it."""
    through = finality.reported_through(activity.unit_id, activity.held_on.year)
    if through is None or activity.held_on > through:
        return None
    return _(
        "This activity is counted in a report already submitted (up to %(date)s): it can no "
        "longer be deleted. If it is wrong, internal affairs return the report first."
    ) % {"date": format_date(through)}


def outreach_delete(*, activity):
    if reason := outreach_delete_refusal(activity):
        raise finality.RecordIsFinal(reason, code="final")
    activity.delete()


@transaction.atomic
def outreach_year_set(*, unit, year, meetings_count, version):
    """Record how many meetings the unit held in `year` (not fewer than those recorded).

    `version` is the row's when the form was opened, 0 if there was none yet.
    """
    recorded = OutreachActivity.objects.filter(unit=unit).of_year(year).meetings().count()
    if meetings_count < recorded:
        raise ValidationError(
            {
                "meetings_count": _(
                    "%(recorded)s meetings with reform content are already recorded for "
                    "%(year)s; the total cannot be lower."
                )
                % {"recorded": recorded, "year": year}
            }
        )
    row = OutreachYear.objects.filter(unit=unit, year=year).first()
    if row is None:
        if version:
            raise ChangedMeanwhile()  # the row was deleted after the form was opened
        row = OutreachYear(unit=unit, year=year, meetings_count=meetings_count)
        row.full_clean()
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            # Someone recorded the year's meetings after the form was opened.
            raise ChangedMeanwhile() from None
        return row
    if row.meetings_count == meetings_count and row.version == version:
        return row
    claim(row, version=version)
    row.meetings_count = meetings_count
    return _save(row)


@transaction.atomic
def reform_model_save(*, model, version=None):
    """Create a reform model, or change one still at `version` (the edit form's)."""
    if model.pk:
        claim(model, version=version)
    return _save(model)


@transaction.atomic
def reform_model_evaluate(
    *, model, version, effectiveness, reason, evaluated_by, evaluated_on=None
):
    """Internal affairs' evaluation of a reform model's effectiveness, with its reasons."""
    claim(model, version=version)
    model.effectiveness = effectiveness
    if effectiveness == ReformModel.Effectiveness.NOT_EVALUATED:
        model.evaluation_reason = ""
        model.evaluated_by = None
        model.evaluated_on = None
    else:
        model.evaluation_reason = reason.strip()
        model.evaluated_by = evaluated_by
        model.evaluated_on = evaluated_on or timezone.localdate()
    return _save(model)
