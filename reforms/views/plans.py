"""Plans: list, the plan page (tasks by area with figures), create, edit, copy, Excel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal.models import Unit

from .. import excel, selectors, services
from ..filters import PlanFilter
from ..forms import ImportForm, PlanForm
from ..models import IssuedDocument, ReformArea, ReformPlan, ReformTask
from ..permissions import can_edit, require_edit
from .common import add_errors, int_param, paginate, sees_several_units

STATUS_FILTERS = {*ReformTask.Status.values, "overdue"}
PLAN_UNIT_KINDS = [k for k in Unit.Kind.values if k != Unit.Kind.PROVINCE]
MISSING_SHOWN = 100


def _plan_or_404(request, pk):
    return get_object_or_404(
        ReformPlan.objects.for_user(request.user).select_related("unit", "document"), pk=pk
    )


@require_GET
def plan_list(request):
    """Plans in the user's scope with their completion; units still without a plan."""
    user = request.user
    filters = PlanFilter(
        request.GET,
        queryset=ReformPlan.objects.for_user(user).select_related("unit", "document"),
        request=request,
    )
    year, chosen_unit = filters.chosen_year, filters.chosen_unit
    plans = filters.qs.order_by("-year", "unit__path")
    page = paginate(request, selectors.plans_with_progress(plans))
    for plan in page:
        plan.rate = selectors.completion_rate(plan.tasks_done, plan.tasks_total)
    several = sees_several_units(user)
    missing, missing_count = [], 0
    if several and year is not None:
        units = Unit.objects.for_user(user).filter(kind__in=PLAN_UNIT_KINDS, is_active=True)
        if chosen_unit is not None:
            units = units.filter(path__startswith=chosen_unit.path)
        units = units.exclude(reform_plans__year=year)
        # A country has thousands of units: name the first ones, count the rest.
        missing_count = units.count()
        missing = list(units.order_by("path").only("name", "short_name", "path")[:MISSING_SHOWN])
    own_unit = user.unit
    return render(
        request,
        "reforms/plan_list.html",
        {
            "page": page,
            "filter": filters,
            "year": year,
            "several": several,
            "missing": missing,
            "missing_more": missing_count - len(missing),
            "can_create": own_unit is not None and can_edit(user, own_unit),
        },
    )


@require_GET
def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    today = timezone.localdate()
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    areas = list(ReformArea.objects.all())
    area_id = int_param(request, "area")
    area = next((a for a in areas if a.pk == area_id), None)
    numbers = selectors.plan_page_figures(plan, today=today)
    area_figures = selectors.area_rows(numbers["by_area"], areas)
    groups = selectors.plan_task_groups(
        plan, status=status, area=area, areas=areas, area_figures=area_figures, today=today
    )
    documents = numbers["documents"]
    editable = can_edit(request.user, plan.unit)
    return render(
        request,
        "reforms/plan_detail.html",
        {
            "plan": plan,
            "figures": numbers["figures"],
            "area_figures": area_figures,
            "groups": groups,
            "counts": numbers["tasks"],
            "areas": areas,
            "area": area,
            "status": status,
            "statuses": ReformTask.Status.choices,
            "filtered": bool(status or area),
            "documents": documents,
            "document_kinds": [
                (label, documents[value])
                for value, label in IssuedDocument.Kind.choices
                if documents[value]
            ],
            "outreach": numbers["outreach"],
            "models_count": numbers["models"],
            "can_edit": editable,
            "can_copy": editable and not numbers["next_year_exists"],
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request):
    unit = request.user.unit
    if unit is None:
        raise PermissionDenied
    require_edit(request.user, unit)
    form = PlanForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                unit=unit,
                year=form.cleaned_data["year"],
                document=form.cleaned_data["document"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The %(year)s plan is created.") % {"year": plan.year})
            return redirect(plan)
    return render(request, "reforms/plan_form.html", {"form": form, "plan": None})


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = _plan_or_404(request, pk)
    require_edit(request.user, plan.unit)
    form = PlanForm(request.POST or None, instance=plan, unit=plan.unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                version=form.version,
                document=form.cleaned_data["document"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan)
    return render(request, "reforms/plan_form.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
def plan_copy(request, pk):
    """Start next year's plan as a draft copy of this one (tasks only, no progress)."""
    plan = _plan_or_404(request, pk)
    require_edit(request.user, plan.unit)
    error = None
    if request.method == "POST":
        try:
            copy = services.plan_copy(source=plan)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request,
                _(
                    "The %(year)s plan is created as a draft with %(count)s tasks. Check the "
                    "deadlines and record the issuing document when it is signed."
                )
                % {"year": copy.year, "count": copy.tasks.count()},
            )
            return redirect(copy)
    return render(
        request,
        "reforms/plan_copy.html",
        {
            "plan": plan,
            "next_year": plan.year + 1,
            "task_count": plan.tasks.exclude(status=ReformTask.Status.CANCELLED).count(),
            "error": error,
        },
    )


def _xlsx_response(content, filename):
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def plan_export(request, pk):
    plan = _plan_or_404(request, pk)
    ordered = selectors.plan_tasks(plan)
    content = excel.export_plan(
        plan,
        [(task.number, task) for task in ordered],
        selectors.plan_figures(plan),
        selectors.plan_area_figures(plan),
    )
    name = slugify(plan.unit.code or plan.unit.name) or "don-vi"
    return _xlsx_response(content, f"ke-hoach-cchc-{plan.year}-{name}.xlsx")


@require_GET
def plan_import_template(request):
    return _xlsx_response(excel.import_template(), "mau-nhap-nhiem-vu-ke-hoach-cchc.xlsx")


@require_http_methods(["GET", "POST"])
def plan_import(request, pk):
    """Import the tasks of an empty plan from the Excel template: every row checked, all or none."""
    plan = _plan_or_404(request, pk)
    require_edit(request.user, plan.unit)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    has_tasks = plan.tasks.exists()
    if request.method == "POST" and form.is_valid():
        try:
            rows, row_errors = excel.read_task_rows(form.cleaned_data["file"], plan=plan)
            if not row_errors:
                created = services.plan_import_tasks(plan=plan, rows=rows)
                messages.success(
                    request, _("%(count)s tasks imported into the plan.") % {"count": created}
                )
                return redirect(plan)
        except excel.SheetUnreadable as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
    return render(
        request,
        "reforms/plan_import.html",
        {"plan": plan, "form": form, "row_errors": row_errors, "has_tasks": has_tasks},
    )
