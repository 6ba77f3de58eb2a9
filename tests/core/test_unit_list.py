"""The units list: a page of 100 units in tree order, by kind and by name or code."""

import pytest
from django.urls import reverse

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit

pytestmark = pytest.mark.django_db

ROW = '<td class="tree-depth-'


def many_wards(city, count, kind=Unit.Kind.WARD):
    return [
        UnitFactory(
            name=f"{'Xã' if kind == Unit.Kind.COMMUNE else 'Phường'} Số {n:03d}",
            code=f"ward-{kind}-{n}",
            kind=kind,
            parent=city,
        )
        for n in range(1, count + 1)
    ]


def test_a_long_list_is_shown_a_page_at_a_time(client_for, internal_affairs_user, city):
    many_wards(city, 120)  # with the city: 121 units
    client = client_for(internal_affairs_user)
    first = client.get(reverse("unit-list")).content.decode()
    assert first.count(ROW) == 100
    assert "Trang 1/2" in first
    assert "Thành phố Thử" in first
    assert "Phường Số 099" in first
    assert "Phường Số 100" not in first
    assert 'href="?page=2"' in first
    second = client.get(reverse("unit-list"), {"page": 2}).content.decode()
    assert second.count(ROW) == 21
    assert "Trang 2/2" in second
    assert "Phường Số 100" in second
    assert "Phường Số 120" in second
    assert "Trang trước" in second
    assert "Trang sau" not in second


def test_a_short_list_has_no_pages(client_for, internal_affairs_user, city):
    many_wards(city, 3)
    content = client_for(internal_affairs_user).get(reverse("unit-list")).content.decode()
    assert content.count(ROW) == 4
    assert "Phân trang" not in content


def test_an_unknown_page_shows_the_last_one(client_for, internal_affairs_user, city):
    many_wards(city, 120)
    response = client_for(internal_affairs_user).get(reverse("unit-list"), {"page": "99"})
    assert response.status_code == 200
    assert "Trang 2/2" in response.content.decode()


def test_the_kind_filter_is_kept_from_page_to_page(client_for, internal_affairs_user, city):
    many_wards(city, 105, kind=Unit.Kind.COMMUNE)
    many_wards(city, 5)
    client = client_for(internal_affairs_user)
    first = client.get(reverse("unit-list"), {"kind": "commune"}).content.decode()
    assert first.count(ROW) == 100
    assert 'href="?kind=commune&amp;page=2"' in first
    second = client.get(reverse("unit-list"), {"kind": "commune", "page": 2}).content.decode()
    assert second.count(ROW) == 5
    assert "Xã Số 105" in second
    assert "Phường Số" not in first + second


def test_search_by_name_or_code(client_for, internal_affairs_user, city, other_city):
    many_wards(city, 12)
    client = client_for(internal_affairs_user)
    content = client.get(reverse("unit-list"), {"q": "Số 011"}).content.decode()
    assert content.count(ROW) == 1
    assert "Phường Số 011" in content
    assert 'value="Số 011"' in content
    by_code = client.get(reverse("unit-list"), {"q": "ward-ward-12"}).content.decode()
    assert by_code.count(ROW) == 1
    assert "Phường Số 012" in by_code
    # Out of scope stays out, searched for by name.
    outside = client.get(reverse("unit-list"), {"q": "Thành phố Khác"}).content.decode()
    assert outside.count(ROW) == 0
    assert "Không có đơn vị nào." in outside


@pytest.mark.parametrize("count", [3, 130])
def test_the_query_count_does_not_grow(
    client_for, internal_affairs_user, city, count, django_assert_num_queries
):
    many_wards(city, count)
    client = client_for(internal_affairs_user)
    # Session, user, roles; the count and the page of units (with their parents).
    with django_assert_num_queries(4):
        response = client.get(reverse("unit-list"))
    assert response.status_code == 200


def test_a_search_with_a_nul_or_control_characters_is_searched_without_them(
    client_for, internal_affairs_user, city
):
    """PostgreSQL refuses a NUL in any query (a 500 there, found by tests/core/test_bad_input):
    the search drops control characters and finds what the rest of the text names."""
    UnitFactory(name="Phường Bến Nghé", code="ben-nghe", parent=city)
    client = client_for(internal_affairs_user)
    response = client.get(reverse("unit-list"), {"q": "Bến\x00 Nghé\x1b"})
    assert response.status_code == 200
    assert response.context["search"] == "Bến Nghé"
    body = response.content.decode()
    assert body.count(ROW) == 1
    assert "Phường Bến Nghé" in body
    assert 'value="Bến Nghé"' in body
