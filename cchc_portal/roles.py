"""Who may do what: every role check in the portal goes through this module.

Scope (which units a user sees) is enforced by querysets (`for_user`); this module
answers the other question, what a user may do with what they see.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .models import Role

UNIT_STAFF = Role.Code.UNIT_STAFF
INSPECTOR = Role.Code.INSPECTOR
INTERNAL_AFFAIRS = Role.Code.INTERNAL_AFFAIRS
LEADERSHIP = Role.Code.LEADERSHIP
ADMINISTRATOR = Role.Code.ADMINISTRATOR
ALL_ROLES = tuple(Role.Code)
# The roles that change records. Leadership reads everything in its scope and writes nothing,
# whatever team or list it is put on: every write check asks `can_write` as well.
WRITER_ROLES = (UNIT_STAFF, INSPECTOR, INTERNAL_AFFAIRS)


def has_any_role(user, *codes):
    if not user.is_authenticated:
        return False
    return user.is_administrator or user.has_role(*codes)


def can_write(user):
    """False for a read-only user (leadership alone, or no role): they never change a record."""
    return has_any_role(user, *WRITER_ROLES)


def is_internal_affairs(user):
    return has_any_role(user, INTERNAL_AFFAIRS)


def is_inspector(user):
    return has_any_role(user, INSPECTOR)


def is_unit_staff(user):
    return has_any_role(user, UNIT_STAFF)


def can_edit_unit_records(user, unit):
    """Unit staff keep their own unit's plan, figures and reports (not the units below)."""
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    return user.has_role(UNIT_STAFF) and user.unit_id == unit.pk


def can_manage_units(user, unit=None):
    """Internal affairs manage units and reference lists in their scope."""
    if not has_any_role(user, INTERNAL_AFFAIRS):
        return False
    return unit is None or user.can_see_unit(unit)


def role_required(*codes):
    """View decorator: 403 unless the user holds one of `codes` (administrators always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_any_role(request.user, *codes):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def primary_role(user):
    """The role whose home page a user lands on, when they hold several."""
    for code in (ADMINISTRATOR, INTERNAL_AFFAIRS, LEADERSHIP, INSPECTOR, UNIT_STAFF):
        if code in user.role_codes:
            return code
    if user.is_superuser:
        return ADMINISTRATOR
    return None
