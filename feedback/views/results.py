"""The survey's results: the page, its Excel export and the comments."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from cchc_portal import roles
from cchc_portal.inputs import query_int
from cchc_portal.models import Unit

from .. import exports, results, selectors


def _scope(request):
    """(the chosen unit, the units the user may choose from)."""
    units = Unit.objects.for_user(request.user).order_by("path")
    unit_pk = query_int(request.GET, "unit")
    if unit_pk is not None:
        unit = get_object_or_404(units, pk=unit_pk)
    else:
        unit = request.user.unit if request.user.unit_id else units.first()
        if unit is None:
            raise Http404
    return unit, units


@require_GET
def results_page(request):
    unit, units = _scope(request)
    period, period_form = results.period_of(request.GET, unit.subtree())
    context = results.build(unit=unit, period=period)
    context.update(
        units=units,
        period_form=period_form,
        can_review=roles.is_internal_affairs(request.user),
        query=request.GET.urlencode(),
        period_query=urlencode(period.query()),
    )
    return render(request, "feedback/results.html", context)


@require_GET
def results_export(request):
    unit, _units = _scope(request)
    period, _form = results.period_of(request.GET, unit.subtree())
    content = exports.results_workbook(results.build(unit=unit, period=period))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"khao-sat-hai-long-{slugify(unit.code or unit.pk)}-{period.first:%Y%m}-{period.last:%Y%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def comments_page(request):
    unit, units = _scope(request)
    period, period_form = results.period_of(request.GET, unit.subtree())
    rows = selectors.comments(unit.subtree(), period.starts_on, period.ends_on)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/comments.html",
        {
            "unit": unit,
            "units": units,
            "period": period,
            "period_form": period_form,
            "page_obj": page,
            "period_query": urlencode(period.query()),
        },
    )
