"""The task summary (`ReformTaskSummary`): rebuilt from the raw tasks for the units a write touched.

`rebuild(unit_ids)` deletes those units' rows and inserts them again with one INSERT ... SELECT
per kind of row, the SELECT compiled by the ORM from `ReformTask.objects.counted()` (the one
definition of the tasks that count), so it runs on SQLite and PostgreSQL alike and moves no row
through Python: one unit (a form save) is four statements (a row lock on the unit, then
DELETE and two INSERTs), every unit (`None`) four in all, a list of units four per chunk of
`CHUNK`.
"""

from collections import Counter

from django.db import connections, router, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Value
from django.db.models import fields as model_fields

from cchc_portal import summaries

from .models import (
    IssuedDocument,
    OutreachActivity,
    OutreachYear,
    ReformModel,
    ReformPlan,
    ReformTask,
    ReformTaskSummary,
)

NAME = "reform_tasks"
# The unit's own records the unit pages list or count without a summary table (documents,
# outreach, reform models): a write gives the unit a new figures version, so the pages'
# cached lists (`cchc_portal.summaries.cached_for_units`) are read afresh.
RECORDS = "reforms.records"
CHUNK = 500
COLUMNS = ("unit_id", "plan_id", "year", "area_id", "status", "deadline", "completed_on", "tasks")


def _counted_groups(unit_ids):
    """Counted tasks grouped by plan, area, status, deadline, completion date (COLUMNS' order)."""
    tasks = ReformTask.objects.counted()
    if unit_ids is not None:
        tasks = tasks.filter(plan__unit_id__in=unit_ids)
    return (
        tasks.order_by()
        .values(
            "plan__unit_id",
            "plan_id",
            "plan__year",
            "area_id",
            "status",
            "deadline",
            "completed_on",
        )
        .annotate(tasks_count=Count("pk"))
    )


def _empty_plans(unit_ids):
    """One row of 0 tasks for each plan without a counted task (COLUMNS' order)."""
    plans = ReformPlan.objects.alias(
        has_counted=Exists(ReformTask.objects.counted().filter(plan_id=OuterRef("pk")))
    ).filter(has_counted=False)
    if unit_ids is not None:
        plans = plans.filter(unit_id__in=unit_ids)
    return (
        plans.order_by()
        .values("unit_id", "pk", "year")
        .annotate(
            no_area=Value(None, output_field=IntegerField()),
            no_status=Value("", output_field=model_fields.CharField()),
            no_deadline=Value(None, output_field=model_fields.DateField()),
            no_completed_on=Value(None, output_field=model_fields.DateField()),
            no_tasks=Value(0, output_field=IntegerField()),
        )
    )


def _chunks(unit_ids):
    if unit_ids is None:
        yield None
        return
    unit_ids = sorted(set(unit_ids))
    for start in range(0, len(unit_ids), CHUNK):
        yield unit_ids[start : start + CHUNK]


def rebuild(unit_ids=None):
    """Recompute the summary rows of these units (None: every unit) from the raw tasks."""
    using = router.db_for_write(ReformTaskSummary)
    connection = connections[using]
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) ".format(
        quote(ReformTaskSummary._meta.db_table), ", ".join(quote(c) for c in COLUMNS)
    )
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for chunk in _chunks(unit_ids):
            rows = ReformTaskSummary.objects.using(using)
            (rows if chunk is None else rows.filter(unit_id__in=chunk)).delete()
            for select in (_counted_groups(chunk), _empty_plans(chunk)):
                sql, params = select.query.get_compiler(using=using).as_sql()
                cursor.execute(insert + sql, params)


def _expected(unit_ids):
    rows = Counter()
    for select in (_counted_groups(unit_ids), _empty_plans(unit_ids)):
        rows.update(tuple(row.values()) for row in select)
    return rows


def verify(unit_ids=None):
    """The differences between the stored rows and a fresh aggregate of the tasks (empty: exact)."""
    stored = ReformTaskSummary.objects.all()
    if unit_ids is not None:
        unit_ids = list(unit_ids)
        stored = stored.filter(unit_id__in=unit_ids)
    stored = Counter(tuple(row) for row in stored.values_list(*COLUMNS))
    expected = _expected(unit_ids)
    differences = [f"missing {row} ×{n}" for row, n in (expected - stored).items()]
    differences += [f"not in the tasks {row} ×{n}" for row, n in (stored - expected).items()]
    return sorted(differences)


def _units_of_task(task):
    plan = task._state.fields_cache.get("plan")
    if plan is not None and plan.pk == task.plan_id:
        return {plan.unit_id}
    return set(ReformPlan.objects.filter(pk=task.plan_id).values_list("unit_id", flat=True))


def register():
    summaries.register(
        summaries.Summary(
            name=NAME,
            rebuild=rebuild,
            verify=verify,
            sources={ReformTask: _units_of_task, ReformPlan: lambda plan: {plan.unit_id}},
            track_previous=(ReformTask, ReformPlan),
        )
    )
    # Not `add_version_sources`: an admin may move a record to another unit, and both
    # units' versions must change (`track_previous`); there is no table to rebuild.
    own_unit = dict.fromkeys(RECORD_MODELS, _unit_of)
    summaries.register(
        summaries.Summary(
            name=RECORDS,
            rebuild=summaries.stamp_only,
            sources=own_unit,
            track_previous=RECORD_MODELS,
        )
    )


RECORD_MODELS = (IssuedDocument, OutreachActivity, OutreachYear, ReformModel)


def _unit_of(record):
    return [record.unit_id]
