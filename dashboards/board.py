"""The remediation board: reports awaiting review, overdue recommendations by unit,
the shortcomings that recur across units and years, and how long acceptance takes.

The review queue's page and the two aggregate panels (recurring shortcomings, acceptance
and review times; they scan every finding, recommendation and report of the scope) are kept
in the shared cache under the figures versions of every unit (`cchc_portal.summaries.cached_for_units`). Each of the
models they read stamps its units on every write (recommendations and inspections through
the recommendation summary, findings and remediation reports as version sources,
`inspections.summaries.register`), so a cached number is never older than the last write.
The shortcoming types' and the units' names are read live. The two
tables are drawn here row by row (`queue_row_html`, `overdue_row_html`,
`recurring_row_html`, plain f-strings with every text escaped): a template loop over
their cells, then format_html's per-argument escaping, was most of the page's time.
"""

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc_portal import summaries
from cchc_portal.figures import formatting as fmt
from cchc_portal.inputs import query_year, to_int
from cchc_portal.models import Unit
from cchc_portal.rows import escaped as _e
from cchc_portal.rows import object_url
from inspections import permissions as inspection_permissions
from inspections import selectors as inspection_selectors

from . import charts, selectors

QUEUE_PAGE_SIZE = 20
UNITS_PAGE_SIZE = 20
CHART_TYPES = 8


def _year(request):
    return query_year(request.GET)[0]


def board_context(request, *, today=None):
    user = request.user
    today = today or timezone.localdate()
    # Every unit's figures versions: the queue and the aggregate panels are filed under them.
    versions = summaries.figures_versions(Unit.objects.all())
    queue, queued = queue_page(user, request.GET.get("queue_page"), versions)
    for recommendation in queued:
        recommendation.days_waiting = selectors.days_between(recommendation.submitted_at, today)
        recommendation.can_review = inspection_permissions.can_review(user, recommendation)
    overdue, overdue_units = overdue_page(user, request.GET.get("units_page"), today)
    recs_url = _e(reverse("dashboards:recommendations"))
    review_text = _e(_("Review"))
    count = _Counts()
    year = _year(request)
    panels = aggregate_panels(user, year, versions)
    recurring = named_recurring(panels["recurring"])
    times = panels["times"]
    return {
        "queue": queue,
        "queue_rows": [queue_row_html(rec, review_text) for rec in queued],
        "overdue_units": overdue,
        "overdue_rows": [overdue_row_html(unit, recs_url, count) for unit in overdue_units],
        "year": year,
        "years": inspection_selectors.inspection_years(user),
        "recurring": recurring,
        "recurring_rows": [recurring_row_html(row, count) for row in recurring],
        "times": {
            **times,
            "average_days": selectors.duration_days(times["average"]),
            "longest_days": selectors.duration_days(times["longest"]),
            "review_average_days": selectors.duration_days(times["review_average"]),
        },
        "recurring_chart": recurring_chart(recurring[:CHART_TYPES]),
    }


OVERDUE_FIELDS = (
    "recommendations_overdue",
    "recommendations_not_accepted",
    "recommendations_reported",
    "recommendations_accepted",
    "oldest_overdue_on",
    "average_acceptance",
)


def overdue_page(user, number, today):
    """(page, units) of the overdue units: the page for the pagination, its units with
    their figures (days_overdue, acceptance_days added).

    The figures are cached under the figures versions of the units in scope (every figure
    of a row is of its unit: the summary, its accepted recommendations, its last
    inspection; the scope's ids are part of the key), per day and page; the units' names
    and codes are read live."""
    number = to_int(number, low=1, high=10**6) or 1
    scope = selectors.scope_units(user)

    def compute():
        page = Paginator(
            inspection_selectors.overdue_by_unit(scope, today=today), UNITS_PAGE_SIZE
        ).get_page(number)
        return {
            "count": page.paginator.count,
            "number": page.number,
            "rows": [
                {"pk": unit.pk, **{name: getattr(unit, name) for name in OVERDUE_FIELDS}}
                for unit in page
            ],
        }

    cached = summaries.cached_for_units(
        "dashboards.board.overdue", scope, compute, parts=("board-1", today, number)
    )
    page = Paginator(range(cached["count"]), UNITS_PAGE_SIZE).get_page(cached["number"])
    names = {
        pk: (name, code)
        for pk, name, code in Unit.objects.filter(
            pk__in=[row["pk"] for row in cached["rows"]]
        ).values_list("pk", "name", "code")
    }
    units = []
    for row in cached["rows"]:
        if row["pk"] not in names:
            continue
        unit = SimpleNamespace(**row)
        unit.name, unit.code = names[row["pk"]]
        unit.days_overdue = selectors.days_between(unit.oldest_overdue_on, today)
        unit.acceptance_days = selectors.duration_days(unit.average_acceptance)
        units.append(unit)
    return page, units


QUEUE_FIELDS = ("pk", "number", "text", "due_on", "submitted_at", "responsible_unit_id")


def queue_page(user, number, versions):
    """(page, recommendations) of the review queue: the page for the pagination, its
    recommendations with the pending report's submission time and the responsible unit.

    Kept in the shared cache under every unit's figures version (a report's submission or
    review, a recommendation's or an inspection's change stamp the recommendation's units:
    `inspections.summaries`), per reader and page; the units' names are read live."""
    number = to_int(number, low=1, high=10**6) or 1

    def compute():
        page = Paginator(inspection_selectors.review_queue_rows(user), QUEUE_PAGE_SIZE)
        page = page.get_page(number)
        return {
            "count": page.paginator.count,
            "number": page.number,
            "rows": [{name: getattr(rec, name) for name in QUEUE_FIELDS} for rec in page],
        }

    cached = summaries.cached_for_units(
        "dashboards.board.queue",
        Unit.objects.all(),
        compute,
        parts=("board-queue-1", *inspection_permissions.reader_key(user), number),
        versions=versions,
    )
    page = Paginator(range(cached["count"]), QUEUE_PAGE_SIZE).get_page(cached["number"])
    units = Unit.objects.in_bulk({row["responsible_unit_id"] for row in cached["rows"]})
    queued = [
        SimpleNamespace(**row, responsible_unit=units[row["responsible_unit_id"]])
        for row in cached["rows"]
        if row["responsible_unit_id"] in units
    ]
    return page, queued


def aggregate_panels(user, year, versions=None):
    """{"recurring": the recurring shortcomings without their names, "times": the
    acceptance and review times}: computed once per scope and year, then read from the
    cache while no unit has a new figures version (every unit's: a recommendation read
    through the scope's inspections may address a unit outside it, and the reverse)."""
    parts = ("board-1", *inspection_permissions.reader_key(user), year)

    def compute():
        recurring = [
            {k: v for k, v in row.items() if k not in ("shortcoming_type__name",)}
            for row in inspection_selectors.recurring_shortcomings(user, year=year)
        ]
        return {"recurring": recurring, "times": inspection_selectors.acceptance_times(user)}

    return summaries.cached_for_units(
        "dashboards.board", Unit.objects.all(), compute, parts=parts, versions=versions
    )


def named_recurring(rows):
    """The cached rows with their types' names and order read now, in the selector's order."""
    types = {
        pk: (name, order)
        for pk, name, order in inspection_selectors.shortcoming_types().values_list(
            "pk", "name", "order"
        )
    }
    named = [
        {
            **row,
            "shortcoming_type__name": types[row["shortcoming_type"]][0],
            "shortcoming_type__order": types[row["shortcoming_type"]][1],
        }
        for row in rows
        if row["shortcoming_type"] in types
    ]
    named.sort(
        key=lambda r: (
            -r["unit_count"],
            -r["inspection_count"],
            -r["finding_count"],
            r["shortcoming_type__order"],
            r["shortcoming_type__name"],
        )
    )
    return named


class _Counts(dict):
    """fmt.format_count, once per value in a request and escaped (the board's counts are
    small numbers that repeat: one number_format each is much of the page's time)."""

    def __missing__(self, value):
        self[value] = text = _e(fmt.format_count(value))
        return text

    def __call__(self, value):
        return self[value]


def recurring_row_html(row, count):
    """One row of the recurring shortcomings (what the template drew, every text escaped)."""
    pk = int(row["shortcoming_type"])
    return mark_safe(
        f'<tr data-type="{pk}"><th scope="row" class="fw-normal">'
        f'<a href="{_e(object_url("dashboards:shortcoming", pk))}">'
        f"{_e(row['shortcoming_type__name'])}</a></th>"
        f'<td class="num">{count(row["unit_count"])}</td>'
        f'<td class="num">{count(row["inspection_count"])}</td>'
        f'<td class="num">{count(row["year_count"])}</td>'
        f'<td class="num">{_date(row["last_found_on"])}</td>'
        f'<td class="num">{count(row["remediated_count"])}/'
        f"{count(row['recommendation_count'])}</td></tr>"
    )


def _day_count(days):
    return _e(ngettext("%(counter)s day", "%(counter)s days", days) % {"counter": days})


def _date(value):
    return f"{value:%d/%m/%Y}" if value else ""


def queue_row_html(rec, review_text):
    """One row of the review queue (what the template drew, every text escaped);
    `review_text`: the review button's text."""
    review = ""
    if rec.can_review:
        review = (
            '<a class="btn btn-sm btn-outline-primary" '
            f'href="{_e(object_url("inspections:recommendation-review", rec.pk))}">'
            f"{review_text}</a>"
        )
    submitted = timezone.localtime(rec.submitted_at) if rec.submitted_at else None
    return mark_safe(
        f'<tr data-recommendation="{int(rec.pk)}"><td class="text-nowrap">{_date(submitted)}</td>'
        f'<td class="num">{_day_count(rec.days_waiting)}</td>'
        f"<td>{_e(rec.responsible_unit.display_name)}</td>"
        f'<td><a href="{_e(object_url("inspections:recommendation-detail", rec.pk))}">'
        f"{int(rec.number)}. {_e(Truncator(rec.text).chars(100))}</a></td>"
        f'<td class="text-nowrap">{_date(rec.due_on)}</td><td class="text-end">{review}</td></tr>'
    )


def overdue_row_html(unit, recs_url, count):
    """One row of the overdue units (what the template drew, every text escaped);
    `recs_url`: the recommendations drill-down's address, escaped."""
    pk = int(unit.pk)

    def state_cell(state, value, css=""):
        css = f' class="{css}"' if css else ""
        return (
            f'<td class="num"><a{css} href="{recs_url}?unit={pk}&amp;state={state}">'
            f"{count(value)}</a></td>"
        )

    return mark_safe(
        f'<tr data-unit="{_e(unit.code)}"><th scope="row" class="fw-normal">'
        f'<a href="{_e(object_url("dashboards:unit", pk))}">{_e(unit.name)}</a></th>'
        f"{state_cell('overdue', unit.recommendations_overdue, 'overdue')}"
        f'<td class="num">{_date(unit.oldest_overdue_on)} '
        f'<span class="small text-body-secondary">({_day_count(unit.days_overdue)})</span></td>'
        f"{state_cell('not_accepted', unit.recommendations_not_accepted)}"
        f"{state_cell('reported', unit.recommendations_reported)}"
        f"{state_cell('accepted', unit.recommendations_accepted)}"
        f'<td class="num">{_e(fmt.format_days(unit.acceptance_days))}</td></tr>'
    )


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
            object_url("dashboards:shortcoming", row["shortcoming_type"]),
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
