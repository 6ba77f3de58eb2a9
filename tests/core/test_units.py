import pytest
from django.core.exceptions import ValidationError

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit

pytestmark = pytest.mark.django_db


def test_paths_follow_the_tree_at_any_depth(city, ward):
    street = UnitFactory(parent=ward, code="group-1")
    assert ward.path.startswith(city.path)
    assert street.path.startswith(ward.path)
    assert (city.depth, ward.depth, street.depth) == (1, 2, 3)
    assert set(city.subtree()) == {city, ward, street}


def test_moving_a_unit_moves_its_whole_subtree(city, ward, other_city):
    street = UnitFactory(parent=ward, code="group-1")
    ward.parent = other_city
    ward.save()
    street.refresh_from_db()
    assert street.path.startswith(other_city.path + f"{ward.pk:05d}.")
    assert street.depth == 2
    assert list(Unit.objects.in_subtree(city)) == [city]


def test_a_unit_cannot_be_placed_under_its_own_child(city, ward):
    city.parent = ward
    with pytest.raises(ValidationError) as exc:
        city.full_clean()
    assert "parent" in exc.value.message_dict


def test_for_user_keeps_the_subtree(staff_user, internal_affairs_user, ward, other_ward, city):
    assert list(Unit.objects.for_user(staff_user)) == [ward]
    seen = set(Unit.objects.for_user(internal_affairs_user))
    assert seen == {city, ward, other_ward}


def test_administrator_sees_every_unit(admin_user_, other_city, ward):
    assert {other_city, ward} <= set(Unit.objects.for_user(admin_user_))
