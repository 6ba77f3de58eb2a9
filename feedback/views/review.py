"""Flagged responses (suspected abuse): internal affairs include them in the figures or leave
them out. Citizens' comments are shown escaped, as everywhere."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import permissions, services
from ..forms import DecisionForm
from ..models import Answer, Response

DECIDED_ROWS = 50


def _flagged(request):
    return (
        Response.objects.for_user(request.user)
        .flagged()
        .select_related("counter__unit", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by(
                    "question__order", "question__pk"
                ),
            )
        )
    )


@require_GET
def response_review(request):
    permissions.require(permissions.can_review(request.user))
    flagged = _flagged(request)
    return render(
        request,
        "feedback/response_review.html",
        {
            "pending": flagged.filter(review=Response.Review.PENDING),
            "decided": flagged.exclude(review=Response.Review.PENDING).order_by(
                "-reviewed_at", "-pk"
            )[:DECIDED_ROWS],
        },
    )


@require_POST
def response_decide(request, pk):
    response = get_object_or_404(_flagged(request), pk=pk)
    permissions.require(permissions.can_review(request.user, response.unit))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to include the response or to leave it out."))
        return redirect("feedback:response-review")
    try:
        services.response_decide(
            response=response, decision=form.cleaned_data["decision"], by=request.user
        )
    except services.DecisionNotAllowed as exc:
        messages.error(request, exc.messages[0])
    else:
        if response.review == Response.Review.INCLUDED:
            messages.success(request, _("The response is included in the figures."))
        else:
            messages.success(request, _("The response is left out of the figures."))
    return redirect("feedback:response-review")
