"""Annual inspection plans: the units to visit and when."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal.history import history_entries

from .. import permissions, selectors, services
from ..forms import PlanForm
from ..models import InspectionPlan
from .common import add_service_errors


@require_GET
def plan_list(request):
    user = request.user
    if not permissions.sees_drafts(user):
        raise PermissionDenied
    plans = InspectionPlan.objects.for_user(user).select_related("unit")
    return render(
        request,
        "inspections/plan_list.html",
        {
            "plans": selectors.plans_with_counts(plans),
            "can_manage": permissions.can_manage_plans(user),
        },
    )


@require_GET
def plan_detail(request, pk):
    user = request.user
    # Scope before role: a plan outside it is 404 for everyone, a 403 would say it exists.
    plan = get_object_or_404(InspectionPlan.objects.for_user(user).select_related("unit"), pk=pk)
    if not permissions.sees_drafts(user):
        raise PermissionDenied
    visits = selectors.with_recommendation_counts(
        plan.inspections.for_user(user).select_related("unit", "lead").order_by("start_on", "pk")
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "visits": visits,
            "can_manage": permissions.can_manage_plans(user, plan.unit),
            "can_add_visit": permissions.can_create_inspection(user),
            "history": history_entries(plan),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk=None):
    user = request.user
    plan = None
    if pk is not None:
        plan = get_object_or_404(InspectionPlan.objects.for_user(user), pk=pk)
        if not permissions.can_manage_plans(user, plan.unit):
            raise PermissionDenied
    elif not permissions.can_manage_plans(user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=plan, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            if plan is None:
                plan = services.plan_create(acting_user=user, **form.model_data())
            else:
                services.plan_update(
                    plan=plan, acting_user=user, version=form.version, **form.model_data()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inspection plan saved."))
            return redirect(plan)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})
