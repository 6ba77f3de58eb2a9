"""A unit's dashboard and its one-page summary (print page and PDF) for a period."""

from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc_portal import summaries
from cchc_portal.figures import formatting as fmt
from cchc_portal.figures.periods import resolve_period
from cchc_portal.models import Unit
from feedback import selectors as feedback_selectors
from inspections import permissions as inspection_permissions
from inspections import selectors as inspection_selectors
from par_index import selectors as par_index_selectors
from procedures import selectors as procedure_selectors
from reforms import selectors as reform_selectors

from . import selectors
from .overview import online_trend_chart, recommendation_chart

RECOMMENDATIONS_SHOWN = 10
FLAGS_SHOWN = 10
SUMMARY_RECOMMENDATIONS = 8
SUMMARY_FLAGS = 5
SUMMARY_CSS = "dashboards/summary_pdf.css"


def unit_row(unit, period, *, today=None):
    """The unit's overview row (the same figures as its line in the city overview)."""
    return selectors.overview_rows(Unit.objects.filter(pk=unit.pk), period, today=today).get()


def comparison(unit, period, *, today=None, plan=None):
    """The unit's overview row, the scope it is compared with (its parent's subtree), the
    scope's totals, and the monthly intake of the unit and of the scope: what the unit
    dashboard and summary show whoever reads them. Kept in the shared cache under the
    scope's figures versions (`cchc_portal.summaries.cached_for_units`): a write of any
    figure of the scope's units computes it afresh."""
    today = today or timezone.localdate()
    anchor, scope = selectors.comparison_scope(unit)

    def compute():
        rows = selectors.overview_rows(scope, period, today=today)
        return {
            "row": next(r for r in rows if r.pk == unit.pk),  # the parent's subtree holds it
            "scope_totals": selectors.overview_totals(rows),
            "unit_months": procedure_selectors.monthly_intake(unit, period.first, period.last),
            "scope_months": procedure_selectors.monthly_intake(scope, period.first, period.last),
            # The plan's figures as of the period's end (the plan is the unit's own: its
            # tasks' writes stamp the unit, one of the scope's).
            "plan_figures": plan and reform_selectors.plan_figures(plan, as_of=as_of),
            "plan_status": plan and reform_selectors.task_status_counts(plan, as_of=as_of),
            "missing_months": selectors.months_missing(unit, period, today=today),
        }

    as_of = period.as_of(today)
    plan_pk = plan.pk if plan is not None else None
    parts = (unit.pk, plan_pk, period.year, period.first, period.last, as_of, today)
    return anchor, scope, summaries.cached_for_units("unit-page", scope, compute, parts=parts)


def own_records(name, user, unit, compute, *, parts):
    """`compute()`: lists of the unit's own records a unit page shows (its plan's tasks, the
    recommendations addressed to it, its flags, documents, reform models...), kept in the
    shared cache under the unit's figures version: every write of those records gives the
    unit a new version (the summaries' sources, and `reforms.summary.RECORD_MODELS`). The
    records are read through their `for_user`, which depends on the reader's scope and on
    whether they see drafts: the key holds both, with `parts` (the period, today...)."""
    reader = inspection_permissions.reader_key(user)
    return summaries.cached_for_units(
        name, Unit.objects.filter(pk=unit.pk), compute, parts=(reader, *parts)
    )


def _period_parts(period, today, plan):
    return (
        plan.pk if plan is not None else None,
        period.year,
        period.first,
        period.last,
        period.starts_on,
        period.ends_on,
        period.as_of(today),
        today,
    )


def rate_lines(unit_rates, scope_rates):
    """The unit's rates next to the scope's, with the difference in percentage points."""
    # (rate, its key in the figures glossary, label)
    names = [
        ("completion", "task_completion_rate", _("Plan tasks done")),
        ("online", "intake_online_rate", _("Dossiers received online")),
        ("on_time", "intake_on_time_rate", _("Dossiers resolved early or on time")),
        ("electronic", "intake_electronic_rate", _("Dossiers processed on the one-stop system")),
        ("acceptance", "recommendation_acceptance_rate", _("Remediation accepted")),
    ]
    lines = []
    for key, figure, label in names:
        own, other = unit_rates[key], scope_rates[key]
        difference = None if own is None or other is None else own - other
        lines.append(
            {
                "key": key,
                "figure": figure,
                "label": label,
                "unit": fmt.format_percent(own),
                "scope": fmt.format_percent(other),
                "difference": difference,
                "difference_text": fmt.format_points(abs(difference))
                if difference is not None
                else "",
            }
        )
    return lines


def satisfaction_card(unit, anchor, period):
    """The unit's survey in the period, and its months against `anchor`'s whole subtree."""
    first, last = period.starts_on, period.ends_on
    own = feedback_selectors.satisfaction_counts(unit, first, last)
    # Counts and rates only: the card shows no question's mean.
    mine = feedback_selectors.satisfaction_rates_by_month(unit, first, last)
    theirs = feedback_selectors.satisfaction_rates_by_month(anchor.subtree(), first, last)
    months = []
    for month in period.months:
        unit_month, scope_month = mine.get(month), theirs.get(month)
        if unit_month is None and scope_month is None:
            continue
        months.append(
            {
                "month": month,
                "unit_count": unit_month.responses if unit_month else 0,
                "unit_rate": fmt.format_percent(unit_month.rate if unit_month else None),
                "scope_count": scope_month.responses if scope_month else 0,
                "scope_rate": fmt.format_percent(scope_month.rate if scope_month else None),
            }
        )
    try:
        url = f"{reverse('feedback:results')}?{urlencode({**period.query(), 'unit': unit.pk})}"
    except NoReverseMatch:
        url = ""
    return {
        "responses": own.responses,
        "rate": fmt.format_percent(own.rate),
        "enough": own.enough,
        "months": months,
        "url": url,
    }


def _period_setup(request, unit):
    return resolve_period(request.GET, latest_reported=procedure_selectors.latest_reported(unit))


def unit_context(request, unit, *, today=None):
    """Everything the unit dashboard shows for the request's period."""
    user = request.user
    today = today or timezone.localdate()
    period, period_form = _period_setup(request, unit)
    plan = reform_selectors.plan_of(unit, period.year, user=user)
    anchor, scope, compared = comparison(unit, period, today=today, plan=plan)
    row, scope_totals = compared["row"], compared["scope_totals"]
    figures = selectors.row_figures(row)
    unit_rates = selectors.figure_rates(figures)

    def lists():
        return {
            "next": plan and list(reform_selectors.next_deadlines(user, plan, today=today)),
            "overdue": plan
            and list(reform_selectors.overdue_tasks_for_user(user, plan, today=today)),
            "recommendations": list(
                inspection_selectors.recommendations_to_remediate(
                    user, unit, starts_on=period.starts_on, ends_on=period.ends_on
                )[:RECOMMENDATIONS_SHOWN]
            ),
            "models": list(reform_selectors.unit_reform_models(user, unit, period.year)),
            "flags": list(
                procedure_selectors.open_flags(unit, period.first, period.last)[:FLAGS_SHOWN]
            ),
        }

    own = own_records("unit-lists", user, unit, lists, parts=_period_parts(period, today, plan))
    tasks = None
    if plan is not None:
        tasks = {
            "figures": compared["plan_figures"],
            "status": compared["plan_status"],
            "next": own["next"],
            "overdue": own["overdue"],
        }
    period_query = urlencode(period.query())
    unit_months, scope_months = compared["unit_months"], compared["scope_months"]
    states = selectors.recommendation_states(figures)
    return {
        "unit": unit,
        "period": period,
        "period_form": period_form,
        "period_query": period_query,
        "row": row,
        "has": selectors.has_figures(row),
        "rates": unit_rates,
        "anchor": anchor,
        "scope_totals": scope_totals,
        "rate_lines": rate_lines(unit_rates, scope_totals),
        "plan": plan,
        "tasks": tasks,
        "recommendations": own["recommendations"],
        "recommendation_states": states,
        "models": own["models"],
        "missing_months": compared["missing_months"],
        "flags": own["flags"],
        # Read afresh (one query, three with an index): scores stamp no figures version.
        "par_index": par_index_selectors.latest_index([unit]).get(unit.pk),
        "satisfaction": satisfaction_card(unit, anchor, period),
        "charts": {
            "online": online_trend_chart(
                unit_months,
                chart_id="chart-unit-online",
                title=_("Online rate by month, %(period)s") % {"period": period.range_label},
                description=_(
                    "Dossiers received online as a share of all received, each month: the "
                    "unit (solid line, values printed) and %(scope)s (dashed line)."
                )
                % {"scope": anchor.display_name},
                series_name=unit.display_name,
                other=(
                    _("%(scope)s, all units") % {"scope": anchor.display_name},
                    scope_months,
                ),
            ),
            "online_months": list(zip(unit_months, scope_months, strict=True)),
            "recommendations": recommendation_chart(
                states,
                chart_id="chart-unit-recommendations",
                title=_("Recommendations to %(unit)s by state") % {"unit": unit.display_name},
            ),
        },
    }


def summary_context(user, unit, period, *, today=None):
    """The figures an inspection team reads before a visit, for the print page and the PDF."""
    today = today or timezone.localdate()
    plan = reform_selectors.plan_of(unit, period.year, user=user)
    anchor, scope, compared = comparison(unit, period, today=today, plan=plan)
    row, scope_totals = compared["row"], compared["scope_totals"]
    figures = selectors.row_figures(row)
    unit_rates = selectors.figure_rates(figures)
    as_of = period.as_of(today)

    def lists():
        return {
            "area_figures": plan and reform_selectors.plan_area_figures(plan, as_of=as_of),
            "recommendations": list(
                inspection_selectors.recommendations_to_remediate(
                    user, unit, starts_on=period.starts_on, ends_on=period.ends_on
                )[:SUMMARY_RECOMMENDATIONS]
            ),
            "documents": reform_selectors.documents_by_kind(unit, period.year),
            "outreach": reform_selectors.outreach_summary(unit, period.year),
            "intake": procedure_selectors.intake_summary(unit, period.first, period.last),
            "digital": procedure_selectors.digital_summary(unit, period.first, period.last),
            "flags": list(
                procedure_selectors.open_flags(unit, period.first, period.last)[:SUMMARY_FLAGS]
            ),
        }

    own = own_records(
        "unit-summary-lists", user, unit, lists, parts=_period_parts(period, today, plan)
    )
    unit_months, scope_months = compared["unit_months"], compared["scope_months"]
    return {
        "unit": unit,
        "period": period,
        "period_query": urlencode(period.query()),
        "today": today,
        "row": row,
        "has": selectors.has_figures(row),
        "rates": unit_rates,
        "anchor": anchor,
        "rate_lines": rate_lines(unit_rates, scope_totals),
        "plan": plan,
        "plan_figures": plan and compared["plan_figures"],
        "area_figures": own["area_figures"],
        "documents": own["documents"],
        "outreach": own["outreach"],
        "intake": own["intake"],
        "digital": own["digital"],
        "recommendations": own["recommendations"],
        "recommendation_states": selectors.recommendation_states(figures),
        "missing_months": compared["missing_months"],
        "flags": own["flags"],
        "charts": {
            "online": online_trend_chart(
                unit_months,
                chart_id="summary-online",
                title=_("Online rate by month, %(period)s") % {"period": period.range_label},
                description=_(
                    "Dossiers received online as a share of all received, each month: the "
                    "unit (solid line, values printed) and %(scope)s (dashed line)."
                )
                % {"scope": anchor.display_name},
                series_name=unit.display_name,
                other=(
                    _("%(scope)s, all units") % {"scope": anchor.display_name},
                    scope_months,
                ),
            ),
            "recommendations": recommendation_chart(
                selectors.recommendation_states(figures),
                chart_id="summary-recommendations",
                title=_("Recommendations by state"),
            ),
        },
    }


def summary_period(request, unit):
    period, _form = _period_setup(request, unit)
    return period


def render_summary_pdf(context):
    """The summary as PDF bytes, in Vietnamese like every document the portal prints."""
    from weasyprint import CSS, HTML

    with translation.override("vi"):
        html = render_to_string("dashboards/summary_pdf.html", context)
    stylesheet = CSS(filename=finders.find(SUMMARY_CSS))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def summary_filename(unit, period):
    return f"tom-tat-cchc-{unit.code}-{period.first:%Y%m}-{period.last:%Y%m}.pdf"
