"""Audit log fixtures: a second city with its own internal affairs (the canary's owner)."""

import pytest

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit


@pytest.fixture
def other_city_ward(other_city):
    return UnitFactory(
        name="Phường Khác", code="other-ward", kind=Unit.Kind.WARD, parent=other_city
    )


@pytest.fixture
def other_internal_affairs_user(other_city):
    return UserFactory(username="noivu2", unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])


def by(user, instance):
    """`instance`, its next history row written as `user`'s (simple-history's own hook)."""
    instance._history_user = user
    return instance
