"""With DEBUG off, as `make demo` and production run, a refused address is the portal's 404."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOT_FOUND = "Trang không tồn tại hoặc nằm ngoài phạm vi đơn vị bạn được xem."


@pytest.fixture
def debug_off(settings):
    settings.DEBUG = False


def test_unknown_address_shows_the_vietnamese_404(debug_off, client_for, staff_user):
    response = client_for(staff_user).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<title>Không tìm thấy trang" in page
    assert NOT_FOUND in page
    assert "Using the URLconf" not in page


def test_out_of_scope_object_shows_the_vietnamese_404(
    debug_off, client_for, staff_user, other_ward, ward
):
    client = client_for(staff_user)
    response = client.get(reverse("unit-detail", args=[other_ward.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert NOT_FOUND in page
    assert "Phường Hai" not in page
    assert "No Unit matches the given query" not in page
    assert client.get(reverse("unit-detail", args=[ward.pk])).status_code == 200
