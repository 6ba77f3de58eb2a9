"""Every staff write of the counter survey: counters, their keys, questionnaires, reviews.

Each service takes keyword-only arguments, validates with `full_clean()` and runs in one
transaction; `by` is recorded as the history's user. An edit form's save claims the record's
version (`cchc_portal.versioning.claim`), so a stale form changes nothing. A questionnaire
that already has answers is never changed: saving it makes the next version, and every
answer keeps the questions it was given.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc_portal.versioning import ChangedMeanwhile, claim

from .models import Counter, Question, Questionnaire, Reason, Response, new_key

MAX_QUESTIONS = 10
MAX_REASONS = 10
Kind = Question.Kind


class DecisionNotAllowed(ValidationError):
    """A review decision refused (the message says why, in the user's language)."""


def _save(obj, by, reason=None):
    obj.full_clean()
    obj._history_user = by
    if reason:
        obj._change_reason = reason
    obj.save()
    return obj


# --- counters ------------------------------------------------------------------------------


@transaction.atomic
def counter_create(*, unit, name, by):
    return _save(Counter(unit=unit, name=(name or "").strip()), by)


@transaction.atomic
def counter_update(*, counter, version, name, is_active, by):
    claim(counter, version=version)
    counter.name = (name or "").strip()
    counter.is_active = is_active
    return _save(counter, by)


@transaction.atomic
def counter_rotate_keys(*, counter, by):
    """New keys for both addresses: every printed QR code and every kiosk stop working."""
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    counter.public_key = new_key()
    counter.kiosk_key = new_key()
    counter.keys_rotated_at = timezone.now()
    counter.version += 1
    return _save(counter, by, reason=_("addresses changed"))


# --- questionnaires ------------------------------------------------------------------------


def _clean_rows(questions, reasons):
    """The questions [(kind, text)] and reasons [text] stripped, or a ValidationError
    listing every rule broken."""
    questions = [(kind, (text or "").strip()) for kind, text in questions]
    reasons = [(text or "").strip() for text in reasons]
    errors = []
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        errors.append(
            _("A questionnaire has from 1 to %(max)s questions.") % {"max": MAX_QUESTIONS}
        )
    kinds = [kind for kind, _text in questions]
    unknown = [kind for kind in kinds if kind not in Kind.values]
    if unknown:
        errors.append(_("A question has an unknown kind."))
    if kinds.count(Kind.OVERALL) != 1:
        errors.append(_("A questionnaire has exactly one overall-satisfaction question."))
    repeated = sorted(
        {kind for kind in kinds if kind in Kind.values and kind not in (Kind.OTHER, Kind.OVERALL)}
        & {kind for kind in kinds if kinds.count(kind) > 1}
    )
    for kind in repeated:
        errors.append(
            _("The question kind “%(kind)s” is used more than once; only “other” may repeat.")
            % {"kind": Kind(kind).label}
        )
    for number, (_kind, text) in enumerate(questions, start=1):
        if not text:
            errors.append(_("Question %(number)s has no text.") % {"number": number})
    if len(reasons) > MAX_REASONS:
        errors.append(_("A questionnaire has at most %(max)s reasons.") % {"max": MAX_REASONS})
    for number, text in enumerate(reasons, start=1):
        if not text:
            errors.append(_("Reason %(number)s has no text.") % {"number": number})
    if errors:
        raise ValidationError(errors)
    return questions, reasons


def own_questionnaire(unit, year):
    """The newest version of `unit`'s own questionnaire for `year`, or None."""
    return Questionnaire.objects.current().filter(unit=unit, year=year).first()


@transaction.atomic
def questionnaire_save(
    *, unit, year, title, introduction, comment_prompt, questions, reasons, by, version
):
    """Save `unit`'s own questionnaire for `year` and return it: the current version edited
    in place while nobody answered it, else a new version (number + 1); all or nothing.

    `version` is the current version's record version the form was opened at (0: the form
    was opened while the unit had none of its own for the year)."""
    questions, reasons = _clean_rows(questions, reasons)
    current = (
        Questionnaire.objects.current().select_for_update().filter(unit=unit, year=year).first()
    )
    if current is None:
        if version:
            raise ChangedMeanwhile()
        questionnaire = Questionnaire(unit=unit, year=year, number=1)
    else:
        claim(current, version=version)
        if current.responses.exists():
            questionnaire = Questionnaire(unit=unit, year=year, number=current.number + 1)
        else:
            questionnaire = current
            questionnaire.questions.all().delete()
            questionnaire.reasons.all().delete()
    questionnaire.title = (title or "").strip()
    questionnaire.introduction = (introduction or "").strip()
    questionnaire.comment_prompt = (comment_prompt or "").strip()
    _save(questionnaire, by)
    rows = [
        Question(questionnaire=questionnaire, order=order, kind=kind, text=text)
        for order, (kind, text) in enumerate(questions, start=1)
    ]
    rows += [
        Reason(questionnaire=questionnaire, order=order, text=text)
        for order, text in enumerate(reasons, start=1)
    ]
    for row in rows:
        _save(row, by)
    return questionnaire


def questionnaire_prefill(questionnaire):
    """The values of `questionnaire` as `questionnaire_save` takes them (to start a copy)."""
    if questionnaire is None:
        from .questionnaires import (
            DEFAULT_COMMENT_PROMPT,
            DEFAULT_INTRODUCTION,
            DEFAULT_QUESTIONS,
            DEFAULT_REASONS,
            DEFAULT_TITLE,
        )

        return {
            "title": DEFAULT_TITLE,
            "introduction": DEFAULT_INTRODUCTION,
            "comment_prompt": DEFAULT_COMMENT_PROMPT,
            "questions": [(str(kind), text) for kind, text in DEFAULT_QUESTIONS],
            "reasons": list(DEFAULT_REASONS),
        }
    return {
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "comment_prompt": questionnaire.comment_prompt,
        "questions": [(q.kind, q.text) for q in questionnaire.questions.all()],
        "reasons": [r.text for r in questionnaire.reasons.all()],
    }


# --- review of flagged responses -----------------------------------------------------------

DECISIONS = {"include": Response.Review.INCLUDED, "exclude": Response.Review.EXCLUDED}


@transaction.atomic
def response_decide(*, response, decision, by):
    """Include a flagged response in the figures or leave it out ("include"/"exclude").

    An earlier decision may be changed; each one is a history row (who, when). The UPDATE
    is conditional on the review the deciding page showed: two people deciding at once
    cannot both win."""
    target = DECISIONS.get(decision, decision)
    if target not in (Response.Review.INCLUDED, Response.Review.EXCLUDED):
        raise DecisionNotAllowed(_("Choose to include the response or to leave it out."))
    if response.suspicion == Response.Suspicion.NONE:
        raise DecisionNotAllowed(_("Only flagged responses are reviewed."))
    if response.review == target:
        raise DecisionNotAllowed(
            _("The response is already %(review)s.") % {"review": Response.Review(target).label}
        )
    moved = (
        Response.objects.filter(pk=response.pk, review=response.review)
        .exclude(suspicion=Response.Suspicion.NONE)
        .update(review=target, reviewed_by=by, reviewed_at=timezone.now())
    )
    if not moved:
        raise DecisionNotAllowed(
            _("Someone else decided on this response meanwhile. Reload the page.")
        )
    response.refresh_from_db()
    response._history_user = by
    response.save()
    return response
