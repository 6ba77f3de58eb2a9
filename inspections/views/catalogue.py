"""The shortcoming catalogue (with how often each type recurs) and the checklist templates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal import roles
from cchc_portal.history import history_entries
from cchc_portal.inputs import query_year

from .. import permissions, selectors, services
from ..forms import ChecklistCriterionForm, ChecklistTemplateForm, ShortcomingTypeForm
from ..models import ChecklistCriterion, ChecklistTemplate, ShortcomingType
from .common import add_service_errors


def _require_reader(user):
    if not permissions.sees_drafts(user):
        raise PermissionDenied


@require_GET
def shortcoming_type_list(request):
    user = request.user
    _require_reader(user)
    year, year_error = query_year(request.GET)
    return render(
        request,
        "inspections/shortcomingtype_list.html",
        {
            "types": selectors.shortcoming_recurrence(user, year=year),
            "year": year,
            "year_error": year_error,
            "years": selectors.inspection_years(user),
            "can_manage": permissions.can_manage_catalogue(user),
            "show_queue": roles.is_internal_affairs(user),
        },
    )


@require_http_methods(["GET", "POST"])
def shortcoming_type_edit(request, pk=None):
    user = request.user
    if not permissions.can_manage_catalogue(user):
        raise PermissionDenied
    instance = get_object_or_404(ShortcomingType, pk=pk) if pk else None
    form = ShortcomingTypeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.shortcoming_type_save(
                acting_user=user, instance=form.instance, version=form.version
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Shortcoming type saved."))
            return redirect("inspections:shortcomingtype-list")
    return render(
        request,
        "inspections/shortcomingtype_form.html",
        {
            "form": form,
            "shortcoming_type": instance,
            "history": history_entries(instance) if instance else None,
        },
    )


@require_GET
def checklist_list(request):
    user = request.user
    _require_reader(user)
    templates = selectors.checklists_with_counts(
        ChecklistTemplate.objects.for_user(user).select_related("unit")
    )
    return render(
        request,
        "inspections/checklist_list.html",
        {"templates": templates, "can_create": permissions.can_create_checklist(user)},
    )


@require_GET
def checklist_detail(request, pk):
    user = request.user
    # Scope before role: a checklist outside it is 404 for everyone, a 403 would say it exists.
    template = get_object_or_404(
        ChecklistTemplate.objects.for_user(user).select_related("unit"), pk=pk
    )
    _require_reader(user)
    criteria = template.criteria.select_related("area", "shortcoming_type").order_by(
        "area__order", "order", "pk"
    )
    return render(
        request,
        "inspections/checklist_detail.html",
        {
            "template": template,
            "criteria": criteria,
            "can_edit": permissions.can_edit_checklist(user, template),
            "history": history_entries(template),
        },
    )


@require_http_methods(["GET", "POST"])
def checklist_edit(request, pk=None):
    user = request.user
    template = None
    if pk is not None:
        template = get_object_or_404(ChecklistTemplate.objects.for_user(user), pk=pk)
        if not permissions.can_edit_checklist(user, template):
            raise PermissionDenied
    elif not permissions.can_create_checklist(user):
        raise PermissionDenied
    form = ChecklistTemplateForm(request.POST or None, instance=template, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.checklist_template_save(
                acting_user=user, instance=form.instance, version=form.version
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Checklist saved."))
            return redirect(template)
    return render(request, "inspections/checklist_form.html", {"form": form, "template": template})


@require_http_methods(["GET", "POST"])
def criterion_edit(request, template_pk=None, pk=None):
    user = request.user
    if pk is not None:
        criterion = get_object_or_404(
            ChecklistCriterion.objects.filter(
                template__in=ChecklistTemplate.objects.for_user(user)
            ).select_related("template__unit"),
            pk=pk,
        )
        template = criterion.template
    else:
        template = get_object_or_404(ChecklistTemplate.objects.for_user(user), pk=template_pk)
        criterion = ChecklistCriterion(template=template)
    if not permissions.can_edit_checklist(user, template):
        raise PermissionDenied
    form = ChecklistCriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_criterion_save(
                acting_user=user, instance=form.instance, version=form.version
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect(template)
    return render(
        request,
        "inspections/criterion_form.html",
        {"form": form, "template": template, "criterion": criterion if pk else None},
    )
