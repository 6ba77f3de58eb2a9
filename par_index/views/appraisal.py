"""The appraisal team's pages: appraise a scorecard, accept an area, complete, finalise, reopen.

Only the appraisal team (internal affairs over the round's unit) reach them: a card out of
the user's scope is a 404, anyone else in scope (the unit's staff, leadership) a 403.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc_portal.figures.formatting import format_date
from cchc_portal.history import history_entries
from cchc_portal.inputs import posted_int

from .. import rules, scoring, services
from ..appraisal_rows import rows_html
from ..forms_appraisal import AppraisalForm, ReopenForm
from ..models import Criterion, Evidence, Score, Scorecard
from ..permissions import can_appraise, require

Status = Scorecard.Status
# The score fields whose every change the page lists per criterion.
HISTORY_FIELDS = ("self_score", "appraised_score", "final_score")


def _card_or_404(request, pk):
    card = get_object_or_404(
        Scorecard.objects.for_user(request.user).select_related(
            "round", "round__unit", "round__criteria_set", "unit"
        ),
        pk=pk,
    )
    require(can_appraise(request.user, card))
    return card


def _url(name, *args):
    """The address of a page another part of the app serves (None while it has none)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def appraisal_url(card):
    return reverse("par_index:scorecard-appraise", args=[card.pk])


@dataclass
class Row:
    """One line of the appraisal table: an area, a criterion, or a scored sub-criterion."""

    criterion: Criterion
    is_leaf: bool
    score: Score | None = None
    evidence: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    rule_label: str = ""
    difference: str = ""  # the text marker of a score the team changed ("" when none)
    first_difference: str = ""
    errors: list = field(default_factory=list)  # the refusals that name this criterion
    score_input: object = None
    comment_input: object = None
    self_points: object = None  # an area's totals
    appraised_points: object = None


def _score_changes(card):
    """{score id: [{"when", "who", "changes": [(field, old, new)]}]}, newest first, from the
    score rows' history (one query for the whole card)."""
    labels = {name: Score._meta.get_field(name).verbose_name for name in HISTORY_FIELDS}
    records = (
        Score.history.filter(scorecard_id=card.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes = {}
    previous = {}
    for record in records:
        before = previous.get(record.id)
        moved = [
            (labels[name], getattr(before, name, None), getattr(record, name))
            for name in HISTORY_FIELDS
            if getattr(before, name, None) != getattr(record, name)
        ]
        if moved:
            changes.setdefault(record.id, []).append(
                {"when": record.history_date, "who": record.history_user, "changes": moved}
            )
        previous[record.id] = record
    for entries in changes.values():
        entries.reverse()
    return changes


def _evidence(card):
    """{score id: [evidence with `link`]}: the record's own page, or the file's."""
    by_score = {}
    for item in Evidence.objects.filter(score__scorecard=card).order_by("score_id", "pk"):
        item.link = _url("par_index:evidence-file", item.pk) if item.file else item.url or None
        by_score.setdefault(item.score_id, []).append(item)
    return by_score


def _difference(card, score):
    """The marker of a score the team moved from the one before it (text, not colour)."""
    if card.status in (Status.SUBMITTED, Status.APPRAISED):
        if score.appraised_score is not None and score.appraised_score != score.self_score:
            return _("differs from the self score")
    elif card.status == Status.EXPLAINED:
        if score.final_score is not None and score.final_score != score.appraised_score:
            return _("differs from the first appraisal")
    elif (
        card.status == Status.FINALISED
        and score.final_score is not None
        and score.final_score != score.self_score
    ):
        return _("differs from the self score")
    return ""


def _rows(card, t, scores, form, totals):
    refusals = [str(message) for message in form.non_field_errors()]
    evidence = _evidence(card)
    changes = _score_changes(card)
    by_criterion = {s.criterion_id: s for s in scores}
    rows = []
    for node in t.walk():
        c = node.criterion
        row = Row(criterion=c, is_leaf=node.is_leaf)
        if c.parent_id is None:
            row.self_points = totals["self"].by_area.get(c.pk)
            row.appraised_points = totals["appraised"].by_area.get(c.pk)
        score = by_criterion.get(c.pk) if node.is_leaf else None
        if score is not None:
            row.score = score
            row.evidence = evidence.get(score.pk, [])
            row.changes = changes.get(score.pk, [])
            rule = rules.REGISTRY.get(c.rule) if c.rule else None
            row.rule_label = rule.label if rule else c.rule
            row.difference = _difference(card, score)
            if (
                card.status in (Status.EXPLAINED, Status.FINALISED)
                and score.appraised_score is not None
                and score.appraised_score != score.self_score
            ):
                row.first_difference = _("differs from the self score")
            # The service's refusals start with the criterion's code ("1.2: …").
            row.errors = [m for m in refusals if m.startswith(f"{c.code}:")]
            row.score_input = form[form.score_name(score)]
            row.comment_input = form[form.comment_name(score)]
        rows.append(row)
    return rows


def _page(request, card, form):
    t = scoring.tree(card.round.criteria_set)
    scores = form.scores
    totals = scoring.card_totals(card, t)
    areas = [
        {
            "criterion": area.criterion,
            "self": totals["self"].by_area.get(area.criterion.pk),
            "appraised": totals["appraised"].by_area.get(area.criterion.pk),
        }
        for area in t.areas
    ]
    today = timezone.localdate()
    past_deadline = card.past_deadline(today)
    editable = card.status in (Status.SUBMITTED, Status.EXPLAINED) and not past_deadline
    # Finalised once the unit has explained, or once its time to explain has run out.
    can_finalise = (card.status == Status.EXPLAINED and not past_deadline) or (
        card.status == Status.APPRAISED and past_deadline
    )
    can_reopen = card.status in services.PREVIOUS or card.status in services.EXTENDABLE
    percent = {
        stage: (value.percent * 100 if value.percent is not None else None)
        for stage, value in totals.items()
    }
    rows = _rows(card, t, scores, form, totals)
    return render(
        request,
        "par_index/appraisal/scorecard_appraise.html",
        {
            "card": card,
            "round": card.round,
            "form": form,
            "rows": rows,
            "rows_html": rows_html(
                rows,
                editable=editable,
                first_stage=card.status == Status.SUBMITTED,
                second_stage=card.status == Status.EXPLAINED,
                shows_first=card.status in (Status.APPRAISED, Status.EXPLAINED, Status.FINALISED),
                locked=card.is_locked,
                status=card.status,
            ),
            "areas": areas,
            "totals": totals,
            "percent": percent,
            "editable": editable,
            "past_deadline": past_deadline,
            "deadline": card.stage_deadline(),
            "first_stage": card.status == Status.SUBMITTED,
            "second_stage": card.status == Status.EXPLAINED,
            "shows_first": card.status in (Status.APPRAISED, Status.EXPLAINED, Status.FINALISED),
            "can_complete": card.status == Status.SUBMITTED and not past_deadline,
            "can_finalise": can_finalise,
            "can_reopen": can_reopen,
            # The reopening form is in the page when the team can no longer act otherwise.
            "reopen_inline": can_reopen and (past_deadline or card.is_locked),
            "reopen_form": ReopenForm(card=card),
            "scorecard_url": _url("par_index:scorecard", card.pk),
            "round_url": _url("par_index:round-detail", card.round_id),
            "history": history_entries(card),
        },
    )


def _scores(card):
    return list(
        card.scores.select_related("criterion").order_by("criterion__position", "criterion_id")
    )


@require_http_methods(["GET", "POST"])
def scorecard_appraise(request, pk):
    """The appraisal (and, once the unit explained, the second appraisal) of a scorecard."""
    card = _card_or_404(request, pk)
    scores = _scores(card)
    form = AppraisalForm(request.POST or None, card=card, scores=scores)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_appraisal(
                acting_user=request.user,
                card=card,
                version=form.version,
                entries=form.entries(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The appraisal was saved."))
            return redirect(appraisal_url(card))
    return _page(request, card, form)


def _act(request, card, action, success):
    """Run a stage's service; its refusal is the message the user reads."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(appraisal_url(card))


@require_POST
def appraise_area(request, pk, area_pk):
    """ "Accept all unchanged": the area's criteria not yet appraised take the score before."""
    card = _card_or_404(request, pk)
    area = get_object_or_404(
        Criterion, pk=area_pk, criteria_set_id=card.round.criteria_set_id, parent__isnull=True
    )
    # No version (a form not from this page) is as stale as an old one; a malformed one is a 400.
    version = posted_int(request.POST, "version", default=0)
    return _act(
        request,
        card,
        lambda: services.accept_area(
            acting_user=request.user, card=card, version=version, area=area
        ),
        _("The unchanged scores of %(code)s were accepted.") % {"code": area.code},
    )


@require_POST
def scorecard_complete(request, pk):
    """Complete the first appraisal: the unit may then explain."""
    card = _card_or_404(request, pk)
    return _act(
        request,
        card,
        lambda: services.complete_appraisal(acting_user=request.user, card=card),
        _("The appraisal is complete: the unit can now send its explanations."),
    )


@require_POST
def scorecard_finalise(request, pk):
    """Finalise the scorecard: every score is locked."""
    card = _card_or_404(request, pk)
    return _act(
        request,
        card,
        lambda: services.finalise(acting_user=request.user, card=card),
        _("The scorecard is finalised: its scores are locked."),
    )


@require_http_methods(["GET", "POST"])
def scorecard_reopen(request, pk):
    """Move a card one stage back and give that stage until a later day."""
    card = _card_or_404(request, pk)
    form = ReopenForm(request.POST or None, card=card)
    if request.method == "POST" and form.is_valid():
        move = services.extend if form.cleaned_data["how"] == ReopenForm.EXTEND else services.reopen
        try:
            move(
                acting_user=request.user,
                card=card,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            card.refresh_from_db()
            messages.success(
                request,
                _("The scorecard was reopened: it is %(status)s again.")
                % {"status": card.get_status_display()}
                if move is services.reopen
                else _("The scorecard's stage now runs until %(date)s.")
                % {"date": format_date(card.extended_until)},
            )
            return redirect(appraisal_url(card))
    return render(
        request,
        "par_index/appraisal/scorecard_reopen.html",
        {
            "card": card,
            "round": card.round,
            "form": form,
            "can_reopen": True,
        },
    )
