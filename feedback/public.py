"""The citizens' pages: no login, no session, nothing but the counter's own name shown.

Each address carries a counter's signed token (`feedback.tokens`); a wrong, altered or
rotated token, or an inactive counter, is a plain 404. Every answer goes through
`recording.response_record`; `abuse` refuses floods and flags what looks like one.
"""

import datetime
import json
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc_portal.logins import client_ip

from . import abuse, tokens
from .forms_public import SCALE_LABELS, SurveyForm
from .models import Response
from .recording import questionnaire_now, response_record

KIOSK_MAX_BATCH = 50
KIOSK_MAX_BYTES = 64 * 1024
KIOSK_CLOCK_WINDOW = datetime.timedelta(days=7)


def _counter(token, use):
    counter = tokens.counter_for_token(token, use)
    if counter is None:
        raise Http404
    return counter


def _private(response):
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store"
    return response


def _too_many(request):
    response = render(request, "feedback/public/too_many.html", status=429)
    return _private(response)


def rate_limited(request, exception):
    """settings.RATELIMIT_VIEW: the same 429 page wherever a limit is reached."""
    return _too_many(request)


@login_not_required
@require_http_methods(["GET", "POST"])
def survey_form(request, token):
    counter = _counter(token, tokens.QR)
    questionnaire = questionnaire_now(counter)
    form = SurveyForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST":
        seconds = abuse.seconds_since(request.POST.get("started", ""), counter)
        if seconds is None:
            return _private(
                HttpResponseBadRequest(
                    _("The form was sent incomplete or altered. Open the survey page again.")
                )
            )
        if form.is_robot():
            return redirect("survey:thanks", token=token)
        if form.is_valid():
            if abuse.over_limit(request, counter):
                return _too_many(request)
            try:
                response_record(
                    counter=counter,
                    channel=Response.Channel.QR,
                    scores=form.scores(),
                    reason_ids=form.cleaned_data["reasons"],
                    comment=form.cleaned_data["comment"],
                    dossier_code=form.cleaned_data["dossier_code"],
                    procedure_field_id=form.cleaned_data["procedure_field"],
                    address=client_ip(request) or "",
                    seconds_on_page=seconds,
                )
            except ValidationError as error:
                field = "dossier_code" if error.code == "duplicate_dossier" else None
                form.add_error(field, error.messages)
            else:
                return redirect("survey:thanks", token=token)
    context = {
        "counter": counter,
        "questionnaire": questionnaire,
        "form": form,
        "started": abuse.started_stamp(counter),
        "low_scores": [value for value, _label in SCALE_LABELS if value <= 3],
    }
    status = 400 if form.is_bound and form.errors else 200
    return _private(render(request, "feedback/public/survey_form.html", context, status=status))


@login_not_required
@require_GET
def survey_thanks(request, token):
    counter = _counter(token, tokens.QR)
    return _private(render(request, "feedback/public/thanks.html", {"counter": counter}))


@login_not_required
@require_GET
def kiosk(request, token):
    counter = _counter(token, tokens.KIOSK)
    questionnaire = questionnaire_now(counter)
    context = {
        "counter": counter,
        "body_class": "kiosk",
        "signed_in": request.user if request.user.is_authenticated else None,
        "config": {
            "answersUrl": request.path + "answers/",
            "resetSeconds": int(getattr(settings, "FEEDBACK_KIOSK_RESET_SECONDS", 20)),
            "questions": [{"id": q.pk, "text": q.text} for q in questionnaire.questions.all()],
            "reasons": [{"id": r.pk, "text": r.text} for r in questionnaire.reasons.all()],
            "scale": [{"value": v, "label": str(label)} for v, label in SCALE_LABELS],
            "askReasonUpTo": 3,
            "texts": {
                "reasons": _("What was not satisfactory? (you may choose several)"),
                "send": _("Send"),
                "skip": _("Skip"),
                "thanks": _("Thank you! Your answer has been recorded."),
                "waiting": _("answers waiting to be sent"),
            },
        },
    }
    return _private(render(request, "feedback/public/kiosk.html", context))


def _kiosk_time(value, now):
    """The tablet's time of an answer, if plausible (within a week, not in the future)."""
    try:
        at = datetime.datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return now
    if timezone.is_naive(at):
        return now
    if at > now + datetime.timedelta(minutes=5) or at < now - KIOSK_CLOCK_WINDOW:
        return now
    return min(at, now)


def _kiosk_item(request, counter, item, now):
    ref = item.get("client_ref") if isinstance(item, dict) else None
    try:
        client_ref = uuid.UUID(str(ref))
    except ValueError:
        return {"client_ref": ref, "status": "refused", "message": _("The answer is malformed.")}
    scores = item.get("scores")
    if not isinstance(scores, dict) or not all(str(k).isdigit() for k in scores):
        return {
            "client_ref": str(client_ref),
            "status": "refused",
            "message": _("The answer is malformed."),
        }
    if Response.objects.filter(client_ref=client_ref).exists():
        return {"client_ref": str(client_ref), "status": "duplicate", "message": ""}
    if abuse.over_limit(request, counter, kiosk=True):
        return {"client_ref": str(client_ref), "status": "later", "message": ""}
    reason_ids = item.get("reasons") or []
    if not isinstance(reason_ids, list) or not all(isinstance(r, int) for r in reason_ids):
        reason_ids = []
    try:
        _response, created = response_record(
            counter=counter,
            channel=Response.Channel.KIOSK,
            scores={int(k): v for k, v in scores.items()},
            reason_ids=reason_ids,
            client_ref=client_ref,
            answered_at=_kiosk_time(item.get("answered_at"), now),
        )
    except ValidationError as error:
        return {"client_ref": str(client_ref), "status": "refused", "message": error.messages[0]}
    return {
        "client_ref": str(client_ref),
        "status": "stored" if created else "duplicate",
        "message": "",
    }


@csrf_exempt  # no cookie or session is involved: the kiosk token in the address is the key
@login_not_required
@require_POST
def kiosk_answers(request, token):
    counter = _counter(token, tokens.KIOSK)
    if request.content_type != "application/json":
        return JsonResponse({"error": _("Answers are sent as JSON.")}, status=415)
    if len(request.body) > KIOSK_MAX_BYTES:
        return JsonResponse({"error": _("Too many answers at once.")}, status=413)
    try:
        payload = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": _("The answers could not be read.")}, status=400)
    items = payload.get("answers") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        return JsonResponse({"error": _("The answers could not be read.")}, status=400)
    if len(items) > KIOSK_MAX_BATCH:
        return JsonResponse({"error": _("Too many answers at once.")}, status=413)
    now = timezone.now()
    results = [_kiosk_item(request, counter, item, now) for item in items]
    return _private(JsonResponse({"results": results}))
