"""Rounds: the list, the city's view of a round, creating and editing, and the roll-up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal import roles
from cchc_portal.figures import windows
from cchc_portal.figures.months import FIRST_YEAR, LAST_YEAR
from cchc_portal.history import history_entries
from cchc_portal.inputs import query_year

from .. import comparison, content, selectors, services
from ..forms import CalendarForm, RoundForm
from ..models import ReportRound
from ..permissions import can_manage_rounds, follows_rounds, require, writes_reports_of_own_unit
from .common import download, file_stem, info_rows

SHOW_CHOICES = ("", *selectors.TIMELINESS_FILTERS)


def _round_or_404(request, pk):
    return get_object_or_404(
        ReportRound.objects.for_user(request.user).select_related("unit", "unit__parent"), pk=pk
    )


def _year(request):
    return query_year(request.GET)[0]


@require_GET
def round_list(request):
    """Rounds in scope with who submitted; for a unit's staff, what their unit owes."""
    user = request.user
    year = _year(request)
    follows = follows_rounds(user)
    own_reports = []
    if writes_reports_of_own_unit(user):
        own_reports = list(selectors.unit_reports(user, year=year).filter(unit_id=user.unit_id))
    return render(
        request,
        "reports/round_list.html",
        {
            "rounds": list(selectors.rounds_for(user, year=year)) if follows else [],
            "follows": follows,
            "own_reports": own_reports,
            "year": year,
            "years": selectors.round_years(user),
            "can_create": can_manage_rounds(user) and user.unit_id is not None,
            "calendar_year": year or timezone.localdate().year,
        },
    )


@require_GET
def round_detail(request, pk):
    """The city's view of a round: each unit owing it, on time, late or not yet."""
    rnd = _round_or_404(request, pk)
    show = request.GET.get("show", "")
    if show not in SHOW_CHOICES:
        show = ""
    return render(
        request,
        "reports/round_detail.html",
        {
            "round": rnd,
            "reports": list(selectors.round_reports(request.user, rnd, show=show)),
            "counts": selectors.round_counts(request.user, rnd),
            "show": show,
            "follows": follows_rounds(request.user, rnd),
            "can_edit": can_manage_rounds(request.user, rnd.unit),
            "history": history_entries(rnd) if follows_rounds(request.user, rnd) else None,
        },
    )


@require_http_methods(["GET", "POST"])
@roles.role_required(roles.INTERNAL_AFFAIRS)
def calendar(request, year=None):
    """The unit's reporting year: quarter I, six months, nine months and the year, each with
    the days its figures cover and its due date; opening the year creates the missing ones."""
    requester = request.user.unit
    if requester is None:
        messages.error(request, _("You do not belong to a unit, so you cannot request reports."))
        return redirect("reports:round-list")
    if year is None:
        return redirect("reports:calendar-year", year=timezone.localdate().year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    rounds = services.calendar_rounds(requester, year)
    form = CalendarForm(request.POST or None, requester=requester, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.calendar_open(
                unit=requester,
                year=year,
                units=list(form.cleaned_data["units"]),
                deadlines=form.deadlines(),
                instructions=form.cleaned_data["instructions"],
                remind_days_before=form.cleaned_data["remind_days_before"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    _("%(count)s report rounds of %(year)s were created: %(rounds)s.")
                    % {
                        "count": len(created),
                        "year": year,
                        "rounds": ", ".join(str(rnd.period_label) for rnd in created),
                    },
                )
            else:
                messages.info(
                    request, _("Every round of %(year)s already exists.") % {"year": year}
                )
            return redirect("reports:calendar-year", year=year)
    counted = {rnd.pk: rnd for rnd in selectors.rounds_for(request.user, year=year)}
    return render(
        request,
        "reports/calendar.html",
        {
            "year": year,
            "requester": requester,
            "form": form,
            "rows": [(counted.get(rnd.pk, rnd), field) for rnd, field in form.rows()],
            "missing": sum(1 for rnd in rounds if rnd.pk is None),
            "window_note": windows.rule_note(),
            "years": (year - 1, year + 1),
        },
    )


def _round_form_response(request, form, rnd):
    return render(request, "reports/round_form.html", {"form": form, "round": rnd})


@require_http_methods(["GET", "POST"])
@roles.role_required(roles.INTERNAL_AFFAIRS)
def round_create(request):
    requester = request.user.unit
    if requester is None:
        messages.error(request, _("You do not belong to a unit, so you cannot request reports."))
        return redirect("reports:round-list")
    form = RoundForm(request.POST or None, requester=requester)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = services.round_create(
                unit=requester,
                year=data["year"],
                kind=data["kind"],
                quarter=data["quarter"],
                deadline=data["deadline"],
                instructions=data["instructions"],
                remind_days_before=data["remind_days_before"],
                units=list(data["units"]),
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The round “%(round)s” was created: %(count)s units owe the report.")
                % {"round": rnd.title, "count": len(data["units"])},
            )
            return redirect(rnd)
    return _round_form_response(request, form, None)


@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    rnd = _round_or_404(request, pk)
    require(can_manage_rounds(request.user, rnd.unit))
    form = RoundForm(request.POST or None, requester=rnd.unit, rnd=rnd)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_update(
                rnd=rnd,
                version=form.version,
                deadline=data["deadline"],
                instructions=data["instructions"],
                remind_days_before=data["remind_days_before"],
                units=list(data["units"]),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The round was saved."))
            return redirect(rnd)
    return _round_form_response(request, form, rnd)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def round_rollup(request, pk):
    """The round summed over the units owing it in scope: the city's report to the province."""
    rnd = _round_or_404(request, pk)
    require(follows_rounds(request.user, rnd))
    built = content.rollup(request.user, rnd)
    return render(
        request,
        "reports/round_rollup.html",
        {
            "collected": _collected(rnd),
            "round": rnd,
            "doc": built.document,
            "figures": built.figures,
            "figure_rows": comparison.figure_rows(built.figures),
            "counts": selectors.round_counts(request.user, rnd),
        },
    )


def _collected(rnd):
    """Each owing unit's report with its latest submission and, when that unit collected the
    reports of its own units (a city reporting to the province), which of them had not
    reported to it. Empty when no owing unit has units below it."""
    rows = []
    for report, submission in selectors.collected(rnd):
        frozen = submission.figures.get("collected") if submission is not None else None
        rows.append(
            {
                "report": report,
                "submission": submission,
                "below": frozen["missing"] if frozen and frozen["round"] else None,
                "collects": frozen is not None,
            }
        )
    return rows if any(row["collects"] for row in rows) else []


@require_GET
def round_rollup_download(request, pk, fmt):
    rnd = _round_or_404(request, pk)
    require(follows_rounds(request.user, rnd))
    return download(
        fmt,
        lambda: content.rollup(request.user, rnd),
        stem=file_stem(rnd, rnd.unit.code, suffix="tong-hop"),
        info=lambda built: info_rows(
            content=built,
            rnd=rnd,
            unit_name=rnd.unit.name,
            status=_("Summary of %(count)s units") % {"count": built.figures["units"]},
        ),
    )
