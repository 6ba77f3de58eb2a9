"""Home-page panels: what the user's unit must remediate, what awaits review, my visits."""

from django.db.models import Count, Q
from django.utils import timezone

from cchc_portal import roles

from . import selectors
from .models import Inspection, Recommendation

PANEL_SIZE = 5


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    if user.has_role(roles.UNIT_STAFF) and user.unit_id:
        result.extend(_remediation_panel(user))
    if user.has_role(roles.INTERNAL_AFFAIRS):
        result.extend(_review_panel(user))
    if user.has_role(roles.INSPECTOR, roles.INTERNAL_AFFAIRS):
        result.extend(_team_panel(user))
    return result


def _remediation_panel(user):
    """The unit's issued recommendations not yet accepted, of every period: the home page's
    one place for them (the home dashboard leaves them out).

    total: not yet accepted = to_remediate (status open) + submitted (report awaiting
    review); overdue: past the deadline today and not accepted.
    """
    today = timezone.localdate()
    pending = Recommendation.objects.for_user(user).issued().addressed_to(user.unit).not_accepted()
    counts = pending.aggregate(
        total=Count("pk"),
        to_remediate=Count("pk", filter=Q(status=Recommendation.Status.OPEN)),
        submitted=Count(
            "pk", filter=Q(pk__in=Recommendation.objects.awaiting_review().values("pk"))
        ),
        overdue=Count("pk", filter=Q(pk__in=Recommendation.objects.overdue(today).values("pk"))),
    )
    if not counts["total"]:
        return []
    items = list(
        pending.select_related("inspection").order_by("status", "due_on", "number")[:PANEL_SIZE]
    )
    return [{"template": "inspections/_home_remediation.html", "items": items, **counts}]


def _review_panel(user):
    """The oldest reports awaiting review (the queue's first page, from the figures cache)."""
    page = selectors.review_queue_page(user, 1, size=PANEL_SIZE, with_reports=False)
    count = page.paginator.count
    if not count:
        return []
    return [
        {"template": "inspections/_home_review.html", "items": page.object_list, "count": count}
    ]


def _team_panel(user):
    active = (
        Inspection.objects.for_user(user)
        .on_team(user)
        .filter(status__in=[Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS])
        .select_related("unit")
        .order_by("start_on")
    )
    items = list(active[:PANEL_SIZE])
    if not items:
        return []
    return [{"template": "inspections/_home_team.html", "items": items}]
