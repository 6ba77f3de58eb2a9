"""Tasks: the task page with its history, create/edit, the phone update form, evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal.files import serve_file
from cchc_portal.history import history_entries
from cchc_portal.inputs import query_int
from cchc_portal.versioning import ChangedMeanwhile

from .. import selectors, services
from ..forms import TaskForm, TaskProgressForm
from ..models import ReformPlan, ReformTask
from ..permissions import can_edit, require_edit
from .common import add_errors


def _task_or_404(request, pk):
    return get_object_or_404(
        ReformTask.objects.for_user(request.user).select_related(
            "plan__unit", "plan__document", "parent", "area", "evidence_document"
        ),
        pk=pk,
    )


def _numbered(task):
    """The task's number in its plan (1, 1.2...) from the plan's reading order."""
    for item in selectors.plan_tasks(task.plan):
        if item.pk == task.pk:
            return item
    return task


@require_GET
def task_detail(request, pk):
    task = _task_or_404(request, pk)
    numbered = _numbered(task)
    return render(
        request,
        "reforms/task_detail.html",
        {
            "task": numbered,
            "plan": task.plan,
            "specific": getattr(numbered, "specific", []),
            "has_specific": bool(getattr(numbered, "specific", [])),
            "can_edit": can_edit(request.user, task.plan.unit),
            "history": history_entries(task),
        },
    )


@require_http_methods(["GET", "POST"])
def task_create(request, pk):
    plan = get_object_or_404(
        ReformPlan.objects.for_user(request.user).select_related("unit"), pk=pk
    )
    require_edit(request.user, plan.unit)
    initial = {}
    if query_int(request.GET, "parent") is not None:
        initial["parent"] = query_int(request.GET, "parent")
    form = TaskForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(plan=plan, **form.service_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Task “%(title)s” added.") % {"title": task.title})
            if "add_another" in request.POST:
                query = f"?parent={task.parent_id}" if task.parent_id else ""
                return redirect(f"{request.path}{query}")
            return redirect(plan)
    return render(request, "reforms/task_form.html", {"form": form, "plan": plan, "task": None})


@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = _task_or_404(request, pk)
    require_edit(request.user, task.plan.unit)
    form = TaskForm(request.POST or None, instance=task, plan=task.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_edit(task=task, version=form.version, **form.service_fields())
        except services.StaleEdit:
            form.add_error(None, ChangedMeanwhile())  # names what changed meanwhile
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("reforms:task-detail", pk=task.pk)
    return render(
        request,
        "reforms/task_form.html",
        {"form": form, "plan": task.plan, "task": task},
    )


@require_http_methods(["GET", "POST"])
def task_update(request, pk):
    """The phone form: status, completion date, evidence, note."""
    task = _task_or_404(request, pk)
    require_edit(request.user, task.plan.unit)
    derived = task.children.exists()
    form = TaskProgressForm(
        request.POST or None, request.FILES or None, task=task, derived_status=derived
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update_progress(task=task, **form.service_fields())
        except services.StaleEdit as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_errors(form, error)
        else:
            progress = selectors.plan_figures(task.plan)
            messages.success(
                request,
                _("Saved. The plan now stands at %(done)s/%(total)s tasks done.")
                % {"done": progress["done"], "total": progress["total"]},
            )
            return redirect(task.plan)
    return render(
        request,
        "reforms/task_update.html",
        {
            "form": form,
            "task": task,
            "plan": task.plan,
            "derived": derived,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def task_delete(request, pk):
    task = _task_or_404(request, pk)
    require_edit(request.user, task.plan.unit)
    # A task already counted is refused before the button, and again by the service.
    error = services.task_delete_refusal(task)
    if request.method == "POST" and error is None:
        try:
            services.task_delete(task=task)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("Task “%(title)s” deleted.") % {"title": task.title})
            return redirect(task.plan)
    return render(
        request,
        "reforms/task_delete.html",
        {
            "task": task,
            "plan": task.plan,
            "error": error,
            "has_specific": task.children.exists(),
            "refused": error is not None,
        },
    )


@require_GET
def task_evidence(request, pk):
    """The evidence file, only to users whose scope includes the task's unit."""
    task = _task_or_404(request, pk)
    return serve_file(task.evidence_file, as_attachment=request.GET.get("download") == "1")
