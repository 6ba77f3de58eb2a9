"""The counters' pages: the list, create and edit, a counter's addresses and QR codes, its
keys rotated, its A4 poster. Everyone in scope reads; internal affairs over the unit and the
unit's own staff write (`permissions.can_manage`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc_portal.history import history_entries
from cchc_portal.inputs import query_int
from cchc_portal.models import Unit

from .. import permissions, posters, services, tokens
from ..forms import CounterCreateForm, CounterForm
from ..models import Counter

HISTORY_ROWS = 10


def _counter_or_404(request, pk):
    return get_object_or_404(Counter.objects.for_user(request.user).select_related("unit"), pk=pk)


def add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def counter_list(request):
    year = timezone.localdate().year
    counters = Counter.objects.for_user(request.user).select_related("unit")
    units = Unit.objects.filter(pk__in=counters.values("unit")).order_by("path")
    chosen = None
    unit_pk = query_int(request.GET, "unit")
    if unit_pk is not None:
        chosen = get_object_or_404(Unit.objects.for_user(request.user), pk=unit_pk)
        counters = counters.in_subtree(chosen)
    counters = counters.annotate(
        response_count=Count("responses", filter=Q(responses__answered_on__year=year))
    ).order_by("unit__path", "name")
    return render(
        request,
        "feedback/counter_list.html",
        {
            "counters": counters,
            "units": units,
            "chosen": chosen,
            "year": year,
            "can_create": permissions.manageable_units(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def counter_create(request):
    units = permissions.manageable_units(request.user)
    permissions.require(units.exists())
    initial = {}
    unit_pk = query_int(request.GET, "unit")
    if unit_pk is not None:
        initial["unit"] = get_object_or_404(units, pk=unit_pk)
    elif request.user.unit_id and units.filter(pk=request.user.unit_id).exists():
        initial["unit"] = request.user.unit_id
    form = CounterCreateForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            counter = services.counter_create(
                unit=form.cleaned_data["unit"], name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The counter is created."))
            return redirect("feedback:counter-detail", pk=counter.pk)
    return render(request, "feedback/counter_form.html", {"form": form, "counter": None})


@require_GET
def counter_detail(request, pk):
    counter = _counter_or_404(request, pk)
    qr_url = posters.public_url(counter, tokens.QR)
    kiosk_url = posters.public_url(counter, tokens.KIOSK)
    return render(
        request,
        "feedback/counter_detail.html",
        {
            "counter": counter,
            "qr_url": qr_url,
            "kiosk_url": kiosk_url,
            "qr_svg": posters.qr_svg(qr_url),
            "can_manage": permissions.can_manage(request.user, counter.unit),
            "history": history_entries(counter, limit=HISTORY_ROWS),
            "response_count": counter.responses.count(),
            "year": timezone.localdate().year,
        },
    )


@require_http_methods(["GET", "POST"])
def counter_edit(request, pk):
    counter = _counter_or_404(request, pk)
    permissions.require(permissions.can_manage(request.user, counter.unit))
    form = CounterForm(request.POST or None, instance=counter)
    if request.method == "POST" and form.is_valid():
        try:
            services.counter_update(
                counter=Counter.objects.get(pk=counter.pk),
                version=form.version,
                by=request.user,
                **form.model_data(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The counter is saved."))
            return redirect("feedback:counter-detail", pk=counter.pk)
    return render(request, "feedback/counter_form.html", {"form": form, "counter": counter})


@require_POST
def counter_rotate(request, pk):
    counter = _counter_or_404(request, pk)
    permissions.require(permissions.can_manage(request.user, counter.unit))
    services.counter_rotate_keys(counter=counter, by=request.user)
    messages.success(
        request,
        _(
            "The counter has new addresses. The QR codes printed before and the tablet "
            "opened on the old address no longer work: print the new poster and open the "
            "new tablet address."
        ),
    )
    return redirect("feedback:counter-detail", pk=counter.pk)


@require_GET
def counter_poster(request, pk):
    counter = _counter_or_404(request, pk)
    response = HttpResponse(posters.poster_pdf(counter), content_type="application/pdf")
    name = slugify(f"poster-{counter.unit.code}-{counter.name}") or "poster"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
