"""A unit's scorecard: self-scoring with evidence, the appraisal as the unit reads it, its
explanations; read-only for internal affairs and leadership (the appraisal page is apart)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cchc_portal.figures.rates import percent
from cchc_portal.files import serve_file
from cchc_portal.inputs import posted_int, query_int
from cchc_portal.versioning import ChangedMeanwhile, changed_meanwhile_message
from inspections import selectors as inspection_selectors
from reforms import selectors as reform_selectors
from reports import selectors as report_selectors

from .. import permissions, scoring, services
from ..forms_scoring import EvidenceForm, posted_entries
from ..models import Evidence, Score, Scorecard
from ..rules import REGISTRY

Status = Scorecard.Status
# The fields each editing stage sends per criterion: "<name>-<criterion id>".
SELF_FIELDS = ("score", "note", "source")
EXPLAIN_FIELDS = ("explanation",)
# The scorecard lists what keeps it from being submitted when asked with ?check=1.
# Stages in which the unit sees the team's scores and comments.
APPRAISAL_SHOWN = (Status.APPRAISED, Status.EXPLAINED, Status.FINALISED)


def _cards(request):
    return Scorecard.objects.for_user(request.user).select_related(
        "round", "round__unit", "round__criteria_set", "unit"
    )


def _card_or_404(request, pk):
    return get_object_or_404(_cards(request), pk=pk)


def _mode(user, card):
    """ "self" (scoring), "explain" (answering the appraisal) or "read"."""
    if permissions.can_self_score(user, card):
        if card.status == Status.DRAFT:
            return "self"
        if card.status == Status.APPRAISED:
            return "explain"
    return "read"


def _input_number(value, places):
    if value is None:
        return ""
    return formats.number_format(value, decimal_pos=places)


def _evidence_link(evidence):
    if evidence.url:
        return evidence.url
    if evidence.file:
        return reverse("par_index:evidence-file", args=[evidence.pk])
    return ""


def _lines(card, t, scores, evidence, *, posted=None, bad=(), mode="read"):
    """The page's table: per area its lines (a criterion heading, or a scored leaf)."""
    places = card.round.criteria_set.decimal_places
    stage = Evidence.Stage.SELF if card.status == Status.DRAFT else Evidence.Stage.EXPLANATION
    shown = card.status in APPRAISAL_SHOWN
    final = card.status == Status.FINALISED

    def leaf(node):
        c = node.criterion
        score = scores[c.pk]
        typed = (posted or {}).get(c.pk, {})
        items = evidence.get(score.pk, [])
        for item in items:
            item.link = _evidence_link(item)
            item.removable = (
                mode in ("self", "explain") and not item.automatic and item.stage == stage
            )
        appraised = score.final_score if final else score.appraised_score
        rule = REGISTRY.get(c.rule) if c.rule else None
        return {
            "leaf": True,
            "criterion": c,
            "score": score,
            "evidence": items,
            "rule": rule,
            "value": typed.get("score", _input_number(score.self_score, places)),
            "note": typed.get("note", score.self_note),
            "source": typed.get("source", score.source),
            "explanation": typed.get("explanation", score.explanation),
            "invalid": c.pk in bad,
            "appraised": appraised,
            "comment": (score.final_comment or score.appraisal_comment)
            if final
            else score.appraisal_comment,
            "differs": shown and appraised is not None and appraised != score.self_score,
        }

    areas = []
    for area in t.areas:
        lines = []
        if area.is_leaf:
            lines.append(leaf(area))
        for child in area.children:
            if child.is_leaf:
                lines.append(leaf(child))
                continue
            lines.append({"leaf": False, "criterion": child.criterion})
            lines.extend(leaf(grandchild) for grandchild in child.children)
        areas.append({"criterion": area.criterion, "lines": lines})
    return areas


def _render(request, card, *, posted=None, bad=(), errors=(), problems=(), status=200):
    user = request.user
    mode = _mode(user, card)
    t = scoring.tree(card.round.criteria_set)
    scores = {s.criterion_id: s for s in card.scores.all()}
    evidence = {}
    for item in Evidence.objects.filter(score__scorecard=card).order_by("pk"):
        evidence.setdefault(item.score_id, []).append(item)
    totals = scoring.card_totals(card, t)
    areas = _lines(card, t, scores, evidence, posted=posted, bad=bad, mode=mode)
    for area in areas:
        pk = area["criterion"].pk
        area["self_total"] = totals["self"].by_area.get(pk)
        area["appraised_total"] = totals["appraised"].by_area.get(pk)
    late = card.past_deadline()
    return render(
        request,
        "par_index/scoring/scorecard.html",
        {
            "card": card,
            "round": card.round,
            "criteria_set": card.round.criteria_set,
            "areas": areas,
            "totals": totals,
            "self_percent": percent(totals["self"].total, totals["self"].max_total),
            "appraised_percent": percent(totals["appraised"].total, totals["appraised"].max_total),
            "mode": mode,
            "editable": mode in ("self", "explain") and not late,
            "late": late,
            "deadline": card.stage_deadline(),
            "show_appraisal": card.status in APPRAISAL_SHOWN,
            "errors": list(errors),
            "problems": list(problems),
            "can_appraise": permissions.can_appraise(user, card),
            "step": card.round.criteria_set.step,
        },
        status=status,
    )


def _save(request, card, mode):
    """Save what the page sent (scores and notes, or explanations): None when saved,
    else the page again with the typed values and what was wrong."""
    names = SELF_FIELDS if mode == "self" else EXPLAIN_FIELDS
    rows = list(card.scores.all())
    entries = posted_entries(request.POST, rows, names)
    version = posted_int(request.POST, "version")
    save = services.save_self_scores if mode == "self" else services.save_explanations
    try:
        save(acting_user=request.user, card=card, version=version, entries=entries)
    except ChangedMeanwhile:
        return _render(request, card, posted=entries, errors=[changed_meanwhile_message([])])
    except ValidationError as error:
        bad = set()
        if mode == "self":
            criteria = {c.pk: c for c in card.round.criteria_set.criteria.all()}
            places = card.round.criteria_set.decimal_places
            for criterion_id, values in entries.items():
                try:
                    services.parse_score(values.get("score"), criteria[criterion_id], places=places)
                except ValidationError:
                    bad.add(criterion_id)
        return _render(request, card, posted=entries, bad=bad, errors=error.messages)
    card.refresh_from_db()
    return None


@require_http_methods(["GET", "POST"])
def scorecard(request, pk):
    """The scorecard; a POST saves the unit's scores and notes (or its explanations)."""
    card = _card_or_404(request, pk)
    if request.method == "GET":
        problems = []
        if query_int(request.GET, "check") and _mode(request.user, card) == "self":
            problems = services.submission_problems(card)
            if problems:
                problems = [_("The scorecard cannot be submitted yet:"), *problems]
        return _render(request, card, problems=problems)
    mode = _mode(request.user, card)
    if mode == "read":
        permissions.require(permissions.can_self_score(request.user, card))
        messages.error(request, _("This scorecard cannot be changed now."))
        return redirect(card)
    refused = _save(request, card, mode)
    if refused is not None:
        return refused
    messages.success(
        request,
        _("Your scores were saved.") if mode == "self" else _("Your explanations were saved."),
    )
    return redirect(card)


def _refuse(request, error):
    for message in error.messages:
        messages.error(request, message)


@require_POST
def scorecard_submit(request, pk):
    """Save what the page sent, then submit the card for appraisal."""
    card = _card_or_404(request, pk)
    permissions.require(permissions.can_self_score(request.user, card))
    if _mode(request.user, card) == "self" and "version" in request.POST:
        refused = _save(request, card, "self")
        if refused is not None:
            return refused
    try:
        services.submit(acting_user=request.user, card=card)
    except services.TransitionNotAllowed as error:
        _refuse(request, error)
    except ValidationError:
        # What is missing is listed on the scorecard itself (see `scorecard`).
        return redirect(f"{card.get_absolute_url()}?check=1")
    else:
        messages.success(request, _("The scorecard was submitted for appraisal."))
    return redirect(card)


@require_POST
def scorecard_explain(request, pk):
    """Save the explanations the page sent, then send them to the appraisal team."""
    card = _card_or_404(request, pk)
    permissions.require(permissions.can_self_score(request.user, card))
    if _mode(request.user, card) == "explain" and "version" in request.POST:
        refused = _save(request, card, "explain")
        if refused is not None:
            return refused
    try:
        services.send_explanations(acting_user=request.user, card=card)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Your explanations were sent to the appraisal team."))
    return redirect(card)


@require_POST
def scorecard_recompute(request, pk):
    """Compute the rule-bearing criteria again from the portal's records."""
    card = _card_or_404(request, pk)
    try:
        services.recompute(acting_user=request.user, card=card)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The computed scores were recomputed from the portal's data."))
    return redirect(card)


# --- evidence --------------------------------------------------------------------------


def _record_choices(user, card):
    """The card's unit's records the user may see, grouped, as `EvidenceForm` takes them."""
    unit, year = card.unit, card.round.year
    documents = [
        (
            f"document:{doc.pk}",
            f"{doc.number} — {doc.title} ({formats.date_format(doc.issued_on, 'SHORT_DATE_FORMAT')})",
            Evidence.Kind.DOCUMENT,
            {"document": doc, "url": doc.get_absolute_url()},
        )
        for doc in reform_selectors.unit_documents(user, unit, year)
    ]
    plan = reform_selectors.plan_of(unit, year, user=user)
    plans, tasks = [], []
    if plan is not None:
        plans = [
            (
                f"plan:{plan.pk}",
                str(plan),
                Evidence.Kind.PLAN,
                {"plan": plan, "url": plan.get_absolute_url()},
            )
        ]
        tasks = [
            (
                f"task:{task.pk}",
                f"{task.number}. {task.title}",
                Evidence.Kind.TASK,
                {"task": task, "url": task.get_absolute_url()},
            )
            for task in reform_selectors.plan_tasks(plan)
        ]
    reports = [
        (
            f"report:{report.pk}",
            str(report),
            Evidence.Kind.REPORT,
            {"report": report, "url": report.get_absolute_url()},
        )
        for report in report_selectors.unit_reports(user, year=year).filter(unit=unit)
    ]
    inspections = [
        (
            f"inspection:{item.pk}",
            str(item),
            Evidence.Kind.INSPECTION,
            {"inspection": item, "url": item.get_absolute_url()},
        )
        for item in inspection_selectors.unit_inspections(user, unit)
    ]
    return [
        (_("Issued documents"), documents),
        (_("Reform plan"), plans),
        (_("Plan tasks"), tasks),
        (_("Periodic reports"), reports),
        (_("Inspections"), inspections),
    ]


def _score_or_404(request, pk):
    return get_object_or_404(
        Score.objects.filter(scorecard__in=Scorecard.objects.for_user(request.user)).select_related(
            "criterion",
            "scorecard",
            "scorecard__round",
            "scorecard__round__criteria_set",
            "scorecard__unit",
        ),
        pk=pk,
    )


def _back(card, score=None):
    url = card.get_absolute_url()
    return f"{url}#c-{score.criterion_id}" if score is not None else url


@require_http_methods(["GET", "POST"])
def evidence_add(request, pk):
    """Attach a record of the unit's, or an uploaded file, to a score (with the page)."""
    score = _score_or_404(request, pk)
    card = score.scorecard
    permissions.require(permissions.can_self_score(request.user, card))
    posted = request.method == "POST"
    form = EvidenceForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        records=_record_choices(request.user, card),
    )
    if posted and form.is_valid():
        try:
            services.add_evidence(acting_user=request.user, score=score, **form.evidence())
        except services.TransitionNotAllowed as error:
            _refuse(request, error)
            return redirect(_back(card, score))
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The evidence was added."))
            return redirect(_back(card, score))
    return render(
        request,
        "par_index/scoring/evidence_form.html",
        {"form": form, "score": score, "card": card, "criterion": score.criterion},
    )


def _evidence_or_404(request, pk):
    return get_object_or_404(
        Evidence.objects.filter(
            score__scorecard__in=Scorecard.objects.for_user(request.user)
        ).select_related("score", "score__scorecard", "score__scorecard__round"),
        pk=pk,
    )


@require_POST
def evidence_delete(request, pk):
    evidence = _evidence_or_404(request, pk)
    score = evidence.score
    card = score.scorecard
    try:
        services.remove_evidence(acting_user=request.user, evidence=evidence)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The evidence was removed."))
    return redirect(_back(card, score))


@require_GET
def evidence_file(request, pk):
    """An uploaded evidence file, to whoever may read the scorecard (a PDF or a picture in
    the browser, anything else downloaded)."""
    evidence = _evidence_or_404(request, pk)
    return serve_file(evidence.file)
