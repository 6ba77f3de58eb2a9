"""Documents the unit issued: list with counts by kind, form, page, file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal.files import serve_file
from cchc_portal.history import history_entries

from .. import services
from ..filters import DocumentFilter
from ..forms import DocumentForm
from ..models import IssuedDocument
from ..permissions import can_edit, require_edit
from .common import add_errors, paginate, sees_several_units


def _document_or_404(request, pk):
    return get_object_or_404(
        IssuedDocument.objects.for_user(request.user).select_related("unit"), pk=pk
    )


@require_GET
def document_list(request):
    user = request.user
    filters = DocumentFilter(
        request.GET,
        queryset=IssuedDocument.objects.for_user(user).select_related("unit"),
        request=request,
    )
    counts = filters.qs_without("kind").counts_by_kind()
    several = sees_several_units(user)
    kinds = [(value, label, counts[value]) for value, label in IssuedDocument.Kind.choices]
    return render(
        request,
        "reforms/document_list.html",
        {
            "page": paginate(request, filters.qs.order_by("-issued_on", "-pk")),
            "filter": filters,
            "year": filters.chosen_year,
            "kinds": kinds,
            "total": counts["total"],
            "several": several,
            "can_create": user.unit is not None and can_edit(user, user.unit),
        },
    )


@require_GET
def document_detail(request, pk):
    document = _document_or_404(request, pk)
    return render(
        request,
        "reforms/document_detail.html",
        {
            "document": document,
            "tasks": document.evidence_for_tasks.select_related("plan").order_by(
                "plan__year", "pk"
            ),
            "plans": document.issued_plans.all(),
            "can_edit": can_edit(request.user, document.unit),
            "history": history_entries(document),
        },
    )


@require_http_methods(["GET", "POST"])
def document_create(request):
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied
    require_edit(request.user, unit)
    return _document_form(request, None, unit)


@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = _document_or_404(request, pk)
    require_edit(request.user, document.unit)
    return _document_form(request, document, document.unit)


def _document_form(request, document, unit):
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.document_save(document=form.instance, version=form.version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Document %(number)s saved.") % {"number": saved.number})
            return redirect(saved)
    return render(request, "reforms/document_form.html", {"form": form, "document": document})


@require_GET
def document_file(request, pk):
    document = _document_or_404(request, pk)
    return serve_file(document.file, as_attachment=request.GET.get("download") == "1")
