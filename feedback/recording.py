"""Storing a citizen's answer, from the phone page or the kiosk: all of it or nothing."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import abuse
from .models import ASK_REASON_UP_TO, DOSSIER_CODE_MAX, Answer, Response
from .questionnaires import ensure_questionnaire

DOSSIER_CHARS = re.compile(r"^[A-Z0-9./-]+$")
DUPLICATE_DOSSIER = next(
    c.violation_error_message
    for c in Response._meta.constraints
    if c.name == "feedback_response_one_per_dossier"
)


def normalise_dossier_code(value):
    """The code as printed on the appointment slip: upper case, no spaces; "" when blank."""
    code = re.sub(r"\s+", "", value or "").upper()
    if not code:
        return ""
    if len(code) > DOSSIER_CODE_MAX or not DOSSIER_CHARS.match(code):
        raise ValidationError(
            _("A dossier code has at most %(max)s letters, digits, dots, dashes or slashes.")
            % {"max": DOSSIER_CODE_MAX},
            code="dossier_code",
        )
    return code


def questionnaire_now(counter, when=None):
    """The questionnaire `counter` asks today (created from the customary one if none)."""
    when = when or timezone.now()
    return ensure_questionnaire(counter.unit, timezone.localdate(when).year)


def response_record(
    *,
    counter,
    channel,
    scores,
    reason_ids=(),
    comment="",
    dossier_code="",
    procedure_field_id=None,
    client_ref=None,
    address="",
    seconds_on_page=None,
    answered_at=None,
):
    """Store one answer: (Response, created). A resend of the same `client_ref` is the
    same answer (created False). ValidationError with a Vietnamese message otherwise."""
    if client_ref:
        existing = Response.objects.filter(client_ref=client_ref).first()
        if existing is not None:
            return existing, False
    now = timezone.now()
    at = answered_at or now
    code = normalise_dossier_code(dossier_code)
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError(_("A comment has at most 1000 characters."), code="comment")
    with transaction.atomic():
        questionnaire = questionnaire_now(counter, at)
        questions = list(questionnaire.questions.all())
        given = {int(pk): score for pk, score in scores.items()}
        if set(given) != {question.pk for question in questions}:
            raise ValidationError(_("Please answer every question."), code="incomplete")
        if any(not isinstance(s, int) or not 1 <= s <= 5 for s in given.values()):
            raise ValidationError(_("A score is from 1 to 5."), code="score")
        reasons = list(questionnaire.reasons.filter(pk__in=list(reason_ids)))
        if len(reasons) != len(set(reason_ids)):
            raise ValidationError(_("Choose reasons from the list."), code="reason")
        if reasons and min(given.values()) > ASK_REASON_UP_TO:
            reasons = []  # reasons are asked at 3 points or fewer only
        if code and Response.objects.filter(unit=counter.unit, dossier_code=code).exists():
            raise ValidationError(DUPLICATE_DOSSIER, code="duplicate_dossier")
        fingerprint = abuse.address_hash(address)
        response = Response(
            counter=counter,
            unit=counter.unit,
            questionnaire=questionnaire,
            channel=channel,
            client_ref=client_ref,
            submitted_at=at,
            answered_on=timezone.localdate(at),
            dossier_code=code,
            procedure_field_id=procedure_field_id,
            comment=comment,
            address_hash=fingerprint,
            seconds_on_page=seconds_on_page,
            suspicion=abuse.suspicion(
                counter=counter,
                address_fingerprint=fingerprint,
                seconds_on_page=seconds_on_page,
                at=now,
                channel=channel,
            ),
        )
        # A citizen's answer is not an edit of a record: no history row, no audit entry
        # (the history records internal affairs' reviews of flagged answers).
        response.skip_history_when_saving = True
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError as error:
            raise ValidationError(DUPLICATE_DOSSIER, code="duplicate_dossier") from error
        Answer.objects.bulk_create(
            Answer(response=response, question_id=pk, score=score) for pk, score in given.items()
        )
        if reasons:
            response.reasons.set(reasons)
    return response, True
