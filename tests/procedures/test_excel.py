"""Excel in the official layout: export reopens with the same numbers; import is all or nothing."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from procedures import excel
from procedures.factories import MonthlyReportFactory, intake
from procedures.models import DigitalGovernmentReport, IntakeReport, MonthlyReport

JAN, FEB, NOV = datetime.date(2022, 1, 1), datetime.date(2022, 2, 1), datetime.date(2022, 11, 1)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_response(response):
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content), data_only=True)


def row_of(ws, code):
    for line in range(1, ws.max_row + 1):
        if ws.cell(line, excel.CODE_COLUMN).value == code:
            return line
    raise AssertionError(f"no row with code {code}")


def cell(ws, code, key):
    """The value in a code's row: an intake column key, or "C" for a one-value row."""
    line = row_of(ws, code)
    column = 3 if key == "C" else excel.NUMBER[key] + 2
    return ws.cell(line, column).value


def upload(workbook, name="so-lieu.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def test_export_reopens_with_the_same_numbers(client_for, reported_ward, staff_user):
    response = client_for(staff_user).get(
        reverse("procedures:unit-export", args=[reported_ward.pk]),
        {"period": "custom", "first": "2022-01", "last": "2022-10"},
    )

    workbook = open_response(response)
    assert "so-lieu-tthc-ward-one-2022-01-2022-10.xlsx" in response["Content-Disposition"]
    assert workbook.sheetnames[0] == "Tổng hợp"
    assert workbook.sheetnames[-1] == "Cảnh báo"
    assert len(workbook.sheetnames) == 12
    summary = workbook["Tổng hợp"]
    assert summary["B2"].value == "Phường Một"
    assert summary.cell(3, excel.CODE_COLUMN).value == "2022-01..2022-10"
    assert cell(summary, "total", "total") == 764
    assert cell(summary, "total", "received_online") == 9
    assert cell(summary, "total", "processed_electronically") == 244
    assert cell(summary, "total", "returned_by_postal") == 13
    assert (
        cell(summary, "total", "resolved_on_time") + cell(summary, "total", "resolved_early") == 764
    )
    assert cell(summary, "civil-status", "received_counter") == 321
    assert cell(summary, "documents_signed", "C") == 598
    assert cell(summary, "documents_interconnected", "C") == 221
    assert cell(summary, "documents_internal", "C") == 337
    assert cell(summary, "computed:documents_unaccounted", "C") == 40
    # Rates are percentage cells holding the exact fraction: 1,18 % is 0.0118.
    assert cell(summary, "computed:online_rate", "C") == 0.0118
    assert cell(summary, "computed:on_time_rate", "C") == 1
    assert cell(summary, "computed:electronic_rate", "C") == 0.3194
    october = workbook["Tháng 10-2022"]
    assert cell(october, "reported_online_rate", "C") == 0.0848
    assert cell(october, "computed:online_rate", "C") == 0.0122
    flags = workbook["Cảnh báo"]
    assert flags.max_row == 6
    assert "8,48 %" in flags["D6"].value


def test_export_cells_are_numbers_with_their_formats(client_for, reported_ward, staff_user):
    response = client_for(staff_user).get(
        reverse("procedures:unit-export", args=[reported_ward.pk]),
        {"period": "custom", "first": "2022-01", "last": "2022-10"},
    )
    summary = open_response(response)["Tổng hợp"]

    def format_of(code, column=3):
        return summary.cell(row_of(summary, code), column).number_format

    assert format_of("computed:online_rate") == "0.00%"
    assert format_of("computed:account_share") == "0.00%"
    assert format_of("documents_signed") == "#,##0"
    assert format_of("total", excel.NUMBER["received_online"] + 2) == "#,##0"
    assert type(cell(summary, "total", "total")) is int
    for row in summary.iter_rows(min_row=excel.FIRST_FIELD_ROW, min_col=3):
        for item in row[: excel.CODE_COLUMN - 3]:
            assert not isinstance(item.value, str), item.coordinate


def test_an_exported_months_reported_rate_imports_back_unchanged(client_for, ward, staff_user):
    intake(ward, JAN, "land", received_counter=5, resolved_on_time=5)
    MonthlyReportFactory(unit=ward, month=JAN, reported_online_rate=Decimal("8.48"))
    client = client_for(staff_user)
    exported = client.get(
        reverse("procedures:unit-export", args=[ward.pk]),
        {"period": "month", "year": 2022, "month": 1},
    ).content
    january = load_workbook(io.BytesIO(exported))["Tháng 01-2022"]
    rate = january.cell(row_of(january, "reported_online_rate"), 3)
    assert (rate.value, rate.number_format) == (0.0848, "0.00%")

    parsed = excel.parse_workbook(
        SimpleUploadedFile("x.xlsx", exported, content_type=XLSX), unit=ward
    )

    assert str(parsed.months[0]["header"]["reported_online_rate"]) == "8.48"


def test_export_of_a_subtree_sums_its_units(
    client_for, city, ward, other_ward, internal_affairs_user
):
    intake(ward, JAN, received_counter=4)
    intake(other_ward, JAN, received_counter=6)

    response = client_for(internal_affairs_user).get(
        reverse("procedures:unit-export", args=[city.pk]), {"scope": "subtree"}
    )

    summary = open_response(response)["Tổng hợp"]
    assert summary["B2"].value == "Thành phố Thử và các đơn vị trực thuộc"
    assert summary.cell(4, excel.CODE_COLUMN).value == "subtree"
    assert cell(summary, "total", "received_counter") == 10


def test_an_exported_month_imports_back_unchanged(client_for, ward, staff_user):
    intake(
        ward,
        JAN,
        "land",
        received_counter=5,
        resolved_on_time=3,
        pending_overdue=2,
        processed_electronically=4,
    )
    client = client_for(staff_user)
    exported = client.get(
        reverse("procedures:unit-export", args=[ward.pk]),
        {"period": "month", "year": 2022, "month": 1},
    ).content
    IntakeReport.objects.filter(unit=ward).update(received_counter=9, resolved_on_time=7)

    response = client.post(
        reverse("procedures:unit-import", args=[ward.pk]),
        {
            "file": SimpleUploadedFile("x.xlsx", exported, content_type=XLSX),
            "replace_existing": "on",
        },
    )

    assert response.status_code == 302
    land = IntakeReport.objects.get(unit=ward, month=JAN, field__code="land")
    assert (land.received_counter, land.resolved_on_time, land.pending_overdue) == (5, 3, 2)
    assert land.processed_electronically == 4


def test_the_template_has_a_sheet_per_month_with_last_months_pending(client_for, ward, staff_user):
    intake(ward, datetime.date(2021, 12, 1), "land", received_counter=3, pending_within_deadline=3)

    response = client_for(staff_user).get(
        reverse("procedures:import-template", args=[ward.pk]),
        {"first": "2022-01", "last": "2022-03"},
    )

    workbook = open_response(response)
    assert workbook.sheetnames == ["Tháng 01-2022", "Tháng 02-2022", "Tháng 03-2022"]
    january = workbook["Tháng 01-2022"]
    assert january.cell(3, excel.CODE_COLUMN).value == "2022-01"
    assert cell(january, "land", "carried_over") == 3
    assert cell(january, "civil-status", "received_online") is None
    formulas = load_workbook(io.BytesIO(response.content))["Tháng 01-2022"]
    line = row_of(formulas, "land")
    assert formulas.cell(line, 3).value == f"=D{line}+E{line}+F{line}+G{line}"


def filled_template(unit, months, values):
    """The portal's own template for `months`, with `values` {(month code, code, key): value}."""
    workbook = excel.template_workbook(unit=unit, first=months[0], last=months[-1])
    for (month, code, key), value in values.items():
        ws = next(ws for ws in workbook.worksheets if ws.cell(3, excel.CODE_COLUMN).value == month)
        line = row_of(ws, code)
        ws.cell(line, 3 if key == "C" else excel.NUMBER[key] + 2, value)
    return workbook


def test_import_saves_the_months_of_a_filled_template(client_for, ward, staff_user):
    workbook = filled_template(
        ward,
        [JAN, FEB],
        {
            ("2022-01", "civil-status", "received_online"): 2,
            ("2022-01", "civil-status", "received_counter"): 18,
            ("2022-01", "civil-status", "resolved_on_time"): 20,
            ("2022-01", "documents_total", "C"): 30,
            ("2022-01", "documents_signed", "C"): 25,
            ("2022-01", "documents_interconnected", "C"): 10,
            ("2022-01", "documents_internal", "C"): 15,
            ("2022-01", "reported_online_rate", "C"): "12,5",
            ("2022-02", "land", "received_counter"): "1.200",
            ("2022-02", "land", "resolved_on_time"): 1200,
        },
    )

    response = client_for(staff_user).post(
        reverse("procedures:unit-import", args=[ward.pk]), {"file": upload(workbook)}, follow=True
    )

    assert "Đã nhập 2 tháng: 01/2022, 02/2022." in response.content.decode()
    assert IntakeReport.objects.filter(unit=ward, month=JAN).count() == 12
    assert (
        IntakeReport.objects.get(unit=ward, month=FEB, field__code="land").received_counter == 1200
    )
    assert DigitalGovernmentReport.objects.get(unit=ward, month=JAN).documents_signed == 25
    report = MonthlyReport.objects.get(unit=ward, month=JAN)
    assert str(report.reported_online_rate) == "12.50"
    assert report.submitted_by == staff_user


def test_import_errors_name_sheet_row_and_column_and_save_nothing(client_for, ward, staff_user):
    workbook = filled_template(
        ward,
        [JAN, FEB],
        {
            ("2022-01", "civil-status", "received_counter"): 10,
            ("2022-01", "civil-status", "resolved_on_time"): 9,
            ("2022-01", "land", "received_online"): "ba",
            ("2022-01", "land", "received_counter"): -2,
            ("2022-02", "certification", "received_counter"): 3,
            ("2022-02", "certification", "resolved_on_time"): 3,
            ("2022-02", "certification", "returned_by_postal"): 4,
            ("2022-02", "documents_signed", "C"): 5,
        },
    )
    january, february = workbook.worksheets
    civil, land = row_of(january, "civil-status"), row_of(january, "land")
    certification, signed = row_of(february, "certification"), row_of(february, "documents_signed")

    response = client_for(staff_user).post(
        reverse("procedures:unit-import", args=[ward.pk]), {"file": upload(workbook)}
    )

    errors = [str(error) for error in response.context["errors"]]
    assert errors == [
        f"trang “Tháng 01-2022”, dòng {land}, cột E (Đất đai · Tiếp nhận trực tuyến): “ba” không phải số "
        "nguyên từ 0 trở lên.",
        f"trang “Tháng 01-2022”, dòng {land}, cột F (Đất đai · Tiếp nhận trực tiếp): “-2” không phải số "
        "nguyên từ 0 trở lên.",
        f"trang “Tháng 01-2022”, dòng {civil} (Tư pháp – Hộ tịch): Kỳ trước chuyển qua + mới "
        "tiếp nhận phải bằng đã giải quyết + đang giải quyết. (10 ≠ 9)",
        f"trang “Tháng 02-2022”, dòng {certification}, cột P (Chứng thực · Trả kết quả qua dịch "
        "vụ bưu chính công ích): Số hồ sơ trả kết quả qua bưu chính công ích không được lớn hơn "
        "số hồ sơ đã giải quyết. (4 > 3)",
        f"trang “Tháng 02-2022”, dòng {signed}, cột C (Văn bản đi có chữ ký số): Số văn bản có "
        "chữ ký số không được lớn hơn tổng số văn bản đi. (5 > 0)",
    ]
    page = response.content.decode()
    assert "Chưa lưu gì: có 5 lỗi cần sửa." in page
    assert not IntakeReport.objects.exists()
    assert not MonthlyReport.objects.exists()


def test_import_refuses_another_units_file(client_for, ward, other_ward, staff_user):
    workbook = filled_template(other_ward, [JAN], {})

    response = client_for(staff_user).post(
        reverse("procedures:unit-import", args=[ward.pk]), {"file": upload(workbook)}
    )

    (error,) = response.context["errors"]
    assert "đơn vị có mã “ward-two”, không phải của Phường Một (mã “ward-one”)" in str(error)


def test_import_refuses_a_file_that_is_not_a_workbook(client_for, ward, staff_user):
    fake = SimpleUploadedFile("bao-cao.xlsx", b"not a zip", content_type=XLSX)

    response = client_for(staff_user).post(
        reverse("procedures:unit-import", args=[ward.pk]), {"file": fake}
    )

    assert response.context["errors"] == []
    assert response.context["form"].errors["file"] == [
        "Tệp “bao-cao.xlsx” không phải là tệp .xlsx thật: nội dung của tệp không khớp với phần mở rộng."
    ]


def test_import_refuses_a_workbook_without_month_sheets(client_for, ward, staff_user):
    response = client_for(staff_user).post(
        reverse("procedures:unit-import", args=[ward.pk]), {"file": upload(Workbook())}
    )

    assert "Tệp không có trang số liệu tháng nào theo mẫu của cổng" in str(
        response.context["errors"][0]
    )


def test_import_does_not_overwrite_a_month_unless_asked(client_for, ward, staff_user):
    intake(ward, JAN, received_counter=7)
    workbook = filled_template(ward, [JAN], {("2022-01", "land", "received_counter"): 0})
    url = reverse("procedures:unit-import", args=[ward.pk])
    client = client_for(staff_user)

    response = client.post(url, {"file": upload(workbook)})

    assert "Tháng 01/2022 đã có số liệu." in response.content.decode()
    assert IntakeReport.objects.get(unit=ward, field__code="civil-status").received_counter == 7


def test_empty_month_sheets_are_skipped(ward):
    workbook = filled_template(
        ward,
        [JAN, FEB],
        {
            ("2022-01", "land", "received_counter"): 1,
            ("2022-01", "land", "resolved_on_time"): 1,
        },
    )

    parsed = excel.parse_workbook(upload(workbook), unit=ward)

    assert parsed.errors == []
    assert [m["month"] for m in parsed.months] == [JAN]
    assert parsed.skipped == ["Tháng 02-2022"]


def test_a_future_month_sheet_is_refused(ward):
    workbook = filled_template(ward, [JAN], {("2022-01", "land", "received_counter"): 1})
    workbook.worksheets[0].cell(3, excel.CODE_COLUMN, "2999-01")

    parsed = excel.parse_workbook(upload(workbook), unit=ward)

    assert "Chưa thể nhập số liệu tháng 01/2999" in str(parsed.errors[0])
    assert parsed.months == []


def test_a_rate_formatted_as_percent_in_excel_is_read_as_percent(ward):
    workbook = filled_template(
        ward,
        [JAN],
        {
            ("2022-01", "land", "received_counter"): 1,
            ("2022-01", "land", "resolved_on_time"): 1,
            ("2022-01", "reported_online_rate", "C"): 0.0848,
        },
    )
    ws = workbook.worksheets[0]
    ws.cell(row_of(ws, "reported_online_rate"), 3).number_format = "0.00%"

    parsed = excel.parse_workbook(upload(workbook), unit=ward)

    assert str(parsed.months[0]["header"]["reported_online_rate"]) == "8.48"
