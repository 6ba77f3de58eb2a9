"""The unit's latest plan on the home page of its staff: done/total, rate, overdue."""

from cchc_portal import roles

from . import selectors
from .models import ReformPlan


def panels(request):
    user = request.user
    # Unit staff only (administrators pass every role check but keep no plan).
    if not user.has_role(roles.UNIT_STAFF) or user.unit_id is None:
        return []
    plan = (
        ReformPlan.objects.for_user(user)
        .filter(unit_id=user.unit_id)
        .select_related("unit", "document")
        .order_by("-year")
        .first()
    )
    return [
        {
            "template": "reforms/_home_panel.html",
            # A home dashboard showing the plan leaves this panel out.
            "figure": "plan",
            "plan": plan,
            "figures": selectors.plan_figures(plan) if plan else None,
        }
    ]
