from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "feedback:results", _("Citizen satisfaction"), roles.ALL_ROLES, order=62, group="reform"
    ),
]
