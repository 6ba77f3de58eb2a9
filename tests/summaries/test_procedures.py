"""The intake summary equals a fresh aggregate of the raw rows after every kind of write."""

import datetime
import importlib
import random

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from cchc_portal import demo as portal_demo
from cchc_portal import summaries
from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from procedures import demo, scale, selectors, services
from procedures import summaries as procedure_summaries
from procedures.factories import DataFlagFactory, intake
from procedures.models import (
    CLOSING_STOCK_COLUMNS,
    FLOW_COLUMNS,
    INTAKE_COLUMNS,
    OPENING_STOCK_COLUMNS,
    IntakeReport,
    IntakeSummary,
    ProcedureField,
)
from tests.procedures.test_excel import filled_template, upload
from tests.procedures.test_views import edit_url, entry_data

JAN, FEB, MAR, APR = (datetime.date(2022, m, 1) for m in (1, 2, 3, 4))
NOV = datetime.date(2022, 11, 1)
HEADER = dict.fromkeys(services.HEADER_FIELDS) | {"note": ""}


@pytest.fixture
def reported_ward(ward, staff_user):
    """Huyền Tụng's January–October 2022 in the ward, as the demo enters it."""
    demo.load_unit(ward, demo.huyen_tung_intake(), demo.huyen_tung_documents(), user=staff_user)
    return ward


def assert_exact():
    assert procedure_summaries.verify_intake() == []
    assert summaries.verify_all() == {}


def summary_of(unit, month):
    """The unit's summary rows of a month: [(previous, next, count, received_counter)]."""
    return sorted(
        IntakeSummary.objects.filter(unit=unit, month=month).values_list(
            "previous_month", "next_month", "report_count", "received_counter"
        ),
        key=repr,
    )


def test_a_save_rebuilds_the_units_rows_grouping_consecutive_fields(ward):
    intake(ward, JAN, "land", received_counter=3, pending_within_deadline=3)
    intake(ward, JAN, "civil-status", received_counter=5)
    intake(ward, FEB, "land", carried_over=3, received_counter=1)
    intake(ward, MAR, "civil-status", received_counter=7)

    assert_exact()
    # January: land continues in February, civil status only in March (a gap): two rows.
    assert summary_of(ward, JAN) == [(None, FEB, 1, 3), (None, MAR, 1, 5)]
    assert summary_of(ward, FEB) == [(JAN, None, 1, 1)]
    assert summary_of(ward, MAR) == [(JAN, None, 1, 7)]


def test_the_monthly_form_through_the_view(client_for, reported_ward, staff_user):
    data = entry_data(
        rows={"civil-status": {"received_counter": 30, "resolved_on_time": 30}},
        digital={"officials_in_post": 12, "officials_with_account": 12},
    )

    response = client_for(staff_user).post(edit_url(reported_ward, NOV), data)

    assert response.status_code == 302
    assert_exact()
    row = IntakeSummary.objects.get(unit=reported_ward, month=NOV)
    assert (row.report_count, row.received_counter, row.previous_month, row.next_month) == (
        12,
        30,
        datetime.date(2022, 10, 1),
        None,
    )
    assert selectors.intake_summary(reported_ward, JAN, NOV)["received_total"] == 794


def test_the_excel_import_through_the_view(client_for, ward, staff_user):
    workbook = filled_template(
        ward,
        [JAN, FEB],
        {
            ("2022-01", "land", "received_counter"): 5,
            ("2022-01", "land", "pending_within_deadline"): 5,
            ("2022-02", "land", "carried_over"): 5,
            ("2022-02", "land", "resolved_on_time"): 5,
        },
    )

    response = client_for(staff_user).post(
        reverse("procedures:unit-import", args=[ward.pk]), {"file": upload(workbook)}
    )

    assert response.status_code == 302
    assert_exact()
    figures = selectors.intake_summary(ward, JAN, FEB)
    assert (figures["carried_over"], figures["received_total"], figures["pending_total"]) == (
        0,
        5,
        0,
    )
    assert IntakeSummary.objects.get(unit=ward, month=FEB).report_count == 12


def test_services_rebuild_each_unit_once(ward, staff_user, monkeypatch):
    calls = []
    rebuild = procedure_summaries.rebuild_intake
    monkeypatch.setattr(
        summaries.registered()[procedure_summaries.INTAKE],
        "rebuild",
        lambda unit_ids: calls.append(unit_ids) or rebuild(unit_ids),
    )
    land = ProcedureField.objects.get(code="land")
    months = [
        {
            "month": month,
            "rows": {land: {"received_counter": 2, "resolved_on_time": 2}},
            "digital": dict.fromkeys(("officials_in_post", "officials_with_account"), 0),
            "header": HEADER,
        }
        for month in (JAN, FEB, MAR)
    ]

    services.months_import(unit=ward, months=months, replace_existing=False, acting_user=staff_user)

    assert calls == [[ward.pk]]
    assert_exact()
    assert selectors.intake_summary(ward, JAN, MAR)["received_total"] == 6

    calls.clear()
    services.month_save(
        unit=ward,
        month=FEB,
        rows={land: {"received_counter": 9, "resolved_on_time": 9}},
        digital={},
        header=HEADER,
        version=1,
        acting_user=staff_user,
    )

    assert calls == [[ward.pk]]
    assert_exact()
    assert selectors.intake_summary(ward, JAN, MAR)["received_total"] == 13


def test_flags_refresh_reads_a_fresh_summary_inside_a_batch(ward):
    intake(ward, JAN, received_counter=1)
    with transaction.atomic(), summaries.batch():
        # March without February: the missing-month check reads the summary.
        intake(ward, MAR, received_counter=1)
        services.flags_refresh(unit=ward)

    assert_exact()
    assert selectors.open_flag_counts_by_unit(ward, JAN, MAR) == {ward.pk: 1}


def test_admin_change_and_delete(client_for, ward, other_ward, admin_user_):
    row = intake(ward, JAN, "land", received_counter=4)
    intake(ward, FEB, "land", received_counter=6)
    client = client_for(admin_user_)
    change = reverse("admin:procedures_intakereport_change", args=[row.pk])
    form = client.get(change).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(unit=other_ward.pk, month="01/03/2022", received_counter=5, resolved_on_time=5)
    data = {k: "" if v is None else v for k, v in data.items()}

    response = client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_exact()
    assert summary_of(ward, JAN) == []
    assert summary_of(ward, FEB) == [(None, None, 1, 6)]
    assert summary_of(other_ward, MAR) == [(None, None, 1, 5)]

    delete = reverse("admin:procedures_intakereport_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert_exact()
    assert IntakeSummary.objects.filter(unit=other_ward).count() == 0


def test_admin_bulk_delete_action(client_for, ward, admin_user_):
    rows = [intake(ward, month, "land", received_counter=1) for month in (JAN, FEB, MAR)]

    response = client_for(admin_user_).post(
        reverse("admin:procedures_intakereport_changelist"),
        {"action": "delete_selected", "_selected_action": [rows[1].pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert_exact()
    assert summary_of(ward, JAN) == [(None, MAR, 1, 1)]


def test_the_summary_is_read_only_in_admin(client_for, ward, admin_user_):
    intake(ward, JAN, received_counter=3)
    client = client_for(admin_user_)
    row = IntakeSummary.objects.get(unit=ward)

    listing = client.get(reverse("admin:procedures_intakesummary_changelist"))

    assert listing.status_code == 200
    assert "Phường Một" in listing.content.decode()
    assert client.get(reverse("admin:procedures_intakesummary_add")).status_code == 403
    delete = reverse("admin:procedures_intakesummary_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert IntakeSummary.objects.filter(pk=row.pk).exists()


def test_model_delete(ward):
    intake(ward, JAN, "land", received_counter=1)
    middle = intake(ward, FEB, "land", received_counter=2)
    intake(ward, MAR, "land", received_counter=3)

    middle.delete()

    assert_exact()
    assert summary_of(ward, JAN) == [(None, MAR, 1, 1)]


def test_queryset_update_and_delete(ward, other_ward):
    for month in (JAN, FEB, MAR):
        intake(ward, month, "land", received_counter=1, resolved_on_time=1)

    IntakeReport.objects.filter(unit=ward, month=FEB).update(received_counter=4, resolved_on_time=4)
    assert_exact()
    assert summary_of(ward, FEB) == [(JAN, MAR, 1, 4)]

    # The update takes the rows out of its own filter: the new unit is rebuilt all the same.
    IntakeReport.objects.filter(unit=ward, month=MAR).update(unit=other_ward)
    assert_exact()
    assert summary_of(other_ward, MAR) == [(None, None, 1, 1)]
    assert summary_of(ward, FEB) == [(JAN, None, 1, 4)]

    IntakeReport.objects.filter(unit=ward).delete()
    assert_exact()
    assert IntakeSummary.objects.filter(unit=ward).count() == 0


def test_bulk_create_and_bulk_update(ward, other_ward):
    land = ProcedureField.objects.get(code="land")
    created = IntakeReport.objects.bulk_create(
        [
            IntakeReport(unit=unit, field=land, month=month, received_counter=2, resolved_on_time=2)
            for unit in (ward, other_ward)
            for month in (JAN, FEB)
        ]
    )
    assert_exact()
    assert summary_of(other_ward, FEB) == [(JAN, None, 1, 2)]

    for row in created:
        row.received_counter = row.resolved_on_time = 7
    IntakeReport.objects.bulk_update(created, ["received_counter", "resolved_on_time"])

    assert_exact()
    assert selectors.intake_summary(ward.parent.subtree(), JAN, FEB)["received_total"] == 28


def test_an_exception_rolls_the_summary_back(ward):
    intake(ward, JAN, received_counter=1)

    with pytest.raises(RuntimeError), transaction.atomic():
        intake(ward, FEB, received_counter=5)
        assert IntakeSummary.objects.filter(unit=ward, month=FEB).exists()
        raise RuntimeError

    assert_exact()
    assert summary_of(ward, JAN) == [(None, None, 1, 1)]
    assert not IntakeSummary.objects.filter(unit=ward, month=FEB).exists()


def test_cascades_a_unit_or_field_with_figures_is_protected(ward, other_ward):
    row = intake(ward, JAN, "land", received_counter=1)
    empty = UnitFactory(parent=ward.parent, code="empty")
    DataFlagFactory(unit=empty, month=JAN)

    with pytest.raises(ProtectedError):
        Unit.objects.filter(pk=ward.pk).delete()
    with pytest.raises(ProtectedError):
        row.field.delete()
    empty.delete()

    assert_exact()
    assert summary_of(ward, JAN) == [(None, None, 1, 1)]


def test_the_demo_load(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    portal_demo.load()

    demo.load()

    assert_exact()
    huyen_tung = Unit.objects.get(code="huyen-tung")
    # Every field of every month continues alike: one row per month, 12 fields each.
    assert IntakeSummary.objects.filter(unit=huyen_tung).count() == 10
    assert {row.report_count for row in IntakeSummary.objects.filter(unit=huyen_tung)} == {12}
    assert selectors.intake_summary(huyen_tung, JAN, datetime.date(2022, 10, 1))[
        "received_total"
    ] == (764)


def test_the_scale_generator(ward, other_ward, django_assert_max_num_queries):
    with django_assert_max_num_queries(200):
        scale.generate(units=[ward, other_ward], years=[2021, 2022], rng=random.Random(1))

    assert_exact()
    assert IntakeSummary.objects.filter(unit=ward).count() == 24
    assert IntakeReport.objects.filter(unit=ward).count() == 24 * 12


def test_the_migration_fills_the_summary_of_existing_rows(ward):
    intake(ward, JAN, "land", received_counter=2)
    intake(ward, MAR, "land", received_counter=3)
    IntakeSummary.objects.all().delete()
    migration = importlib.import_module("procedures.migrations.0005_fill_intake_summary")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.fill(apps, editor)

    assert_exact()
    assert summary_of(ward, MAR) == [(JAN, None, 1, 3)]


def test_rebuild_all_and_verify_spot_a_stale_row(ward, other_ward):
    intake(ward, JAN, received_counter=2)
    intake(other_ward, JAN, received_counter=3)
    IntakeSummary.objects.filter(unit=ward).update(received_counter=99)

    assert len(procedure_summaries.verify_intake()) == 1
    assert procedure_summaries.verify_intake([other_ward.pk]) == []

    summaries.rebuild_all([procedure_summaries.INTAKE])

    assert_exact()
    assert summary_of(ward, JAN) == [(None, None, 1, 2)]


# --- the summary's period figures equal the raw rows' definition ----------------------------


def raw_period_figures(rows, first, last):
    """The definition from the raw rows, in Python: flows summed over the period's months,
    opening stocks at each (unit, field) series' first month of the period, closing at its
    last."""
    totals = dict.fromkeys(INTAKE_COLUMNS, 0)
    series = {}
    for row in rows:
        if first <= row.month <= last:
            series.setdefault((row.unit_id, row.field_id), []).append(row)
    for reports in series.values():
        reports.sort(key=lambda r: r.month)
        for report in reports:
            for column in FLOW_COLUMNS:
                totals[column] += getattr(report, column)
        for column in OPENING_STOCK_COLUMNS:
            totals[column] += getattr(reports[0], column)
        for column in CLOSING_STOCK_COLUMNS:
            totals[column] += getattr(reports[-1], column)
    return totals


def test_period_figures_with_gaps_equal_the_raw_definition_for_random_periods(city, ward):
    rng = random.Random(12)
    other = UnitFactory(parent=city, code="gappy")
    codes = ["land", "civil-status", "certification"]
    months = [datetime.date(2021 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 19)]
    for unit in (ward, other):
        for code in codes:
            for month in months:
                if rng.random() < 0.35:  # a field missing some months
                    continue
                carried = rng.randint(0, 5)
                pending = rng.randint(0, carried + 3)
                intake(
                    unit,
                    month,
                    code,
                    carried_over=carried,
                    received_online=rng.randint(0, 3),
                    received_counter=pending + rng.randint(0, 4),
                    pending_within_deadline=pending,
                    pending_overdue=0,
                )
    assert_exact()
    rows = list(IntakeReport.objects.all())
    assert IntakeSummary.objects.count() > len({(r.unit_id, r.month) for r in rows})

    for _ in range(40):
        first, last = sorted(rng.sample(months, 2)) if rng.random() < 0.8 else [months[5]] * 2
        expected = raw_period_figures(rows, first, last)
        figures = selectors.intake_summary(city.subtree(), first, last)
        assert {c: figures[c] for c in INTAKE_COLUMNS} == expected, (first, last)
        by_unit = selectors.intake_figures_by_unit(city.subtree(), first, last)
        for unit in (ward, other):
            mine = raw_period_figures([r for r in rows if r.unit_id == unit.pk], first, last)
            mine_received = sum(mine[c] for c in ("received_online", "received_counter"))
            assert by_unit[unit.pk]["total"] == mine["carried_over"] + mine_received
            annotated = selectors.intake_by_unit(unit, first, last).get()
            assert annotated.total == by_unit[unit.pk]["total"]
        for row in selectors.intake_by_field(city.subtree(), first, last):
            mine = raw_period_figures(
                [r for r in rows if r.field_id == row["field"].pk], first, last
            )
            assert {c: row[c] for c in INTAKE_COLUMNS} == mine, (row["field"].code, first, last)
