from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [NavItem("procedures:index", _("Procedure figures"), roles.ALL_ROLES, order=30)]
