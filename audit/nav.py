from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [
    NavItem("audit:event-list", _("Audit log"), (roles.INTERNAL_AFFAIRS,), order=90),
]
