"""What the home page shows each role: the city overview, or the unit's own dashboard."""

from cchc_portal import roles

from . import permissions
from .overview import overview_context
from .unit_page import unit_context


def landing(request):
    """{"template": ..., "dash": context, "shows": figures} for the home page, or None
    (plain home). `shows` names the figures the dashboard holds, so that the home page
    leaves out the panels that would show them a second time."""
    user = request.user
    role = roles.primary_role(user)
    if role in (*permissions.OVERVIEW_ROLES, roles.ADMINISTRATOR):
        return {
            "template": "dashboards/_overview_body.html",
            "dash": overview_context(request),
            "shows": set(),
        }
    if role == roles.UNIT_STAFF and user.unit_id:
        dash = unit_context(request, user.unit)
        # The unit's plan is the dashboard's first figure; its recommendations stay in the
        # remediation panel (every period), which the home dashboard does not repeat.
        return {
            "template": "dashboards/_unit_body.html",
            "dash": dash,
            "shows": {"plan"} if dash["plan"] else set(),
        }
    return None


def home_panels_without(panels, dashboard):
    """The home panels, less those whose figure the dashboard already shows."""
    shown = dashboard["shows"] if dashboard else set()
    return [panel for panel in panels if panel.get("figure") not in shown]
