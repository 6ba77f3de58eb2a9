import pytest
from django.urls import reverse

from cchc_portal.models import Unit

pytestmark = pytest.mark.django_db


def test_every_page_needs_login(client, ward):
    response = client.get(reverse("unit-detail", args=[ward.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_wrong_password_shows_a_vietnamese_error(client, staff_user):
    response = client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_staff_cannot_open_another_wards_page(client_for, staff_user, other_ward, ward):
    client = client_for(staff_user)
    assert client.get(reverse("unit-detail", args=[other_ward.pk])).status_code == 404
    own = client.get(reverse("unit-detail", args=[ward.pk]))
    assert own.status_code == 200
    assert "Phường Một" in own.content.decode()


def test_unit_list_shows_only_the_scope(client_for, internal_affairs_user, ward, other_city):
    content = client_for(internal_affairs_user).get(reverse("unit-list")).content.decode()
    assert "Phường Một" in content
    assert "Thành phố Khác" not in content


def test_only_internal_affairs_create_units(client_for, staff_user, internal_affairs_user, city):
    assert client_for(staff_user).get(reverse("unit-create")).status_code == 403
    client = client_for(internal_affairs_user)
    response = client.post(
        reverse("unit-create"),
        {
            "name": "Phường Ba",
            "kind": "ward",
            "code": "ward-three",
            "parent": city.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "Phường Ba" in detail
    assert "đã tạo" in detail  # the history shows the creation


def test_internal_affairs_cannot_place_a_unit_outside_their_scope(
    client_for, internal_affairs_user, other_city
):
    response = client_for(internal_affairs_user).post(
        reverse("unit-create"),
        {"name": "Ngoài", "kind": "ward", "code": "outside", "parent": other_city.pk},
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


@pytest.mark.parametrize("code", ["Phường <b>1</b>", "phường-một", "a\x00b"])
def test_a_unit_code_that_is_not_a_slug_is_refused_in_vietnamese(
    client_for, internal_affairs_user, city, code
):
    """Django's slug message has no Vietnamese (found by tests/core/test_bad_input)."""
    response = client_for(internal_affairs_user).post(
        reverse("unit-create"),
        {"name": "Phường Một", "kind": "ward", "code": code, "parent": city.pk},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mã chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang và dấu gạch dưới" in body
    assert "slug" not in body
    assert not Unit.objects.filter(name="Phường Một").exists()


def test_a_nul_in_a_name_is_refused_in_vietnamese(client_for, internal_affairs_user, city):
    """Django's message for it has no Vietnamese (found by tests/core/test_bad_input)."""
    response = client_for(internal_affairs_user).post(
        reverse("unit-create"),
        {"name": "Phường\x00Một", "kind": "ward", "code": "phuong-mot", "parent": city.pk},
    )
    assert response.status_code == 200
    assert "Không được dùng ký tự rỗng (NUL)." in response.content.decode()
    assert not Unit.objects.filter(code="phuong-mot").exists()


def test_404_page_is_vietnamese(client_for, staff_user):
    response = client_for(staff_user).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_language_can_be_switched_to_english(client_for, staff_user):
    client = client_for(staff_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Welcome" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("fixture", "badge"),
    [
        ("staff_user", "Cán bộ đơn vị"),
        ("inspector_user", "Thành viên đoàn kiểm tra"),
        ("internal_affairs_user", "Phòng Nội vụ"),
        ("leadership_user", "Lãnh đạo"),
    ],
)
def test_home_names_the_role(request, client_for, fixture, badge):
    user = request.getfixturevalue(fixture)
    content = client_for(user).get(reverse("home")).content.decode()
    assert badge in content


def test_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in response.content.decode()
    assert response["Content-Language"] == "vi"
