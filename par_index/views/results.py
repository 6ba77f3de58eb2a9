"""Results of a round: the ranking (page and Excel) and each scorecard as Excel, Word or PDF."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from reports.pdf import render_pdf
from reports.wordfile import render_docx

from .. import charts, exports, permissions, selectors
from ..models import Scorecard, ScoringRound

# A cached ranking is replaced on any change (its stamp); the timeout only frees space.
RANKING_TIMEOUT = 7 * 24 * 3600

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _followed_round(request, pk):
    """The round, for a user who follows it (the city's view); 404 out of scope. Anyone else
    in scope is sent to their own unit's scorecard (None), or refused."""
    rnd = get_object_or_404(
        ScoringRound.objects.for_user(request.user).select_related("unit", "criteria_set"), pk=pk
    )
    if permissions.can_follow_round(request.user, rnd):
        return rnd, None
    own = (
        Scorecard.objects.for_user(request.user)
        .filter(round=rnd, unit_id=request.user.unit_id)
        .first()
    )
    if own is None:
        raise PermissionDenied
    return rnd, own


def _download(data, fmt, stem):
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@require_GET
def ranking(request, pk):
    rnd, own = _followed_round(request, pk)
    if own is not None:
        return redirect(own)
    # The page's body is the same for everyone who follows the round: it is kept in the
    # shared cache while nothing it shows changed (`selectors.ranking_stamp`).
    key = f"par-index:ranking:{rnd.pk}:{translation.get_language()}:{selectors.ranking_stamp(rnd)}"
    body = cache.get(key)
    if body is None:
        result = selectors.ranking(rnd)
        bands = charts.distribution(result)
        body = render_to_string(
            "par_index/results/_ranking_body.html",
            {
                "round": rnd,
                "ranking": result,
                "area_charts": charts.area_charts(result),
                "bands": bands,
                "distribution_chart": charts.distribution_chart(bands),
            },
            request,
        )
        cache.set(key, body, RANKING_TIMEOUT)
    return render(
        request, "par_index/results/ranking.html", {"round": rnd, "body": mark_safe(body)}
    )


@require_GET
def ranking_export(request, pk):
    rnd, own = _followed_round(request, pk)
    if own is not None:
        raise PermissionDenied
    with translation.override("vi"):
        data = exports.ranking_xlsx(selectors.ranking(rnd))
    return _download(data, "xlsx", exports.ranking_stem(rnd))


@require_GET
def scorecard_export(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    card = get_object_or_404(
        Scorecard.objects.for_user(request.user).select_related(
            "unit__parent", "round__unit", "round__criteria_set"
        ),
        pk=pk,
    )
    permissions.require(permissions.can_read_card(request.user, card))
    with translation.override("vi"):
        if fmt == "xlsx":
            data = exports.scorecard_xlsx(card)
        elif fmt == "docx":
            data = render_docx(exports.scorecard_document(card))
        else:
            data = render_pdf(exports.scorecard_document(card))
    return _download(data, fmt, exports.scorecard_stem(card))
