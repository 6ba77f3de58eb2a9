"""What every page spends before its own work: the session and the user (with their unit and
roles) are two queries, and the navigation bar and the rest of the base template add none.

Every page's query count in the apps' tests includes these two; were the navigation to count
something per entry, or the roles to be read again, every page would pay it.
"""

import pytest
from django.contrib.auth import get_user
from django.test import RequestFactory
from django.urls import reverse

from cchc_portal.backends import UserBackend
from cchc_portal.factories import UserFactory
from cchc_portal.models import Role

pytestmark = pytest.mark.django_db

SHARED_QUERIES = 2  # the session, then the user with their unit and role codes

ROLE_USERS = [
    "staff_user",
    "inspector_user",
    "internal_affairs_user",
    "leadership_user",
    "admin_user_",
]


@pytest.mark.parametrize("user_fixture", ROLE_USERS)
def test_a_page_with_only_the_base_template_costs_the_shared_queries(
    request, client_for, user_fixture, django_assert_num_queries
):
    user = request.getfixturevalue(user_fixture)
    client = client_for(user)
    with django_assert_num_queries(SHARED_QUERIES):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Không tìm thấy trang" in content
    assert 'aria-label="Điều hướng chính"' in content
    assert ">Trang chủ</a>" in content
    assert ">Thông báo</a>" in content
    assert "Đăng xuất" in content
    assert str(user) in content


def test_the_menu_follows_the_roles_read_with_the_user(client_for, staff_user, city):
    """The roles come with the user: a unit-staff user has no "Units" entry, an internal
    affairs officer of the same page has it, at the same cost."""
    officer = UserFactory(username="officer", unit=city, roles=[Role.Code.INTERNAL_AFFAIRS])
    staff_page = client_for(staff_user).get("/no-such-page/").content.decode()
    officer_page = client_for(officer).get("/no-such-page/").content.decode()
    units_entry = f'href="{reverse("unit-list")}">Đơn vị</a>'
    assert units_entry not in staff_page
    assert units_entry in officer_page


def test_the_trivial_view_costs_the_shared_queries(
    client_for, staff_user, django_assert_num_queries
):
    client = client_for(staff_user)
    with django_assert_num_queries(SHARED_QUERIES):
        response = client.get(reverse("healthz"))
    assert response.content == b"ok"


def test_the_backend_reads_unit_and_every_role_in_one_query(ward, django_assert_num_queries):
    user = UserFactory(
        username="several", unit=ward, roles=[Role.Code.UNIT_STAFF, Role.Code.INSPECTOR]
    )
    with django_assert_num_queries(1):
        loaded = UserBackend().get_user(user.pk)
        assert loaded.role_codes == {"unit_staff", "inspector"}
        assert loaded.unit.name == "Phường Một"
        assert loaded.has_role(Role.Code.INSPECTOR)
        assert not loaded.is_administrator


def test_the_backend_loads_a_user_without_roles(ward, django_assert_num_queries):
    user = UserFactory(username="none", unit=None, roles=[])
    with django_assert_num_queries(1):
        loaded = UserBackend().get_user(user.pk)
        assert loaded.username == "none"
        assert loaded.role_codes == frozenset()
        assert loaded.unit is None


def test_the_backend_refuses_an_inactive_or_missing_user(ward):
    inactive = UserFactory(username="gone", unit=ward, roles=[Role.Code.UNIT_STAFF])
    inactive.is_active = False
    inactive.save()
    assert UserBackend().get_user(inactive.pk) is None
    assert UserBackend().get_user(inactive.pk + 1000) is None


def test_a_logged_in_request_gets_its_roles_from_the_backend(client_for, leadership_user):
    client = client_for(leadership_user)
    http_request = RequestFactory().get("/")
    http_request.session = client.session
    user = get_user(http_request)
    assert user.pk == leadership_user.pk
    assert user.role_codes == {"leadership"}
