"""Dashboard pages: city overview (+ Excel), unit dashboard (+ summary, PDF), remediation
board, and the drill-down lists behind their numbers."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from cchc_portal import roles
from cchc_portal.figures.periods import requested_period
from cchc_portal.inputs import query_int
from cchc_portal.models import Unit
from cchc_portal.navigation import all_nav_items, home_panels
from inspections import selectors as inspection_selectors
from procedures import selectors as procedure_selectors

from . import board, excel, permissions, selectors, unit_page
from .landing import home_panels_without, landing
from .overview import overview_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DRILLDOWN_PAGE_SIZE = 50


@require_GET
def home(request):
    """Each role's landing page: who I am, what awaits me, and my dashboard (the city
    overview for internal affairs, leadership and inspectors; the unit's own for its staff)."""
    user = request.user
    links = [item for item in all_nav_items() if item.url_name != "home" and item.visible_to(user)]
    dashboard = landing(request)
    return render(
        request,
        "cchc_portal/home.html",
        {
            "links": links,
            "role": roles.primary_role(user),
            "panels": home_panels_without(home_panels(request), dashboard),
            "dashboard": dashboard,
        },
    )


def _scoped_unit(request, pk):
    return get_object_or_404(Unit.objects.for_user(request.user), pk=pk)


@require_GET
def index(request):
    """/dashboards/: the user's own dashboard."""
    if permissions.sees_overview(request.user):
        return redirect("dashboards:overview")
    return my_dashboard(request)


@require_GET
def overview(request):
    """One row per unit in the user's scope; unit staff go to their own unit's dashboard."""
    user = request.user
    if not permissions.sees_overview(user):
        if user.unit_id:
            return redirect("dashboards:unit", pk=user.unit_id)
        raise PermissionDenied
    return render(request, "dashboards/overview.html", {"dash": overview_context(request)})


@require_GET
def overview_export(request):
    """The overview's rows, under the same filters and sort, as .xlsx."""
    if not permissions.sees_overview(request.user):
        raise PermissionDenied
    context = overview_context(request, export=True)
    content = excel.overview_workbook(context, user=request.user)
    response = HttpResponse(content, content_type=XLSX)
    period = context["period"]
    name = f"tong-quan-cchc-{period.first:%Y%m}-{period.last:%Y%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def my_dashboard(request):
    if request.user.unit_id is None:
        raise Http404
    return redirect("dashboards:unit", pk=request.user.unit_id)


@require_GET
def unit(request, pk):
    unit = _scoped_unit(request, pk)
    return render(
        request,
        "dashboards/unit.html",
        {
            "dash": unit_page.unit_context(request, unit),
            "sees_overview": permissions.sees_overview(request.user),
        },
    )


@require_GET
def unit_summary(request, pk):
    """The one-page summary to print (the browser's print prints just the summary)."""
    unit = _scoped_unit(request, pk)
    period = unit_page.summary_period(request, unit)
    context = unit_page.summary_context(request.user, unit, period)
    return render(request, "dashboards/summary.html", context)


@require_GET
def unit_summary_pdf(request, pk):
    unit = _scoped_unit(request, pk)
    period = unit_page.summary_period(request, unit)
    with translation.override("vi"):
        context = unit_page.summary_context(request.user, unit, period)
        pdf = unit_page.render_summary_pdf(context)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") == "1" else "inline"
    filename = unit_page.summary_filename(unit, period)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def remediation(request):
    if not permissions.sees_remediation_board(request.user):
        raise PermissionDenied
    return render(request, "dashboards/remediation.html", board.board_context(request))


@require_GET
def recommendations(request):
    """The recommendations behind an overview number: one unit's, or the filtered units'."""
    user = request.user
    state = request.GET.get("state", "not_accepted")
    if state not in selectors.RECOMMENDATION_STATES:
        state = "not_accepted"
    unit = within = None
    kind = request.GET.get("kind", "")
    if kind not in Unit.Kind.values:
        kind = ""
    unit_pk, within_pk = query_int(request.GET, "unit"), query_int(request.GET, "within")
    if unit_pk is not None:
        unit = _scoped_unit(request, unit_pk)
        units = unit
    else:
        if within_pk is not None:
            within = _scoped_unit(request, within_pk)
        units = selectors.scope_units(user, kind=kind or None, within=within)
    # The overview's period when the link carries it (its default needs the same units).
    period, _form = requested_period(
        request.GET, latest_reported=procedure_selectors.latest_reported(units)
    )
    if unit is not None:
        rows = selectors.recommendation_drilldown(user, state=state, unit=unit, period=period)
    else:
        rows = selectors.recommendation_drilldown(user, state=state, units=units, period=period)
    page = Paginator(rows, DRILLDOWN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/recommendations.html",
        {
            "page_obj": page,
            "state": state,
            "states": state_choices(),
            "unit": unit,
            "within": within,
            "period": period,
            "kind": Unit.Kind(kind).label if kind else "",
        },
    )


def state_choices():
    return [
        ("not_accepted", _("Not yet accepted")),
        ("open", pgettext("recommendations", "To remediate")),
        ("reported", _("Report awaiting review")),
        ("overdue", _("Overdue")),
        ("accepted", _("Accepted")),
        ("all", _("All")),
    ]


@require_GET
def shortcoming(request, pk):
    """Where one type of shortcoming was found in the user's scope, and what became of it."""
    if not permissions.sees_remediation_board(request.user):
        raise PermissionDenied
    shortcoming_type = get_object_or_404(inspection_selectors.shortcoming_types(), pk=pk)
    rows = inspection_selectors.shortcoming_findings(request.user, shortcoming_type)
    page = Paginator(rows, DRILLDOWN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/shortcoming.html",
        {"shortcoming_type": shortcoming_type, "page_obj": page},
    )
