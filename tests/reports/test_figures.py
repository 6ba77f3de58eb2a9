"""Generation: every figure of a report equals the portal's own figure for the same period."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc_portal.models import Unit
from procedures import selectors as procedure_selectors
from reforms import selectors as reform_selectors
from reports import figures, selectors
from reports.models import ReportRound

D = datetime.date
TODAY = D(2023, 3, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(report, ward_figures, canary_figures):
    return figures.unit_figures(report.unit, report.round, today=TODAY)


def test_plan_figures_are_the_reforms_apps_as_of_the_period_end(generated, ward_figures):
    expected = reform_selectors.plan_figures(ward_figures, as_of=D(2022, 9, 30))
    plan = generated["plan"]
    assert {key: plan[key] for key in figures.TASK_KEYS} == {
        key: expected[key] for key in figures.TASK_KEYS
    }
    assert plan["rate"] == str(expected["rate"]) == "40.00"
    assert (plan["total"], plan["done"], plan["done_late"], plan["overdue"]) == (5, 2, 1, 2)
    areas = reform_selectors.plan_area_figures(ward_figures, as_of=D(2022, 9, 30))
    assert [
        (a["code"], a["total"], a["done"], a["done_late"], a["overdue"], a["rate"])
        for a in plan["areas"]
    ] == [
        (a["area"].code, a["total"], a["done"], a["done_late"], a["overdue"], str(a["rate"]))
        for a in areas
    ]
    assert [t["title"] for t in plan["overdue_tasks"]] == [
        "Thực hiện TTHC đất đai trên phần mềm một cửa",
        "Rà soát TTHC",
    ]


def test_a_period_still_running_is_counted_as_of_today(report, ward_figures):
    generated = figures.unit_figures(report.unit, report.round, today=D(2022, 8, 15))
    assert generated["period"]["as_of"] == "2022-08-15"
    assert (generated["plan"]["done"], generated["plan"]["overdue"]) == (2, 1)


def test_intake_and_e_government_equal_the_procedures_selectors(generated, ward):
    intake = procedure_selectors.intake_summary(ward, D(2022, 1, 1), D(2022, 9, 1))
    digital = procedure_selectors.digital_summary(ward, D(2022, 1, 1), D(2022, 9, 1))
    for key, value in intake.items():
        assert generated["intake"][key] == (str(value) if isinstance(value, Decimal) else value)
    for key, value in digital.items():
        assert generated["digital"][key] == (str(value) if isinstance(value, Decimal) else value)
    assert generated["intake"]["received_total"] == 90
    assert generated["intake"]["online_rate"] == "4.44"
    assert generated["intake"]["on_time_rate"] == "94.19"
    assert generated["digital"]["documents_signed"] == 70
    assert generated["digital"]["documents_unaccounted"] == 5


def test_intake_equals_the_units_figures_page_for_the_same_period(
    generated, ward, staff_user, client_for
):
    url = reverse("procedures:unit-figures", args=[ward.pk])
    page = client_for(staff_user).get(url, {"period": "nine", "year": 2022})
    assert page.status_code == 200
    shown = page.context["intake"]
    assert {key: generated["intake"][key] for key in shown} == {
        key: str(value) if isinstance(value, Decimal) else value for key, value in shown.items()
    }
    html = page.content.decode()
    assert 'data-testid="received-total">90<' in html
    assert 'data-testid="online-rate">4,44 %<' in html


def test_fields_follow_the_official_columns(generated):
    rows = {row["code"]: row for row in generated["intake_fields"]}
    assert set(rows) == {"civil-status", "land"}
    assert (rows["civil-status"]["received_total"], rows["land"]["pending_total"]) == (63, 4)
    assert rows["land"]["resolved_late"] == 5


def test_documents_outreach_and_models_of_the_period(generated):
    assert generated["documents"]["total"] == 3
    assert generated["documents"]["by_kind"] == [
        {"kind": "plan", "count": 2},
        {"kind": "decision", "count": 1},
    ]
    assert [d["number"] for d in generated["documents"]["items"]] == [
        "01/KH-UBND",
        "02/KH-UBND",
        "03/QĐ-UBND",
    ]
    assert generated["outreach"] == {
        "activities": 3,
        "meetings_with_reform": 2,
        "participants": 75,
        "other_activities": 1,
        "meetings_held": 12,
    }
    models = generated["models"]
    assert (models["total"], models["effective"], models["not_evaluated"]) == (2, 1, 1)


def test_a_year_round_equals_the_reforms_yearly_selectors(ward, city, ward_figures):
    annual = ReportRound.objects.create(
        unit=city, year=2022, kind="annual", deadline=D(2023, 1, 10)
    )
    generated = figures.unit_figures(ward, annual, today=TODAY)
    documents = reform_selectors.documents_by_kind(ward, 2022)
    outreach = reform_selectors.outreach_summary(ward, 2022)
    assert generated["documents"]["total"] == documents["total"] == 4
    assert generated["outreach"]["meetings_with_reform"] == outreach["meetings_with_reform"] == 3
    assert generated["outreach"]["participants"] == outreach["participants"] == 115
    assert generated["outreach"]["meetings_held"] == outreach["meetings_held"] == 12


def test_inspections_of_the_period_with_remediation_status(generated):
    inspections = generated["inspections"]
    assert inspections["count"] == 1
    assert inspections["recommendations"] == {
        "total": 3,
        "accepted": 1,
        "reported": 0,
        "submitted": 0,
        "open": 2,
        "not_accepted": 2,
        "overdue": 1,
        "acceptance_rate": "33.33",
    }
    item = inspections["items"][0]
    assert (item["date"], item["notice_number"]) == ("2022-06-14", "7/TB-ĐKT")
    assert [(r["number"], r["status"], r["overdue"]) for r in item["recommendation_items"]] == [
        (1, "accepted", False),
        (2, "open", True),
        (3, "open", False),
    ]


def test_open_flags_and_months_without_figures(generated):
    flags = generated["flags"]
    assert flags["count"] == 1
    assert flags["items"][0]["month"] == "2022-01-01"
    assert flags["items"][0]["message"] == (
        "5 trong 40 văn bản có chữ ký số không thuộc văn bản gửi liên thông (20) hay gửi nội bộ (15)."
    )
    assert flags["missing_months"] == [
        {
            "unit": "Phường Một",
            "months": [
                "2022-02-01",
                "2022-03-01",
                "2022-04-01",
                "2022-06-01",
                "2022-07-01",
                "2022-08-01",
            ],
        }
    ]


def test_the_sibling_wards_figures_never_enter_the_wards_report(generated):
    assert generated["intake"]["received_total"] == 90
    assert generated["plan"]["total"] == 5
    assert generated["documents"]["total"] == 3
    assert "CANARY mô hình" not in [m["name"] for m in generated["models"]["items"]]


def test_the_figures_are_json_and_stable(generated, report):
    import json

    assert json.loads(json.dumps(generated)) == generated
    again = figures.unit_figures(report.unit, report.round, today=TODAY)
    assert again == generated


# --- the roll-up ---------------------------------------------------------------------------


def test_the_rollup_sums_the_units_owing_the_round(
    report, canary_report, ward_figures, canary_figures, ward, other_ward, other_city
):
    from procedures.factories import intake

    intake(other_city, D(2022, 2, 1), received_counter=5000)
    units = Unit.objects.filter(pk__in=[ward.pk, other_ward.pk])
    rollup = figures.rollup_figures(units, report.round, today=TODAY)
    assert rollup["units"] == 2
    assert rollup["intake"]["received_total"] == 90 + 1800
    assert rollup["intake"] == {
        key: str(value) if isinstance(value, Decimal) else value
        for key, value in procedure_selectors.intake_summary(
            units, D(2022, 1, 1), D(2022, 9, 1)
        ).items()
    }
    assert (rollup["plan"]["plans"], rollup["plan"]["total"], rollup["plan"]["done"]) == (2, 10, 7)
    assert rollup["documents"]["total"] == 4
    assert rollup["models"]["total"] == 3


def test_the_rollup_of_one_unit_equals_its_report(report, ward_figures, ward):
    unit = figures.unit_figures(ward, report.round, today=TODAY)
    rollup = figures.rollup_figures(Unit.objects.filter(pk=ward.pk), report.round, today=TODAY)
    plan_keys = (*figures.TASK_KEYS, "rate", "areas")
    assert {k: rollup["plan"][k] for k in plan_keys} == {k: unit["plan"][k] for k in plan_keys}
    for section in ("intake", "intake_fields", "digital", "outreach", "flags"):
        assert rollup[section] == unit[section], section
    assert rollup["documents"]["by_kind"] == unit["documents"]["by_kind"]
    assert rollup["inspections"]["recommendations"] == unit["inspections"]["recommendations"]


def test_round_units_are_the_owing_units_in_the_users_scope(
    report, canary_report, staff_user, internal_affairs_user
):
    assert list(selectors.round_units(internal_affairs_user, report.round).order_by("path")) == [
        report.unit,
        canary_report.unit,
    ]
    assert list(selectors.round_units(staff_user, report.round)) == [report.unit]
