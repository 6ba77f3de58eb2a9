"""Every write of the PAR index, and the only way a scorecard's status changes.

Scorecard: draft › submitted › appraised › explained › finalised.
- the unit's staff fill in their self scores and evidence while it is a draft, and submit;
- the appraisal team (internal affairs over the round's unit) appraise each score, with a
  comment where they change it, and complete the appraisal;
- the unit answers with explanations and more evidence, and sends them (or accepts);
- the team appraises again (the final score) and finalises: every score is then locked.
Internal affairs may reopen a card one stage back and give it until a later day.

Each move is a conditional UPDATE on the current status (two people acting at once cannot
both win), refused out of turn or after the stage's deadline. A page's save claims the card's
version (`cchc_portal.versioning.claim`) and saves all its rows or none. Every score change is
a history row (who, when) written in the same transaction.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cchc_portal.figures.formatting import format_date, format_score
from cchc_portal.versioning import claim

from . import computing, permissions, scoring
from .models import Criterion, Evidence, Score, Scorecard, ScoringRound

Status = Scorecard.Status
# One stage back, for a reopen.
PREVIOUS = {
    Status.SUBMITTED: Status.DRAFT,
    Status.APPRAISED: Status.SUBMITTED,
    Status.EXPLAINED: Status.APPRAISED,
    Status.FINALISED: Status.EXPLAINED,
}


class TransitionNotAllowed(ValidationError):
    """A move the state machine refuses (the message says why, in the user's language)."""


# --- helpers ---------------------------------------------------------------------------


def _stage_label(status):
    return {
        # Its own entry: the status of a draft is also "self-scoring" ("đang tự chấm").
        Status.DRAFT: pgettext("stage", "self-scoring"),
        Status.SUBMITTED: _("appraisal"),
        Status.APPRAISED: _("explanations"),
        Status.EXPLAINED: _("final appraisal"),
    }[status]


def _require_status(card, *statuses):
    if card.status not in statuses:
        raise TransitionNotAllowed(
            _("The scorecard is %(status)s: this cannot be done now.")
            % {"status": card.get_status_display()}
        )


def _require_in_time(card, today=None):
    if card.past_deadline(today):
        raise TransitionNotAllowed(
            _(
                "The deadline for %(stage)s (%(date)s) has passed. Internal affairs can reopen "
                "the scorecard and give more time."
            )
            % {"stage": _stage_label(card.status), "date": format_date(card.stage_deadline())}
        )


def _move(card, *, user, source, target, stamp=None, reason="", extra=None):
    """Move `card` from `source` to `target` with a conditional UPDATE; history in the
    same transaction. `stamp` names the "<stamp>_at"/"<stamp>_by" fields to set."""
    values = {"status": target, "version": card.version + 1, **(extra or {})}
    if stamp:
        values[f"{stamp}_at"] = timezone.now()
        values[f"{stamp}_by"] = user
    moved = Scorecard.objects.filter(pk=card.pk, status=source).update(**values)
    if not moved:
        raise TransitionNotAllowed(
            _("Someone else moved this scorecard meanwhile. Reload the page and try again.")
        )
    card.refresh_from_db()
    card._history_user = user
    card._change_reason = reason
    card.save()
    return card


def parse_score(value, criterion, *, places):
    """A score typed on a page ("2,5" or "2.5"; empty is None), checked against the
    criterion's maximum and the set's decimals; a ValidationError says what is wrong."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip().replace(" ", "")
        if not text:
            return None
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("%(code)s: “%(value)s” is not a number.")
                % {"code": criterion.code, "value": value}
            ) from None
    if not number.is_finite():
        raise ValidationError(
            _("%(code)s: “%(value)s” is not a number.") % {"code": criterion.code, "value": value}
        )
    if number < 0:
        raise ValidationError(_("%(code)s: a score cannot be negative.") % {"code": criterion.code})
    if number > criterion.max_points:
        raise ValidationError(
            _("%(code)s: %(score)s is above the maximum of %(max)s points.")
            % {
                "code": criterion.code,
                "score": format_score(number),
                "max": format_score(criterion.max_points),
            }
        )
    if number.as_tuple().exponent < -places:
        raise ValidationError(
            _("%(code)s: a score has at most %(places)s decimal places.")
            % {"code": criterion.code, "places": places}
            if places
            else _("%(code)s: a score is a whole number.") % {"code": criterion.code}
        )
    return number.quantize(Decimal("0.01"))


def _scores_by_criterion(card):
    return {s.criterion_id: s for s in card.scores.select_related("criterion")}


def _save_rows(card, rows, *, user, fields):
    for score in rows:
        score._history_user = user
        score.save(update_fields=fields)


def _apply(card, entries, *, user, version, fields, parse, errors_prefix=None):
    """Shared body of the page saves: parse every entry first (all or nothing), claim the
    card's version, then save each changed row with its history."""
    scores = _scores_by_criterion(card)
    places = card.round.criteria_set.decimal_places
    errors = []
    changed = []
    for criterion_id, values in entries.items():
        score = scores.get(int(criterion_id))
        if score is None:
            errors.append(_("A criterion sent is not on this scorecard."))
            continue
        try:
            new = parse(score, values, places)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if any(getattr(score, name) != value for name, value in new.items()):
            for name, value in new.items():
                setattr(score, name, value)
            changed.append(score)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim(card, version=version)
        _save_rows(card, changed, user=user, fields=fields)
        card._history_user = user
        card.save(update_fields=["version", "updated_at"])
    return changed


# --- rounds ----------------------------------------------------------------------------


@transaction.atomic
def open_round(
    *,
    acting_user,
    unit,
    criteria_set,
    title,
    self_scoring_due,
    appraisal_due,
    explanation_due,
    final_appraisal_due,
    instructions="",
    today=None,
):
    """Open a round: one scorecard per unit scored, one score row per leaf, the rules'
    scores computed. The set must be complete (its maxima adding up)."""
    permissions.require(permissions.can_manage_rounds(acting_user, unit))
    problems = scoring.set_problems(criteria_set)
    if problems:
        raise ValidationError(
            [_("This criteria set cannot be used yet:"), *problems], code="set_incomplete"
        )
    rnd = ScoringRound(
        unit=unit,
        criteria_set=criteria_set,
        title=title,
        self_scoring_due=self_scoring_due,
        appraisal_due=appraisal_due,
        explanation_due=explanation_due,
        final_appraisal_due=final_appraisal_due,
        instructions=instructions,
        created_by=acting_user,
    )
    rnd.full_clean()
    rnd._history_user = acting_user
    rnd.save()
    units = list(rnd.scored_units())
    if not units:
        raise ValidationError(
            _("No unit under %(unit)s is of the kind this set scores (%(level)s).")
            % {"unit": unit, "level": criteria_set.get_level_display()}
        )
    leaves = scoring.tree(criteria_set).leaves
    for scored in units:
        card = Scorecard(round=rnd, unit=scored)
        card._history_user = acting_user
        card.save()
        Score.objects.bulk_create([Score(scorecard=card, criterion=leaf) for leaf in leaves])
    computing.compute_round(rnd, today=today, acting_user=acting_user)
    return rnd


@transaction.atomic
def update_round(*, acting_user, rnd, version, **fields):
    """Change a round's title, deadlines or instructions (not its set or unit)."""
    permissions.require(permissions.can_manage_rounds(acting_user, rnd.unit))
    allowed = {
        "title",
        "self_scoring_due",
        "appraisal_due",
        "explanation_due",
        "final_appraisal_due",
        "instructions",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(name)
        setattr(rnd, name, value)
    rnd.full_clean()
    claim(rnd, version=version)
    rnd._history_user = acting_user
    rnd.save()
    return rnd


# --- self-scoring ----------------------------------------------------------------------


def save_self_scores(*, acting_user, card, version, entries, today=None):
    """Save the unit's scores and notes: {criterion id: {"score": text, "note": text,
    "source": text}}. Partial work is kept; bounds are checked now, completeness at submit."""
    permissions.require(permissions.can_self_score(acting_user, card))
    _require_status(card, Status.DRAFT)
    _require_in_time(card, today)

    def parse(score, values, places):
        new = {"self_score": parse_score(values.get("score"), score.criterion, places=places)}
        if "note" in values:
            new["self_note"] = (values.get("note") or "").strip()
        if "source" in values and score.criterion.kind == Criterion.Kind.SURVEY:
            new["source"] = (values.get("source") or "").strip()[:300]
        return new

    return _apply(
        card,
        entries,
        user=acting_user,
        version=version,
        fields=["self_score", "self_note", "source"],
        parse=parse,
    )


def submission_problems(card):
    """Why a card cannot be submitted yet, one sentence per criterion (empty: it can)."""
    problems = []
    with_evidence = set(
        Evidence.objects.filter(score__scorecard=card).values_list("score_id", flat=True)
    )
    for score in card.scores.select_related("criterion").order_by("criterion__position", "pk"):
        code = score.criterion.code
        if score.self_score is None:
            problems.append(_("%(code)s has no self score yet.") % {"code": code})
        elif score.self_score > 0 and score.pk not in with_evidence and not score.self_note:
            problems.append(
                _("%(code)s has no evidence: attach some or explain the score in the note.")
                % {"code": code}
            )
    return problems


@transaction.atomic
def submit(*, acting_user, card, today=None):
    """Draft › submitted: every criterion scored, and evidence or a note for each point."""
    permissions.require(permissions.can_self_score(acting_user, card))
    _require_status(card, Status.DRAFT)
    _require_in_time(card, today)
    problems = submission_problems(card)
    if problems:
        raise ValidationError([_("The scorecard cannot be submitted yet:"), *problems])
    return _move(
        card, user=acting_user, source=Status.DRAFT, target=Status.SUBMITTED, stamp="submitted"
    )


# --- evidence --------------------------------------------------------------------------


@transaction.atomic
def add_evidence(*, acting_user, score, kind, label, page="", file=None, today=None, **record):
    """Attach evidence to a score: a portal record (`document`, `plan`, `task`, `report`,
    `inspection`: already checked to be in the unit's scope by the caller's form) or a file."""
    card = score.scorecard
    permissions.require(permissions.can_self_score(acting_user, card))
    _require_status(card, Status.DRAFT, Status.APPRAISED)
    _require_in_time(card, today)
    stage = Evidence.Stage.SELF if card.status == Status.DRAFT else Evidence.Stage.EXPLANATION
    evidence = Evidence(
        score=score,
        kind=kind,
        label=label[:500],
        page=page,
        stage=stage,
        added_by=acting_user,
        **record,
    )
    if file is not None:
        evidence.file = file
    evidence.full_clean()
    evidence._history_user = acting_user
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence(*, acting_user, evidence, today=None):
    """Remove evidence the unit added at the card's current stage (automatic evidence
    follows the rule: it is replaced when the scores are recomputed)."""
    card = evidence.score.scorecard
    permissions.require(permissions.can_self_score(acting_user, card))
    _require_status(card, Status.DRAFT, Status.APPRAISED)
    _require_in_time(card, today)
    stage = Evidence.Stage.SELF if card.status == Status.DRAFT else Evidence.Stage.EXPLANATION
    if evidence.automatic or evidence.stage != stage:
        raise TransitionNotAllowed(_("This evidence can no longer be removed."))
    evidence._history_user = acting_user
    evidence.delete()


@transaction.atomic
def recompute(*, acting_user, card, today=None):
    """Compute the rules' scores again from today's records (a draft only)."""
    permissions.require(
        permissions.can_self_score(acting_user, card) or permissions.can_appraise(acting_user, card)
    )
    _require_status(card, Status.DRAFT)
    return computing.compute_card(card, today=today, acting_user=acting_user)


# --- appraisal -------------------------------------------------------------------------


def _appraisal_fields(card):
    """The score and comment fields of the appraisal the card is in."""
    if card.status == Status.SUBMITTED:
        return "appraised_score", "appraisal_comment"
    return "final_score", "final_comment"


def _baseline(score, card):
    """What the appraisal compares with: the self score, then the first appraisal."""
    return score.self_score if card.status == Status.SUBMITTED else score.appraised_score


def save_appraisal(*, acting_user, card, version, entries, today=None):
    """Save the team's scores and comments: {criterion id: {"score": text, "comment": text}}.
    A score that differs from the one before it needs a comment."""
    permissions.require(permissions.can_appraise(acting_user, card))
    _require_status(card, Status.SUBMITTED, Status.EXPLAINED)
    _require_in_time(card, today)
    score_field, comment_field = _appraisal_fields(card)

    def parse(score, values, places):
        value = parse_score(values.get("score"), score.criterion, places=places)
        comment = (values.get("comment") or "").strip()
        if value is not None and value != _baseline(score, card) and not comment:
            raise ValidationError(
                _("%(code)s: say in a comment why the score is changed.")
                % {"code": score.criterion.code}
            )
        return {score_field: value, comment_field: comment}

    return _apply(
        card,
        entries,
        user=acting_user,
        version=version,
        fields=[score_field, comment_field],
        parse=parse,
    )


@transaction.atomic
def accept_area(*, acting_user, card, version, area, today=None):
    """ "Accept all unchanged" for an area: each of its criteria not yet appraised takes the
    score before it (the self score, or the first appraisal)."""
    permissions.require(permissions.can_appraise(acting_user, card))
    _require_status(card, Status.SUBMITTED, Status.EXPLAINED)
    _require_in_time(card, today)
    score_field, _comment = _appraisal_fields(card)
    claim(card, version=version)
    changed = []
    for score in card.scores.filter(criterion__area=area).select_related("criterion"):
        if getattr(score, score_field) is None and _baseline(score, card) is not None:
            setattr(score, score_field, _baseline(score, card))
            changed.append(score)
    _save_rows(card, changed, user=acting_user, fields=[score_field])
    card._history_user = acting_user
    card.save(update_fields=["version", "updated_at"])
    return changed


def _unappraised(card, field):
    return list(
        card.scores.filter(**{f"{field}__isnull": True})
        .order_by("criterion__position", "pk")
        .values_list("criterion__code", flat=True)
    )


@transaction.atomic
def complete_appraisal(*, acting_user, card, today=None):
    """Submitted › appraised: every criterion has an appraised score; the unit may explain."""
    permissions.require(permissions.can_appraise(acting_user, card))
    _require_status(card, Status.SUBMITTED)
    _require_in_time(card, today)
    missing = _unappraised(card, "appraised_score")
    if missing:
        raise ValidationError(
            _("Appraise every criterion first; not yet appraised: %(codes)s.")
            % {"codes": ", ".join(missing)}
        )
    return _move(
        card, user=acting_user, source=Status.SUBMITTED, target=Status.APPRAISED, stamp="appraised"
    )


# --- explanations ----------------------------------------------------------------------


def save_explanations(*, acting_user, card, version, entries, today=None):
    """Save the unit's explanations: {criterion id: {"explanation": text}}."""
    permissions.require(permissions.can_self_score(acting_user, card))
    _require_status(card, Status.APPRAISED)
    _require_in_time(card, today)

    def parse(score, values, places):
        return {"explanation": (values.get("explanation") or "").strip()}

    return _apply(
        card,
        entries,
        user=acting_user,
        version=version,
        fields=["explanation"],
        parse=parse,
    )


@transaction.atomic
def send_explanations(*, acting_user, card, today=None):
    """Appraised › explained: the unit sends its explanations (none means it accepts)."""
    permissions.require(permissions.can_self_score(acting_user, card))
    _require_status(card, Status.APPRAISED)
    _require_in_time(card, today)
    return _move(
        card, user=acting_user, source=Status.APPRAISED, target=Status.EXPLAINED, stamp="explained"
    )


# --- final appraisal -------------------------------------------------------------------


@transaction.atomic
def finalise(*, acting_user, card, today=None):
    """Explained › finalised (or appraised › finalised once the explanation deadline has
    passed without an answer): a criterion without a final score keeps its appraised one;
    every score is locked."""
    permissions.require(permissions.can_appraise(acting_user, card))
    today = today or timezone.localdate()
    if card.status == Status.APPRAISED:
        if not card.past_deadline(today):
            raise TransitionNotAllowed(
                _(
                    "The unit may still explain until %(date)s: finalise after that day, or "
                    "when it has sent its explanations."
                )
                % {"date": format_date(card.stage_deadline())}
            )
    else:
        _require_status(card, Status.EXPLAINED)
        _require_in_time(card, today)
    source = card.status
    pending = card.scores.filter(final_score__isnull=True).select_related("criterion")
    kept = []
    for score in pending:
        score.final_score = score.appraised_score
        kept.append(score)
    _save_rows(card, kept, user=acting_user, fields=["final_score"])
    return _move(card, user=acting_user, source=source, target=Status.FINALISED, stamp="finalised")


# Stages a card can be given more time in (a finalised card is reopened instead).
EXTENDABLE = (Status.DRAFT, Status.SUBMITTED, Status.APPRAISED, Status.EXPLAINED)


def _check_reason_and_day(reason, until, today):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the scorecard is reopened.")})
    if until is None or until < today:
        raise ValidationError({"until": _("Give a day from today on.")})
    return reason


@transaction.atomic
def extend(*, acting_user, card, until, reason, today=None):
    """Internal affairs give the card's current stage until `until` (it stays where it is)."""
    permissions.require(permissions.can_appraise(acting_user, card))
    today = today or timezone.localdate()
    if card.status not in EXTENDABLE:
        raise TransitionNotAllowed(
            _("A finalised scorecard has no stage left to extend: reopen it instead.")
        )
    reason = _check_reason_and_day(reason, until, today)
    return _move(
        card,
        user=acting_user,
        source=card.status,
        target=card.status,
        reason=reason,
        extra={"extended_until": until},
    )


@transaction.atomic
def reopen(*, acting_user, card, until, reason, today=None):
    """Internal affairs move a card one stage back and give that stage until `until`."""
    permissions.require(permissions.can_appraise(acting_user, card))
    today = today or timezone.localdate()
    if card.status not in PREVIOUS:
        raise TransitionNotAllowed(_("A scorecard being self-scored cannot be reopened."))
    reason = _check_reason_and_day(reason, until, today)
    target = PREVIOUS[card.status]
    if card.status == Status.FINALISED:
        # The scores the finalisation filled in go back to empty: the team decides again.
        for score in card.scores.filter(final_score__isnull=False, final_comment=""):
            if score.final_score == score.appraised_score:
                score.final_score = None
                score._history_user = acting_user
                score.save(update_fields=["final_score"])
    return _move(
        card,
        user=acting_user,
        source=card.status,
        target=target,
        reason=reason,
        extra={"extended_until": until},
    )
