"""One figure, one number: the report draft, an inspection snapshot taken at the period's end
and the reforms, procedures and inspections pages read the same definitions."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from cchc_portal.figures.formatting import format_count, format_percent
from cchc_portal.models import Unit
from inspections import selectors as inspection_selectors
from inspections import services as inspection_services
from inspections.factories import InspectionFactory
from reports import figures
from reports.models import ReportRound

D = datetime.date
TODAY = D(2023, 3, 1)
pytestmark = pytest.mark.django_db


def _testid(html, name):
    return re.search(rf'data-testid="{name}">([^<]+)<', html).group(1).strip()


def _docx_text(content):
    word = WordDocument(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture
def draft(report, ward_figures):
    return figures.unit_figures(report.unit, report.round, today=TODAY)


@pytest.fixture
def snapshot(ward, inspector_user, ward_figures):
    """An inspection of the ward started on 01/10/2022: the nine months just ended."""
    inspection = InspectionFactory(unit=ward, lead=inspector_user, start_on=D(2022, 10, 1))
    inspection_services.inspection_start(inspection=inspection, acting_user=inspector_user)
    inspection.refresh_from_db()
    return inspection


def test_the_snapshot_has_the_drafts_plan_and_intake_figures(draft, snapshot):
    plan, intake = draft["plan"], draft["intake"]
    assert (
        (
            snapshot.tasks_total,
            snapshot.tasks_done,
            snapshot.tasks_done_on_time,
            snapshot.tasks_done_late,
            snapshot.tasks_overdue,
            snapshot.tasks_cancelled,
        )
        == tuple(plan[key] for key in figures.TASK_KEYS)
        == (5, 2, 1, 1, 2, 0)
    )
    assert snapshot.task_completion_rate == Decimal(plan["rate"])
    assert (
        (
            snapshot.intake_received,
            snapshot.intake_received_online,
            snapshot.intake_resolved,
            snapshot.intake_resolved_on_time,
            snapshot.intake_total,
            snapshot.intake_electronic,
            snapshot.intake_returned_by_postal,
        )
        == (
            intake["received_total"],
            intake["received_online"],
            intake["resolved_total"],
            intake["resolved_on_time_or_early"],
            intake["total"],
            intake["processed_electronically"],
            intake["returned_by_postal"],
        )
        == (90, 4, 86, 81, 90, 37, 3)
    )
    for field, key in (
        ("intake_online_rate", "online_rate"),
        ("intake_on_time_rate", "on_time_rate"),
        ("intake_electronic_rate", "electronic_rate"),
        ("intake_postal_return_rate", "postal_return_rate"),
    ):
        assert getattr(snapshot, field) == Decimal(intake[key]), field


def test_the_procedures_page_and_the_word_draft_show_the_drafts_intake(
    client_for, staff_user, report, draft
):
    client = client_for(staff_user)
    page = client.get(
        reverse("procedures:unit-figures", args=[report.unit.pk]), {"period": "nine", "year": 2022}
    ).content.decode()
    intake = draft["intake"]
    assert _testid(page, "received-total") == format_count(intake["received_total"]) == "90"
    for testid, key in (
        ("online-rate", "online_rate"),
        ("on-time-rate", "on_time_rate"),
        ("electronic-rate", "electronic_rate"),
        ("postal-return-rate", "postal_return_rate"),
    ):
        assert _testid(page, testid) == format_percent(Decimal(intake[key])), testid
    word = client.get(reverse("reports:report-download", args=[report.pk, "docx"]))
    text = _docx_text(word.content)
    electronic = format_percent(Decimal(intake["electronic_rate"]))
    assert f"37 / 90 | {electronic}" in text
    assert f"tỷ lệ hồ sơ xử lý trên phần mềm một cửa điện tử đạt {electronic}" in text


@pytest.fixture
def annual(city):
    return ReportRound.objects.create(unit=city, year=2022, kind="annual", deadline=D(2023, 1, 10))


@pytest.mark.usefixtures("calendar_months")
def test_the_plan_page_equals_the_annual_report(client_for, staff_user, ward, annual, ward_figures):
    """Every task's deadline and completion is in 2022, so today's page and the year's
    report (as of 31/12/2022) must agree."""
    plan = figures.unit_figures(ward, annual, today=TODAY)["plan"]
    page = client_for(staff_user).get(ward_figures.get_absolute_url()).content.decode()
    assert _testid(page, "plan-progress") == f"{plan['done']}/{plan['total']}" == "3/5"
    assert _testid(page, "plan-late") == str(plan["done_late"]) == "2"
    assert _testid(page, "plan-on-time") == str(plan["done_on_time"]) == "1"
    assert _testid(page, "plan-overdue") == str(plan["overdue"]) == "2"


def test_the_drafts_recommendations_equal_the_inspection_counts(draft, ward):
    totals = draft["inspections"]["recommendations"]
    row = inspection_selectors.recommendation_states_by_unit(
        Unit.objects.filter(pk=ward.pk),
        first_day=D(2022, 1, 1),
        last_day=D(2022, 9, 30),
        today=TODAY,
    ).get()
    assert (
        (
            row.recommendations_total,
            row.recommendations_open,
            row.recommendations_reported,
            row.recommendations_accepted,
            row.recommendations_not_accepted,
            row.recommendations_overdue,
        )
        == (
            totals["total"],
            totals["open"],
            totals["reported"],
            totals["accepted"],
            totals["not_accepted"],
            totals["overdue"],
        )
        == (3, 2, 0, 1, 2, 1)
    )
    assert totals["acceptance_rate"] == "33.33"
    assert row.last_inspection_on == D(2022, 6, 14)
