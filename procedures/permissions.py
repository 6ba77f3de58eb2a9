"""Who may change the monthly figures (scope itself is the querysets' job)."""

from cchc_portal import roles


def can_enter_figures(user, unit):
    """Unit staff enter and import their own unit's figures; administrators may too."""
    return roles.can_edit_unit_records(user, unit)
