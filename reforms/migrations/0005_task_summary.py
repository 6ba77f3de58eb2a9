"""The task summary (reforms.models.ReformTaskSummary), filled from the tasks already stored.

The fill is a frozen copy of `reforms.summary.rebuild(None)` on the historical models (a
migration must not import the live ones): counted tasks are specific tasks and general tasks
without any, grouped by plan, area, status, deadline and completion date; a plan without a
counted task gets one row of 0 tasks.
"""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = ("unit_id", "plan_id", "year", "area_id", "status", "deadline", "completed_on", "tasks")


def fill_task_summary(apps, schema_editor):
    Plan = apps.get_model("reforms", "ReformPlan")
    Task = apps.get_model("reforms", "ReformTask")
    Summary = apps.get_model("reforms", "ReformTaskSummary")
    connection = schema_editor.connection
    has_children = models.Exists(Task.objects.filter(parent_id=models.OuterRef("pk")))
    counted = Task.objects.alias(has_children=has_children).filter(
        models.Q(parent__isnull=False) | models.Q(has_children=False)
    )
    groups = (
        counted.order_by()
        .values(
            "plan__unit_id",
            "plan_id",
            "plan__year",
            "area_id",
            "status",
            "deadline",
            "completed_on",
        )
        .annotate(tasks_count=models.Count("pk"))
    )
    empty = (
        Plan.objects.alias(has_counted=models.Exists(counted.filter(plan_id=models.OuterRef("pk"))))
        .filter(has_counted=False)
        .order_by()
        .values("unit_id", "pk", "year")
        .annotate(
            no_area=models.Value(None, output_field=models.IntegerField()),
            no_status=models.Value("", output_field=models.CharField()),
            no_deadline=models.Value(None, output_field=models.DateField()),
            no_completed_on=models.Value(None, output_field=models.DateField()),
            no_tasks=models.Value(0, output_field=models.IntegerField()),
        )
    )
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) ".format(
        quote(Summary._meta.db_table), ", ".join(quote(c) for c in COLUMNS)
    )
    with connection.cursor() as cursor:
        for select in (groups, empty):
            sql, params = select.query.get_compiler(connection=connection).as_sql()
            cursor.execute(insert + sql, params)


class Migration(migrations.Migration):
    dependencies = [
        ("cchc_portal", "0002_roles"),
        ("reforms", "0004_task_parent_trigger"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReformTaskSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_started", "not started"),
                            ("in_progress", "in progress"),
                            ("done", "done"),
                            ("cancelled", "cancelled"),
                        ],
                        max_length=20,
                        blank=True,
                        verbose_name="status",
                    ),
                ),
                ("deadline", models.DateField(null=True, verbose_name="deadline")),
                ("completed_on", models.DateField(null=True, verbose_name="completion date")),
                ("tasks", models.PositiveIntegerField(verbose_name="number of tasks")),
                (
                    "area",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reforms.reformarea",
                        verbose_name="reform area",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reforms.reformplan",
                        verbose_name="plan",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cchc_portal.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "task summary row",
                "verbose_name_plural": "task summary",
                "default_permissions": ("view",),
                "indexes": [
                    models.Index(fields=["unit", "year"], name="reforms_tasksum_unit_year"),
                    models.Index(fields=["plan"], name="reforms_tasksum_plan"),
                ],
            },
        ),
        migrations.RunPython(fill_task_summary, migrations.RunPython.noop),
    ]
