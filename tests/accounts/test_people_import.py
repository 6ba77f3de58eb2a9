"""Accounts in bulk from Excel: all rows or none, and the same file twice changes nothing."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts import people_excel
from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, User

pytestmark = pytest.mark.django_db

STAFF = "cán bộ, công chức đơn vị"


def _file(acting_user, rows, name="nguoi-dung.xlsx"):
    return SimpleUploadedFile(name, people_excel.import_template(acting_user, rows))


def _rows(ward):
    return [
        ["Nông Văn", "Dũng", "nong.dung", "dung@example.gov.vn", ward.code, STAFF, "Tư pháp", ""],
        [
            "Hà Thị",
            "Mai",
            "ha.mai",
            "mai@example.gov.vn",
            ward.code,
            "unit_staff; inspector",
            "",
            "",
        ],
        ["Lường Văn", "Tuấn", "luong.tuan", "", ward.code, STAFF, "", "0209 1"],
    ]


def _history_rows():
    return User.history.count()


def test_template_lists_only_the_acting_users_units(internal_affairs_user, ward, other_city):
    book = load_workbook(io.BytesIO(people_excel.import_template(internal_affairs_user)))
    assert [c.value for c in book.worksheets[0][1]] == [
        "Họ và tên đệm",
        "Tên",
        "Tên đăng nhập",
        "Thư điện tử",
        "Mã đơn vị",
        "Vai trò",
        "Chức vụ",
        "Điện thoại",
    ]
    codes = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "ward-one" in codes and "city" in codes
    assert "other-city" not in codes
    roles = [row[4] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "administrator" not in roles and "unit_staff" in roles


def test_a_good_file_creates_everyone_and_the_same_file_again_changes_nothing(
    client, internal_affairs_user, ward, django_capture_on_commit_callbacks
):
    client.force_login(internal_affairs_user)
    url = reverse("accounts:people-import")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"file": _file(internal_affairs_user, _rows(ward))}, follow=True
        )
    assert "Đã nhập: tạo 3 tài khoản, cập nhật 0, giữ nguyên 0." in response.content.decode()
    mai = User.objects.get(username="ha.mai")
    assert mai.unit == ward
    assert mai.role_codes == {Role.Code.UNIT_STAFF, Role.Code.INSPECTOR}
    assert mai.email == "mai@example.gov.vn"
    assert User.objects.get(username="nong.dung").position == "Tư pháp"
    assert len(mail.outbox) == 2  # Tuấn has no e-mail
    history = _history_rows()

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"file": _file(internal_affairs_user, _rows(ward))}, follow=True)
    assert "Đã nhập: tạo 0 tài khoản, cập nhật 0, giữ nguyên 3." in again.content.decode()
    assert _history_rows() == history
    assert len(mail.outbox) == 2


def test_a_changed_row_updates_only_that_person(internal_affairs_user, ward, other_ward):
    people_excel.import_people(_file(internal_affairs_user, _rows(ward)), internal_affairs_user)
    rows = _rows(ward)
    rows[1][4] = other_ward.code
    result = people_excel.import_people(_file(internal_affairs_user, rows), internal_affairs_user)
    assert (result.count("created"), result.count("updated"), result.count("unchanged")) == (
        0,
        1,
        2,
    )
    assert User.objects.get(username="ha.mai").unit == other_ward


def test_one_bad_row_saves_nothing_and_names_each_error(
    client, internal_affairs_user, ward, other_city
):
    rows = _rows(ward)
    rows[1][4] = other_city.code  # outside the subtree
    rows[2][5] = "administrator"
    rows.append(["Lò Văn", "Bình", "nong.dung", "binh@example.gov.vn", ward.code, STAFF, "", ""])
    rows.append(["", "Chưa", "Chưa Họ", "", ward.code, "", "", ""])
    before = User.objects.count()
    client.force_login(internal_affairs_user)
    response = client.post(
        reverse("accounts:people-import"), {"file": _file(internal_affairs_user, rows)}
    )
    page = response.content.decode()
    assert User.objects.count() == before
    assert "Không lưu gì cả: tệp có 6 lỗi." in page
    assert "Mã đơn vị: “other-city” không có hoặc không thuộc phạm vi của bạn." in page
    assert "Vai trò: Chỉ quản trị viên mới được giao vai trò quản trị." in page
    assert "Tên đăng nhập: “nong.dung” đã có ở dòng 2." in page
    assert "Họ và tên đệm: Nhập họ và tên đệm." in page
    assert "Tên đăng nhập: Tên đăng nhập dài 3 đến 150 ký tự" in page
    assert "Vai trò: Giao cho người dùng ít nhất một vai trò." in page
    errors = people_excel.import_people(
        _file(internal_affairs_user, rows), internal_affairs_user
    ).errors
    assert sorted({number for number, _message in errors}) == [3, 4, 5, 6]


def test_a_login_taken_outside_the_scope_is_refused_without_saying_whose(
    internal_affairs_user, ward, other_city
):
    UserFactory(
        username="nong.dung", unit=UnitFactory(parent=other_city), roles=[Role.Code.UNIT_STAFF]
    )
    result = people_excel.import_people(
        _file(internal_affairs_user, _rows(ward)), internal_affairs_user
    )
    assert result.errors == [(2, "Tên đăng nhập: Tên đăng nhập “nong.dung” đã có người dùng.")]
    assert not User.objects.filter(username="ha.mai").exists()


def test_not_a_workbook_and_wrong_headings(client, internal_affairs_user):
    client.force_login(internal_affairs_user)
    url = reverse("accounts:people-import")
    fake = SimpleUploadedFile("nguoi-dung.xlsx", b"not a workbook")
    page = client.post(url, {"file": fake}).content.decode()
    assert "Không đọc được tệp này như một bảng tính Excel (.xlsx)." in page or ".xlsx" in page
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Họ tên", "Đơn vị"])
    buffer = io.BytesIO()
    book.save(buffer)
    wrong = SimpleUploadedFile("nguoi-dung.xlsx", buffer.getvalue())
    page = client.post(url, {"file": wrong}).content.decode()
    assert "Dòng đầu tiên phải là tiêu đề của tệp mẫu" in page


def test_export_has_the_filtered_people_and_reimports_unchanged(
    client, internal_affairs_user, ward, staff_user, other_staff_user
):
    client.force_login(internal_affairs_user)
    response = client.get(reverse("accounts:people-export"), {"unit": ward.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    logins = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert logins == ["staff"]
    upload = SimpleUploadedFile("xuat.xlsx", response.content)
    result = people_excel.import_people(upload, internal_affairs_user)
    assert result.errors == []
    assert (result.count("created"), result.count("updated"), result.count("unchanged")) == (
        0,
        0,
        1,
    )


def test_unit_staff_cannot_import(client, staff_user):
    client.force_login(staff_user)
    for name in ("people-import", "people-template", "people-export"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 403


def test_the_demo_sample_imports_three_officers_of_song_cau(internal_affairs_user, city):
    from accounts.demo_people import SAMPLE_PEOPLE

    song_cau = UnitFactory(name="UBND phường Sông Cầu", code="song-cau", parent=city)
    upload = SimpleUploadedFile(
        "mau.xlsx", people_excel.import_template(internal_affairs_user, SAMPLE_PEOPLE)
    )
    result = people_excel.import_people(upload, internal_affairs_user)
    assert result.errors == []
    assert result.count("created") == 3
    assert User.objects.filter(unit=song_cau).count() == 3
