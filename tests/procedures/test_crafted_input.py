"""Crafted months in the template's query string are a 400 that says why, never a 500."""

import pytest
from django.urls import reverse

from procedures import excel
from tests.procedures.test_excel import JAN, filled_template, upload


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [
        ("9999-12", "0001-01", "9999-12"),
        ("2022-01", "9999-12", "9999-12"),
        ("2022-13", "2022-01", "2022-13"),
        ("²⁰²²-01", "", "²⁰²²-01"),
        ("1999-12", "2022-01", "1999-12"),
    ],
)
def test_a_month_out_of_range_in_the_template_link_is_a_400(
    client_for, staff_user, ward, first, last, shown
):
    client = client_for(staff_user)
    client.raise_request_exception = False
    response = client.get(
        reverse("procedures:import-template", args=[ward.pk]), {"first": first, "last": last}
    )
    assert response.status_code == 400
    assert (
        f"“{shown}” không phải là một tháng: hãy viết theo dạng YYYY-MM (năm-tháng), "
        "từ 01/2000 đến 12/2100."
    ) in response.content.decode()


def test_the_template_without_months_is_still_the_next_month(client_for, staff_user, ward):
    response = client_for(staff_user).get(reverse("procedures:import-template", args=[ward.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("month", ["9999-12", "10000-01", "²⁰²²-01", "abc"])
def test_a_crafted_month_for_the_entry_page_is_a_message(client_for, staff_user, ward, month):
    response = client_for(staff_user).get(
        reverse("procedures:month-go", args=[ward.pk]), {"month": month}, follow=True
    )
    assert response.status_code == 200
    assert "Hãy chọn tháng cần nhập." in response.content.decode()


def test_a_sheet_of_a_month_before_the_portals_years_is_refused(ward):
    workbook = filled_template(ward, [JAN], {("2022-01", "land", "received_counter"): 1})
    workbook.worksheets[0].cell(3, excel.CODE_COLUMN, "1999-12")

    parsed = excel.parse_workbook(upload(workbook), unit=ward)

    assert "Cổng không lưu số liệu tháng 12/1999: các tháng bắt đầu từ 01/2000." in str(
        parsed.errors[0]
    )
    assert parsed.months == []
