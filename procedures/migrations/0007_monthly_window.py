"""Each month's report says which days its figures cover (`window`).

Months entered before this migration were calendar months (1st to the last day): they are
marked so and keep that meaning, whatever rule the installation uses from now on. A month
entered afterwards takes the installation's rule (`REPORTING_WINDOWS`, Decree 09/2019/NĐ-CP
windows by default).
"""

from django.db import migrations, models

import cchc_portal.figures.windows

CHOICES = [
    ("decree09", "official windows (Decree 09/2019/NĐ-CP: 15th to 14th)"),
    ("calendar", "calendar months (1st to the last day)"),
]


class Migration(migrations.Migration):
    dependencies = [("procedures", "0006_plain_text_and_count_bounds")]

    operations = [
        *[
            migrations.AddField(
                model_name=model,
                name="window",
                field=models.CharField(
                    choices=CHOICES,
                    default="calendar",
                    editable=False,
                    max_length=10,
                    verbose_name="data window",
                ),
            )
            for model in ("historicalmonthlyreport", "monthlyreport")
        ],
        *[
            migrations.AlterField(
                model_name=model,
                name="window",
                field=models.CharField(
                    choices=CHOICES,
                    default=cchc_portal.figures.windows.current_rule,
                    editable=False,
                    max_length=10,
                    verbose_name="data window",
                ),
            )
            for model in ("historicalmonthlyreport", "monthlyreport")
        ],
    ]
