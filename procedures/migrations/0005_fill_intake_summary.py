"""Fill IntakeSummary from the IntakeReport rows already stored (the SQL of
`procedures.summaries.rebuild_intake` at this migration, for every unit)."""

from django.db import migrations

COLUMNS = (
    "carried_over",
    "received_online",
    "received_counter",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_within_deadline",
    "pending_overdue",
    "processed_electronically",
    "returned_by_postal",
)


def fill(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    summary = apps.get_model("procedures", "IntakeSummary")._meta.db_table
    raw = apps.get_model("procedures", "IntakeReport")._meta.db_table
    columns = ", ".join(quote(c) for c in COLUMNS)
    sums = ", ".join(f"SUM({quote(c)})" for c in COLUMNS)
    month, previous, following = quote("month"), quote("previous_month"), quote("next_month")
    series = f"OVER (PARTITION BY unit_id, field_id ORDER BY {month})"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {summary}")
        cursor.execute(
            f"INSERT INTO {summary} (unit_id, {month}, {previous}, {following}, "
            f"report_count, {columns}) "
            f"SELECT unit_id, {month}, {previous}, {following}, COUNT(*), {sums} "
            f"FROM (SELECT unit_id, {month}, {columns}, "
            f"LAG({month}) {series} AS {previous}, LEAD({month}) {series} AS {following} "
            f"FROM {raw}) series_rows "
            f"GROUP BY unit_id, {month}, {previous}, {following}"
        )


def empty(apps, schema_editor):
    apps.get_model("procedures", "IntakeSummary").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("procedures", "0004_intake_summary")]

    operations = [migrations.RunPython(fill, empty)]
