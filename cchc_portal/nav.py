from django.utils.translation import gettext_lazy as _

from . import roles
from .navigation import NavItem

NAV_ITEMS = [
    NavItem("home", _("Home"), roles.ALL_ROLES, order=0),
    NavItem(
        "unit-list", _("Units"), (roles.INTERNAL_AFFAIRS, roles.LEADERSHIP, roles.INSPECTOR), 90
    ),
]
