"""A subtree's figures page reads its per-field numbers from the figures cache.

They are cached under the units' figures versions; every write of an intake row gives its
unit a new version in the writing transaction, so a cached number is never older than the
last write. The list of fields (names, active) is reference data and is read live.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc_portal.factories import UnitFactory
from procedures.factories import DigitalGovernmentReportFactory, intake
from procedures.models import DataFlag, DigitalGovernmentReport, IntakeReport, ProcedureField

JAN, FEB = datetime.date(2022, 1, 1), datetime.date(2022, 2, 1)
PERIOD = {"period": "custom", "first": "2022-01", "last": "2022-02", "scope": "subtree"}


@pytest.fixture
def subtree(city, ward, other_ward):
    DigitalGovernmentReportFactory(unit=ward, month=JAN, documents_total=12, documents_signed=10)
    DigitalGovernmentReportFactory(unit=other_ward, month=FEB, documents_total=3)
    intake(ward, JAN, "land", carried_over=4, received_counter=10, pending_overdue=2)
    intake(ward, FEB, "land", received_counter=6, pending_overdue=3)
    intake(other_ward, JAN, "civil-status", received_online=5)
    return city


def fields_page(client):
    response = client.get(reverse("procedures:unit-figures", args=[client.unit.pk]), PERIOD)
    assert response.status_code == 200
    return response


@pytest.fixture
def client(client_for, subtree, internal_affairs_user):
    client = client_for(internal_affairs_user)
    client.unit = subtree
    return client


def land_row(response):
    return next(row for row in response.context["fields"] if row["field"].code == "land")


def raw_reads(captured):
    tables = ("procedures_intakereport", "procedures_digitalgovernmentreport")
    return [q["sql"] for q in captured if any(table in q["sql"] for table in tables)]


def test_a_second_read_of_a_subtree_comes_from_the_cache(client):
    first = fields_page(client)
    with CaptureQueriesContext(connection) as captured:
        second = fields_page(client)

    assert raw_reads(captured.captured_queries) == []
    assert second.context["fields"] == first.context["fields"]
    land = land_row(second)
    # Carried over at the series' first month (4), pending at its last (3).
    assert (land["carried_over"], land["received_counter"], land["pending_total"]) == (4, 16, 3)
    assert '<th scope="row" class="sticky-col fw-normal">Đất đai</th>' in second.content.decode()


def test_an_intake_save_shows_at_once_after_a_cached_read(client, ward):
    fields_page(client)
    report = IntakeReport.objects.get(unit=ward, month=FEB, field__code="land")
    report.received_counter += 7
    report.pending_overdue += 7
    report.save()

    land = land_row(fields_page(client))

    assert (land["received_counter"], land["pending_total"]) == (23, 10)


def test_a_bulk_update_and_a_delete_show_at_once_after_a_cached_read(client, ward, other_ward):
    fields_page(client)
    IntakeReport.objects.filter(unit=ward, month=JAN).update(carried_over=9, pending_overdue=7)
    assert land_row(fields_page(client))["carried_over"] == 9

    IntakeReport.objects.filter(unit=other_ward).delete()
    rows = {row["field"].code: row for row in fields_page(client).context["fields"]}

    assert rows["civil-status"]["received_total"] == 0
    assert rows["civil-status"]["has_figures"] is False
    assert rows["land"]["received_share"] == 100


def test_a_new_unit_in_the_subtree_is_counted_at_once(client, city):
    fields_page(client)
    newcomer = UnitFactory(parent=city, code="ward-new", name="Phường Mới")
    intake(newcomer, FEB, "land", received_online=1)

    assert land_row(fields_page(client))["received_online"] == 1


def test_the_field_list_is_read_live_under_a_cached_read(client):
    fields_page(client)
    ProcedureField.objects.filter(code="land").update(name="Đất đai và nhà ở")

    page = fields_page(client).content.decode()

    assert '<th scope="row" class="sticky-col fw-normal">Đất đai và nhà ở</th>' in page


def signed(response):
    return (
        response.context["digital"]["documents_signed"],
        [row["digital"]["documents_signed"] for row in response.context["months"]],
    )


def test_e_government_figures_of_a_subtree_come_from_the_cache(client):
    fields_page(client)
    with CaptureQueriesContext(connection) as captured:
        response = fields_page(client)

    assert raw_reads(captured.captured_queries) == []
    assert signed(response) == (10, [10, 0])
    assert response.context["digital"]["documents_total"] == 15
    assert 'data-testid="documents-signed">10</td>' in response.content.decode()


def test_an_e_government_save_shows_at_once_after_a_cached_read(client, ward):
    fields_page(client)
    report = DigitalGovernmentReport.objects.get(unit=ward, month=JAN)
    report.documents_signed = 11
    report.save()

    response = fields_page(client)

    assert signed(response) == (11, [11, 0])
    assert 'data-testid="documents-signed">11</td>' in response.content.decode()


def test_e_government_bulk_writes_and_a_move_show_at_once_after_a_cached_read(
    client, city, ward, other_ward
):
    fields_page(client)
    DigitalGovernmentReport.objects.filter(unit=other_ward).update(documents_signed=2)
    assert signed(fields_page(client)) == (12, [10, 2])

    DigitalGovernmentReport.objects.filter(unit=ward).delete()
    assert signed(fields_page(client)) == (2, [0, 2])

    # An admin moves the February report out of the city: the city's cache must see it go.
    elsewhere = UnitFactory(code="elsewhere", name="Xã Khác")
    report = DigitalGovernmentReport.objects.get(unit=other_ward)
    report.unit = elsewhere
    report.save()
    assert signed(fields_page(client)) == (0, [0, 0])


def ward_page(client, ward):
    params = {**PERIOD, "scope": "unit"}
    response = client.get(reverse("procedures:unit-figures", args=[ward.pk]), params)
    assert response.status_code == 200
    return response


def test_a_wards_page_reads_its_numbers_from_the_cache_and_sees_each_write(client, ward):
    ward_page(client, ward)
    with CaptureQueriesContext(connection) as captured:
        response = ward_page(client, ward)
    assert raw_reads(captured.captured_queries) == []
    assert not [
        q
        for q in captured.captured_queries
        if "procedures_intakesummary" in q["sql"] and "SUM(" in q["sql"]
    ]
    assert response.context["intake"]["received_counter"] == 16

    report = IntakeReport.objects.get(unit=ward, month=JAN, field__code="land")
    report.received_counter += 1
    report.pending_overdue += 1
    report.save()
    response = ward_page(client, ward)
    assert response.context["intake"]["received_counter"] == 17
    assert [row["intake"]["received_counter"] for row in response.context["months"]] == [11, 6]
    assert land_row(response)["received_counter"] == 17


def test_an_open_flag_is_counted_and_placed_at_once_after_a_cached_read(client, ward):
    assert ward_page(client, ward).context["flag_count"] == 0
    DataFlag.objects.create(unit=ward, month=FEB, kind="missing_month", key="missing_month")

    response = ward_page(client, ward)

    assert response.context["flag_count"] == 1
    assert [row["flagged"] for row in response.context["months"]] == [False, True]
    assert '<tr class="table-warning"><th scope="row"><a' in response.content.decode()

    DataFlag.objects.filter(unit=ward).update(resolved_at=timezone.now())
    assert ward_page(client, ward).context["flag_count"] == 0


def index_row(client, unit):
    params = {"period": "custom", "first": "2022-01", "last": "2022-02"}
    response = client.get(reverse("procedures:index"), params)
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if f'data-unit="{unit.code}"' in r)
    return row, response.content.decode()


def test_the_units_list_shows_each_write_at_once_after_a_cached_read(client, ward):
    row, page = index_row(client, ward)
    assert '<td class="num">16</td>' in row and '<td class="num">—</td></tr>' in row
    assert 'data-testid="scope-received-total">21</td>' in page

    report = IntakeReport.objects.get(unit=ward, month=FEB, field__code="land")
    report.received_counter += 4
    report.pending_overdue += 4
    report.save()
    DataFlag.objects.create(unit=ward, month=FEB, kind="missing_month", key="missing_month")

    row, page = index_row(client, ward)
    assert '<td class="num">20</td>' in row
    assert (
        '<span class="flag"><i class="bi bi-exclamation-triangle" aria-hidden="true"></i> 1' in row
    )
    assert 'data-testid="scope-received-total">25</td>' in page
