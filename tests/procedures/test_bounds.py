"""Monthly counts a unit could not reach are refused: entry page, Excel import and admin."""

import datetime

from django.urls import reverse

from procedures.factories import intake
from procedures.models import IntakeReport
from tests.procedures.test_excel import JAN, filled_template, upload
from tests.procedures.test_views import edit_url, entry_data

MARCH = datetime.date(2022, 3, 1)


def test_the_entry_page_refuses_a_count_above_a_million(client_for, ward, staff_user):
    rows = {"land": {"received_counter": 1_000_001, "resolved_on_time": 1_000_001}}
    response = client_for(staff_user).post(edit_url(ward, MARCH), entry_data(rows))
    assert response.status_code == 200
    assert "Nhập số không quá 1000000." in response.content.decode()
    assert not IntakeReport.objects.filter(unit=ward, month=MARCH).exists()


def test_the_import_refuses_five_million_dossiers(client_for, ward, staff_user):
    workbook = filled_template(
        ward,
        [JAN],
        {
            ("2022-01", "land", "received_counter"): 5_000_000,
            ("2022-01", "land", "resolved_on_time"): 5_000_000,
        },
    )
    response = client_for(staff_user).post(
        reverse("procedures:unit-import", args=[ward.pk]), {"file": upload(workbook)}
    )
    assert response.status_code == 200
    assert "Nhập số không quá 1000000." in response.content.decode()
    assert not IntakeReport.objects.filter(unit=ward).exists()


def test_the_model_refuses_it_too_so_the_admin_does(client, admin_user_, ward):
    row = intake(ward, JAN, "land", received_counter=3, resolved_on_time=3)
    client.force_login(admin_user_)
    page = reverse("admin:procedures_intakereport_change", args=[row.pk])
    form = client.get(page).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {"unit": ward.pk, "field": row.field_id, "month": "2022-01-01"}
        | {"received_counter": 10**15, "resolved_on_time": 10**15}
    )
    response = client.post(page, {k: v for k, v in data.items() if not hasattr(v, "pk")})
    assert response.status_code == 200
    assert (
        "1.000.000.000.000.000 vượt quá mức mà bất kỳ đơn vị nào có thể có (tối đa 1.000.000)"
        in response.content.decode()
    )
    row.refresh_from_db()
    assert row.received_counter == 3
