from django.utils.translation import gettext_lazy as _

from cchc_portal.navigation import NavItem

from .permissions import BOARD_ROLES, OVERVIEW_ROLES

NAV_ITEMS = [
    NavItem("dashboards:overview", _("Overview"), OVERVIEW_ROLES, order=5),
    NavItem(
        "dashboards:remediation", _("Remediation board"), BOARD_ROLES, order=43, group="inspections"
    ),
]
