"""Reform models (mô hình CCHC): list, form, page, and internal affairs' evaluation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal.history import history_entries

from .. import services
from ..filters import ModelFilter
from ..forms import ReformModelEvaluationForm, ReformModelForm
from ..models import ReformModel
from ..permissions import can_edit, can_evaluate_models, require_edit, require_evaluate
from .common import add_errors, paginate, sees_several_units

Effectiveness = ReformModel.Effectiveness


def _model_or_404(request, pk):
    return get_object_or_404(
        ReformModel.objects.for_user(request.user).select_related("unit", "evaluated_by"), pk=pk
    )


@require_GET
def model_list(request):
    user = request.user
    filters = ModelFilter(
        request.GET,
        queryset=ReformModel.objects.for_user(user).select_related("unit", "evaluated_by"),
        request=request,
    )
    counts = filters.qs_without("effectiveness").counts_by_effectiveness()
    several = sees_several_units(user)
    return render(
        request,
        "reforms/model_list.html",
        {
            "page": paginate(request, filters.qs.order_by("unit__path", "name")),
            "filter": filters,
            "year": filters.chosen_year,
            "effectiveness_counts": [
                (value, label, counts[value]) for value, label in Effectiveness.choices
            ],
            "total": counts["total"],
            "several": several,
            "can_create": user.unit is not None and can_edit(user, user.unit),
            "can_evaluate": can_evaluate_models(user),
        },
    )


@require_GET
def model_detail(request, pk):
    model = _model_or_404(request, pk)
    return render(
        request,
        "reforms/model_detail.html",
        {
            "model": model,
            "can_edit": can_edit(request.user, model.unit),
            "can_evaluate": can_evaluate_models(request.user, model.unit),
            "history": history_entries(model),
        },
    )


@require_http_methods(["GET", "POST"])
def model_create(request):
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied
    require_edit(request.user, unit)
    return _model_form(request, None, unit)


@require_http_methods(["GET", "POST"])
def model_edit(request, pk):
    model = _model_or_404(request, pk)
    require_edit(request.user, model.unit)
    return _model_form(request, model, model.unit)


def _model_form(request, model, unit):
    form = ReformModelForm(request.POST or None, instance=model, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.reform_model_save(model=form.instance, version=form.version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Reform model “%(name)s” saved.") % {"name": saved.name})
            return redirect(saved)
    return render(request, "reforms/model_form.html", {"form": form, "model": model})


@require_http_methods(["GET", "POST"])
def model_evaluate(request, pk):
    model = _model_or_404(request, pk)
    require_evaluate(request.user, model.unit)
    form = ReformModelEvaluationForm(
        request.POST or None,
        initial={"effectiveness": model.effectiveness, "reason": model.evaluation_reason},
        versioned_record=model,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reform_model_evaluate(
                model=model,
                version=form.version,
                effectiveness=form.cleaned_data["effectiveness"],
                reason=form.cleaned_data["reason"],
                evaluated_by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Evaluation of “%(name)s” saved.") % {"name": model.name})
            return redirect(model)
    return render(request, "reforms/model_evaluate.html", {"form": form, "model": model})
