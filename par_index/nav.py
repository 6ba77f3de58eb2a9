from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [
    NavItem("par_index:round-list", _("PAR index"), roles.ALL_ROLES, order=65, group="reform"),
]
