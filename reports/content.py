"""What a report says: its figures, its text and its header, for a draft, a submission or a
roll-up. Views and downloads ask here and render the `Document` they get back."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import document, figures, selectors
from .models import ReportRound, ReportSubmission

NARRATIVE_FIELDS = ("results", "shortcomings", "proposals", "area_texts")


@dataclass
class Content:
    """A report ready to show or download: the figures and the document built from them."""

    figures: dict
    document: document.Document
    narrative: dict
    is_frozen: bool


def _upper(text):
    return (text or "").upper()


def unit_header(unit, rnd, values):
    """The document's header and signature for a unit's report."""
    parent = unit.parent
    return {
        "authority": _upper(parent.name) if parent else "",
        "issuer": _upper(unit.name),
        "number": values.get("document_number") or "",
        "place": values.get("place") or "",
        "signer_title": values.get("signer_title") or "",
        "signer_name": values.get("signer_name") or "",
        "requester": rnd.unit.name,
        "recipients": [rnd.unit.name, _("Archive: VT")],
    }


def narrative_of(report, report_figures):
    """The staff's text once they have edited it; until then the portal's suggestion."""
    if report.narrative_is_edited:
        return {name: getattr(report, name) for name in NARRATIVE_FIELDS}
    return document.suggestions(
        report_figures, subject_name=report.unit.name, period_label=report.round.period_label
    )


def suggested_narrative(report, *, today=None):
    """The portal's suggested text for a report's three sections, in the document's language."""
    with translation.override(settings.LANGUAGE_CODE):
        report_figures = figures.report_figures(report.unit, report.round, today=today)
        return document.suggestions(
            report_figures, subject_name=report.unit.name, period_label=report.round.period_label
        )


def draft(report, *, today=None):
    """The report as it stands now: fresh figures, the current text, not yet submitted."""
    report_figures = figures.report_figures(report.unit, report.round, today=today)
    narrative = narrative_of(report, report_figures)
    values = {
        "document_number": report.document_number,
        "place": report.place,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
    }
    built = document.build(
        report_figures,
        rnd=report.round,
        narrative=narrative,
        header=unit_header(report.unit, report.round, values),
        is_draft=True,
    )
    return Content(report_figures, built, narrative, is_frozen=False)


def submitted(submission: ReportSubmission):
    """A submission exactly as it was sent: its frozen figures and its text."""
    report = submission.report
    narrative = {name: getattr(submission, name) for name in NARRATIVE_FIELDS}
    values = {
        "document_number": submission.document_number,
        "place": submission.place,
        "signer_title": submission.signer_title,
        "signer_name": submission.signer_name,
    }
    built = document.build(
        submission.figures,
        rnd=report.round,
        narrative=narrative,
        header=unit_header(report.unit, report.round, values),
        is_draft=False,
        submitted_on=timezone.localdate(submission.submitted_at),
    )
    return Content(submission.figures, built, narrative, is_frozen=True)


def rollup(user, rnd: ReportRound, *, today=None):
    """The round summed over the units owing it in the user's scope, for the province."""
    units = selectors.round_subtree_units(user, rnd)
    rollup_figures = figures.rollup_figures(units, rnd, today=today)
    narrative = document.suggestions(
        rollup_figures, subject_name=rnd.unit.name, period_label=rnd.period_label
    )
    parent = rnd.unit.parent
    header = {
        "authority": _upper(parent.name) if parent else "",
        "issuer": _upper(rnd.unit.name),
        "number": "",
        "place": "",
        "signer_title": "",
        "signer_name": "",
        "requester": parent.name if parent else "",
        "recipients": [parent.name if parent else "", _("Archive: VT")],
    }
    header["recipients"] = [line for line in header["recipients"] if line]
    built = document.build(
        rollup_figures,
        rnd=rnd,
        narrative=narrative,
        header=header,
        is_draft=True,
        unit_rows=unit_rows(user, rnd, today=today),
    )
    return Content(rollup_figures, built, narrative, is_frozen=False)


def unit_rows(user, rnd, *, today=None):
    """Each unit's report status and main figures for the roll-up's Appendix 2 (two queries)."""
    return figures.unit_rows(selectors.round_units(user, rnd), rnd, today=today)
