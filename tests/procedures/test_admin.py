import datetime

from django.urls import reverse

from procedures.factories import DataFlagFactory, DigitalGovernmentReportFactory, intake

JAN = datetime.date(2022, 1, 1)


def test_admin_lists_every_model_of_the_figures(client_for, ward, admin_user_):
    row = intake(ward, JAN, received_counter=3)
    DigitalGovernmentReportFactory(unit=ward, month=JAN)
    DataFlagFactory(unit=ward, month=datetime.date(2022, 2, 1))
    client = client_for(admin_user_)

    for model in [
        "procedurefield",
        "intakereport",
        "digitalgovernmentreport",
        "monthlyreport",
        "dataflag",
    ]:
        assert client.get(reverse(f"admin:procedures_{model}_changelist")).status_code == 200
    change = client.get(reverse("admin:procedures_intakereport_change", args=[row.pk]))
    assert change.status_code == 200
    flags = client.get(reverse("admin:procedures_dataflag_changelist")).content.decode()
    assert "Chưa nhập số liệu tháng 02/2022, trong khi các tháng sau đã có." in flags


def test_a_field_with_figures_cannot_be_deleted_in_admin(client_for, ward, admin_user_):
    row = intake(ward, JAN, received_counter=3)

    response = client_for(admin_user_).get(
        reverse("admin:procedures_procedurefield_delete", args=[row.field_id])
    )

    assert response.status_code == 403
