from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [
    NavItem("notifications:notification-list", _("Notifications"), roles.ALL_ROLES, order=95),
]
