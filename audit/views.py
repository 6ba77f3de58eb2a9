from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from cchc_portal import roles

from .filters import AuditEventFilter
from .models import AuditEvent

PAGE_SIZE = 50
# Counting every event of a country on each page would cost more than the page: the count
# stops here, and a narrower filter (dates, a unit) finds older events.
COUNT_LIMIT = 10_000


class CappedPaginator(Paginator):
    @cached_property
    def count(self):
        # Unordered: the database counts from whichever index suits the filter.
        return self.object_list.order_by()[: COUNT_LIMIT + 1].count()

    @property
    def capped(self):
        return self.count > COUNT_LIMIT


def _mark_deleted(events):
    """Sets `record_gone` on each event whose record a later event deleted (one query)."""
    keys = {(e.record_type, e.object_id) for e in events if e.object_id is not None}
    gone = set()
    if keys:
        gone = set(
            AuditEvent.objects.filter(
                action=AuditEvent.Action.DELETED,
                record_type__in={key[0] for key in keys},
                object_id__in={key[1] for key in keys},
            ).values_list("record_type", "object_id")
        )
    for event in events:
        event.record_gone = (event.record_type, event.object_id) in gone


@require_GET
@roles.role_required(roles.INTERNAL_AFFAIRS)
def event_list(request):
    """Who changed what and when, newest first, in the user's scope."""
    events = AuditEvent.objects.for_user(request.user).select_related("user", "unit")
    filters = AuditEventFilter(request.GET, queryset=events, request=request)
    # A malformed filter is shown as a form error over an empty list, never ignored.
    rows = filters.qs if filters.is_valid() else events.none()
    page = CappedPaginator(rows.order_by("-occurred_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    _mark_deleted(page.object_list)
    return render(
        request,
        "audit/event_list.html",
        {"filter": filters, "page": page, "count_limit": COUNT_LIMIT},
    )
