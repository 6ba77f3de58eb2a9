from django.utils.translation import gettext_lazy as _

from cchc_portal import roles
from cchc_portal.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        "inspections:inspection-list",
        _("Inspection visits"),
        (roles.INSPECTOR, roles.INTERNAL_AFFAIRS, roles.LEADERSHIP, roles.UNIT_STAFF),
        order=40,
        group="inspections",
    ),
    NavItem(
        "inspections:remediation-list",
        _("To remediate"),
        (roles.UNIT_STAFF,),
        order=41,
        group="inspections",
    ),
    NavItem(
        "inspections:review-queue",
        _("Review queue"),
        (roles.INTERNAL_AFFAIRS,),
        order=42,
        group="inspections",
    ),
]
