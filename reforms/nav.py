from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [
    NavItem("reforms:plan-list", _("Reform plans"), roles.ALL_ROLES, order=10, group="reform"),
    NavItem(
        "reforms:model-list",
        _("Reform models"),
        (roles.INTERNAL_AFFAIRS, roles.LEADERSHIP, roles.INSPECTOR),
        order=15,
        group="reform",
    ),
]
