from django.db import migrations

from procedures.reference import ensure_fields


def create_fields(apps, schema_editor):
    ensure_fields(apps.get_model("procedures", "ProcedureField"))


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]
    operations = [migrations.RunPython(create_fields, migrations.RunPython.noop)]
