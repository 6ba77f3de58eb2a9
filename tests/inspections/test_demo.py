"""The demo: the Huyền Tụng inspection of the first report, Hồng Ngự's recurring shortcomings."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from inspections.models import (
    ChecklistResult,
    Finding,
    Inspection,
    Recommendation,
    RemediationReport,
)


def load():
    call_command("load_demo", stdout=io.StringIO())


def history_counts():
    return [
        model.history.count()
        for model in (Inspection, Finding, Recommendation, RemediationReport, ChecklistResult)
    ]


@pytest.mark.django_db
def test_demo_holds_the_reports_and_loads_twice_without_change():
    load()
    inspection = Inspection.objects.get(unit__code="huyen-tung", start_on="2022-11-01")
    assert inspection.status == Inspection.Status.CONCLUDED
    assert inspection.lead.username == "kiemtra.backan"
    assert (inspection.tasks_done, inspection.tasks_total) == (23, 24)
    assert (inspection.intake_received, inspection.intake_received_online) == (764, 9)
    assert inspection.intake_online_rate == Decimal("1.18")
    assert inspection.intake_electronic == 244
    recommendations = inspection.recommendations.order_by("number")
    assert recommendations.count() == 12
    assert Counter(recommendations.values_list("status", flat=True)) == {
        "accepted": 7,
        "submitted": 2,
        "open": 3,
    }
    returned = RemediationReport.objects.get(
        recommendation__inspection=inspection, decision="returned"
    )
    assert "9/764 = 1,18 %" in returned.review_comment
    assert recommendations.overdue().count() == 5
    assert "2686/QĐ-UBND" in recommendations.get(number=10).text

    hong_ngu = Finding.objects.filter(
        inspection__unit__path__startswith=Inspection.objects.filter(unit__code="an-loc")
        .get()
        .unit.parent.path,
        shortcoming_type__isnull=False,
    )
    spread = hong_ngu.values("shortcoming_type").annotate(
        units=Count("inspection__unit", distinct=True)
    )
    assert max(row["units"] for row in spread) >= 3
    hong_ngu_recs = Recommendation.objects.filter(inspection__unit__parent__code="hong-ngu-city")
    accepted = hong_ngu_recs.filter(status="accepted").count()
    assert accepted > hong_ngu_recs.count() / 2

    before = history_counts()
    load()
    assert history_counts() == before
