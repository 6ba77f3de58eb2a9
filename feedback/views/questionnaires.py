"""The questionnaires' pages: which questionnaire each unit in scope asks in a year (its own
or one inherited from a unit above), and a unit's questionnaire for a year edited. Saving one
that has answers makes a new version: every answer keeps the version it was given in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal.inputs import query_int
from cchc_portal.models import Unit
from cchc_portal.versioning import ChangedMeanwhile

from .. import permissions, services
from ..forms import QuestionnaireForm, ordered_rows, question_formset, reason_formset
from ..models import Questionnaire, Response
from ..questionnaires import questionnaire_for
from .counters import add_errors

PAGE_SIZE = 50
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(request):
    year = query_int(request.GET, "year", low=FIRST_YEAR, high=LAST_YEAR)
    return year or timezone.localdate().year


def _ancestor_ids(unit):
    return [int(part) for part in unit.path.split(".") if part]


@require_GET
def questionnaire_list(request):
    year = _year(request)
    units = Unit.objects.for_user(request.user).active().order_by("path")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    wanted = {pk for unit in page for pk in _ancestor_ids(unit)}
    found = {
        q.unit_id: q
        for q in Questionnaire.objects.current()
        .filter(unit_id__in=wanted, year=year)
        .select_related("unit")
    }
    counts = dict(
        Response.objects.filter(unit__in=list(page), answered_on__year=year)
        .values("unit")
        .annotate(count=Count("pk"))
        .values_list("unit", "count")
        .order_by()
    )
    rows = []
    for unit in page:
        questionnaire = next(
            (found[pk] for pk in reversed(_ancestor_ids(unit)) if pk in found), None
        )
        rows.append(
            {
                "unit": unit,
                "questionnaire": questionnaire,
                "own": questionnaire is not None and questionnaire.unit_id == unit.pk,
                "responses": counts.get(unit.pk, 0),
            }
        )
    return render(
        request,
        "feedback/questionnaire_list.html",
        {"rows": rows, "page": page, "year": year, "years": [year - 1, year, year + 1]},
    )


def _source(unit, year, own):
    """What a new questionnaire starts from: its own, else the inherited one, else last
    year's (a copy to the next year), else the customary one."""
    return own or questionnaire_for(unit, year) or questionnaire_for(unit, year - 1)


@require_http_methods(["GET", "POST"])
def questionnaire_edit(request, unit_pk, year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    unit = get_object_or_404(Unit.objects.for_user(request.user), pk=unit_pk)
    can_manage = permissions.can_manage(request.user, unit)
    if request.method == "POST":
        permissions.require(can_manage)
    own = services.own_questionnaire(unit, year)
    effective = own or questionnaire_for(unit, year)
    inherited = effective if effective is not None and own is None else None
    editing = can_manage and (
        own is not None or inherited is None or request.GET.get("own") or request.POST
    )
    prefill = services.questionnaire_prefill(_source(unit, year, own))
    data = request.POST or None
    header = QuestionnaireForm(
        data,
        versioned_record=own,
        initial={key: prefill[key] for key in ("title", "introduction", "comment_prompt")},
    )
    questions = question_formset(
        data, initial=[{"kind": kind, "text": text} for kind, text in prefill["questions"]]
    )
    reasons = reason_formset(data, initial=[{"text": text} for text in prefill["reasons"]])
    if data is not None and all([header.is_valid(), questions.is_valid(), reasons.is_valid()]):
        try:
            saved = services.questionnaire_save(
                unit=unit,
                year=year,
                by=request.user,
                version=header.version,
                questions=ordered_rows(questions, ("kind", "text")),
                reasons=ordered_rows(reasons, ("text",)),
                **header.model_data(),
            )
        except ChangedMeanwhile as exc:
            header.add_error(None, exc)
        except ValidationError as exc:
            add_errors(header, exc)
        else:
            messages.success(
                request,
                _("The questionnaire is saved (version %(number)s).") % {"number": saved.number},
            )
            return redirect("feedback:questionnaire-edit", unit_pk=unit.pk, year=year)
    return render(
        request,
        "feedback/questionnaire_edit.html",
        {
            "unit": unit,
            "year": year,
            "own": own,
            "effective": effective,
            "inherited": inherited,
            "editing": editing,
            "can_manage": can_manage,
            "header": header,
            "questions": questions,
            "reasons": reasons,
            "has_responses": own is not None and own.responses.exists(),
            "counters": unit.counters.all(),
        },
    )
