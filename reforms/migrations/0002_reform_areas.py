from django.db import migrations

from reforms.reference import ensure_areas


def create_areas(apps, schema_editor):
    ensure_areas(apps.get_model("reforms", "ReformArea"))


class Migration(migrations.Migration):
    dependencies = [("reforms", "0001_initial")]
    operations = [migrations.RunPython(create_areas, migrations.RunPython.noop)]
