from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [
    NavItem("reports:round-list", _("Periodic reports"), roles.ALL_ROLES, order=60),
]
