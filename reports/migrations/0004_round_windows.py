"""Each round keeps the days its figures cover (`starts_on`, `ends_on`).

Rounds created before this migration were counted over calendar months (the 1st of the first
month to the last day of the last): they are given exactly those days, so their reports keep
the meaning they were submitted with whatever rule the installation now uses. New rounds get
the installation's rule (Decree 09/2019/NĐ-CP windows by default).
"""

import calendar
import datetime

from django.db import migrations, models


def _calendar_days(row):
    last = row.last_month
    return row.first_month, datetime.date(
        last.year, last.month, calendar.monthrange(last.year, last.month)[1]
    )


def keep_calendar_months(apps, schema_editor):
    for name in ("ReportRound", "HistoricalReportRound"):
        model = apps.get_model("reports", name)
        for row in model.objects.all().only("pk", "first_month", "last_month").iterator():
            starts_on, ends_on = _calendar_days(row)
            model.objects.filter(pk=row.pk).update(starts_on=starts_on, ends_on=ends_on)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_merge_0002_plain_text_and_count_bounds_0002_version")]

    operations = [
        *[
            migrations.AddField(
                model_name=model,
                name=field,
                field=models.DateField(editable=False, null=True, verbose_name=label),
            )
            for model in ("reportround", "historicalreportround")
            for field, label in (("starts_on", "figures from"), ("ends_on", "figures to"))
        ],
        migrations.RunPython(keep_calendar_months, migrations.RunPython.noop, elidable=False),
        *[
            migrations.AlterField(
                model_name=model,
                name=field,
                field=models.DateField(editable=False, verbose_name=label),
            )
            for model in ("reportround", "historicalreportround")
            for field, label in (("starts_on", "figures from"), ("ends_on", "figures to"))
        ],
    ]
