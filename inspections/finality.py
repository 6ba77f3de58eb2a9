"""What of an inspection is final, and why: the reasons the admin and the delete guards give."""

from django.utils.translation import gettext as _

from cchc_portal import finality

from .models import EvidenceFile, Finding, Inspection, Recommendation, RemediationReport


def inspection_final_reason(inspection):
    if not inspection.is_issued:
        return None
    return _(
        "The conclusion of this inspection has been issued: it can no longer be changed or "
        "deleted. Internal affairs can reopen the inspection, giving the reason."
    )


def issued_content_final_reason(row):
    """A finding or a recommendation: final once its inspection's conclusion is issued."""
    if not row.inspection.is_issued:
        return None
    return _(
        "The conclusion of this inspection has been issued: its findings and recommendations "
        "can no longer be changed or deleted. Internal affairs can reopen the inspection, "
        "giving the reason."
    )


def report_final_reason(report):
    if report.decision != RemediationReport.Decision.ACCEPTED:
        return None
    return _(
        "This remediation report has been accepted: it can no longer be changed or deleted. "
        "Internal affairs can reopen it, giving the reason."
    )


def register():
    finality.refuse_delete(Inspection, inspection_final_reason)
    finality.refuse_delete(Finding, issued_content_final_reason)
    finality.refuse_delete(Recommendation, issued_content_final_reason)
    finality.refuse_delete(RemediationReport, report_final_reason)
    finality.refuse_delete(EvidenceFile, lambda file: report_final_reason(file.report))
