"""The remediation board: reports awaiting review, overdue recommendations by unit,
the shortcomings that recur across units and years, and how long acceptance takes."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal.figures import formatting as fmt
from inspections import permissions as inspection_permissions
from inspections import selectors as inspection_selectors

from . import charts, selectors

QUEUE_PAGE_SIZE = 20
UNITS_PAGE_SIZE = 20
CHART_TYPES = 8


def _year(request):
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return None


def board_context(request, *, today=None):
    user = request.user
    today = today or timezone.localdate()
    queue = Paginator(inspection_selectors.review_queue(user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("queue_page")
    )
    for recommendation in queue:
        recommendation.pending_report = next(
            (r for r in recommendation.reports.all() if r.decision == r.Decision.PENDING), None
        )
        recommendation.days_waiting = selectors.days_between(recommendation.submitted_at, today)
        recommendation.can_review = inspection_permissions.can_review(user, recommendation)
    overdue = Paginator(
        inspection_selectors.overdue_by_unit(selectors.scope_units(user), today=today),
        UNITS_PAGE_SIZE,
    ).get_page(request.GET.get("units_page"))
    for unit in overdue:
        unit.days_overdue = selectors.days_between(unit.oldest_overdue_on, today)
        unit.acceptance_days = selectors.duration_days(unit.average_acceptance)
    year = _year(request)
    recurring = list(inspection_selectors.recurring_shortcomings(user, year=year))
    times = inspection_selectors.acceptance_times(user)
    return {
        "queue": queue,
        "overdue_units": overdue,
        "year": year,
        "years": inspection_selectors.inspection_years(user),
        "recurring": recurring,
        "times": {
            **times,
            "average_days": selectors.duration_days(times["average"]),
            "longest_days": selectors.duration_days(times["longest"]),
            "review_average_days": selectors.duration_days(times["review_average"]),
        },
        "recurring_chart": recurring_chart(recurring[:CHART_TYPES]),
    }


def recurring_chart(rows):
    bars = [
        charts.Bar(
            row["shortcoming_type__name"],
            row["unit_count"],
            _("%(units)s units · %(inspections)s inspections")
            % {
                "units": fmt.format_count(row["unit_count"]),
                "inspections": row["inspection_count"],
            },
            "dots",
            reverse("dashboards:shortcoming", args=[row["shortcoming_type"]]),
        )
        for row in rows
    ]
    return charts.bar_chart(
        bars,
        chart_id="chart-recurring",
        title=_("Shortcomings found in the most units"),
        description=_(
            "For each type of shortcoming, how many units it was found at, with the number "
            "of inspections that found it."
        ),
        axis_label=_("Units where the shortcoming was found"),
        tick_format=fmt.tick_count,
        empty_text=_("No shortcoming has been recorded with a type yet."),
        label_width=300,
        width=760,
    )
