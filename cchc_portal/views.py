import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from . import logins, roles, versioning
from .forms import LoginForm, UnitForm
from .history import history_entries
from .inputs import BadParameter, query_text
from .models import Unit

UNIT_PAGE_SIZE = 100


@require_GET
def unit_list(request):
    """The units in the user's scope in tree order, a page at a time, by kind and name."""
    units = Unit.objects.for_user(request.user).select_related("parent")
    kind = request.GET.get("kind")
    if kind in Unit.Kind.values:
        units = units.filter(kind=kind)
    search = query_text(request.GET, "q")
    if search:
        units = units.matching(search)
    page = Paginator(units, UNIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cchc_portal/unit_list.html",
        {
            "page_obj": page,
            "kinds": Unit.Kind.choices,
            "kind": kind,
            "search": search,
            "can_manage": roles.can_manage_units(request.user),
        },
    )


@require_GET
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.for_user(request.user), pk=pk)
    return render(
        request,
        "cchc_portal/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.order_by("name"),
            "ancestors": unit.ancestors().exclude(pk=unit.pk),
            "users": unit.users.filter(is_active=True).prefetch_related("roles"),
            "can_manage": roles.can_manage_units(request.user, unit),
            "history": history_entries(unit),
        },
    )


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk=None):
    unit = None
    if pk is not None:
        # Scope before role: a unit outside it is 404 for everyone, a 403 would say it exists.
        unit = get_object_or_404(Unit.objects.for_user(request.user), pk=pk)
    if not roles.can_manage_units(request.user, unit):
        raise PermissionDenied
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if unit is None:
                unit = form.save()
            else:
                versioning.save_versioned(unit, version=form.version, save=form.save)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Unit “%(name)s” saved.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "cchc_portal/unit_form.html", {"form": form, "unit": unit})


@login_not_required
@require_GET
def healthz(request):
    """A trivial page: the benchmark's baseline and a load balancer's health check."""
    return HttpResponse("ok", content_type="text/plain")


def login_paused(request, original_response=None, credentials=None):
    """The login page saying why logging in is refused and when to try again
    (AXES_LOCKOUT_CALLABLE: django-axes calls it instead of the login view's answer)."""
    pause = getattr(request, "login_pause", None) or logins.login_pause(request, credentials)
    until = pause.until if pause else timezone.now() + settings.LOGIN_PAUSE_FIRST
    seconds = max((until - timezone.now()).total_seconds(), 0)
    minutes = max(math.ceil(seconds / 60), 1)
    values = {"time": formats.time_format(timezone.localtime(until), "H:i"), "minutes": minutes}
    if pause and pause.reason == logins.Pause.ADDRESS:
        message = ngettext(
            "Too many failed log-in attempts have come from this network address. Logging in "
            "from it is paused until %(time)s (in about %(minutes)s minute). Please try again "
            "after that.",
            "Too many failed log-in attempts have come from this network address. Logging in "
            "from it is paused until %(time)s (in about %(minutes)s minutes). Please try again "
            "after that.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many wrong passwords have been entered for this account. To protect it, "
            "logging in is paused until %(time)s (in about %(minutes)s minute). After that, "
            "log in as usual with the right password; if the failed attempts were not yours, "
            "tell your administrator.",
            "Too many wrong passwords have been entered for this account. To protect it, "
            "logging in is paused until %(time)s (in about %(minutes)s minutes). After that, "
            "log in as usual with the right password; if the failed attempts were not yours, "
            "tell your administrator.",
            minutes,
        )
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    response = render(
        request,
        "registration/login.html",
        {
            "form": LoginForm(request, initial={"username": username}),
            "next": request.POST.get("next", ""),
            "pause_message": message % values,
        },
        status=429,
    )
    response["Retry-After"] = str(math.ceil(seconds))
    return response


@login_not_required
def error_400(request, exception=None):
    # Only our own messages are shown: Django's (a bad Host header...) are not for users.
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


@login_not_required
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "404.html", status=404)
