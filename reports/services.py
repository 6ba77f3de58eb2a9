"""Every write to periodic reports: rounds, a report's text, submission, return, reminders.

State changes claim their row with a conditional UPDATE (two people pressing the same button
cannot both succeed, on SQLite and PostgreSQL alike), then save through the model so the change
is kept in history. Notifications are created in the same transaction; e-mail leaves on commit.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from cchc_portal.versioning import claim

from . import content, figures, notifying
from .document import AREA_CODES
from .models import YEARLY_ROUNDS, ReportRound, ReportSubmission, UnitReport, default_deadline

Status = UnitReport.Status
# After the deadline, a unit that still owes its report is reminded again every this many days.
REMIND_AFTER_EVERY_DAYS = 7


class ChangedMeanwhile(ValidationError):
    """The report changed after the page was opened; the user must reload."""

    def __init__(self):
        super().__init__(
            _("Someone changed this report after you opened it. Reload the page and try again."),
            code="changed_meanwhile",
        )


def _reason(text):
    """History notes are stored text: write them in the portal's language, like messages."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _check_units(unit, units):
    """The owing units must lie strictly below the requesting unit."""
    if not units:
        raise ValidationError({"units": _("Choose at least one unit that owes the report.")})
    outside = [u.display_name for u in units if u.pk == unit.pk or not u.is_within(unit)]
    if outside:
        raise ValidationError(
            {
                "units": _("These units are not below %(unit)s: %(units)s.")
                % {"unit": unit.display_name, "units": ", ".join(outside)}
            }
        )


def _create_reports(rnd, units):
    bulk_create_with_history([UnitReport(round=rnd, unit=unit) for unit in units], UnitReport)


@transaction.atomic
def round_create(
    *,
    unit,
    year,
    kind,
    deadline,
    units,
    acting_user,
    quarter=0,
    instructions="",
    remind_days_before=5,
):
    """A new round and one report owed by each of `units`."""
    rnd = ReportRound(
        unit=unit,
        year=year,
        kind=kind,
        quarter=quarter if kind == ReportRound.Kind.QUARTER else 0,
        deadline=deadline,
        instructions=instructions,
        remind_days_before=remind_days_before,
        created_by=acting_user,
    )
    _check_units(unit, units)
    rnd.full_clean()
    rnd.save()
    _create_reports(rnd, units)
    return rnd


def calendar_rounds(requester, year):
    """The year's four rounds for `requester` as unsaved rounds, each with its window and the
    default due date, or the saved round where one exists: the yearly calendar's rows."""
    existing = {
        (rnd.kind, rnd.quarter): rnd
        for rnd in ReportRound.objects.filter(unit=requester, year=year)
    }
    rows = []
    for kind, quarter in YEARLY_ROUNDS:
        rnd = existing.get((kind, quarter))
        if rnd is None:
            rnd = ReportRound(unit=requester, year=year, kind=kind, quarter=quarter)
            rnd._set_period()
            rnd.deadline = default_deadline(requester, rnd.ends_on)
        rows.append(rnd)
    return rows


@transaction.atomic
def calendar_open(
    *, unit, year, units, acting_user, deadlines=None, instructions="", remind_days_before=5
):
    """Open `unit`'s reporting year: the rounds of quarter I, six months, nine months and the
    year that do not exist yet, each owed by `units`, with its window and due date
    (`deadlines`: {(kind, quarter): date}, else the default). All or nothing; returns the
    rounds created (none when the year was already open)."""
    deadlines = deadlines or {}
    _check_units(unit, units)
    created = []
    for rnd in calendar_rounds(unit, year):
        if rnd.pk is not None:
            continue
        created.append(
            round_create(
                unit=unit,
                year=year,
                kind=rnd.kind,
                quarter=rnd.quarter,
                deadline=deadlines.get((rnd.kind, rnd.quarter)) or rnd.deadline,
                units=units,
                acting_user=acting_user,
                instructions=instructions,
                remind_days_before=remind_days_before,
            )
        )
    return created


@transaction.atomic
def round_update(*, rnd, version, deadline, units, instructions="", remind_days_before=5):
    """Change the deadline, the instructions and who owes the round, if still at `version`.

    A unit that has written or submitted its report cannot be taken off the round. A new
    deadline sends the reminders again to the units that still owe their report.
    """
    rnd = ReportRound.objects.select_for_update().get(pk=rnd.pk)
    claim(rnd, version=version)
    _check_units(rnd.unit, units)
    wanted = {unit.pk for unit in units}
    current = {report.unit_id: report for report in rnd.reports.select_related("unit")}
    removed = [report for unit_id, report in current.items() if unit_id not in wanted]
    started = [
        report.unit.display_name
        for report in removed
        if report.first_submitted_at or report.narrative_edited_at
    ]
    if started:
        raise ValidationError(
            {
                "units": _(
                    "These units have already written or submitted their report and must stay: "
                    "%(units)s."
                )
                % {"units": ", ".join(started)}
            }
        )
    deadline_moved = rnd.deadline != deadline
    rnd.deadline = deadline
    rnd.instructions = instructions
    rnd.remind_days_before = remind_days_before
    if deadline_moved:
        rnd.overdue_summary_sent_on = None
    rnd.full_clean()
    rnd.save()
    for report in removed:
        report.delete()
    _create_reports(rnd, [unit for unit in units if unit.pk not in current])
    if deadline_moved:
        UnitReport.objects.filter(round=rnd).not_submitted().update(
            reminder_before_sent_on=None, reminder_after_sent_on=None
        )
    return rnd


def _claim(report, *, version, status_in, changes):
    """Move the report if it is still at `version` and in one of `status_in`; else refuse."""
    moved = UnitReport.objects.filter(pk=report.pk, version=version, status__in=status_in).update(
        version=F("version") + 1, **changes
    )
    if not moved:
        current = UnitReport.objects.filter(pk=report.pk).values("status", "version").first()
        if current and current["status"] not in status_in:
            return current["status"]
        raise ChangedMeanwhile()
    report.refresh_from_db()
    return None


@transaction.atomic
def report_text_update(
    *,
    report,
    version,
    acting_user,
    results,
    shortcomings,
    proposals,
    document_number="",
    place="",
    signer_title="",
    signer_name="",
    area_texts=None,
    now=None,
):
    """Save the narrative sections, the text under each area of the outline and the
    document's header of a report still owed."""
    area_texts = {code: text.strip() for code, text in (area_texts or {}).items() if text.strip()}
    unknown = sorted(set(area_texts) - set(AREA_CODES))
    if unknown:
        raise ValidationError(
            _("Unknown areas of the report: %(areas)s.") % {"areas": ", ".join(unknown)}
        )
    refused = _claim(
        report,
        version=version,
        status_in=[Status.DRAFT, Status.RETURNED],
        changes={},
    )
    if refused:
        raise ValidationError(_("A submitted report can no longer be changed."), code="submitted")
    report.results = results.strip()
    report.shortcomings = shortcomings.strip()
    report.proposals = proposals.strip()
    report.area_texts = area_texts
    report.document_number = document_number.strip()
    report.place = place.strip()
    report.signer_title = signer_title.strip()
    report.signer_name = signer_name.strip()
    report.narrative_edited_at = now or timezone.now()
    report.narrative_edited_by = acting_user
    report.full_clean()
    report._change_reason = _reason(gettext_lazy("Text edited"))
    report.save()
    return report


@transaction.atomic
def report_submit(*, report, version, acting_user, upload=None, note="", now=None, notify=True):
    """Send the report: its figures are frozen as generated now, with its text.

    `upload` (a signed scan or an edited document) is submitted instead of the portal's
    document; the figures are frozen all the same, so later changes can be shown. `now` and
    `notify=False` record a past submission (the demo, a paper report entered afterwards).
    """
    now = now or timezone.now()
    refused = _claim(
        report,
        version=version,
        status_in=[Status.DRAFT, Status.RETURNED],
        changes={
            "status": Status.SUBMITTED,
            "submitted_at": now,
            "submitted_by": acting_user,
            "first_submitted_at": Coalesce(
                F("first_submitted_at"), Value(now, output_field=DateTimeField())
            ),
        },
    )
    if refused:
        raise ValidationError(_("This report has already been submitted."), code="submitted")
    frozen = figures.report_figures(report.unit, report.round, today=timezone.localdate(now))
    narrative = content.narrative_of(report, frozen)
    if upload is not None:
        source = ReportSubmission.Source.UPLOADED
    elif report.narrative_is_edited:
        source = ReportSubmission.Source.EDITED
    else:
        source = ReportSubmission.Source.GENERATED
    submission = ReportSubmission(
        report=report,
        number=report.submissions.count() + 1,
        submitted_at=now,
        submitted_by=acting_user,
        source=source,
        figures=frozen,
        note=note.strip(),
        document_number=report.document_number,
        place=report.place,
        signer_title=report.signer_title,
        signer_name=report.signer_name,
        **narrative,
    )
    if upload is not None:
        submission.file = upload
    submission.full_clean()
    submission.save()
    report._change_reason = _reason(gettext_lazy("Report submitted"))
    report.save()
    if notify:
        notifying.report_submitted(report, submission)
    return submission


@transaction.atomic
def report_return(*, report, acting_user, comment, now=None, notify=True):
    """Send a submitted report back to its unit with a comment; the unit submits again."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the report is returned.")})
    moved = UnitReport.objects.filter(pk=report.pk, status=Status.SUBMITTED).update(
        status=Status.RETURNED, version=F("version") + 1
    )
    if not moved:
        raise ValidationError(_("Only a submitted report can be returned."), code="not_submitted")
    report.refresh_from_db()
    submission = report.submissions.order_by("-number").first()
    submission.returned_at = now or timezone.now()
    submission.returned_by = acting_user
    submission.return_comment = comment
    submission.full_clean()
    submission.save()
    with translation.override(settings.LANGUAGE_CODE):
        report._change_reason = _("Returned: %(comment)s") % {"comment": comment[:80]}
    report.save()
    if notify:
        notifying.report_returned(report, submission)
    return submission


def send_reminders(*, today=None):
    """Before the deadline, after it (every week), and the round's missing list, once each.

    Returns how many reports (before, after) and rounds (summaries) notified someone. Each
    notice is claimed by a conditional UPDATE first, so running the command twice the same
    day sends nothing twice.
    """
    today = today or timezone.localdate()
    owed = UnitReport.objects.not_submitted().select_related("round", "round__unit", "unit")
    before = 0
    upcoming = owed.filter(
        reminder_before_sent_on__isnull=True,
        round__deadline__gte=today,
        round__deadline__lte=today + datetime.timedelta(days=366),
    ).order_by("round__deadline", "pk")
    for report in upcoming:
        if (report.round.deadline - today).days > report.round.remind_days_before:
            continue
        with transaction.atomic():
            claimed = UnitReport.objects.filter(
                pk=report.pk, reminder_before_sent_on__isnull=True
            ).update(reminder_before_sent_on=today)
            if claimed and notifying.reminder_before(report, today):
                before += 1
    after = 0
    again = today - datetime.timedelta(days=REMIND_AFTER_EVERY_DAYS)
    due_again = Q(reminder_after_sent_on__isnull=True) | Q(reminder_after_sent_on__lte=again)
    for report in (
        owed.filter(due_again).past_round_deadline(today).order_by("round__deadline", "pk")
    ):
        with transaction.atomic():
            claimed = (
                UnitReport.objects.filter(pk=report.pk)
                .filter(due_again)
                .update(reminder_after_sent_on=today)
            )
            if claimed and notifying.reminder_after(report, today):
                after += 1
    summaries = 0
    for rnd in (
        ReportRound.objects.past_deadline(today)
        .filter(overdue_summary_sent_on__isnull=True)
        .select_related("unit")
    ):
        missing = list(rnd.reports.not_submitted().select_related("unit").order_by("unit__path"))
        with transaction.atomic():
            claimed = ReportRound.objects.filter(
                pk=rnd.pk, overdue_summary_sent_on__isnull=True
            ).update(overdue_summary_sent_on=today)
            if claimed and missing and notifying.missing_reports(rnd, missing):
                summaries += 1
    return before, after, summaries
