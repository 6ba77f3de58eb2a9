from django.db import migrations


def seed(apps, schema_editor):
    from inspections.reference import ensure_shortcoming_types

    ensure_shortcoming_types(
        apps.get_model("inspections", "ShortcomingType"), apps.get_model("reforms", "ReformArea")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("reforms", "0002_reform_areas"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
