"""A unit's report: the draft generated from its figures, its text, submission and return."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal import roles
from cchc_portal.files import serve_file
from cchc_portal.history import history_entries

from .. import comparison, content, figures, services
from ..forms import ReportTextForm, ReturnForm, SubmitForm, report_text_initial
from ..models import ReportSubmission, UnitReport
from ..permissions import can_edit_report, can_return_report, follows_rounds, require
from .common import download, file_stem, info_rows


def _report_or_404(request, pk):
    return get_object_or_404(
        UnitReport.objects.for_user(request.user).select_related(
            "round", "round__unit", "unit", "unit__parent", "submitted_by"
        ),
        pk=pk,
    )


def _submissions(report):
    return list(
        report.submissions.select_related("submitted_by", "returned_by", "report__round").order_by(
            "-number"
        )
    )


@require_GET
def report_detail(request, pk):
    """The report as the unit would send it now, or as it was sent, with what changed since."""
    report = _report_or_404(request, pk)
    submissions = _submissions(report)
    latest = submissions[0] if submissions else None
    differences = []
    if report.is_submitted and latest is not None:
        shown = content.submitted(latest)
        fresh = figures.report_figures(report.unit, report.round)
        differences = comparison.differences(latest.figures, fresh)
    else:
        shown = content.draft(report)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "round": report.round,
            "doc": shown.document,
            "is_frozen": shown.is_frozen,
            "shown_submission": latest if shown.is_frozen else None,
            "latest": latest,
            "submissions": submissions,
            "differences": differences,
            "can_edit": can_edit_report(request.user, report),
            "can_return": can_return_report(request.user, report),
            "follows": follows_rounds(request.user, report.round),
            "history": history_entries(report),
        },
    )


@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    """Write the narrative sections around the figures; the form starts from the suggestion."""
    report = _report_or_404(request, pk)
    require(can_edit_report(request.user, report))
    suggestion = content.suggested_narrative(report)
    form = ReportTextForm(request.POST or None, initial=report_text_initial(report, suggestion))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_text_update(
                report=report,
                version=data["version"],
                acting_user=request.user,
                results=data["results"],
                shortcomings=data["shortcomings"],
                proposals=data["proposals"],
                area_texts=form.area_texts(),
                document_number=data["document_number"],
                place=data["place"],
                signer_title=data["signer_title"],
                signer_name=data["signer_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report's text was saved."))
            return redirect(report)
    return render(
        request,
        "reports/report_edit.html",
        {
            "report": report,
            "round": report.round,
            "form": form,
            "is_suggestion": not report.narrative_is_edited,
        },
    )


@require_http_methods(["GET", "POST"])
def report_submit(request, pk):
    """Submit the portal's document or an uploaded file; the figures are frozen as of now."""
    report = _report_or_404(request, pk)
    if report.is_submitted and roles.can_edit_unit_records(request.user, report.unit):
        # A second click, or a page left open: the report is already on its way.
        messages.info(request, _("This report has already been submitted."))
        return redirect(report)
    require(can_edit_report(request.user, report))
    form = SubmitForm(
        request.POST or None, request.FILES or None, initial={"version": report.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.report_submit(
                report=report,
                version=data["version"],
                acting_user=request.user,
                upload=data["file"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submission.is_late:
                messages.warning(
                    request,
                    _(
                        "The report was submitted after the deadline of %(date)s: it is recorded as late."
                    )
                    % {"date": report.round.deadline.strftime("%d/%m/%Y")},
                )
            else:
                messages.success(request, _("The report was submitted on time."))
            return redirect(report)
    return render(
        request,
        "reports/report_submit.html",
        {
            "report": report,
            "round": report.round,
            "form": form,
            "late": report.timeliness in ("late", "overdue"),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def report_return(request, pk):
    """Internal affairs send a submitted report back to the unit with a comment."""
    report = _report_or_404(request, pk)
    require(can_return_report(request.user, report))
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_return(
                report=report, acting_user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report was returned to the unit with your comment."))
            return redirect(report)
    return render(
        request,
        "reports/report_return.html",
        {"report": report, "round": report.round, "form": form},
    )


def _status_text(report):
    return str(report.get_status_display())


@require_GET
def report_download(request, pk, fmt):
    """The report as it stands now (draft), as .docx, .pdf or .xlsx."""
    report = _report_or_404(request, pk)
    return download(
        fmt,
        lambda: content.draft(report),
        stem=file_stem(report.round, report.unit.code, suffix="du-thao"),
        info=lambda built: info_rows(
            content=built,
            rnd=report.round,
            unit_name=report.unit.name,
            status=_("Draft, %(status)s") % {"status": _status_text(report)},
        ),
    )


def _submission_or_404(request, pk):
    visible = UnitReport.objects.for_user(request.user).values("pk")
    return get_object_or_404(
        ReportSubmission.objects.filter(report__in=visible).select_related(
            "report", "report__round", "report__round__unit", "report__unit", "report__unit__parent"
        ),
        pk=pk,
    )


@require_GET
def submission_download(request, pk, fmt):
    """A submission as it was sent, frozen figures and text, as .docx, .pdf or .xlsx."""
    submission = _submission_or_404(request, pk)
    report = submission.report
    return download(
        fmt,
        lambda: content.submitted(submission),
        stem=file_stem(report.round, report.unit.code, suffix=f"lan-{submission.number}"),
        info=lambda built: info_rows(
            content=built,
            rnd=report.round,
            unit_name=report.unit.name,
            status=_("Submitted on %(when)s (submission %(number)s)")
            % {
                "when": timezone.localtime(submission.submitted_at).strftime("%d/%m/%Y %H:%M"),
                "number": submission.number,
            },
        ),
    )


@require_GET
def submission_file(request, pk):
    """The file a unit uploaded with its submission (signed scan or edited document)."""
    submission = _submission_or_404(request, pk)
    return serve_file(submission.file, as_attachment=True)
