"""Reads of people: who a user may see and manage."""

from django.db.models import Prefetch, Q

from cchc_portal import roles
from cchc_portal.models import Role, Unit, User


def can_manage_people(user):
    """Internal affairs (and administrators) manage the accounts of their subtree."""
    return roles.is_internal_affairs(user)


def people_for(user):
    """The accounts `user` may see on the people pages: those of units in their subtree;
    administrators see every account, those without a unit too."""
    if not user.is_authenticated:
        return User.objects.none()
    if user.sees_everything:
        return User.objects.all()
    if user.unit_id is None:
        return User.objects.none()
    return User.objects.filter(unit__path__startswith=user.unit.path)


def people_list(user, *, text="", unit=None, role="", active=None):
    """The people list's rows: scoped, filtered, with unit and roles in two queries."""
    people = (
        people_for(user)
        .select_related("unit")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("code")))
    )
    if text:
        people = people.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    if role:
        people = people.filter(roles__code=role)
    if active is not None:
        people = people.filter(is_active=active)
    return people.order_by("unit__path", "last_name", "first_name", "username").distinct()


def assignable_units(user):
    """The units `user` may give an account: active units of their subtree."""
    return Unit.objects.for_user(user).active()


def assignable_roles(user):
    """The roles `user` may give: every role but administrator, which only an administrator
    gives."""
    codes = [code for code in Role.Code if code != Role.Code.ADMINISTRATOR]
    if user.is_administrator:
        codes.append(Role.Code.ADMINISTRATOR)
    return codes


def is_protected(person):
    """An administrator's account: only an administrator changes it."""
    return person.is_superuser or Role.Code.ADMINISTRATOR in person.role_codes
