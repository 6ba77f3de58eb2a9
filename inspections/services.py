"""Every write of the inspections app, and the only way a status changes.

Inspection:     planned › in progress › concluded › closed (by itself, when the last
                recommendation is accepted; at once when a conclusion has none).
Recommendation: open › submitted › accepted, or submitted › open again when returned.

Each move is a conditional UPDATE on the current status, so two people acting at once
cannot both win (SQLite and PostgreSQL alike); the loser gets a clear error. The history row
(who, when, why) is written in the same transaction; e-mail waits for the commit. The
recommendation summary is rebuilt once per service, at its end, inside its transaction
(`summaries.batch()`: a move is a conditional UPDATE and a history save, two touches).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal import finality, summaries
from cchc_portal.versioning import ChangedMeanwhile, claim

from . import notifying, permissions
from .models import (
    ChecklistResult,
    ChecklistTemplate,
    EvidenceFile,
    Finding,
    Inspection,
    InspectionPlan,
    Recommendation,
    RemediationReport,
)
from .snapshot import snapshot_values

Status = Inspection.Status
RecStatus = Recommendation.Status
Decision = RemediationReport.Decision


class TransitionNotAllowed(ValidationError):
    """A move the state machine refuses (the message says why, in the user's language)."""


# --- helpers ---------------------------------------------------------------------------


def _record(obj, *, user, reason):
    """Write the history row for a change made by a conditional UPDATE."""
    obj.refresh_from_db()
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _save(obj, *, user, reason=None):
    obj.full_clean()
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.save()
    return obj


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _require_not_frozen(inspection):
    if inspection.is_frozen:
        raise TransitionNotAllowed(
            _("The conclusion has been issued: findings and recommendations can no longer change.")
        )


def _apply_versioned(model, obj, *, version, user, fields, reason=None):
    """Save `fields` on `obj` only if nobody saved it since `version` was read (else
    `cchc_portal.versioning.ChangedMeanwhile`)."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    updated = model.objects.filter(pk=obj.pk, version=version).update(
        version=version + 1, **{name: getattr(obj, name) for name in fields}
    )
    if not updated:
        raise ChangedMeanwhile()
    _record(obj, user=user, reason=reason)
    return obj


def _check_team(*, unit, lead, members):
    """Everyone on the team must have the inspected unit in their scope."""
    for person in [lead, *members]:
        if not person.can_see_unit(unit):
            raise ValidationError(
                {
                    "members" if person != lead else "lead": _(
                        "%(name)s cannot be on this team: %(unit)s is outside their units."
                    )
                    % {"name": person, "unit": unit}
                }
            )


# --- plans -----------------------------------------------------------------------------


def plan_create(
    *, acting_user, unit, year, title, document_number="", document_issued_on=None, note=""
):
    _require(permissions.can_manage_plans(acting_user, unit))
    plan = InspectionPlan(
        unit=unit,
        year=year,
        title=title,
        document_number=document_number,
        document_issued_on=document_issued_on,
        note=note,
    )
    return _save(plan, user=acting_user)


@transaction.atomic
def plan_update(*, plan, acting_user, version, **fields):
    """Change a plan still at `version` (the edit form's)."""
    _require(permissions.can_manage_plans(acting_user, plan.unit))
    unit = fields.get("unit", plan.unit)
    _require(permissions.can_manage_plans(acting_user, unit))
    claim(plan, version=version)
    for name, value in fields.items():
        setattr(plan, name, value)
    if plan.inspections.exclude(unit__path__startswith=plan.unit.path).exists():
        raise ValidationError(
            {"unit": _("Some visits of this plan are to units outside this unit.")}
        )
    return _save(plan, user=acting_user)


# --- inspections -----------------------------------------------------------------------


def _check_inspection(inspection):
    plan = inspection.plan
    errors = {}
    # "Scheduled" means "in an inspection plan"; a visit outside any plan is unscheduled.
    if inspection.is_scheduled and plan is None:
        errors["is_scheduled"] = _(
            "A scheduled inspection belongs to an inspection plan: choose the plan, or untick "
            "“Scheduled” for a surprise visit."
        )
    elif plan is not None and not inspection.is_scheduled:
        errors["is_scheduled"] = _(
            "The inspection belongs to the chosen inspection plan: tick “Scheduled”, or choose "
            "no plan for a surprise visit."
        )
    if plan is not None:
        if not inspection.unit.is_within(plan.unit):
            errors["unit"] = _("The unit is not covered by the chosen plan.")
        if inspection.start_on and inspection.start_on.year != plan.year:
            errors["start_on"] = _("The visit date must fall in the plan's year (%(year)s).") % {
                "year": plan.year
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def inspection_create(
    *,
    acting_user,
    unit,
    kind,
    start_on,
    lead,
    members=(),
    plan=None,
    is_scheduled=None,
    end_on=None,
    purpose="",
    checklist_template=None,
):
    _require(permissions.can_create_inspection(acting_user) and acting_user.can_see_unit(unit))
    members = [m for m in members if m.pk != lead.pk]
    _check_team(unit=unit, lead=lead, members=members)
    inspection = Inspection(
        unit=unit,
        kind=kind,
        start_on=start_on,
        end_on=end_on,
        lead=lead,
        plan=plan,
        is_scheduled=plan is not None if is_scheduled is None else is_scheduled,
        purpose=purpose,
        checklist_template=checklist_template,
    )
    _check_inspection(inspection)
    _save(inspection, user=acting_user)
    inspection.members.set(members)
    return inspection


@transaction.atomic
@summaries.batch()
def inspection_update(*, inspection, acting_user, version, members=None, **fields):
    """Change the schedule, the team or the checklist of an inspection not yet concluded."""
    _require_not_frozen(inspection)
    _require(permissions.can_manage_inspection(acting_user, inspection))
    new_template = fields.get("checklist_template", inspection.checklist_template)
    if new_template != inspection.checklist_template and inspection.checklist_results.exists():
        raise TransitionNotAllowed(
            _("The checklist already has marks: it cannot be exchanged for another one.")
        )
    unit = fields.get("unit", inspection.unit)
    if unit != inspection.unit and inspection.status != Status.PLANNED:
        raise TransitionNotAllowed(
            _("The unit inspected cannot change once the inspection has started.")
        )
    lead = fields.get("lead", inspection.lead)
    members = list(inspection.members.all()) if members is None else list(members)
    members = [m for m in members if m.pk != lead.pk]
    _check_team(unit=unit, lead=lead, members=members)
    for name, value in fields.items():
        setattr(inspection, name, value)
    _check_inspection(inspection)
    _apply_versioned(Inspection, inspection, version=version, user=acting_user, fields=fields)
    if {m.pk for m in members} != set(inspection.members.values_list("pk", flat=True)):
        inspection._history_user = acting_user
        inspection.members.set(members)
    return inspection


@transaction.atomic
@summaries.batch()
def inspection_delete(*, inspection, acting_user):
    """Only a planned inspection with nothing recorded can be deleted."""
    _require(permissions.can_manage_inspection(acting_user, inspection))
    if (
        inspection.status != Status.PLANNED
        or inspection.findings.exists()
        or inspection.recommendations.exists()
        or inspection.checklist_results.exists()
    ):
        raise TransitionNotAllowed(
            _("Only a planned inspection with nothing recorded yet can be deleted.")
        )
    inspection._history_user = acting_user
    inspection.delete()


@transaction.atomic
def inspection_start(*, inspection, acting_user):
    """planned › in progress; takes the snapshot of the unit's figures if there is none yet."""
    _require(permissions.is_team_or_admin(acting_user, inspection))
    now = timezone.now()
    snapshot = {}
    if not inspection.has_snapshot:
        snapshot = dict(
            snapshot_values(inspection.unit, inspection.start_on),
            snapshot_taken_at=now,
            snapshot_is_edited=False,
        )
    moved = Inspection.objects.filter(pk=inspection.pk, status=Status.PLANNED).update(
        status=Status.IN_PROGRESS, started_at=now, started_by=acting_user, **snapshot
    )
    if not moved:
        raise TransitionNotAllowed(_("Only a planned inspection can be started."))
    _record(inspection, user=acting_user, reason=_("Inspection started"))
    return inspection


def _fill_snapshot(inspection):
    values = snapshot_values(inspection.unit, inspection.start_on)
    for name, value in values.items():
        setattr(inspection, name, value)
    inspection.snapshot_taken_at = timezone.now()
    inspection.snapshot_is_edited = False
    return inspection


@transaction.atomic
def inspection_snapshot_refresh(*, inspection, acting_user, version):
    """Take the unit's figures again (replacing any correction the team made)."""
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    _fill_snapshot(inspection)
    fields = {name: getattr(inspection, name) for name in SNAPSHOT_FIELDS}
    fields.update(snapshot_taken_at=inspection.snapshot_taken_at, snapshot_is_edited=False)
    return _apply_versioned(
        Inspection,
        inspection,
        version=version,
        user=acting_user,
        fields=fields,
        reason=_("Figures taken again"),
    )


SNAPSHOT_FIELDS = (
    "snapshot_as_of",
    "tasks_total",
    "tasks_done",
    "tasks_done_on_time",
    "tasks_done_late",
    "tasks_overdue",
    "tasks_cancelled",
    "task_completion_rate",
    "intake_first_month",
    "intake_last_month",
    "intake_received",
    "intake_received_online",
    "intake_resolved",
    "intake_resolved_on_time",
    "intake_total",
    "intake_electronic",
    "intake_returned_by_postal",
    "intake_online_rate",
    "intake_on_time_rate",
    "intake_electronic_rate",
    "intake_postal_return_rate",
)


@transaction.atomic
def inspection_snapshot_update(*, inspection, acting_user, version, **values):
    """The team corrects the figures it saw (the form checks rates against their parts)."""
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    unknown = set(values) - set(SNAPSHOT_FIELDS)
    if unknown:
        raise ValueError(f"Not snapshot fields: {sorted(unknown)}")
    fields = dict(values, snapshot_is_edited=True)
    if inspection.snapshot_taken_at is None:
        fields["snapshot_taken_at"] = timezone.now()
    return _apply_versioned(
        Inspection,
        inspection,
        version=version,
        user=acting_user,
        fields=fields,
        reason=_("Figures corrected by the team"),
    )


@transaction.atomic
@summaries.batch()
def inspection_conclude(
    *,
    inspection,
    acting_user,
    notice_number,
    notice_issued_on,
    notice_place="",
    notice_authority="",
    notice_issuer="",
    notice_summary="",
    notice_recipients="",
    signer_title="",
    signer_name="",
):
    """in progress › concluded: issue the notice, freeze the findings, tell the units.

    An inspection without recommendations has nothing to remediate and closes at once.
    """
    _require(permissions.is_team_or_admin(acting_user, inspection))
    if not inspection.findings.exists():
        raise TransitionNotAllowed(_("Record at least one finding before issuing the conclusion."))
    if notice_issued_on and notice_issued_on < inspection.start_on:
        raise ValidationError(
            {"notice_issued_on": _("The notice cannot be dated before the visit.")}
        )
    now = timezone.now()
    moved = Inspection.objects.filter(pk=inspection.pk, status=Status.IN_PROGRESS).update(
        status=Status.CONCLUDED,
        concluded_at=now,
        concluded_by=acting_user,
        notice_number=notice_number,
        notice_issued_on=notice_issued_on,
        notice_place=notice_place,
        notice_authority=notice_authority,
        notice_issuer=notice_issuer,
        notice_summary=notice_summary,
        notice_recipients=notice_recipients,
        signer_title=signer_title,
        signer_name=signer_name,
    )
    if not moved:
        raise TransitionNotAllowed(_("Only an inspection in progress can be concluded."))
    _record(inspection, user=acting_user, reason=_("Conclusion issued"))
    recommendations = list(
        inspection.recommendations.select_related("responsible_unit").order_by("number")
    )
    if recommendations:
        notifying.recommendations_issued(inspection, recommendations)
    else:
        _close_if_done(inspection, user=acting_user)
    return inspection


def _close_if_done(inspection, *, user):
    """concluded › closed when no recommendation is left to accept (a conditional UPDATE)."""
    pending = Recommendation.objects.filter(inspection=OuterRef("pk")).exclude(
        status=RecStatus.ACCEPTED
    )
    closed = (
        Inspection.objects.filter(pk=inspection.pk, status=Status.CONCLUDED)
        .exclude(Exists(pending))
        .update(status=Status.CLOSED, closed_at=timezone.now())
    )
    if closed:
        _record(inspection, user=user, reason=_("Closed: every recommendation accepted"))
    return bool(closed)


def _reopen_reason(reason):
    """ "Reopened: <reason>" as history keeps it (its change reason holds 100 characters)."""
    reason = finality.clean_reason(reason)
    return (_("Reopened: %(reason)s") % {"reason": reason})[:100]


@transaction.atomic
@summaries.batch()
def inspection_reopen(*, inspection, acting_user, reason):
    """concluded (or closed) › in progress, so the team can correct what was issued.

    Only while no unit has reported on its recommendations: a report already submitted or
    accepted is returned or reopened first. The reason is kept in the inspection's history.
    """
    _require(finality.can_reopen(acting_user, inspection.unit))
    note = _reopen_reason(reason)
    if inspection.recommendations.exclude(status=RecStatus.OPEN).exists():
        raise TransitionNotAllowed(
            _(
                "A unit has already reported on a recommendation of this inspection: return or "
                "reopen that report first."
            )
        )
    moved = Inspection.objects.filter(
        pk=inspection.pk, status__in=Inspection.ISSUED_STATUSES
    ).update(status=Status.IN_PROGRESS, concluded_at=None, concluded_by=None, closed_at=None)
    if not moved:
        raise TransitionNotAllowed(
            _("Only an inspection whose conclusion is issued can be reopened.")
        )
    _record(inspection, user=acting_user, reason=note)
    return inspection


# --- findings --------------------------------------------------------------------------


def _check_finding(finding):
    if finding.kind == Finding.Kind.STRENGTH:
        finding.shortcoming_type = None
    elif finding.shortcoming_type and not finding.area_id:
        finding.area = finding.shortcoming_type.area


@transaction.atomic
def finding_create(*, inspection, acting_user, kind, text, area=None, shortcoming_type=None):
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    order = (inspection.findings.filter(kind=kind).aggregate(m=Max("order"))["m"] or 0) + 1
    finding = Finding(
        inspection=inspection,
        kind=kind,
        text=text,
        area=area,
        shortcoming_type=shortcoming_type,
        order=order,
    )
    _check_finding(finding)
    return _save(finding, user=acting_user)


@transaction.atomic
def finding_update(*, finding, acting_user, version, **fields):
    inspection = finding.inspection
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    if "kind" in fields and fields["kind"] != finding.kind:
        if finding.recommendations.exists():
            raise TransitionNotAllowed(
                _("This shortcoming has recommendations: it cannot become a strength.")
            )
        if ChecklistResult.objects.filter(finding=finding).exists():
            raise TransitionNotAllowed(
                _("This shortcoming comes from the checklist: change the criterion's mark instead.")
            )
    for name, value in fields.items():
        setattr(finding, name, value)
    _check_finding(finding)
    fields["shortcoming_type"] = finding.shortcoming_type
    fields["area"] = finding.area
    return _apply_versioned(Finding, finding, version=version, user=acting_user, fields=fields)


@transaction.atomic
def finding_delete(*, finding, acting_user):
    inspection = finding.inspection
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    if finding.recommendations.exists():
        raise TransitionNotAllowed(
            _("Delete this finding's recommendations first, or attach them to another finding.")
        )
    if ChecklistResult.objects.filter(finding=finding).exists():
        raise TransitionNotAllowed(
            _("This shortcoming comes from the checklist: change the criterion's mark instead.")
        )
    finding._history_user = acting_user
    finding.delete()


# --- recommendations -------------------------------------------------------------------


def _check_recommendation(recommendation):
    inspection = recommendation.inspection
    if not recommendation.responsible_unit.is_within(inspection.unit):
        raise ValidationError(
            {
                "responsible_unit": _(
                    "The responsible unit must be the unit inspected or a unit below it."
                )
            }
        )
    if recommendation.finding_id and recommendation.finding.inspection_id != inspection.pk:
        raise ValidationError({"finding": _("The finding belongs to another inspection.")})
    if recommendation.due_on and recommendation.due_on < inspection.start_on:
        raise ValidationError({"due_on": _("The deadline cannot be before the visit.")})


@transaction.atomic
@summaries.batch()
def recommendation_create(*, inspection, acting_user, text, responsible_unit, due_on, finding=None):
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    # Lock the inspection row: two team members adding at once get consecutive numbers.
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    number = (inspection.recommendations.aggregate(m=Max("number"))["m"] or 0) + 1
    recommendation = Recommendation(
        inspection=inspection,
        number=number,
        text=text,
        responsible_unit=responsible_unit,
        due_on=due_on,
        finding=finding,
    )
    _check_recommendation(recommendation)
    return _save(recommendation, user=acting_user)


@transaction.atomic
@summaries.batch()
def recommendation_update(*, recommendation, acting_user, version, **fields):
    inspection = recommendation.inspection
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    for name, value in fields.items():
        setattr(recommendation, name, value)
    _check_recommendation(recommendation)
    return _apply_versioned(
        Recommendation, recommendation, version=version, user=acting_user, fields=fields
    )


@transaction.atomic
@summaries.batch()
def recommendation_delete(*, recommendation, acting_user):
    """Delete a draft recommendation and number the rest again without gaps."""
    inspection = recommendation.inspection
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()
    recommendation._history_user = acting_user
    recommendation.delete()
    for number, rest in enumerate(inspection.recommendations.order_by("number"), start=1):
        if rest.number != number:
            rest.number = number
            rest._history_user = acting_user
            rest.save(update_fields=["number", "updated_at"])


@transaction.atomic
@summaries.batch()
def recommendation_submit_report(*, recommendation, acting_user, text, files=()):
    """open › submitted: the unit reports what it did, with evidence files."""
    _require(permissions.can_submit_remediation(acting_user, recommendation))
    if not text.strip():
        raise ValidationError({"text": _("Describe what the unit did.")})
    now = timezone.now()
    moved = Recommendation.objects.filter(
        pk=recommendation.pk,
        status=RecStatus.OPEN,
        inspection__status=Status.CONCLUDED,
    ).update(status=RecStatus.SUBMITTED)
    if not moved:
        recommendation.refresh_from_db()
        if not recommendation.inspection.is_issued:
            raise TransitionNotAllowed(
                _("The conclusion has not been issued yet: there is nothing to report on.")
            )
        raise TransitionNotAllowed(
            _("A report can only be submitted for a recommendation that is still open.")
        )
    report = RemediationReport(
        recommendation=recommendation, text=text, submitted_by=acting_user, submitted_at=now
    )
    _save(report, user=acting_user)
    for upload in files:
        evidence = EvidenceFile(report=report, file=upload, name=upload.name, size=upload.size)
        _save(evidence, user=acting_user)
    _record(recommendation, user=acting_user, reason=_("Remediation report submitted"))
    notifying.report_submitted(recommendation, report)
    return report


def _pending_report(recommendation):
    return (
        RemediationReport.objects.select_for_update()
        .filter(recommendation=recommendation, decision=Decision.PENDING)
        .first()
    )


@transaction.atomic
@summaries.batch()
def recommendation_accept(*, recommendation, reviewer, comment=""):
    """submitted › accepted; closes the inspection when this was the last one."""
    _require(permissions.can_review(reviewer, recommendation))
    now = timezone.now()
    moved = Recommendation.objects.filter(pk=recommendation.pk, status=RecStatus.SUBMITTED).update(
        status=RecStatus.ACCEPTED, accepted_at=now
    )
    if not moved:
        raise TransitionNotAllowed(
            _("Only a recommendation with a submitted report can be accepted.")
        )
    report = _pending_report(recommendation)
    report.decision = Decision.ACCEPTED
    report.review_comment = comment
    report.reviewed_by = reviewer
    report.reviewed_at = now
    _save(report, user=reviewer, reason=_("Accepted"))
    _record(recommendation, user=reviewer, reason=_("Remediation accepted"))
    _close_if_done(recommendation.inspection, user=reviewer)
    notifying.report_reviewed(recommendation, report)
    return report


@transaction.atomic
@summaries.batch()
def recommendation_return(*, recommendation, reviewer, comment):
    """submitted › open again, with the reviewer's comment on what is still missing."""
    _require(permissions.can_review(reviewer, recommendation))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what is missing, so the unit knows what to do.")})
    now = timezone.now()
    moved = Recommendation.objects.filter(pk=recommendation.pk, status=RecStatus.SUBMITTED).update(
        status=RecStatus.OPEN
    )
    if not moved:
        raise TransitionNotAllowed(
            _("Only a recommendation with a submitted report can be returned.")
        )
    report = _pending_report(recommendation)
    report.decision = Decision.RETURNED
    report.review_comment = comment
    report.reviewed_by = reviewer
    report.reviewed_at = now
    _save(report, user=reviewer, reason=_("Returned"))
    _record(recommendation, user=reviewer, reason=_("Remediation report returned"))
    notifying.report_reviewed(recommendation, report)
    return report


@transaction.atomic
@summaries.batch()
def remediation_reopen(*, recommendation, acting_user, reason):
    """accepted › submitted again: the accepted report awaits review once more.

    The inspection, closed by that acceptance, is concluded again. The reason is kept in the
    history of the report and of the recommendation.
    """
    _require(finality.can_reopen(acting_user, recommendation.responsible_unit))
    note = _reopen_reason(reason)
    moved = Recommendation.objects.filter(pk=recommendation.pk, status=RecStatus.ACCEPTED).update(
        status=RecStatus.SUBMITTED, accepted_at=None
    )
    if not moved:
        raise TransitionNotAllowed(_("Only an accepted remediation can be reopened."))
    report = (
        RemediationReport.objects.select_for_update()
        .filter(recommendation=recommendation, decision=Decision.ACCEPTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    report.decision = Decision.PENDING
    report.reviewed_by = None
    report.reviewed_at = None
    _save(report, user=acting_user, reason=note)
    _record(recommendation, user=acting_user, reason=note)
    inspection = recommendation.inspection
    if Inspection.objects.filter(pk=inspection.pk, status=Status.CLOSED).update(
        status=Status.CONCLUDED, closed_at=None
    ):
        _record(inspection, user=acting_user, reason=note)
    return report


def recommendation_review(*, recommendation, reviewer, decision, comment=""):
    """Accept or return, as the review form chose."""
    if decision == Decision.ACCEPTED:
        return recommendation_accept(
            recommendation=recommendation, reviewer=reviewer, comment=comment
        )
    if decision == Decision.RETURNED:
        return recommendation_return(
            recommendation=recommendation, reviewer=reviewer, comment=comment
        )
    raise ValueError(decision)


# --- checklist -------------------------------------------------------------------------


def _auto_text(criterion_text, note):
    note = note.strip()
    return f"{criterion_text}: {note}" if note else criterion_text


@transaction.atomic
def checklist_mark(
    *,
    inspection,
    criterion,
    acting_user,
    result,
    note="",
    photo=None,
    remove_photo=False,
    version=None,
):
    """Mark one criterion; "not met" records a shortcoming of the criterion's type.

    Returns the ChecklistResult. Changing a "not met" mark back removes its shortcoming,
    unless recommendations were drafted from it. `version` is the mark's when the form was
    opened (0: not marked yet); None, for a caller that is no form, checks nothing.
    """
    _require_not_frozen(inspection)
    _require(permissions.is_team_or_admin(acting_user, inspection))
    if inspection.status != Status.IN_PROGRESS:
        raise TransitionNotAllowed(_("Start the inspection before marking the checklist."))
    if criterion.template_id != inspection.checklist_template_id:
        raise ValidationError(_("This criterion is not on the inspection's checklist."))
    existing = (
        ChecklistResult.objects.select_for_update(of=("self",))
        .filter(inspection=inspection, criterion=criterion)
        .select_related("finding")
        .first()
    )
    if version is not None and existing is not None:
        claim(existing, version=version)
    elif version:
        raise ChangedMeanwhile()  # the mark was removed after the form was opened
    mark = existing or ChecklistResult(
        inspection=inspection, criterion=criterion, criterion_text=criterion.text
    )
    old_note = mark.note if existing else ""
    mark.result = result
    mark.note = note
    mark.recorded_by = acting_user
    if photo is not None:
        mark.photo = photo
    elif remove_photo:
        mark.photo = None
    finding = mark.finding
    if result == ChecklistResult.Result.NOT_MET:
        if finding is None:
            finding = finding_create(
                inspection=inspection,
                acting_user=acting_user,
                kind=Finding.Kind.SHORTCOMING,
                text=_auto_text(mark.criterion_text, note),
                area=criterion.area,
                shortcoming_type=criterion.shortcoming_type,
            )
            mark.finding = finding
        elif finding.text == _auto_text(mark.criterion_text, old_note) and note != old_note:
            # The team has not rewritten the shortcoming: keep it in step with the note.
            finding.text = _auto_text(mark.criterion_text, note)
            finding.version += 1
            _save(finding, user=acting_user)
    elif finding is not None:
        if finding.recommendations.exists():
            raise TransitionNotAllowed(
                _(
                    "Recommendations were drafted from this shortcoming: delete them before "
                    "changing the mark."
                )
            )
        mark.finding = None
        _save(mark, user=acting_user)
        finding._history_user = acting_user
        finding.delete()
        return mark
    return _save(mark, user=acting_user)


# --- catalogue: shortcoming types and checklists ----------------------------------------


@transaction.atomic
def shortcoming_type_save(*, acting_user, instance, version=None):
    """Create or change a catalogue entry (the administrator keeps the shared catalogue).

    A change needs the `version` the edit form was opened at (`cchc_portal.versioning`)."""
    _require(permissions.can_manage_catalogue(acting_user))
    if instance.pk:
        claim(instance, version=version)
    return _save(instance, user=acting_user)


@transaction.atomic
def checklist_template_save(*, acting_user, instance, version=None):
    _require(permissions.can_edit_checklist(acting_user, instance))
    if instance.pk:
        owner = ChecklistTemplate.objects.get(pk=instance.pk).unit
        _require(permissions.can_edit_checklist(acting_user, ChecklistTemplate(unit=owner)))
        claim(instance, version=version)
    return _save(instance, user=acting_user)


@transaction.atomic
def checklist_criterion_save(*, acting_user, instance, version=None):
    _require(permissions.can_edit_checklist(acting_user, instance.template))
    if instance.pk:
        claim(instance, version=version)
    if not instance.pk and not instance.order:
        instance.order = (
            instance.template.criteria.filter(area=instance.area).aggregate(m=Max("order"))["m"]
            or 0
        ) + 1
    return _save(instance, user=acting_user)
