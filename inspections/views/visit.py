"""What the team records during the visit: the checklist, findings and recommendations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc_portal.files import serve_file
from cchc_portal.inputs import query_int

from .. import permissions, selectors, services
from ..forms import ChecklistMarkForm, FindingForm, RecommendationForm
from ..models import ChecklistCriterion, ChecklistResult, Finding, Recommendation
from .common import add_service_errors, scoped_inspection


def _recording_inspection(request, pk):
    inspection = scoped_inspection(request, pk)
    if not permissions.can_record(request.user, inspection):
        raise PermissionDenied
    return inspection


# --- checklist -------------------------------------------------------------------------


@require_GET
def inspection_checklist(request, pk):
    """Every criterion of the checklist with its mark; the team marks them here."""
    inspection = scoped_inspection(request, pk)
    if not inspection.checklist_template_id:
        raise PermissionDenied
    if not (
        permissions.sees_drafts(request.user) or permissions.is_on_team(request.user, inspection)
    ):
        raise PermissionDenied
    can_mark = (
        permissions.can_record(request.user, inspection)
        and inspection.status == inspection.Status.IN_PROGRESS
    )
    groups = selectors.checklist_rows(inspection)
    forms_by_criterion = {}
    if can_mark:
        for _area, items in groups:
            for criterion, result in items:
                initial = {"result": result.result, "note": result.note} if result else {}
                forms_by_criterion[criterion.pk] = ChecklistMarkForm(
                    initial=initial, prefix=f"c{criterion.pk}", versioned_record=result
                )
    rows = [
        (
            area,
            [{"criterion": c, "result": r, "form": forms_by_criterion.get(c.pk)} for c, r in items],
        )
        for area, items in groups
    ]
    return render(
        request,
        "inspections/inspection_checklist.html",
        {
            "inspection": inspection,
            "groups": rows,
            "summary": selectors.checklist_summary(inspection),
            "can_mark": can_mark,
        },
    )


@require_http_methods(["GET", "POST"])
def checklist_mark(request, pk, criterion_pk):
    """Mark one criterion (a small form: works on a phone, one criterion at a time)."""
    inspection = _recording_inspection(request, pk)
    criterion = get_object_or_404(
        ChecklistCriterion.objects.select_related("area", "shortcoming_type"),
        pk=criterion_pk,
        template_id=inspection.checklist_template_id,
    )
    result = (
        ChecklistResult.objects.filter(inspection=inspection, criterion=criterion)
        .select_related("finding")
        .first()
    )
    prefix = f"c{criterion.pk}"
    initial = {"result": result.result, "note": result.note} if result else {}
    form = ChecklistMarkForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        prefix=prefix,
        versioned_record=result,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mark = services.checklist_mark(
                inspection=inspection,
                criterion=criterion,
                acting_user=request.user,
                version=form.version or 0,
                result=data["result"],
                note=data["note"],
                photo=data["photo"] or None,
                remove_photo=data["remove_photo"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if mark.finding_id:
                messages.success(
                    request,
                    _(
                        "Saved. The criterion was recorded as a shortcoming: draft a recommendation for it."
                    ),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect(
                reverse("inspections:inspection-checklist", args=[inspection.pk])
                + f"#criterion-{criterion.pk}"
            )
    return render(
        request,
        "inspections/checklist_mark.html",
        {"inspection": inspection, "criterion": criterion, "result": result, "form": form},
    )


@require_GET
def checklist_photo(request, pk):
    result = get_object_or_404(ChecklistResult.objects.select_related("inspection"), pk=pk)
    # The photo is visible to whoever sees the inspection's checklist.
    inspection = scoped_inspection(request, result.inspection_id)
    if not (
        permissions.sees_drafts(request.user) or permissions.is_on_team(request.user, inspection)
    ):
        raise PermissionDenied
    return serve_file(result.photo)


# --- findings --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def finding_create(request, pk):
    inspection = _recording_inspection(request, pk)
    initial = {"kind": request.GET.get("kind") or Finding.Kind.SHORTCOMING}
    form = FindingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_create(
                inspection=inspection, acting_user=request.user, **form.model_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Finding saved."))
            if finding.kind == Finding.Kind.SHORTCOMING and "and_recommend" in request.POST:
                return redirect(
                    reverse("inspections:recommendation-create", args=[inspection.pk])
                    + f"?finding={finding.pk}"
                )
            return redirect(f"{inspection.get_absolute_url()}#findings")
    return render(
        request,
        "inspections/finding_form.html",
        {"form": form, "inspection": inspection, "finding": None},
    )


def _scoped_finding(request, pk):
    finding = get_object_or_404(Finding.objects.for_user(request.user), pk=pk)
    inspection = scoped_inspection(request, finding.inspection_id)
    if not permissions.can_record(request.user, inspection):
        raise PermissionDenied
    finding.inspection = inspection
    return finding, inspection


@require_http_methods(["GET", "POST"])
def finding_edit(request, pk):
    finding, inspection = _scoped_finding(request, pk)
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(
                finding=finding, acting_user=request.user, version=form.version, **form.model_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Finding saved."))
            return redirect(f"{inspection.get_absolute_url()}#finding-{finding.pk}")
    return render(
        request,
        "inspections/finding_form.html",
        {"form": form, "inspection": inspection, "finding": finding},
    )


@require_POST
def finding_delete(request, pk):
    finding, inspection = _scoped_finding(request, pk)
    try:
        services.finding_delete(finding=finding, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Finding deleted."))
    return redirect(f"{inspection.get_absolute_url()}#findings")


# --- recommendations (drafted by the team) ---------------------------------------------


@require_http_methods(["GET", "POST"])
def recommendation_create(request, pk):
    inspection = _recording_inspection(request, pk)
    initial = {}
    if query_int(request.GET, "finding") is not None:
        initial["finding"] = query_int(request.GET, "finding")
    form = RecommendationForm(request.POST or None, inspection=inspection, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_create(
                inspection=inspection, acting_user=request.user, **form.model_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Recommendation %(number)s saved.") % {"number": recommendation.number},
            )
            return redirect(f"{inspection.get_absolute_url()}#recommendations")
    finding = None
    if initial.get("finding"):
        finding = inspection.findings.filter(pk=initial["finding"]).first()
    return render(
        request,
        "inspections/recommendation_form.html",
        {"form": form, "inspection": inspection, "recommendation": None, "finding": finding},
    )


def _drafted_recommendation(request, pk):
    recommendation = get_object_or_404(Recommendation.objects.for_user(request.user), pk=pk)
    inspection = scoped_inspection(request, recommendation.inspection_id)
    if not permissions.can_record(request.user, inspection):
        raise PermissionDenied
    recommendation.inspection = inspection
    return recommendation, inspection


@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk):
    recommendation, inspection = _drafted_recommendation(request, pk)
    form = RecommendationForm(request.POST or None, inspection=inspection, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_update(
                recommendation=recommendation,
                acting_user=request.user,
                version=form.version,
                **form.model_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recommendation saved."))
            return redirect(f"{inspection.get_absolute_url()}#recommendation-{recommendation.pk}")
    return render(
        request,
        "inspections/recommendation_form.html",
        {
            "form": form,
            "inspection": inspection,
            "recommendation": recommendation,
            "finding": recommendation.finding,
        },
    )


@require_POST
def recommendation_delete(request, pk):
    recommendation, inspection = _drafted_recommendation(request, pk)
    try:
        services.recommendation_delete(recommendation=recommendation, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recommendation deleted."))
    return redirect(f"{inspection.get_absolute_url()}#recommendations")
