"""Who sees which dashboard; scope itself is the querysets' job (`for_user`)."""

from cchc_portal import roles

OVERVIEW_ROLES = (roles.INTERNAL_AFFAIRS, roles.LEADERSHIP, roles.INSPECTOR)
BOARD_ROLES = (roles.INTERNAL_AFFAIRS, roles.LEADERSHIP)


def sees_overview(user):
    """Internal affairs, leadership and inspectors compare the units in their scope."""
    return roles.has_any_role(user, *OVERVIEW_ROLES)


def sees_remediation_board(user):
    """Internal affairs follow remediation up; leadership read the same board."""
    return roles.has_any_role(user, *BOARD_ROLES)
