from django.db import migrations

from cchc_portal.reference import ensure_roles


def create_roles(apps, schema_editor):
    ensure_roles(apps.get_model("cchc_portal", "Role"))


class Migration(migrations.Migration):
    dependencies = [("cchc_portal", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
