"""What the home page shows each role: the city overview, or the unit's own dashboard."""

from cchc_portal import roles

from . import permissions
from .overview import overview_context
from .unit_page import unit_context


def landing(request):
    """{"template": ..., "dash": context} for the home page, or None (plain home)."""
    user = request.user
    role = roles.primary_role(user)
    if role in (*permissions.OVERVIEW_ROLES, roles.ADMINISTRATOR):
        return {"template": "dashboards/_overview_body.html", "dash": overview_context(request)}
    if role == roles.UNIT_STAFF and user.unit_id:
        return {"template": "dashboards/_unit_body.html", "dash": unit_context(request, user.unit)}
    return None
