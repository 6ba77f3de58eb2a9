"""Who may do what with the counter survey; scope itself is the querysets' `for_user`.

Internal affairs keep the counters and questionnaires of every unit in their subtree, a unit's
staff those of their own unit; leadership and inspectors read what is in their scope. Only
internal affairs decide on flagged responses.
"""

from django.core.exceptions import PermissionDenied

from cchc_portal import roles


def can_manage(user, unit=None):
    """Keep `unit`'s counters and questionnaire (None: the unit of any of the user's)."""
    if unit is None:
        return roles.has_any_role(user, roles.INTERNAL_AFFAIRS, roles.UNIT_STAFF)
    return roles.can_manage_units(user, unit) or roles.can_edit_unit_records(user, unit)


def can_review(user, unit=None):
    """Include or leave out a flagged response of `unit` (internal affairs only)."""
    return roles.can_manage_units(user, unit)


def require(allowed):
    if not allowed:
        raise PermissionDenied


def manageable_units(user):
    """The units whose counters and questionnaire `user` keeps (a Unit queryset)."""
    from cchc_portal.models import Unit

    if roles.has_any_role(user, roles.INTERNAL_AFFAIRS):
        return Unit.objects.for_user(user).active()
    if roles.has_any_role(user, roles.UNIT_STAFF) and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()
