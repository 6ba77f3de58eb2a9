"""A specific task's parent must be a general task of the same plan: enforced by the database.

Django has no composite foreign key, so a trigger refuses (as an integrity error) an insert or
update that points a task at a parent in another plan or at a specific task, or that makes a
task with specific tasks itself specific or moves it away from them. SQLite drops a table's
triggers when Django rebuilds the table: a later migration that alters reforms_reformtask must
run `install_task_parent_trigger` again (tests/reforms/test_models.py checks it is in place).
"""

from django.db import migrations

MESSAGE = "reforms_task_parent: a specific task's parent must be a general task of the same plan"

BAD_PARENT = """NEW.parent_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM reforms_reformtask p
    WHERE p.id = NEW.parent_id AND p.id <> NEW.id
      AND p.plan_id = NEW.plan_id AND p.parent_id IS NULL)"""

BAD_CHILDREN = """EXISTS (
    SELECT 1 FROM reforms_reformtask c
    WHERE c.parent_id = NEW.id AND c.id <> NEW.id
      AND (NEW.parent_id IS NOT NULL OR c.plan_id <> NEW.plan_id))"""

SQLITE = [
    "DROP TRIGGER IF EXISTS reforms_task_parent_insert",
    "DROP TRIGGER IF EXISTS reforms_task_parent_update",
    f"""CREATE TRIGGER reforms_task_parent_insert BEFORE INSERT ON reforms_reformtask
    WHEN {BAD_PARENT}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.replace("'", "''")}'); END""",
    f"""CREATE TRIGGER reforms_task_parent_update BEFORE UPDATE ON reforms_reformtask
    WHEN ({BAD_PARENT}) OR {BAD_CHILDREN}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.replace("'", "''")}'); END""",
]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION reforms_task_parent_check() RETURNS trigger AS $$
    BEGIN
      IF {BAD_PARENT} THEN
        RAISE EXCEPTION '{MESSAGE.replace("'", "''")}' USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'UPDATE' AND {BAD_CHILDREN} THEN
        RAISE EXCEPTION '{MESSAGE.replace("'", "''")}' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS reforms_task_parent ON reforms_reformtask",
    """CREATE TRIGGER reforms_task_parent BEFORE INSERT OR UPDATE ON reforms_reformtask
    FOR EACH ROW EXECUTE FUNCTION reforms_task_parent_check()""",
]


def install_task_parent_trigger(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    for statement in statements or []:
        schema_editor.execute(statement)


def remove_task_parent_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS reforms_task_parent_insert")
        schema_editor.execute("DROP TRIGGER IF EXISTS reforms_task_parent_update")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS reforms_task_parent ON reforms_reformtask")
        schema_editor.execute("DROP FUNCTION IF EXISTS reforms_task_parent_check()")


class Migration(migrations.Migration):
    dependencies = [("reforms", "0003_plans_tasks_documents_outreach_models")]
    operations = [
        migrations.RunPython(install_task_parent_trigger, remove_task_parent_trigger),
    ]
