"""Cross-model reads of reform plans: progress figures for pages, dashboards and inspections.

Counting rule (the report's "23/24"): `ReformTask.objects.counted()` and `task_conditions` in
reforms/models.py, the one definition every page, export, report and snapshot reads. The
figures are read from `ReformTaskSummary` (the counted tasks grouped, kept exact on every write),
with the same `task_conditions` applied to its columns; lists of tasks read the tasks.
"""

from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cchc_portal import summaries
from cchc_portal.models import Unit

from .models import (
    IssuedDocument,
    OutreachActivity,
    OutreachYear,
    ReformArea,
    ReformModel,
    ReformPlan,
    ReformTask,
    ReformTaskSummary,
    completion_rate,
    meetings_mismatch,
    task_conditions,
)


def _today():
    return timezone.localdate()


def task_progress(unit, year, as_of=None):
    """The unit's plan figures for `year`, or None when it has no plan that year.

    Keys: plan, total, done, done_on_time, done_late, overdue, cancelled, rate (Decimal or None).
    `as_of` counts only tasks completed on or before that date as done (inspection snapshots).
    """
    plan = (
        ReformPlan.objects.filter(unit=unit, year=year).select_related("unit", "document").first()
    )
    if plan is None:
        return None
    figures = plan_figures(plan, as_of=as_of)
    return {"plan": plan, **figures}


def plan_figures(plan, as_of=None):
    """Counts and rate for one plan (one query, on the summary)."""
    return ReformTaskSummary.objects.filter(plan_id=plan.pk).figures(as_of=as_of)


def plan_area_figures(plan, as_of=None, areas=None):
    """Per reform area of the plan: the same counts and rate, in area order.

    One query, plus one for the areas unless `areas` (all areas, in order) is given.
    """
    by_area = _by_area(ReformTaskSummary.objects.filter(plan_id=plan.pk), as_of)
    return area_rows(by_area, areas if areas is not None else ReformArea.objects.all())


def area_rows(by_area, areas):
    """`plan_area_figures`' rows from {area id: figure counts}: the areas with tasks, in
    the order of `areas`, each with its rate."""
    result = []
    for area in areas:
        row = by_area.get(area.pk)
        if row is None:
            continue
        result.append({"area": area, **row, "rate": completion_rate(row["done"], row["total"])})
    return result


def plan_page_figures(plan, *, today=None):
    """The numbers of a plan's page as of today, in one entry of the shared cache under
    the unit's figures version (every write of its plans, tasks, documents, outreach and
    reform models stamps the unit: `reforms.summary`): "figures" (`plan_figures`),
    "by_area" ({area id: counts}, for `area_rows`), "tasks" (general and specific tasks
    written), "documents", "outreach", "models" (the year's reform models) and
    "next_year_exists" (whether the unit already has next year's plan)."""
    today = today or _today()

    def compute():
        summary = ReformTaskSummary.objects.filter(plan_id=plan.pk)
        return {
            "figures": summary.figures(today=today),
            "by_area": _by_area(summary, None),
            "tasks": ReformTask.objects.filter(plan=plan).aggregate(
                general=Count("pk", filter=Q(parent__isnull=True)),
                specific=Count("pk", filter=Q(parent__isnull=False)),
            ),
            "documents": documents_by_kind(plan.unit_id, plan.year),
            "outreach": outreach_summary(plan.unit_id, plan.year),
            "models": ReformModel.objects.filter(unit_id=plan.unit_id, year=plan.year).count(),
            "next_year_exists": ReformPlan.objects.filter(
                unit_id=plan.unit_id, year=plan.year + 1
            ).exists(),
        }

    return summaries.cached_for_units(
        "plan-page",
        Unit.objects.filter(pk=plan.unit_id),
        compute,
        parts=(plan.pk, today),
    )


def _by_area(rows, as_of):
    """{area_id: figure counts} of these summary rows (the empty plans' rows left out)."""
    return {
        row.pop("area_id"): row
        for row in rows.filter(area__isnull=False)
        .order_by()
        .values("area_id")
        .annotate(**ReformTaskSummary.objects.figure_sums(as_of))
    }


def _progress_annotations(rows, key, as_of):
    """tasks_total, tasks_done, tasks_overdue of the summary `rows` of the outer row, grouped by
    `key` (one correlated subquery per figure, on the summary's index)."""
    conditions = task_conditions(as_of)

    def sum_of(condition):
        subquery = (
            rows.filter(condition).order_by().values(key).annotate(n=Sum("tasks")).values("n")[:1]
        )
        return Coalesce(Subquery(subquery, output_field=IntegerField()), Value(0))

    return {
        "tasks_total": sum_of(conditions["total"]),
        "tasks_done": sum_of(conditions["done"]),
        "tasks_overdue": sum_of(conditions["overdue"]),
    }


def task_progress_by_unit(units, year, as_of=None):
    """`units` annotated with tasks_total, tasks_done, tasks_overdue for `year` (0 when no plan).

    One SQL query whatever the number of units: one correlated subquery per figure.
    """
    rows = ReformTaskSummary.objects.filter(unit_id=OuterRef("pk"), year=year)
    return units.annotate(**_progress_annotations(rows, "unit_id", as_of))


# --- grouped readers: one query per family, whatever the number of units (the overview) ----


def _unit_filter(units, field="unit_id"):
    """`field` of one Unit or of every unit of a Unit queryset."""
    if isinstance(units, Unit):
        return Q(**{field: units.pk})
    return Q(**{f"{field}__in": units.values("pk")})


def task_figures_by_unit(units, year, as_of):
    """{unit_id: {"tasks_total", "tasks_done", "tasks_overdue"}} of the units' plans of `year`.

    The meaning of `task_progress_by_unit` (`task_conditions(as_of)` over counted tasks);
    units without a plan that year are absent. One query.
    """
    sums = ReformTaskSummary.objects.figure_sums(as_of)
    rows = (
        ReformTaskSummary.objects.filter(_unit_filter(units), year=year)
        .order_by()
        .values("unit_id")
        .annotate(**{f"tasks_{key}": sums[key] for key in ("total", "done", "overdue")})
    )
    # Every plan has a summary row (0 tasks when it has none), so a plan's unit is present.
    return {row.pop("unit_id"): row for row in rows}


def plan_ids_by_unit(units, year):
    """{unit_id: plan_id} of the units' plans of `year` (one query).

    Read from the plans, not the summary: one row per unit and year, on their unique index,
    is already the smallest table that answers."""
    return dict(
        ReformPlan.objects.filter(_unit_filter(units), year=year)
        .order_by()
        .values_list("unit_id", "pk")
    )


def units_with_plan(units):
    """The ids of the units that keep a reform plan of some year (one query, on the plans'
    (unit, year) index, as `plan_ids_by_unit`)."""
    return set(
        ReformPlan.objects.filter(_unit_filter(units))
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )


def documents_by_kind(unit, year):
    """{kind: count} of the unit's documents issued in `year`, plus "total" (one query)."""
    return IssuedDocument.objects.filter(unit=unit).of_year(year).counts_by_kind()


def outreach_summary(unit, year):
    """Activities, meetings with reform content over meetings held, participants (two queries)."""
    counts = OutreachActivity.objects.filter(unit=unit).of_year(year).summary()
    meetings_held = (
        OutreachYear.objects.filter(unit=unit, year=year)
        .values_list("meetings_count", flat=True)
        .first()
    )
    counts["meetings_held"] = meetings_held
    counts["meetings_mismatch"] = meetings_mismatch(counts["meetings_with_reform"], meetings_held)
    return counts


def plans_with_progress(plans, as_of=None):
    """`plans` annotated with tasks_total, tasks_done, tasks_overdue (one query in all)."""
    rows = ReformTaskSummary.objects.filter(plan_id=OuterRef("pk"))
    return plans.annotate(**_progress_annotations(rows, "plan_id", as_of))


def plan_tasks(plan, today=None):
    """The plan's tasks in reading order, numbered 1, 1.1, 1.2, 2... (one query).

    Each task gets `number` and `overdue`; each general task gets `specific`, its specific tasks.
    """
    today = today or _today()
    tasks = list(
        ReformTask.objects.filter(plan=plan)
        .select_related("area", "evidence_document")
        .order_by("area__order", "position", "pk")
    )
    children = defaultdict(list)
    for task in tasks:
        task.overdue = task.is_overdue(today)
        if task.parent_id is not None:
            children[task.parent_id].append(task)
    ordered = []
    for index, general in enumerate((t for t in tasks if t.parent_id is None), start=1):
        general.number = str(index)
        general.specific = children[general.pk]
        ordered.append(general)
        for sub_index, task in enumerate(general.specific, start=1):
            task.number = f"{index}.{sub_index}"
            task.parent = general
            ordered.append(task)
    return ordered


def plan_task_groups(plan, *, status=None, area=None, areas, area_figures, today=None):
    """The plan's general tasks with their specific ones, grouped by area, filtered.

    `status` (a task status or "overdue") and `area` filter the counted tasks; a general task
    is shown when it or one of its specific tasks matches.
    """
    today = today or _today()
    ordered = plan_tasks(plan, today)
    matching = None
    if status or area:
        wanted = ReformTask.objects.filter(plan=plan).counted()
        if status == "overdue":
            wanted = wanted.overdue(today)
        elif status:
            wanted = wanted.filter(status=status)
        if area:
            wanted = wanted.filter(area=area)
        matching = set(wanted.values_list("pk", flat=True))
    figures = {row["area"].pk: row for row in area_figures}
    by_area = defaultdict(list)
    for general in (t for t in ordered if t.parent_id is None):
        shown = [t for t in general.specific if matching is None or t.pk in matching]
        if matching is None or general.pk in matching or shown:
            by_area[general.area_id].append({"task": general, "specific": shown})
    return [
        {"area": item, "figures": figures.get(item.pk), "generals": by_area[item.pk]}
        for item in areas
        if by_area[item.pk]
    ]


# --- period figures of one unit or many (the periodic reports) ------------------------------


def plan_of(unit, year, *, user=None):
    """The unit's plan of `year` with its issuing document, or None (also when `user`, if
    given, may not see it)."""
    plans = ReformPlan.objects.for_user(user) if user is not None else ReformPlan.objects.all()
    return plans.filter(unit=unit, year=year).select_related("document").first()


def reform_areas():
    """The seven reform areas in order, as a queryset (e.g. a form field's choices)."""
    return ReformArea.objects.all()


def areas():
    return list(reform_areas())


def plans_task_figures(units, year, as_of):
    """Tasks of every plan of `year` of the units, summed: (totals, {area_id: counts}, plans).

    Totals carry the rate; the area rows do not. Two queries (one per grouping) plus one
    counting the plans.
    """
    rows = ReformTaskSummary.objects.for_units(units).filter(year=year)
    totals = rows.figures(as_of=as_of)
    by_area = _by_area(rows, as_of)
    plans = ReformPlan.objects.for_units(units).filter(year=year).count()
    return totals, by_area, plans


def overdue_tasks(plan, as_of):
    """The plan's counted tasks overdue as of `as_of`, soonest deadline first (one query)."""
    return list(
        ReformTask.objects.filter(plan=plan)
        .counted()
        .overdue(as_of=as_of)
        .select_related("area")
        .order_by("deadline", "area__order", "position", "pk")
    )


def documents_in_period(units, first_day, last_day, *, with_items):
    """{kind: count} and "total" of documents issued in the period; the documents themselves
    when `with_items` (for one unit's report)."""
    documents = IssuedDocument.objects.for_units(units).filter(
        issued_on__gte=first_day, issued_on__lte=last_day
    )
    counts = documents.counts_by_kind()
    items = list(documents.order_by("issued_on", "number")) if with_items else []
    return counts, items


def outreach_in_period(units, first_day, last_day, year):
    """Outreach activities of the period: meetings with reform content, other forms,
    participants; and the meetings the units recorded holding in `year` (None if none did)."""
    counts = (
        OutreachActivity.objects.for_units(units)
        .filter(held_on__gte=first_day, held_on__lte=last_day)
        .summary()
    )
    held = (
        OutreachYear.objects.for_units(units)
        .filter(year=year)
        .aggregate(meetings_held=Sum("meetings_count"))
    )
    counts["other_activities"] = counts["activities"] - counts["meetings_with_reform"]
    counts["meetings_held"] = held["meetings_held"]
    return counts


def reform_models_of_year(units, year):
    """The units' reform models of `year` and their count by effectiveness (two queries)."""
    models = ReformModel.objects.for_units(units).filter(year=year)
    counts = models.counts_by_effectiveness()
    return counts, list(models.select_related("unit").order_by("unit__path", "name", "pk"))


# Labels of stored choices, for documents built from frozen figures.
DOCUMENT_KINDS = IssuedDocument.Kind
MODEL_STATES = ReformModel.State
MODEL_EFFECTIVENESS = ReformModel.Effectiveness


def plan_id_expression(year):
    """The pk of the outer unit's plan of `year` (NULL when it has none), for annotations."""
    return Subquery(ReformPlan.objects.filter(unit=OuterRef("pk"), year=year).values("pk")[:1])


def has_plan_expression():
    """EXISTS: the outer unit keeps a reform plan of its own (of any year)."""
    from django.db.models import Exists

    return Exists(ReformPlan.objects.filter(unit=OuterRef("pk")))


# --- one plan on the unit dashboard ---------------------------------------------------------

TASK_STATUSES = ReformTask.Status


def task_status_counts(plan, *, as_of=None):
    """Counted tasks of the plan by status as they stood on `as_of` (default today), plus
    overdue (one query). A task done after `as_of` was still in progress then."""
    conditions = task_conditions(as_of or _today())
    done = conditions["done"]
    in_progress = Q(status=TASK_STATUSES.IN_PROGRESS) | (Q(status=TASK_STATUSES.DONE) & ~done)
    return ReformTaskSummary.objects.filter(plan_id=plan.pk).aggregate(
        not_started=Sum("tasks", filter=Q(status=TASK_STATUSES.NOT_STARTED), default=0),
        in_progress=Sum("tasks", filter=in_progress, default=0),
        done=Sum("tasks", filter=done, default=0),
        cancelled=Sum("tasks", filter=conditions["cancelled"], default=0),
        overdue=Sum("tasks", filter=conditions["overdue"], default=0),
    )


def next_deadlines(user, plan, *, today=None, limit=5):
    """The plan's open tasks the user sees whose deadline is today or later, soonest first."""
    today = today or _today()
    return (
        ReformTask.objects.for_user(user)
        .filter(plan=plan, deadline__gte=today)
        .counted()
        .exclude(status__in=[TASK_STATUSES.DONE, TASK_STATUSES.CANCELLED])
        .select_related("area")
        .order_by("deadline", "pk")[:limit]
    )


def overdue_tasks_for_user(user, plan, *, today=None, limit=5):
    """The plan's overdue tasks the user sees, longest overdue first."""
    today = today or _today()
    return (
        ReformTask.objects.for_user(user)
        .filter(plan=plan)
        .counted()
        .overdue(today)
        .select_related("area")
        .order_by("deadline", "pk")[:limit]
    )


def unit_reform_models(user, unit, year):
    """The unit's reform models of `year` the user sees, by name."""
    return ReformModel.objects.for_user(user).filter(unit=unit, year=year).order_by("name")


# --- the PAR index's rules: one query per family for every unit of a round -------------------


def plans_by_unit(units, year):
    """{unit_id: plan} of the units' plans of `year`, each with its issuing document (one
    query)."""
    plans = ReformPlan.objects.filter(_unit_filter(units), year=year).select_related("document")
    return {plan.unit_id: plan for plan in plans.order_by()}


def tasks_not_done_by_plan(plan_ids, as_of):
    """{plan_id: [task]} of the plans' counted tasks not cancelled and not done by `as_of`
    (`task_conditions`: total and not done), in reading order (one query)."""
    conditions = task_conditions(as_of)
    tasks = (
        ReformTask.objects.filter(plan_id__in=list(plan_ids))
        .counted()
        .filter(conditions["total"] & ~conditions["done"])
        .select_related("area")
        .order_by("plan_id", "area__order", "position", "pk")
    )
    result = defaultdict(list)
    for task in tasks:
        result[task.plan_id].append(task)
    return dict(result)


def documents_by_unit(units, year):
    """{unit_id: [document]} of the documents the units issued in `year`, by date (one query)."""
    documents = (
        IssuedDocument.objects.filter(_unit_filter(units))
        .of_year(year)
        .order_by("unit_id", "issued_on", "number", "pk")
    )
    result = defaultdict(list)
    for document in documents:
        result[document.unit_id].append(document)
    return dict(result)


def outreach_by_unit(units, year):
    """{unit_id: `outreach_summary`'s counts} of `year` for the units with any activity or
    meetings recorded (two grouped queries)."""
    rows = (
        OutreachActivity.objects.filter(_unit_filter(units))
        .of_year(year)
        .order_by()
        .values("unit_id")
        .annotate(**OutreachActivity.objects.summary_expressions())
    )
    result = {row.pop("unit_id"): {**row, "meetings_held": None} for row in rows}
    held = (
        OutreachYear.objects.filter(_unit_filter(units), year=year)
        .order_by()
        .values_list("unit_id", "meetings_count")
    )
    for unit_id, meetings in held:
        counts = result.setdefault(
            unit_id, {"activities": 0, "meetings_with_reform": 0, "participants": 0}
        )
        counts["meetings_held"] = meetings
    for counts in result.values():
        counts["meetings_mismatch"] = meetings_mismatch(
            counts["meetings_with_reform"], counts["meetings_held"]
        )
    return result


# --- a unit's records, offered as evidence (the PAR index) ----------------------------------


def unit_documents(user, unit, year):
    """The documents `unit` itself issued in `year` that `user` may see, newest first."""
    return IssuedDocument.objects.for_user(user).filter(unit=unit).of_year(year)
