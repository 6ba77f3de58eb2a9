"""Home-page panels: what the user's unit owes and when; for the city, what is still expected."""

from cchc_portal import roles

from . import selectors
from .permissions import follows_rounds, writes_reports_of_own_unit

PANEL_SIZE = 5


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    if writes_reports_of_own_unit(user):
        owed = selectors.owed_reports(user.unit)
        count = owed.count()
        if count:
            result.append(
                {
                    "template": "reports/_home_owed.html",
                    "reports": list(owed[:PANEL_SIZE]),
                    "more": max(count - PANEL_SIZE, 0),
                }
            )
    if follows_rounds(user) and roles.has_any_role(user, roles.INTERNAL_AFFAIRS, roles.LEADERSHIP):
        expected = selectors.rounds_still_expected(user, PANEL_SIZE)
        if expected:
            result.append({"template": "reports/_home_rounds.html", "rounds": expected})
    return result
