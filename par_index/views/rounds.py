"""Scoring rounds: the list (with a unit's own scorecards first), opening and editing a round,
and a round's scorecards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cchc_portal import roles
from cchc_portal.inputs import query_year

from .. import permissions, scoring, services
from ..forms_scoring import RoundForm
from ..models import Scorecard, ScoringRound

Status = Scorecard.Status
# Who follows rounds as a whole (a unit's staff see their own scorecards).
FOLLOWERS = (roles.INTERNAL_AFFAIRS, roles.LEADERSHIP, roles.INSPECTOR)


def _round_or_404(request, pk):
    return get_object_or_404(
        ScoringRound.objects.for_user(request.user).select_related(
            "unit", "criteria_set", "criteria_set__unit"
        ),
        pk=pk,
    )


def _cards_in_scope(user):
    return Scorecard.objects.for_user(user)


def _status_counts(cards):
    """{status: count, "total": count} of `cards` (one query)."""
    return cards.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
    )


@require_GET
def round_list(request):
    """The rounds in scope by year; a unit's staff see their own scorecards first."""
    user = request.user
    year, year_error = query_year(request.GET)
    rounds = ScoringRound.objects.for_user(user).select_related("unit", "criteria_set")
    years = sorted(set(rounds.values_list("year", flat=True)), reverse=True)
    if year:
        rounds = rounds.filter(year=year)
    own_cards = []
    if roles.is_unit_staff(user) and user.unit_id:
        own_cards = list(
            _cards_in_scope(user)
            .filter(unit_id=user.unit_id, round__in=rounds)
            .select_related("round", "unit")
            .order_by("-round__year", "-round__self_scoring_due")
        )
    follows = roles.has_any_role(user, *FOLLOWERS)
    if follows:
        in_scope = _cards_in_scope(user).values("pk")
        rounds = rounds.annotate(
            card_count=Count("scorecards", filter=Q(scorecards__in=in_scope)),
            submitted_count=Count(
                "scorecards",
                filter=Q(scorecards__in=in_scope) & ~Q(scorecards__status=Status.DRAFT),
            ),
            finalised_count=Count(
                "scorecards",
                filter=Q(scorecards__in=in_scope, scorecards__status=Status.FINALISED),
            ),
        )
    return render(
        request,
        "par_index/scoring/round_list.html",
        {
            "rounds": list(rounds) if follows else [],
            "follows": follows,
            "own_cards": own_cards,
            "year": year,
            "year_error": year_error,
            "years": years,
            "can_create": permissions.can_manage_rounds(user) and user.unit_id is not None,
            "sees_sets": roles.is_internal_affairs(user),
        },
    )


@require_GET
def round_detail(request, pk):
    """A round's scorecards in scope: status, self and appraised totals, the stage's deadline."""
    rnd = _round_or_404(request, pk)
    cards = _cards_in_scope(request.user).filter(round=rnd).select_related("unit")
    card_list = list(cards.order_by("unit__path"))
    t = scoring.tree(rnd.criteria_set)
    totals = scoring.round_totals(rnd, t=t, cards=card_list)
    rows = []
    for card in card_list:
        card.round = rnd
        rows.append(
            {
                "card": card,
                "self": totals[card.pk]["self"],
                "appraised": totals[card.pk]["appraised"],
                "deadline": card.stage_deadline(),
                "late": card.past_deadline(),
            }
        )
    counts = _status_counts(cards)
    return render(
        request,
        "par_index/scoring/round_detail.html",
        {
            "round": rnd,
            "rows": rows,
            "max_total": t.max_total,
            "counts": counts,
            "status_counts": [(label, counts[value]) for value, label in Status.choices],
            "can_edit": permissions.can_manage_rounds(request.user, rnd.unit),
            "follows": roles.has_any_role(request.user, *FOLLOWERS),
        },
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_response(request, form, rnd):
    return render(request, "par_index/scoring/round_form.html", {"form": form, "round": rnd})


@require_http_methods(["GET", "POST"])
@roles.role_required(roles.INTERNAL_AFFAIRS)
def round_create(request):
    unit = request.user.unit
    if unit is None:
        messages.error(request, _("You do not belong to a unit, so you cannot open a round."))
        return redirect("par_index:round-list")
    permissions.require(permissions.can_manage_rounds(request.user, unit))
    form = RoundForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.model_data()
        try:
            rnd = services.open_round(acting_user=request.user, unit=unit, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The round “%(round)s” was opened: %(count)s units score themselves.")
                % {"round": rnd.title, "count": rnd.scorecards.count()},
            )
            return redirect(rnd)
    return _form_response(request, form, None)


@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    rnd = _round_or_404(request, pk)
    permissions.require(permissions.can_manage_rounds(request.user, rnd.unit))
    form = RoundForm(request.POST if request.method == "POST" else None, user=request.user, rnd=rnd)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(
                acting_user=request.user, rnd=rnd, version=form.version, **form.round_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The scoring round was saved."))
            return redirect(rnd)
    return _form_response(request, form, rnd)
