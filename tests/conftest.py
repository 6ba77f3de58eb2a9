"""Shared fixtures: a small city tree and one user per role."""

import pytest
from django.conf import settings as django_settings
from django.db import connections

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """A "replica" alias that is a test mirror of the default database, when a collected test
    asks for it (tests/core/test_replicas.py); it sees what the default connection committed.

    Reads go to it only in tests that also turn DATABASE_REPLICA_READS on.
    """
    if "replica" in django_settings.DATABASES or not any(
        "replica" in (marker.kwargs.get("databases") or ())
        for item in request.session.items
        for marker in item.iter_markers("django_db")
    ):
        return
    django_settings.DATABASES["replica"] = {
        **django_settings.DATABASES["default"],
        "TEST": {"MIRROR": "default"},
    }
    connections.configure_settings(django_settings.DATABASES)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fast hasher: password hashing is not what the tests measure.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _reference_data_after_a_flush(request):
    """A transactional test starts after the previous one emptied every table (a flush),
    the reference lists that migrations seed included: put them back (they are idempotent)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from cchc_portal.reference import ensure_roles
    from inspections.models import ShortcomingType
    from inspections.reference import ensure_shortcoming_types
    from procedures.models import ProcedureField
    from procedures.reference import ensure_fields
    from reforms.models import ReformArea
    from reforms.reference import ensure_areas

    ensure_roles(Role)
    ensure_areas(ReformArea)
    ensure_fields(ProcedureField)
    ensure_shortcoming_types(ShortcomingType, ReformArea)


@pytest.fixture
def city(db):
    province = UnitFactory(name="Tỉnh Thử", code="province", kind=Unit.Kind.PROVINCE)
    return UnitFactory(name="Thành phố Thử", code="city", kind=Unit.Kind.CITY, parent=province)


@pytest.fixture
def ward(city):
    return UnitFactory(name="Phường Một", code="ward-one", kind=Unit.Kind.WARD, parent=city)


@pytest.fixture
def other_ward(city):
    """A sibling ward: the canary that a ward's staff must never see."""
    return UnitFactory(name="Phường Hai", code="ward-two", kind=Unit.Kind.WARD, parent=city)


@pytest.fixture
def other_city(db):
    return UnitFactory(name="Thành phố Khác", code="other-city", kind=Unit.Kind.CITY)


@pytest.fixture
def staff_user(ward):
    return UserFactory(username="staff", unit=ward, roles=[Role.Code.UNIT_STAFF])


@pytest.fixture
def other_staff_user(other_ward):
    return UserFactory(username="staff2", unit=other_ward, roles=[Role.Code.UNIT_STAFF])


@pytest.fixture
def inspector_user(city):
    return UserFactory(username="inspector", unit=city, roles=[Role.Code.INSPECTOR])


@pytest.fixture
def internal_affairs_user(city):
    return UserFactory(username="noivu", unit=city, roles=[Role.Code.INTERNAL_AFFAIRS])


@pytest.fixture
def leadership_user(city):
    return UserFactory(username="lanhdao", unit=city, roles=[Role.Code.LEADERSHIP])


@pytest.fixture
def admin_user_(db):
    return UserFactory(
        username="root",
        unit=None,
        roles=[Role.Code.ADMINISTRATOR],
        is_superuser=True,
        is_staff=True,
    )


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: `client_for(user)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def calendar_months(settings):
    """Count periods in calendar months (REPORTING_WINDOWS=calendar), for tests whose dates
    sit on calendar-month edges (a task done on 30/09 in the nine months, an inspection on
    20/02 in February); the official windows of Decree 09/2019 are the default elsewhere."""
    settings.REPORTING_WINDOWS = "calendar"
