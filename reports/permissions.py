"""Who may do what with periodic reports; scope itself is the querysets' `for_user`."""

from django.core.exceptions import PermissionDenied

from cchc_portal import roles

# Roles that follow the rounds of the units in their scope (the city's view, the roll-up).
ROUND_READERS = (roles.INTERNAL_AFFAIRS, roles.LEADERSHIP, roles.INSPECTOR)


def can_manage_rounds(user, unit=None):
    """Internal affairs set the rounds their unit (or a unit in their scope) asks for."""
    return roles.can_manage_units(user, unit)


# Roles that write their own unit's periodic report: a ward's staff, and a city's (or a
# province's) internal affairs, who draft the unit's report to the level above.
REPORT_WRITERS = (roles.UNIT_STAFF, roles.INTERNAL_AFFAIRS)


def writes_reports_of_own_unit(user):
    return bool(user.unit_id) and roles.has_any_role(user, *REPORT_WRITERS)


def can_edit_report(user, report):
    """Staff of exactly the owing unit write and submit its report, until it is submitted;
    so does internal affairs of that unit (a city's report to the province)."""
    if not report.is_editable:
        return False
    if roles.can_edit_unit_records(user, report.unit):
        return True
    return roles.has_any_role(user, roles.INTERNAL_AFFAIRS) and user.unit_id == report.unit_id


def can_return_report(user, report):
    """Internal affairs over the requesting unit return a submitted report with a comment."""
    return (
        report.is_submitted
        and roles.has_any_role(user, roles.INTERNAL_AFFAIRS)
        and user.can_see_unit(report.round.unit)
    )


def follows_rounds(user, rnd=None):
    """The city's view of a round and its roll-up: city roles over the requesting unit."""
    if not roles.has_any_role(user, *ROUND_READERS):
        return False
    return rnd is None or user.can_see_unit(rnd.unit)


def require(allowed):
    if not allowed:
        raise PermissionDenied
