"""The migrations that introduce data windows keep what existing records meant: rounds and
months entered before them stay calendar months, whatever the installation's rule now."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

D = datetime.date
BEFORE = [
    ("reports", "0003_merge_0002_plain_text_and_count_bounds_0002_version"),
    ("procedures", "0006_plain_text_and_count_bounds"),
]
AFTER = [("reports", "0005_report_area_texts"), ("procedures", "0007_monthly_window")]


def _migrate(targets):
    """Migrate reports and procedures to `targets`, every other app staying at its latest;
    the models as they were at that point."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    chosen = dict(targets)
    nodes = [(app, chosen.get(app, name)) for app, name in executor.loader.graph.leaf_nodes()]
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_earlier_rounds_and_months_keep_their_calendar_months():
    old = _migrate(BEFORE)
    Unit = old.get_model("cchc_portal", "Unit")
    city = Unit.objects.create(
        name="UBND thành phố Thử", kind="city", code="thu", path="09001.", version=1
    )
    ward = Unit.objects.create(
        name="UBND phường Một",
        kind="ward",
        code="mot",
        parent=city,
        path="09001.09002.",
        depth=1,
    )
    ReportRound = old.get_model("reports", "ReportRound")
    nine = ReportRound.objects.create(
        unit=city,
        year=2022,
        kind="nine_months",
        quarter=0,
        first_month=D(2022, 1, 1),
        last_month=D(2022, 9, 1),
        deadline=D(2022, 10, 10),
        version=1,
    )
    quarter = ReportRound.objects.create(
        unit=city,
        year=2024,
        kind="quarter",
        quarter=1,
        first_month=D(2024, 1, 1),
        last_month=D(2024, 3, 1),
        deadline=D(2024, 4, 5),
        version=1,
    )
    MonthlyReport = old.get_model("procedures", "MonthlyReport")
    october = MonthlyReport.objects.create(unit=ward, month=D(2022, 10, 1))

    new = _migrate(AFTER)
    ReportRound = new.get_model("reports", "ReportRound")
    nine = ReportRound.objects.get(pk=nine.pk)
    assert (nine.starts_on, nine.ends_on) == (D(2022, 1, 1), D(2022, 9, 30))
    quarter = ReportRound.objects.get(pk=quarter.pk)
    assert (quarter.starts_on, quarter.ends_on) == (D(2024, 1, 1), D(2024, 3, 31))
    assert new.get_model("procedures", "MonthlyReport").objects.get(pk=october.pk).window == (
        "calendar"
    )

    # Read through today's models, the same records say what they meant.
    from procedures.models import MonthlyReport as CurrentMonthlyReport
    from reports.models import ReportRound as CurrentRound

    current = CurrentRound.objects.get(pk=nine.pk)
    assert current.days_label == "01/01/2022–30/09/2022"
    assert current.window_rule == "calendar"
    assert str(CurrentMonthlyReport.objects.get(pk=october.pk).window_label) == "tháng 10/2022"
    # A month entered now takes the installation's rule (Decree 09 by default).
    november = CurrentMonthlyReport.objects.create(unit_id=ward.pk, month=D(2022, 11, 1))
    assert november.window == "decree09"
    assert str(november.window_label) == "kỳ 15/10–14/11/2022"
