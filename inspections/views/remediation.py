"""After the conclusion: the unit reports what it fixed, internal affairs review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from cchc_portal import finality, roles
from cchc_portal.files import serve_file
from cchc_portal.history import history_entries

from .. import permissions, selectors, services
from ..filters import RecommendationFilter
from ..forms import RemediationReportForm, ReviewForm
from ..models import EvidenceFile, Recommendation
from .common import add_service_errors


def _scoped_recommendation(request, pk):
    queryset = (
        Recommendation.objects.for_user(request.user)
        .select_related("inspection__unit", "inspection__lead", "responsible_unit", "finding")
        .prefetch_related(selectors.reports_prefetch())
    )
    return get_object_or_404(queryset, pk=pk)


@require_GET
def recommendation_detail(request, pk):
    """One recommendation with its whole remediation exchange as a timeline."""
    user = request.user
    recommendation = _scoped_recommendation(request, pk)
    inspection = recommendation.inspection
    can_submit = (
        inspection.is_issued
        and recommendation.status == Recommendation.Status.OPEN
        and permissions.can_submit_remediation(user, recommendation)
    )
    can_review = (
        recommendation.status == Recommendation.Status.SUBMITTED
        and permissions.can_review(user, recommendation)
    )
    return render(
        request,
        "inspections/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "inspection": inspection,
            "sees_inspection": user.can_see_unit(inspection.unit),
            "report_form": RemediationReportForm() if can_submit else None,
            "review_form": ReviewForm() if can_review else None,
            "can_reopen": recommendation.status == Recommendation.Status.ACCEPTED
            and finality.can_reopen(user, recommendation.responsible_unit),
            "history": history_entries(recommendation),
        },
    )


@require_http_methods(["GET", "POST"])
def recommendation_report(request, pk):
    """The unit's remediation report: what was done, with evidence files."""
    recommendation = _scoped_recommendation(request, pk)
    if not permissions.can_submit_remediation(request.user, recommendation):
        raise PermissionDenied
    form = RemediationReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_submit_report(
                recommendation=recommendation,
                acting_user=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Report submitted. Internal affairs will review it."))
            return redirect(recommendation)
    return render(
        request,
        "inspections/recommendation_report.html",
        {"recommendation": recommendation, "inspection": recommendation.inspection, "form": form},
    )


@require_http_methods(["GET", "POST"])
def recommendation_review(request, pk):
    recommendation = _scoped_recommendation(request, pk)
    if not permissions.can_review(request.user, recommendation):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_review(
                recommendation=recommendation, reviewer=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["decision"] == "accepted":
                messages.success(request, _("Remediation accepted."))
            else:
                messages.success(request, _("Report returned to the unit with your comment."))
            target = request.POST.get("next", "")
            if target == "queue":
                return redirect("inspections:review-queue")
            return redirect(recommendation)
    return render(
        request,
        "inspections/recommendation_review.html",
        {"recommendation": recommendation, "inspection": recommendation.inspection, "form": form},
    )


@require_GET
def remediation_list(request):
    """The user's unit: every recommendation addressed to it, what to do first on top."""
    user = request.user
    if not roles.has_any_role(user, roles.UNIT_STAFF):
        raise PermissionDenied
    rows = list(selectors.remediation_rows(user))
    pending = [r for r in rows if r.status != Recommendation.Status.ACCEPTED]
    done = [r for r in rows if r.status == Recommendation.Status.ACCEPTED]
    return render(
        request,
        "inspections/remediation_list.html",
        {
            "pending": pending,
            "done": done,
            "overdue_count": sum(1 for r in pending if r.is_overdue),
        },
    )


@require_GET
def review_queue(request):
    if not roles.has_any_role(request.user, roles.INTERNAL_AFFAIRS):
        raise PermissionDenied
    page = selectors.review_queue_page(request.user, request.GET.get("page"))
    return render(request, "inspections/review_queue.html", {"page_obj": page})


@require_GET
@vary_on_headers("HX-Request")
def recommendation_list(request):
    """Issued recommendations in scope, filterable; the drill-down behind dashboard numbers."""
    user = request.user
    filters = RecommendationFilter(
        request.GET,
        queryset=selectors.recommendation_rows(user),
        request=request,
        years=selectors.inspection_years(user),
    )
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    context = {"page_obj": page, "filter": filters}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "inspections/_recommendation_list_rows.html", context)
    return render(request, "inspections/recommendation_list.html", context)


@require_GET
def evidence_download(request, pk):
    evidence = get_object_or_404(EvidenceFile.objects.select_related("report"), pk=pk)
    # 404 unless the user sees the recommendation the file belongs to.
    get_object_or_404(
        Recommendation.objects.for_user(request.user), pk=evidence.report.recommendation_id
    )
    return serve_file(evidence.file, as_attachment=request.GET.get("download") == "1")


@require_http_methods(["GET", "POST"])
def recommendation_reopen(request, pk):
    """Reopen an accepted remediation: its report awaits review again (the reason in history)."""
    recommendation = _scoped_recommendation(request, pk)
    if not finality.can_reopen(request.user, recommendation.responsible_unit):
        raise PermissionDenied
    form = finality.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remediation_reopen(
                recommendation=recommendation, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The acceptance is reopened: the report awaits review."))
            return redirect(recommendation)
    return render(
        request,
        "inspections/reopen.html",
        {
            "form": form,
            "back": recommendation,
            "title": _("Reopen the acceptance"),
            "explanation": _(
                "The remediation report goes back to “awaiting review”: it can then be "
                "accepted again or returned to the unit."
            ),
        },
    )
