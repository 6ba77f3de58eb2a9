"""Pages of the monthly figures: units in scope, a unit's figures, a month, entry, Excel."""

import datetime
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal import roles
from cchc_portal.figures import windows
from cchc_portal.figures.formatting import format_count, format_percent
from cchc_portal.figures.months import (
    FIRST_YEAR,
    LAST_YEAR,
    add_months,
    month_code,
    month_label,
    parse_month,
)
from cchc_portal.figures.periods import Period, PeriodKind, resolve_period
from cchc_portal.inputs import query_month
from cchc_portal.models import Unit

from . import excel, selectors, services
from . import settlement_form as settlement
from .forms import MonthEntry
from .history import month_history
from .layout import INTAKE_LAYOUT
from .models import DataFlag, DigitalGovernmentReport, MonthlyReport
from .permissions import can_enter_figures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Units per page of the index: a province's ~120 units, the country's ~4,000, in pages.
PAGE_SIZE = 50
# Flags listed on a figures page (all are counted).
FLAGS_LISTED = 50


def month_heading(month, report=None):
    """ "10/2022 (kỳ 15/09–14/10/2022)": the month and the days its figures cover, by the
    rule it was entered under (a month not entered yet: the installation's rule)."""
    rule = report.window if report is not None else None
    return f"{month_label(month)} ({windows.month_window_label(month, rule)})"


def _scoped_unit(request, pk):
    return get_object_or_404(Unit.objects.for_user(request.user), pk=pk)


def _month_or_404(year, month):
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        raise Http404
    return datetime.date(year, month, 1)


def _next_month_to_enter(unit):
    """The month after the unit's latest figures, or the current month; never a future one."""
    this_month = windows.reporting_month(timezone.localdate())
    latest = selectors.latest_reported(unit)()
    if latest is None:
        return this_month
    return min(add_months(latest, 1), this_month)


def _child_kinds(unit):
    """The kinds of the units right below `unit`: one query, then remembered on it (the
    figures page asks twice: any children, and wards among them)."""
    if not hasattr(unit, "_child_kinds"):
        unit._child_kinds = set(unit.children.order_by().values_list("kind", flat=True).distinct())
    return unit._child_kinds


def _figures_scope(request, unit):
    """The unit alone ("scope=unit") or with every unit below it ("scope=subtree").

    Without a choice, a unit that enters no figures itself but has units below (a city, a
    province) shows its subtree: that is what its staff come to see.
    Returns (units, subtree, has_children).
    """
    scope = request.GET.get("scope")
    if not _child_kinds(unit):
        return unit, False, False
    if scope == "subtree" or (scope != "unit" and not selectors.units_with_intake(unit)):
        return unit.subtree(), True, True
    return unit, False, True


def _with_query(url, params):
    return f"{url}?{urlencode(params)}" if params else url


@require_GET
def index(request):
    """Units in the user's scope with their figures for a period."""
    units = Unit.objects.for_user(request.user)
    if (
        not roles.has_any_role(
            request.user, roles.INTERNAL_AFFAIRS, roles.LEADERSHIP, roles.INSPECTOR
        )
        and request.user.unit_id
    ):
        return redirect("procedures:unit-figures", pk=request.user.unit_id)
    period, period_form = resolve_period(
        request.GET, latest_reported=selectors.latest_reported(units)
    )
    page = Paginator(units.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    numbers = selectors.scope_figures(units, [unit.pk for unit in page], period.first, period.last)
    period_query = urlencode(period.query())
    rows = [
        index_row_html(
            unit,
            selectors.unit_figures_with_rates(numbers["by_unit"].get(unit.pk)),
            numbers["flags"].get(unit.pk, 0),
            period_query,
        )
        for unit in page
    ]
    return render(
        request,
        "procedures/index.html",
        {
            "rows": rows,
            "page": page,
            "period": period,
            "period_form": period_form,
            "period_query": period_query,
            "total": numbers["total"],
        },
    )


FLAG_ICON = '<i class="bi bi-exclamation-triangle" aria-hidden="true"></i>'


def index_row_html(unit, figures, flags, period_query):
    """A unit's row of the procedure figures list, built here (see `field_row_html`); every
    text is escaped."""
    url = f"{reverse('procedures:unit-figures', args=[unit.pk])}?{period_query}"
    flag = f'<span class="flag">{FLAG_ICON} {escape(format_count(flags))}</span>' if flags else "—"
    cells = "".join(
        _cell(fmt(figures[name]))
        for name, fmt in (
            ("received_total", format_count),
            ("online_rate", format_percent),
            ("on_time_rate", format_percent),
            ("electronic_rate", format_percent),
        )
    )
    return mark_safe(  # noqa: S308 (every text and address is escaped)
        f'<tr data-unit="{escape(unit.code)}"><td class="tree-depth-{int(unit.depth)}">'
        f'<a href="{escape(url)}">{escape(unit.name)}</a></td>{cells}'
        f'<td class="num">{flag}</td></tr>'
    )


# The cells of a field's row in the official layout (`_intake_table.html`), with the class
# a computed total adds.
FIELD_CELLS = (
    ("total", " computed"),
    ("carried_over", ""),
    ("received_online", ""),
    ("received_counter", ""),
    ("received_postal", ""),
    ("resolved_total", " computed"),
    ("resolved_early", ""),
    ("resolved_on_time", ""),
    ("resolved_late", ""),
    ("pending_total", " computed"),
    ("pending_within_deadline", ""),
    ("pending_overdue", ""),
    ("processed_electronically", ""),
    ("returned_by_postal", ""),
)
# The figures of a month's row of the figures page: (where, name, format).
MONTH_CELLS = (
    ("intake", "received_total", format_count),
    ("intake", "received_online", format_count),
    ("intake", "online_rate", format_percent),
    ("intake", "resolved_total", format_count),
    ("intake", "on_time_rate", format_percent),
    ("intake", "processed_electronically", format_count),
    ("intake", "electronic_rate", format_percent),
    ("intake", "pending_total", format_count),
    ("digital", "documents_signed", format_count),
)


def _cell(value, css="num"):
    return f'<td class="{css}">{escape(value)}</td>'


def field_row_html(row):
    """A field's row of the figures page (with its share of the dossiers received), built
    here rather than by the template: a loop over the fields' 15 cells and the months' 11
    is most of the page's time. Every text is escaped."""
    cells = "".join(_cell(format_count(row[name]), f"num{css}") for name, css in FIELD_CELLS)
    return mark_safe(  # noqa: S308 (the name and every cell are escaped)
        f'<tr><th scope="row" class="sticky-col fw-normal">{escape(row["field"].name)}</th>'
        f"{cells}{_cell(format_percent(row['received_share']))}</tr>"
    )


def month_row_html(row, *, unit, subtree, can_edit):
    """A month's row of the figures page (see `field_row_html`); every text is escaped."""
    month = row["intake"]["month"]
    label = escape(f"{month:%m/%Y}")
    if not subtree:
        url = reverse("procedures:month-detail", args=[unit.pk, month.year, month.month])
        label = f'<a href="{escape(url)}">{label}</a>'
    if not row["intake"]["reported"]:
        status = f'<span class="text-body-secondary">{escape(_("not entered"))}</span>'
        if can_edit:
            url = reverse("procedures:month-edit", args=[unit.pk, month.year, month.month])
            status += f' · <a href="{escape(url)}">{escape(_("enter"))}</a>'
    elif row["flagged"]:
        status = (
            '<span class="flag"><i class="bi bi-exclamation-triangle" aria-hidden="true"></i> '
            f"{escape(_('to check'))}</span>"
        )
    else:
        status = (
            f'<i class="bi bi-check2 text-success" aria-hidden="true"></i> {escape(_("entered"))}'
        )
    cells = "".join(_cell(fmt(row[where][name])) for where, name, fmt in MONTH_CELLS)
    css = ' class="table-warning"' if row["flagged"] else ""
    return mark_safe(  # noqa: S308 (every text and address is escaped)
        f'<tr{css}><th scope="row">{label}</th>{cells}<td class="small">{status}</td></tr>'
    )


@require_GET
def unit_figures(request, pk):
    """A unit's (or its subtree's) figures for a period: totals, rates, fields, months, flags."""
    unit = _scoped_unit(request, pk)
    units, subtree, has_children = _figures_scope(request, unit)
    period, period_form = resolve_period(
        request.GET, latest_reported=selectors.latest_reported(units)
    )
    figures = selectors.period_figures(units, period.first, period.last)
    # A subtree may hold many flags: list the first ones, count and place them all.
    flags = list(selectors.open_flags(units, period.first, period.last)[:FLAGS_LISTED])
    flag_groups = figures["flag_groups"]
    flagged_months = {group["month"] for group in flag_groups}
    months = [
        {"intake": i, "digital": d, "flagged": i["month"] in flagged_months}
        for i, d in zip(figures["months"], figures["digital_months"], strict=True)
    ]
    reported = {}
    # The rates a unit types are from January to the month: compare only such periods.
    if not subtree and period.first == period.last.replace(month=1):
        report = MonthlyReport.objects.filter(unit=unit, month=period.last).first()
        if report is not None:
            reported = {
                "online_rate": report.reported_online_rate,
                "on_time_rate": report.reported_on_time_rate,
                "electronic_rate": report.reported_electronic_rate,
            }
    can_edit = can_enter_figures(request.user, unit)
    for row in months:
        row["html"] = month_row_html(row, unit=unit, subtree=subtree, can_edit=can_edit)
    fields = selectors.field_rows(figures["per_field"])
    for row in fields:
        row["html"] = field_row_html(row)
    query = period.query()
    if has_children:
        query["scope"] = "subtree" if subtree else "unit"
    return render(
        request,
        "procedures/unit_figures.html",
        {
            "unit": unit,
            "subtree": subtree,
            "has_children": has_children,
            "period": period,
            "period_form": period_form,
            "intake": figures["intake"],
            "digital": figures["digital"],
            "fields": fields,
            "months": months,
            "flags": flags,
            "flag_count": sum(group["count"] for group in flag_groups),
            "unaccounted_flagged": any(
                group["kind"] == DataFlag.Kind.UNACCOUNTED_DOCUMENTS for group in flag_groups
            ),
            "reported": reported,
            "can_edit": can_edit,
            "next_month": _next_month_to_enter(unit) if can_edit else None,
            "export_url": _with_query(reverse("procedures:unit-export", args=[unit.pk]), query),
            "settlement_url": _with_query(
                reverse("procedures:settlement-form", args=[unit.pk]), query
            ),
            "settlement_commune_url": _with_query(
                reverse("procedures:settlement-form", args=[unit.pk]),
                {**period.query(), "scope": "subtree", "level": settlement.COMMUNE},
            )
            if _child_kinds(unit) & set(settlement.COMMUNE_KINDS)
            else None,
            "unit_query": urlencode({**period.query(), "scope": "unit"}),
            "subtree_query": urlencode({**period.query(), "scope": "subtree"}),
        },
    )


@require_GET
def month_detail(request, pk, year, month):
    """One month of a unit in the official layout, with its flags and its history."""
    unit = _scoped_unit(request, pk)
    month = _month_or_404(year, month)
    rows = list(selectors.month_intake_rows(unit, month))
    flags = list(selectors.open_flags(unit, month, month))
    report = (
        MonthlyReport.objects.filter(unit=unit, month=month).select_related("submitted_by").first()
    )
    ytd_query = urlencode(Period(PeriodKind.YEAR_TO_DATE, month.replace(month=1), month).query())
    return render(
        request,
        "procedures/month_detail.html",
        {
            "unit": unit,
            "month": month,
            "month_label": month_heading(month, report),
            "rows": rows,
            "intake": selectors.intake_summary(unit, month, month),
            "digital_report": DigitalGovernmentReport.objects.filter(
                unit=unit, month=month
            ).first(),
            "digital": selectors.digital_summary(unit, month, month),
            "report": report,
            "flags": flags,
            "flagged_fields": {
                flag.field.code for flag in flags if flag.kind == DataFlag.Kind.CARRY_OVER
            },
            "reported_rates": None,
            "history": month_history(unit, month),
            "can_edit": can_enter_figures(request.user, unit)
            and month <= windows.reporting_month(timezone.localdate()),
            "figures_query": ytd_query,
        },
    )


@require_http_methods(["GET", "POST"])
def month_edit(request, pk, year, month):
    """The monthly entry page: the official report's grid, one submit for the whole month."""
    unit = _scoped_unit(request, pk)
    if not can_enter_figures(request.user, unit):
        raise PermissionDenied
    month = _month_or_404(year, month)
    figures_url = reverse("procedures:unit-figures", args=[unit.pk])
    try:
        services.validate_reporting_month(month)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(figures_url)
    entry = MonthEntry(unit=unit, month=month, data=request.POST or None)
    problem = None
    if request.method == "POST" and entry.is_valid():
        values = entry.cleaned()
        try:
            services.month_save(
                unit=unit,
                month=month,
                rows=values["rows"],
                digital=values["digital"],
                header=values["header"],
                version=values["version"],
                acting_user=request.user,
            )
        except services.MonthChangedMeanwhile as exc:
            problem = str(exc.message)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request, _("The figures of %(month)s were saved.") % {"month": month_label(month)}
            )
            query = Period(PeriodKind.YEAR_TO_DATE, month.replace(month=1), month).query()
            return redirect(_with_query(figures_url, query))
    elif request.method == "POST":
        problem = _("Nothing was saved: correct the cells marked in red.")
    return render(
        request,
        "procedures/month_form.html",
        {
            "unit": unit,
            "month": month,
            "month_label": month_heading(month, entry.report),
            "entry": entry,
            "problem": problem,
            "computed_json": json.dumps(
                {column.key: column.parts for column in INTAKE_LAYOUT if column.computed}
            ),
            "flags": list(selectors.open_flags(unit, month, month)),
            "cancel_url": reverse("procedures:month-detail", args=[unit.pk, year, month.month])
            if entry.report
            else figures_url,
        },
    )


@require_GET
def month_go(request, pk):
    """The month picker on the figures page: go to that month's entry page."""
    unit = _scoped_unit(request, pk)
    month = parse_month(request.GET.get("month"))
    if month is None:
        messages.error(request, _("Choose a month to enter."))
        return redirect("procedures:unit-figures", pk=unit.pk)
    return redirect("procedures:month-edit", pk=unit.pk, year=month.year, month=month.month)


@require_GET
def unit_export(request, pk):
    """The figures of a unit (or its subtree) for a period, as an Excel workbook."""
    unit = _scoped_unit(request, pk)
    units, subtree, _has_children = _figures_scope(request, unit)
    period, _form = resolve_period(request.GET, latest_reported=selectors.latest_reported(units))
    workbook = excel.export_workbook(unit=unit, units=units, subtree=subtree, period=period)
    name = f"so-lieu-tthc-{slugify(unit.code)}-{month_code(period.first)}-{month_code(period.last)}"
    return _xlsx_response(workbook, name)


@require_GET
def settlement_form(request, pk):
    """Form 06/VPCP/KSTT (Circular 01/2020/TT-VPCP) of a unit (or its subtree) for a period,
    as an Excel workbook; `level` (province, district, commune) exports that level only."""
    unit = _scoped_unit(request, pk)
    units, _subtree, _has_children = _figures_scope(request, unit)
    period, _form = resolve_period(request.GET, latest_reported=selectors.latest_reported(units))
    level = settlement.level_from(request.GET)
    workbook = settlement.settlement_workbook(unit, units, period, level=level)
    name = (
        f"bieu-06-vpcp-kstt-{slugify(unit.code)}-{month_code(period.first)}"
        f"-{month_code(period.last)}"
    )
    return _xlsx_response(workbook, f"{name}-{level}" if level else name)


def _xlsx_response(workbook, name):
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    workbook.save(response)
    return response


@require_GET
def import_template(request, pk):
    """An empty workbook in the official layout for the chosen months, ready to fill in."""
    unit = _scoped_unit(request, pk)
    if not can_enter_figures(request.user, unit):
        raise PermissionDenied
    first = query_month(request.GET, "first") or _next_month_to_enter(unit)
    last = query_month(request.GET, "last") or first
    this_month = windows.reporting_month(timezone.localdate())
    last = min(max(first, last), this_month, add_months(first, 23))
    first = min(first, last)
    workbook = excel.template_workbook(unit=unit, first=first, last=last)
    return _xlsx_response(
        workbook, f"mau-so-lieu-tthc-{slugify(unit.code)}-{month_code(first)}-{month_code(last)}"
    )


@require_http_methods(["GET", "POST"])
def unit_import(request, pk):
    """Upload a workbook of one or more months: every row checked, saved all or nothing."""
    unit = _scoped_unit(request, pk)
    if not can_enter_figures(request.user, unit):
        raise PermissionDenied
    form = excel.ImportForm(request.POST or None, request.FILES or None)
    errors, problem = [], None
    if request.method == "POST" and form.is_valid():
        parsed = excel.parse_workbook(form.cleaned_data["file"], unit=unit)
        errors = parsed.errors
        if not errors:
            try:
                months = services.months_import(
                    unit=unit,
                    months=parsed.months,
                    replace_existing=form.cleaned_data["replace_existing"],
                    acting_user=request.user,
                )
            except services.MonthChangedMeanwhile as exc:
                problem = str(exc.message)
            except ValidationError as error:
                problem = " ".join(error.messages)
            else:
                messages.success(
                    request,
                    _("Imported %(count)s months: %(months)s.")
                    % {"count": len(months), "months": ", ".join(month_label(m) for m in months)},
                )
                query = Period(PeriodKind.CUSTOM, min(months), max(months)).query()
                return redirect(
                    _with_query(reverse("procedures:unit-figures", args=[unit.pk]), query)
                )
    next_month = _next_month_to_enter(unit)
    return render(
        request,
        "procedures/import.html",
        {
            "unit": unit,
            "form": form,
            "errors": errors,
            "problem": problem,
            "skipped": [],
            "template_first": month_code(next_month),
            "template_last": month_code(next_month),
        },
    )
