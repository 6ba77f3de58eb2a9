"""Excel: the template, importing a plan's tasks (row errors, all or nothing), the export."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from reforms.factories import ReformPlanFactory
from reforms.models import ReformTask

D = datetime.date
HEADINGS = ["STT", "Lĩnh vực CCHC", "Nhiệm vụ", "Sản phẩm dự kiến", "Người chủ trì", "Thời hạn"]
PROCEDURES = "Cải cách thủ tục hành chính"
DIGITAL = "Xây dựng chính quyền điện tử, chính quyền số"


def xlsx(rows, headings=HEADINGS, name="nhiem-vu.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def import_url(plan):
    return reverse("reforms:plan-import", args=[plan.pk])


GOOD_ROWS = [
    ["1", PROCEDURES, "Cải cách thủ tục hành chính", "", "Công chức Tư pháp", None],
    ["1.1", "", "Công khai TTHC", "Bảng niêm yết", "Công chức Văn phòng", D(2023, 3, 31)],
    ["1.2", "", "Rà soát TTHC", "Báo cáo", "Công chức Tư pháp", "30/06/2023"],
    [2, DIGITAL, "Chính quyền điện tử", "", "", None],
    [2.1, "", "Ký số văn bản đi", "", "", "31/12/2023"],
]


def test_a_valid_sheet_imports_every_task(client_for, staff_user, ward):
    plan = ReformPlanFactory(unit=ward, year=2023)
    response = client_for(staff_user).post(import_url(plan), {"file": xlsx(GOOD_ROWS)})
    assert response.status_code == 302
    tasks = {t.title: t for t in plan.tasks.select_related("parent", "area")}
    assert len(tasks) == 5
    assert tasks["Công khai TTHC"].parent == tasks["Cải cách thủ tục hành chính"]
    assert tasks["Công khai TTHC"].deadline == D(2023, 3, 31)
    assert tasks["Rà soát TTHC"].deadline == D(2023, 6, 30)
    assert tasks["Ký số văn bản đi"].area.code == "digital-government"
    assert tasks["Ký số văn bản đi"].parent.title == "Chính quyền điện tử"
    assert [t.position for t in plan.tasks.filter(parent__isnull=False).order_by("pk")] == [1, 2, 1]


def test_row_errors_are_listed_and_nothing_is_saved(client_for, staff_user, ward):
    plan = ReformPlanFactory(unit=ward, year=2023)
    rows = [
        ["1", PROCEDURES, "Cải cách thủ tục hành chính", "", "", None],
        ["1.1", "", "Công khai TTHC", "", "", D(2023, 3, 31)],
        ["1.1", "", "Trùng số", "", "", D(2023, 3, 31)],
        ["2", "Lĩnh vực lạ", "Nhiệm vụ chung lạ", "", "", None],
        ["3.1", "", "Không có nhiệm vụ chung", "", "", D(2023, 5, 1)],
        ["1.2", "", "", "", "", "31/02/2023"],
        ["1.3", "", "Không có hạn", "", "", None],
        ["1.4", "", "Hạn sai năm", "", "", D(2032, 1, 1)],
        ["a", "", "Số lạ", "", "", D(2023, 1, 1)],
    ]
    response = client_for(staff_user).post(import_url(plan), {"file": xlsx(rows)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa nhập nhiệm vụ nào: có 9 lỗi cần sửa." in html
    for message in [
        "Dòng 4: STT 1.1 bị trùng.",
        "Dòng 5: Lĩnh vực “Lĩnh vực lạ” không có trong danh mục.",
        "Dòng 6: Nhiệm vụ chung 3 phải đứng trước nhiệm vụ cụ thể 3.1.",
        "Dòng 7: Chưa nhập nội dung nhiệm vụ.",
        "Dòng 7: Thời hạn “31/02/2023” không phải là ngày (dd/mm/yyyy).",
        "Dòng 8: Nhiệm vụ cụ thể phải có thời hạn.",
        "Dòng 9: Thời hạn 01/01/2032 không nằm trong khoảng năm 2022 – 2024.",
        "Dòng 10: STT “a” không có dạng 1, 2... (nhiệm vụ chung) hoặc 1.1, 1.2... (nhiệm vụ cụ thể).",
    ]:
        assert message in html, message
    assert plan.tasks.count() == 0


def test_a_file_that_is_not_the_template_is_refused(client_for, staff_user, ward):
    plan = ReformPlanFactory(unit=ward, year=2023)
    client = client_for(staff_user)
    response = client.post(import_url(plan), {"file": xlsx(GOOD_ROWS, headings=["A", "B"])})
    assert "Dòng đầu tiên phải là tiêu đề các cột của tệp mẫu" in response.content.decode()
    broken = SimpleUploadedFile("hong.xlsx", b"not a zip file")
    response = client.post(import_url(plan), {"file": broken})
    assert (
        "Tệp “hong.xlsx” không phải là tệp .xlsx thật: nội dung của tệp không khớp với phần mở rộng."
        in response.content.decode()
    )
    response = client.post(import_url(plan), {"file": SimpleUploadedFile("ke-hoach.docx", b"x")})
    assert "Hãy tải lên tệp Excel (.xlsx)" in response.content.decode()
    assert plan.tasks.count() == 0


def test_import_into_a_plan_with_tasks_is_refused(client_for, staff_user, plan):
    response = client_for(staff_user).post(import_url(plan), {"file": xlsx(GOOD_ROWS)})
    assert "Kế hoạch này đã có nhiệm vụ." in response.content.decode()
    assert plan.tasks.count() == 4


def test_import_is_for_the_units_staff_only(client_for, inspector_user, other_staff_user, plan):
    assert client_for(inspector_user).get(import_url(plan)).status_code == 403
    assert client_for(other_staff_user).get(import_url(plan)).status_code == 404


def test_the_template_has_the_headings_and_the_area_list(client_for, inspector_user):
    response = client_for(inspector_user).get(reverse("reforms:plan-import-template"))
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Nhiệm vụ", "Danh mục", "Hướng dẫn"]
    assert [c.value for c in workbook["Nhiệm vụ"][1]] == HEADINGS
    areas = [row[0].value for row in workbook["Danh mục"].iter_rows(min_row=2)]
    assert len(areas) == 7 and PROCEDURES in areas


def test_export_lists_tasks_and_the_summary_and_reimports(client_for, staff_user, plan, ward):
    response = client_for(staff_user).get(reverse("reforms:plan-export", args=[plan.pk]))
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="ke-hoach-cchc-2022-ward-one.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    tasks = workbook["Nhiệm vụ"]
    rows = [[c.value for c in row] for row in tasks.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == ["1", "1.1", "1.2", "1.3"]
    assert rows[2][2] == "Rà soát thủ tục hành chính"
    assert (rows[2][6], rows[2][8]) == ("Hoàn thành", "trễ hạn")
    assert rows[3][6] == "Đang thực hiện"
    summary = workbook["Tổng hợp"]
    whole = next(row for row in summary.iter_rows() if row[0].value == "Toàn kế hoạch")
    # Counts are whole numbers, the rate 2/3 the exact fraction of a percentage cell.
    assert [c.value for c in whole[1:8]] == [3, 2, 1, 1, 1, 0, 0.6667]
    assert [c.number_format for c in whole[1:8]] == ["#,##0"] * 6 + ["0.00%"]
    assert all(type(c.value) is int for c in whole[1:7])
    assert [c.value for c in next(summary.iter_rows(min_row=5, max_row=5))][7] == "Tỷ lệ hoàn thành"
    deadline = tasks.cell(row=4, column=6)
    assert (deadline.value.date(), deadline.number_format) == (
        plan.tasks.get(title="Rà soát thủ tục hành chính").deadline,
        "DD/MM/YYYY",
    )

    # Last year's export is a valid import for the new year's empty plan.
    new_plan = ReformPlanFactory(unit=ward, year=2023)
    upload = SimpleUploadedFile("nam-truoc.xlsx", response.content)
    result = client_for(staff_user).post(import_url(new_plan), {"file": upload})
    assert result.status_code == 302
    assert new_plan.tasks.count() == 4
    assert set(new_plan.tasks.values_list("status", flat=True)) == {ReformTask.Status.NOT_STARTED}


def test_a_general_task_without_text_gets_its_own_error(client_for, staff_user, ward):
    plan = ReformPlanFactory(unit=ward, year=2023)
    rows = [
        ["1", PROCEDURES, "Cải cách thủ tục hành chính", "", "", None],
        ["1.1", "", "Công khai TTHC", "", "", D(2023, 3, 31)],
        ["2", DIGITAL, "", "", "", None],
        ["2.1", "", "Ký số văn bản đi", "", "", D(2023, 12, 31)],
    ]
    response = client_for(staff_user).post(import_url(plan), {"file": xlsx(rows)})
    html = response.content.decode()
    assert "Chưa nhập nhiệm vụ nào: có 1 lỗi cần sửa." in html
    assert "Dòng 4: Nhiệm vụ chung 2 chưa có nội dung." in html
    assert "phải đứng trước nhiệm vụ cụ thể" not in html
    assert plan.tasks.count() == 0


def test_an_empty_upload_says_tep(client_for, staff_user, ward):
    plan = ReformPlanFactory(unit=ward, year=2023)
    response = client_for(staff_user).post(
        import_url(plan), {"file": SimpleUploadedFile("rong.xlsx", b"")}
    )
    assert response.status_code == 200
    assert "Tệp được gửi là rỗng." in response.content.decode()
