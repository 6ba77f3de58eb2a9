"""Who works where: the people a notification about a unit goes to."""

from django.contrib.auth import get_user_model

from . import roles


def unit_staff(unit):
    """Active staff of exactly `unit`: they act on what is addressed to it."""
    return list(
        get_user_model()
        .objects.filter(unit=unit, roles__code=roles.UNIT_STAFF, is_active=True)
        .distinct()
    )


def internal_affairs_over(unit):
    """Active internal affairs officers whose scope covers `unit` (at it or above it)."""
    ancestor_ids = [int(part) for part in unit.path.split(".") if part]
    return list(
        get_user_model()
        .objects.filter(
            unit_id__in=ancestor_ids, roles__code=roles.INTERNAL_AFFAIRS, is_active=True
        )
        .distinct()
    )
