"""What a user may do with reform records they can see (scope is the querysets' job)."""

from django.core.exceptions import PermissionDenied

from cchc_portal import roles


def can_edit(user, unit):
    """Unit staff keep their own unit's plan, documents, outreach and reform models."""
    return roles.can_edit_unit_records(user, unit)


def can_evaluate_models(user, unit=None):
    """Internal affairs evaluate the effectiveness of reform models in their scope."""
    if not roles.has_any_role(user, roles.INTERNAL_AFFAIRS):
        return False
    return unit is None or user.can_see_unit(unit)


def require_edit(user, unit):
    """403 for a user who sees the unit (the caller scoped it) but may not change it."""
    if not can_edit(user, unit):
        raise PermissionDenied


def require_evaluate(user, unit):
    if not can_evaluate_models(user, unit):
        raise PermissionDenied
