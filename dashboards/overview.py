"""The city overview: one row per unit, the totals, the charts; page and Excel share it.

The columns are defined once here; the page and the Excel export both read the same
cells, so the export holds exactly what the page shows, in the same order.
"""

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cchc_portal.figures import formatting as fmt
from cchc_portal.figures.months import month_label
from cchc_portal.figures.periods import resolve_period
from cchc_portal.inputs import to_int
from cchc_portal.models import Unit
from cchc_portal.rows import object_url
from feedback import selectors as feedback_selectors
from par_index import selectors as par_index_selectors
from procedures import selectors as procedure_selectors

from . import charts, selectors

PAGE_SIZE = 50


class OverviewFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of unit"), required=False)
    within = forms.ModelChoiceField(
        label=gettext_lazy("Within unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All units I see"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Unit.Kind.choices]
        within = self.fields["within"]
        within.queryset = Unit.objects.for_user(user).only(
            "pk", "name", "short_name", "depth", "path"
        )
        top = user.unit.depth if user.unit_id and not user.sees_everything else 0
        within.label_from_instance = lambda unit: (
            "\u2003" * max(unit.depth - top, 0) + unit.display_name
        )
        # Any unit in scope is accepted, but the list offers only the units with units under
        # them (and the one chosen): a country's 4,000 wards would make a 400 KB list.
        chosen = str(self.data.get("within", "")) if self.is_bound else ""
        parents = Exists(Unit.objects.filter(parent=OuterRef("pk")))
        listed = within.queryset.filter(Q(parents) | Q(pk=to_int(chosen)))
        # A callable: read once when the form is drawn, not at all for the Excel export.
        within.choices = cache(
            lambda: [
                ("", within.empty_label),
                *((unit.pk, within.label_from_instance(unit)) for unit in listed.order_by("path")),
            ]
        )
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select form-select-sm"
            field.widget.attrs["data-filter"] = name


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # text, count, percent, fraction, date
    sort: str = ""  # the row figure `selectors.ordered_rows` sorts by; empty: not sortable
    group: str = ""
    help: str = ""


def columns(year):
    plan = _("Reform plan %(year)s") % {"year": year}
    intake = _("Procedure dossiers")
    recs = _("Recommendations")
    index = _("PAR index (latest appraised)")
    satisfaction = _("Citizen satisfaction")
    return [
        Column("unit", _("Unit"), "text", "name"),
        Column(
            "tasks",
            _("Tasks done / total"),
            "fraction",
            "tasks_done",
            plan,
            _("Specific tasks, and general tasks without specific ones; cancelled ones left out."),
        ),
        Column("completion", _("Completion"), "percent", "completion_rate", plan),
        Column("tasks_overdue", _("Tasks overdue"), "count", "tasks_overdue", plan),
        Column("received", _("Received"), "count", "received_total", intake),
        Column("online", _("Online rate"), "percent", "online_rate", intake),
        Column("on_time", _("On-time rate"), "percent", "on_time_rate", intake),
        Column("electronic", _("Electronic rate"), "percent", "electronic_rate", intake),
        Column("recs_open", _("Not yet accepted"), "count", "recommendations_not_accepted", recs),
        Column("recs_overdue", _("Overdue"), "count", "recommendations_overdue", recs),
        Column(
            "acceptance",
            _("Remediation accepted"),
            "percent",
            "acceptance_rate",
            recs,
            _(
                "Recommendations whose remediation was accepted, of those issued to the unit "
                "by the inspections held in the period."
            ),
        ),
        Column("last_inspection", _("Last inspection"), "date", "last_inspection_on"),
        Column("flags", _("Figures to check"), "count", "open_flag_count"),
        Column("par_year", _("Year"), "text", "", index),
        Column(
            "par_points",
            _("Appraised points"),
            "score",
            "",
            index,
            _(
                "The unit's appraised total in the latest scoring round where its scorecard is "
                "appraised, whatever the period shown."
            ),
        ),
        Column("par_percent", _("Share of the maximum"), "percent", "", index),
        Column("sat_count", _("Answers"), "count", "", satisfaction),
        Column(
            "sat_rate",
            _("Satisfied"),
            "percent",
            "",
            satisfaction,
            _(
                "Share of the counter survey's answers in the period rating the overall "
                "question satisfied or very satisfied (4 or 5 of 5); flagged answers left out. "
                "With too few answers only their count is shown."
            ),
        ),
    ]


SORTS = {
    "name",
    "tasks_done",
    "completion_rate",
    "tasks_overdue",
    "received_total",
    "online_rate",
    "on_time_rate",
    "electronic_rate",
    "recommendations_not_accepted",
    "recommendations_overdue",
    "acceptance_rate",
    "last_inspection_on",
    "open_flag_count",
}


def parse_sort(value):
    """(field, descending) from "online_rate" or "-online_rate"; (None, False) for tree order."""
    value = (value or "").strip()
    descending = value.startswith("-")
    field = value.lstrip("-")
    if field not in SORTS:
        return None, False
    return field, descending


@dataclass(frozen=True)
class Cell:
    text: str
    value: object = None  # what the Excel cell holds; a fraction's is (done, total)
    href: str = ""
    kind: str = ""  # the Excel cell's kind when not the column's (an average of counts)


def _fraction(done, total):
    return Cell(f"{fmt.format_count(done)}/{fmt.format_count(total)}", (done, total))


def _cell(kind, value):
    if kind == "count":
        return Cell(fmt.format_count(value), value)
    if kind == "percent":
        return Cell(fmt.format_percent(value), value)
    if kind == "date":
        return Cell(fmt.format_date(value), value)
    return Cell(fmt.DASH if value in (None, "") else str(value), value)


def _link(cell, href):
    return Cell(cell.text, cell.value, href, cell.kind)


def _average(value):
    return Cell(fmt.format_average(value), value, kind="average")


def _query(params):
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _or_dash(shown, cell):
    """`cell`, or "—" (an empty Excel cell) when the period has no such figure."""
    return cell if shown else Cell(fmt.DASH, None)


def index_cells(index):
    """The PAR-index columns of a unit's row: its latest appraised index, or dashes."""
    if index is None:
        return [Cell(fmt.DASH, None), Cell(fmt.DASH, None), Cell(fmt.DASH, None)]
    return [
        Cell(str(index.year), index.year),
        Cell(fmt.format_score(index.total), index.total),
        _cell("percent", index.percent),
    ]


def satisfaction_cells(figures):
    """The satisfaction columns: the count of answers, and the rate when there are enough."""
    if figures is None or not figures.responses:
        return [Cell(fmt.DASH, None), Cell(fmt.DASH, None)]
    return [_cell("count", figures.responses), _cell("percent", figures.rate)]


def unit_cells(unit, *, period_query, index=None, satisfaction=None):
    """The cells of one unit's row, in the order of `columns()`.

    A group of columns without figures in the period (no plan of the year, no intake
    figures entered for its months, no recommendation nor inspection of the period) shows
    "—", never a 0 that reads as a figure.
    """
    figures = selectors.row_figures(unit)
    rate = selectors.figure_rates(figures)
    has = selectors.has_figures(unit)
    has_plan = has["plan"]
    plan_url = object_url("reforms:plan-detail", unit.plan_id) if has_plan else ""
    # "scope=unit": the unit's own figures, even for a city whose page defaults to its subtree.
    figures_url = f"{object_url('procedures:unit-figures', unit.pk)}?{period_query}&scope=unit"
    recs_url = _recommendations_url()

    def recs(state):  # as _query() writes it: the id and the state need no escaping
        return f"{recs_url}?unit={int(unit.pk)}&state={state}&{period_query}"

    if has_plan:
        tasks = _fraction(unit.tasks_done, unit.tasks_total)
    elif unit.keeps_figures:
        tasks = Cell(_("no plan"), None)
    else:
        tasks = Cell(fmt.DASH, None)
    last = _cell("date", unit.last_inspection_on)
    intake, recommendations = has["intake"], has["recommendations"]
    return [
        Cell(
            unit.name,
            unit.name,
            f"{object_url('dashboards:unit', unit.pk)}?{period_query}",
        ),
        _link(tasks, plan_url),
        _link(_cell("percent", rate["completion"]), plan_url),
        _link(
            _cell("count", unit.tasks_overdue) if has_plan else _cell("count", None),
            f"{plan_url}?status=overdue" if has_plan else "",
        ),
        _or_dash(intake, _link(_cell("count", unit.received_total), figures_url)),
        _or_dash(intake, _link(_cell("percent", rate["online"]), figures_url)),
        _or_dash(intake, _link(_cell("percent", rate["on_time"]), figures_url)),
        _or_dash(intake, _link(_cell("percent", rate["electronic"]), figures_url)),
        _or_dash(
            recommendations,
            _link(_cell("count", unit.recommendations_not_accepted), recs("not_accepted")),
        ),
        _or_dash(
            recommendations, _link(_cell("count", unit.recommendations_overdue), recs("overdue"))
        ),
        _or_dash(recommendations, _link(_cell("percent", rate["acceptance"]), recs("all"))),
        _link(
            last,
            object_url("inspections:inspection-detail", unit.last_inspection_id)
            if unit.last_inspection_id
            else "",
        ),
        _or_dash(
            unit.keeps_figures or unit.open_flag_count,
            _link(_cell("count", unit.open_flag_count), f"{figures_url}#flags-title"),
        ),
        *index_cells(index),
        *satisfaction_cells(satisfaction),
    ]


def _recommendations_url():
    return reverse("dashboards:recommendations")


def row_html(unit, line):
    """One unit's table row as HTML, built here rather than by the template: the overview
    shows up to PAGE_SIZE rows of 13 cells, and a template loop over 650 cells is most of
    the page's time. Every text and address is escaped (`escape`), the column keys are
    the code's own identifiers."""
    cells = []
    for index, (column, cell) in enumerate(line):
        text = escape(cell.text)
        if index == 0:
            cells.append(
                f'<th scope="row" class="fw-normal tree-depth-{int(unit.depth)}" '
                f'data-col="{column.key}"><a href="{escape(cell.href)}">{text}</a></th>'
            )
        elif cell.href:
            cells.append(
                f'<td class="num" data-col="{column.key}"><a href="{escape(cell.href)}">'
                f"{text}</a></td>"
            )
        else:
            cells.append(f'<td class="num" data-col="{column.key}">{text}</td>')
    return mark_safe(f'<tr data-unit="{escape(unit.code)}">{"".join(cells)}</tr>')  # noqa: S308 (escaped above)


def total_cells(totals, *, filters, period, anchor, satisfaction=None):
    """The totals line; its numbers link to the same rows under the same filters."""
    rate = totals  # the totals carry the rates of their sums under the same keys
    kind, within = filters.get("kind") or "", filters.get("within")
    recs_base = reverse("dashboards:recommendations")

    def recs(state):
        params = {"state": state, "kind": kind, "within": within and within.pk}
        return f"{recs_base}?{_query({**params, **period.query()})}"

    # The plan list and the subtree figures cover a whole subtree: link them only when the
    # rows are that subtree (no filter on the kind of unit).
    plans_url = figures_url = ""
    if not kind:
        plans_url = f"{reverse('reforms:plan-list')}?{_query({'year': period.year, 'unit': within and within.pk})}"
        if anchor is not None:
            figures_url = (
                f"{reverse('procedures:unit-figures', args=[anchor.pk])}?"
                f"{_query({**period.query(), 'scope': 'subtree'})}"
            )
    has = {name: count > 0 for name, count in totals["units_with"].items()}
    return [
        Cell(
            _("Total (%(count)s units)") % {"count": totals["unit_count"]},
            _("Total (%(count)s units)") % {"count": totals["unit_count"]},
        ),
        _or_dash(
            has["plan"], _link(_fraction(totals["tasks_done"], totals["tasks_total"]), plans_url)
        ),
        _or_dash(has["plan"], _link(_cell("percent", rate["completion"]), plans_url)),
        _or_dash(has["plan"], _link(_cell("count", totals["tasks_overdue"]), plans_url)),
        _or_dash(has["intake"], _link(_cell("count", totals["received_total"]), figures_url)),
        _or_dash(has["intake"], _link(_cell("percent", rate["online"]), figures_url)),
        _or_dash(has["intake"], _link(_cell("percent", rate["on_time"]), figures_url)),
        _or_dash(has["intake"], _link(_cell("percent", rate["electronic"]), figures_url)),
        _or_dash(
            has["recommendations"],
            _link(_cell("count", totals["recommendations_not_accepted"]), recs("not_accepted")),
        ),
        _or_dash(
            has["recommendations"],
            _link(_cell("count", totals["recommendations_overdue"]), recs("overdue")),
        ),
        _or_dash(has["recommendations"], _link(_cell("percent", rate["acceptance"]), recs("all"))),
        _cell("date", totals["last_inspection_on"]),
        _link(_cell("count", totals["open_flag_count"]), figures_url),
        *index_cells(None),
        *satisfaction_cells(satisfaction),
    ]


def average_cells(totals):
    """Per-unit averages over the units keeping figures that have the column group's
    figures in the period: the mean of their counts and of their own rates."""
    average = totals["averages"]
    return [
        Cell(_("Average per unit"), _("Average per unit")),
        _cell("text", None),
        _cell("percent", average["completion_rate"]),
        _average(average["tasks_overdue"]),
        _average(average["received_total"]),
        _cell("percent", average["online_rate"]),
        _cell("percent", average["on_time_rate"]),
        _cell("percent", average["electronic_rate"]),
        _average(average["recommendations_not_accepted"]),
        _average(average["recommendations_overdue"]),
        _cell("percent", average["acceptance_rate"]),
        _cell("text", None),
        _average(average["open_flag_count"]),
        *index_cells(None),
        *satisfaction_cells(None),
    ]


def headers(cols, sort_field, descending):
    """Column headers with the link that sorts by them (numbers: largest first)."""
    result = []
    for col in cols:
        active = col.sort and col.sort == sort_field
        if active:
            next_sort = col.sort if descending else f"-{col.sort}"
        elif col.sort:
            next_sort = col.sort if col.kind == "text" else f"-{col.sort}"
        else:
            next_sort = ""
        result.append(
            {
                "column": col,
                "next_sort": next_sort,
                "aria_sort": ("descending" if descending else "ascending") if active else "",
            }
        )
    return result


def overview_context(request, *, export=False):
    """Everything the overview shows for the request's filters, period and sort."""
    user = request.user
    form = OverviewFilterForm(request.GET or None, user=user)
    filters = {}
    if form.is_bound:
        # cleaned_data keeps the filters that validate; one that does not (a unit outside
        # the scope) is left out and its error shown.
        form.is_valid()
        filters = form.cleaned_data
    units = selectors.scope_units(user, kind=filters.get("kind"), within=filters.get("within"))
    period, period_form = resolve_period(
        request.GET, latest_reported=procedure_selectors.latest_reported(units)
    )
    sort_field, descending = parse_sort(request.GET.get("sort"))
    rows = selectors.ordered_rows(selectors.overview_rows(units, period), sort_field, descending)
    totals = selectors.overview_totals(rows)
    period_query = _query(period.query())
    anchor = filters.get("within") or (
        user.unit if user.unit_id and not user.sees_everything else None
    )
    cols = columns(period.year)
    if export:
        page = None
        shown = list(rows)
    else:
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(page)
    context = {
        "period": period,
        "period_form": period_form,
        "filter_form": form,
        "filters": filters,
        "sort": request.GET.get("sort", "") if sort_field else "",
        "headers": headers(cols, sort_field, descending),
        "columns": cols,
        "groups": column_groups(cols),
        "rows": [],
        "notes": period_notes(),
        "total_cells": total_cells(
            totals,
            filters=filters,
            period=period,
            anchor=anchor,
            # The survey of every unit listed (the whole subtree, all pages), read afresh.
            satisfaction=feedback_selectors.satisfaction_counts(
                units, period.starts_on, period.ends_on
            ),
        ),
        "average_cells": average_cells(totals),
        "totals": totals,
        "page_obj": page,
        "export_query": _query(
            {
                **period.query(),
                "kind": filters.get("kind"),
                "within": filters.get("within") and filters["within"].pk,
                "sort": request.GET.get("sort", "") if sort_field else "",
            }
        ),
    }
    # Read afresh on each request (one query, three with an index): scores change without
    # stamping the units' figures versions that the cached rows follow.
    indexes = par_index_selectors.latest_index(shown)
    satisfaction = feedback_selectors.satisfaction_counts_by_unit(
        [unit.pk for unit in shown], period.starts_on, period.ends_on
    )
    for index, unit in enumerate(shown):
        cells = unit_cells(
            unit,
            period_query=period_query,
            index=indexes.get(unit.pk),
            satisfaction=satisfaction.get(unit.pk),
        )
        context["rows"].append(
            {
                "unit": unit,
                "cells": cells,
                "line": (line := list(zip(cols, cells, strict=True))),
                "html": row_html(unit, line),
                # The first unit keeping no figures of its own opens the group apart.
                "starts_apart": not unit.keeps_figures
                and (index == 0 or shown[index - 1].keeps_figures),
            }
        )
    context["apart_count"] = totals["unit_count"] - totals["reporting_count"]
    context["apart_heading"] = apart_heading(context["apart_count"])
    context["total_line"] = list(zip(cols, context["total_cells"], strict=True))
    context["average_line"] = list(zip(cols, context["average_cells"], strict=True))
    if not export:
        context["charts"] = overview_charts(shown, units, period, totals, rows.versions)
    return context


def column_groups(cols):
    """(label, span) for the header row above the column headers."""
    groups = []
    for col in cols:
        if groups and groups[-1][0] == col.group:
            groups[-1] = (col.group, groups[-1][1] + 1)
        else:
            groups.append((col.group, 1))
    return groups


def apart_heading(count):
    """The heading of the units keeping no figures of their own, listed after the others."""
    return ngettext(
        "%(counter)s unit keeping no plan or figures of its own (recommendations and "
        "inspections only)",
        "%(counter)s units keeping no plan or figures of their own (recommendations and "
        "inspections only)",
        count,
    ) % {"counter": count}


def period_notes():
    """What the overview's columns count, as the page says under the table (the export too)."""
    return [
        _(
            "Recommendations: of the inspections held in the period, status as of today. "
            "Last inspection: the latest held in the period."
        ),
        _(
            "Total: all the rows together, rates from the summed figures. Average per unit: "
            "over the units keeping a plan or figures that have the column's figures in the "
            "period (the same units for its counts and rates); units keeping none of their "
            "own are not counted."
        ),
    ]


def filter_description(context):
    """The filters in words, for the export's heading."""
    filters = context["filters"]
    parts = [f"{context['period'].label} ({context['period'].days_label})"]
    if filters.get("kind"):
        parts.append(Unit.Kind(filters["kind"]).label)
    if filters.get("within"):
        parts.append(_("within %(unit)s") % {"unit": filters["within"].name})
    return " · ".join(str(p) for p in parts)


# --- charts ------------------------------------------------------------------------------


def completion_chart(units, reference_rate, *, chart_id, title, reference_label):
    bars = []
    for unit in units:
        if unit.plan_id is None:
            bars.append(charts.Bar(unit.display_name, None, _("no plan")))
            continue
        rate = selectors.figure_rates(selectors.row_figures(unit))["completion"]
        bars.append(
            charts.Bar(
                unit.display_name,
                charts.as_float(rate) or 0.0,
                f"{fmt.format_percent(rate)} ({fmt.format_count(unit.tasks_done)}/{fmt.format_count(unit.tasks_total)})",
                href=reverse("reforms:plan-detail", args=[unit.plan_id]),
            )
        )
    return charts.bar_chart(
        bars,
        chart_id=chart_id,
        title=title,
        description=_(
            "Share of each unit's counted plan tasks that are done; the dashed line is "
            "the rate of all units together."
        ),
        axis_label=_("Tasks done (%)"),
        tick_format=fmt.tick_percent,
        max_value=100,
        reference=(
            charts.as_float(reference_rate),
            f"{reference_label}: {fmt.format_percent(reference_rate)}",
        ),
        empty_text=_("No units."),
    )


def online_trend_chart(
    months, *, chart_id, title, description, series_name, other=None, reference=None
):
    """Monthly online rate; `other` = (name, months) adds the comparison scope's line,
    `reference` = (rate, text) a dashed line at the period's rate."""
    labels = [month_label(m["month"]) for m in months]
    series = [
        charts.Series(
            series_name,
            [charts.as_float(m["online_rate"]) for m in months],
            [fmt.format_percent(m["online_rate"]) for m in months],
        )
    ]
    if other is not None:
        name, other_months = other
        series.append(
            charts.Series(
                name,
                [charts.as_float(m["online_rate"]) for m in other_months],
                [fmt.format_percent(m["online_rate"]) for m in other_months],
                dashed=True,
                marker="square",
                color="#8a5300",
                print_values=False,
            )
        )
    return charts.line_chart(
        labels,
        series,
        chart_id=chart_id,
        title=title,
        description=description,
        x_label=_("Month"),
        y_label=_("Dossiers received online (%)"),
        tick_format=fmt.tick_percent,
        reference=(charts.as_float(reference[0]), reference[1]) if reference else None,
    )


def recommendation_chart(states, *, chart_id, title):
    bars = [
        charts.Bar(
            _("Open, to remediate"), states["open"], fmt.format_count(states["open"]), "plain"
        ),
        charts.Bar(
            _("Report awaiting review"),
            states["reported"],
            fmt.format_count(states["reported"]),
            "dots",
        ),
        charts.Bar(
            _("Accepted"), states["accepted"], fmt.format_count(states["accepted"]), "hatch"
        ),
        charts.Bar(
            _("Overdue (not accepted)"),
            states["overdue"],
            fmt.format_count(states["overdue"]),
            "cross",
        ),
    ]
    return charts.bar_chart(
        bars,
        chart_id=chart_id,
        title=title,
        description=_(
            "Issued recommendations by state: to remediate, report awaiting review and "
            "accepted add up to all; overdue ones are counted again in the last bar."
        ),
        axis_label=_("Recommendations"),
        tick_format=fmt.tick_count,
        width=520,
        label_width=200,
        value_width=50,
    )


def overview_charts(shown, units, period, totals, versions=None):
    months = selectors.monthly_intake(units, period, versions=versions)
    return {
        "completion": completion_chart(
            [unit for unit in shown if unit.keeps_figures],
            totals["completion"],
            chart_id="chart-completion",
            title=_("Plan completion by unit, %(year)s") % {"year": period.year},
            reference_label=_("All units"),
        ),
        "online": online_trend_chart(
            months,
            chart_id="chart-online",
            title=_("Online rate by month, %(period)s") % {"period": period.range_label},
            description=_(
                "Dossiers received online as a share of all received, each month, for all "
                "the units shown together."
            ),
            series_name=_("Units shown"),
            reference=(
                totals["online"],
                _("Whole period: %(rate)s") % {"rate": fmt.format_percent(totals["online"])},
            ),
        ),
        "online_months": months,
        "recommendations": recommendation_chart(
            selectors.recommendation_states(totals),
            chart_id="chart-recommendations",
            title=_("Recommendations by state"),
        ),
    }
