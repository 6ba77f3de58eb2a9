"""Outreach on administrative reform: activities, the year's meetings, "9/15" computed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal.history import history_entries

from .. import services
from ..filters import OutreachFilter
from ..forms import OutreachForm, OutreachYearForm
from ..models import OutreachActivity, OutreachYear, meetings_mismatch
from ..permissions import can_edit, require_edit
from .common import add_errors, paginate, sees_several_units


@require_GET
def outreach_list(request):
    user = request.user
    filters = OutreachFilter(
        request.GET,
        queryset=OutreachActivity.objects.for_user(user).select_related("unit"),
        request=request,
    )
    year, chosen_unit = filters.chosen_year, filters.chosen_unit
    activities = filters.qs
    totals = activities.summary()
    meetings = OutreachYear.objects.for_user(user).filter(year=year)
    meetings = filters.filters["unit"].filter(meetings, chosen_unit)
    held = meetings.aggregate(total=Sum("meetings_count"), units=Count("pk"))
    totals["meetings_held"] = held["total"]
    totals["meetings_mismatch"] = meetings_mismatch(totals["meetings_with_reform"], held["total"])
    several = sees_several_units(user)
    own_unit = user.unit
    editable = own_unit is not None and can_edit(user, own_unit)
    return render(
        request,
        "reforms/outreach_list.html",
        {
            "page": paginate(request, activities.order_by("-held_on", "-pk")),
            "totals": totals,
            "filter": filters,
            "year": year,
            "several": several,
            "can_create": editable,
        },
    )


@require_http_methods(["GET", "POST"])
def outreach_create(request):
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied
    require_edit(request.user, unit)
    return _outreach_form(request, None, unit)


@require_http_methods(["GET", "POST"])
def outreach_edit(request, pk):
    activity = get_object_or_404(
        OutreachActivity.objects.for_user(request.user).select_related("unit"), pk=pk
    )
    require_edit(request.user, activity.unit)
    return _outreach_form(request, activity, activity.unit)


def _outreach_form(request, activity, unit):
    form = OutreachForm(request.POST or None, instance=activity, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.outreach_save(activity=form.instance, version=form.version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Outreach activity saved."))
            return redirect(f"{_list_url()}?year={saved.held_on.year}")
    return render(
        request,
        "reforms/outreach_form.html",
        {
            "form": form,
            "activity": activity,
            "history": history_entries(activity) if activity else None,
        },
    )


def _list_url():
    return reverse("reforms:outreach-list")


@require_http_methods(["GET", "POST"])
def outreach_delete(request, pk):
    activity = get_object_or_404(
        OutreachActivity.objects.for_user(request.user).select_related("unit"), pk=pk
    )
    require_edit(request.user, activity.unit)
    error = None
    if request.method == "POST":
        year = activity.held_on.year
        try:
            services.outreach_delete(activity=activity)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Outreach activity deleted."))
            return redirect(f"{_list_url()}?year={year}")
    return render(request, "reforms/outreach_delete.html", {"activity": activity, "error": error})


@require_http_methods(["GET", "POST"])
def outreach_meetings(request, year):
    """The unit's own total of meetings held in `year`."""
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied
    require_edit(request.user, unit)
    row = OutreachYear.objects.filter(unit=unit, year=year).first()
    form = OutreachYearForm(
        request.POST or None,
        initial={"meetings_count": row.meetings_count if row else None},
        versioned_record=row,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_year_set(
                unit=unit,
                year=year,
                meetings_count=form.cleaned_data["meetings_count"],
                version=form.version,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Meetings of %(year)s saved.") % {"year": year})
            return redirect(f"{_list_url()}?year={year}")
    return render(
        request,
        "reforms/outreach_meetings.html",
        {
            "form": form,
            "year": year,
            "unit": unit,
            "history": history_entries(row) if row else None,
        },
    )
