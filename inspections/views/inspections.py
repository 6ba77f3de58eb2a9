"""Inspection list, detail, schedule and team, start, snapshot, conclusion and its notice."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc_portal import finality
from cchc_portal.history import history_entries
from cchc_portal.inputs import posted_int, query_int

from .. import notice, permissions, selectors, services
from ..forms import ConcludeForm, InspectionFilterForm, InspectionForm, SnapshotForm
from ..models import Finding
from .common import add_service_errors, scoped_inspection


@require_GET
def inspection_list(request):
    user = request.user
    form = InspectionFilterForm(
        request.GET or None, user=user, years=selectors.inspection_years(user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.inspection_rows(
        user,
        year=filters.get("year"),
        unit=filters.get("unit"),
        status=filters.get("status"),
        kind=filters.get("kind"),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "form": form,
            "page_obj": page,
            "can_create": permissions.can_create_inspection(user),
            "sees_drafts": permissions.sees_drafts(user),
            "can_manage_plans": permissions.can_manage_plans(user),
        },
    )


@require_http_methods(["GET", "POST"])
def inspection_create(request):
    if not permissions.can_create_inspection(request.user):
        raise PermissionDenied
    initial = {}
    if request.method == "GET":
        for name in ("plan", "unit"):
            if query_int(request.GET, name) is not None:
                initial[name] = query_int(request.GET, name)
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_create(acting_user=request.user, **form.model_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inspection created."))
            return redirect(inspection)
    return render(request, "inspections/inspection_form.html", {"form": form, "inspection": None})


@require_GET
def inspection_detail(request, pk):
    user = request.user
    inspection = scoped_inspection(request, pk)
    sees_drafts = permissions.sees_drafts(user) or permissions.is_on_team(user, inspection)
    shows_findings = inspection.is_issued or sees_drafts
    findings = list(selectors.findings_for_inspection(user, inspection)) if shows_findings else []
    recommendations = (
        list(selectors.recommendations_for_inspection(user, inspection)) if shows_findings else []
    )
    for recommendation in recommendations:
        recommendation.inspection = inspection
        recommendation.user_can_submit = (
            inspection.is_issued
            and recommendation.status == recommendation.Status.OPEN
            and permissions.can_submit_remediation(user, recommendation)
        )
        recommendation.user_can_review = (
            recommendation.status == recommendation.Status.SUBMITTED
            and permissions.can_review(user, recommendation)
        )
    can_record = permissions.can_record(user, inspection)
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "strengths": [f for f in findings if f.kind == Finding.Kind.STRENGTH],
            "shortcomings": [f for f in findings if f.kind == Finding.Kind.SHORTCOMING],
            "recommendations": recommendations,
            "shows_findings": shows_findings,
            "checklist": selectors.checklist_summary(inspection),
            "is_team": permissions.is_on_team(user, inspection),
            "can_manage": permissions.can_manage_inspection(user, inspection),
            "can_record": can_record,
            "can_start": inspection.status == inspection.Status.PLANNED
            and permissions.is_team_or_admin(user, inspection),
            "can_conclude": inspection.status == inspection.Status.IN_PROGRESS and can_record,
            "can_reopen": inspection.is_issued and finality.can_reopen(user, inspection.unit),
            "can_delete": inspection.status == inspection.Status.PLANNED
            and permissions.can_manage_inspection(user, inspection)
            and not findings
            and not recommendations,
            "history": history_entries(inspection),
        },
    )


@require_http_methods(["GET", "POST"])
def inspection_edit(request, pk):
    inspection = scoped_inspection(request, pk)
    if not permissions.can_manage_inspection(request.user, inspection):
        raise PermissionDenied
    form = InspectionForm(request.POST or None, user=request.user, instance=inspection)
    if request.method == "POST" and form.is_valid():
        data = form.model_data()
        members = data.pop("members")
        try:
            services.inspection_update(
                inspection=inspection,
                acting_user=request.user,
                version=form.version,
                members=members,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Inspection saved."))
            return redirect(inspection)
    return render(
        request, "inspections/inspection_form.html", {"form": form, "inspection": inspection}
    )


@require_POST
def inspection_delete(request, pk):
    inspection = scoped_inspection(request, pk)
    if not permissions.can_manage_inspection(request.user, inspection):
        raise PermissionDenied
    try:
        services.inspection_delete(inspection=inspection, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(inspection)
    messages.success(request, _("Inspection deleted."))
    return redirect("inspections:inspection-list")


@require_POST
def inspection_start(request, pk):
    inspection = scoped_inspection(request, pk)
    try:
        services.inspection_start(inspection=inspection, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Inspection started. The unit's figures as of the visit were recorded.")
        )
    return redirect(inspection)


@require_http_methods(["GET", "POST"])
def inspection_snapshot(request, pk):
    """The team checks and corrects the unit's figures as of the visit."""
    inspection = scoped_inspection(request, pk)
    if not permissions.can_record(request.user, inspection):
        raise PermissionDenied
    form = SnapshotForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_snapshot_update(
                inspection=inspection,
                acting_user=request.user,
                version=form.version,
                **form.model_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Figures saved."))
            return redirect(f"{inspection.get_absolute_url()}#snapshot")
    return render(
        request, "inspections/inspection_snapshot.html", {"form": form, "inspection": inspection}
    )


@require_POST
def inspection_snapshot_refresh(request, pk):
    inspection = scoped_inspection(request, pk)
    if not permissions.can_record(request.user, inspection):
        raise PermissionDenied
    try:
        services.inspection_snapshot_refresh(
            inspection=inspection,
            acting_user=request.user,
            version=posted_int(request.POST, "version", default=0),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The unit's figures were taken again."))
    return redirect(f"{inspection.get_absolute_url()}#snapshot")


@require_http_methods(["GET", "POST"])
def inspection_conclude(request, pk):
    inspection = scoped_inspection(request, pk)
    if not permissions.is_team_or_admin(request.user, inspection):
        raise PermissionDenied
    form = ConcludeForm(request.POST or None, initial=ConcludeForm.initial_for(inspection))
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_conclude(
                inspection=inspection, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Conclusion issued. The units were notified of their recommendations."),
            )
            return redirect(inspection)
    recommendations = list(
        inspection.recommendations.select_related("responsible_unit").order_by("number")
    )
    return render(
        request,
        "inspections/inspection_conclude.html",
        {
            "form": form,
            "inspection": inspection,
            "recommendations": recommendations,
            "finding_count": inspection.findings.count(),
        },
    )


def _notice_inspection(request, pk):
    inspection = scoped_inspection(request, pk)
    if not inspection.is_issued and not (
        permissions.sees_drafts(request.user) or permissions.is_on_team(request.user, inspection)
    ):
        raise Http404
    return inspection


@require_GET
def inspection_notice(request, pk):
    """The conclusion notice as a printable page (a draft until the conclusion is issued)."""
    inspection = _notice_inspection(request, pk)
    return render(request, "inspections/inspection_notice.html", notice.notice_context(inspection))


@require_GET
def inspection_notice_pdf(request, pk):
    inspection = _notice_inspection(request, pk)
    pdf = notice.render_pdf(inspection)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") == "1" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{notice.pdf_filename(inspection)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def inspection_reopen(request, pk):
    """Reopen an issued conclusion for correction, with the reason (kept in history)."""
    inspection = scoped_inspection(request, pk)
    if not finality.can_reopen(request.user, inspection.unit):
        raise PermissionDenied
    form = finality.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_reopen(
                inspection=inspection, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The inspection is reopened: the team can correct it."))
            return redirect(inspection)
    return render(
        request,
        "inspections/reopen.html",
        {
            "form": form,
            "back": inspection,
            "title": _("Reopen the inspection"),
            "explanation": _(
                "The inspection goes back to “in progress”: the team can correct its findings, "
                "recommendations and notice, then issue the conclusion again."
            ),
        },
    )
