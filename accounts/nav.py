from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [
    NavItem("accounts:people-list", _("People"), (roles.INTERNAL_AFFAIRS,), 95),
]
