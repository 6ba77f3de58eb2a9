"""Pages `manage.py bench` measures for this app: (label, path[, budget class]).

The newest round in the user's scope gives the pages of one round: a scorecard, its
appraisal page and the round's ranking (only the round list when no round exists yet). The
scorecard and its appraisal show one unit's 40 criteria: ordinary pages ("page"). The
ranking shows every unit of the round (a province's ~100 wards and communes) with its points
per area and a chart per area, as the city overview does for its units: "overview".
"""

from django.urls import reverse

from .models import Scorecard, ScoringRound


def pages(user):
    found = [("PAR index rounds", reverse("par_index:round-list"))]
    rnd = ScoringRound.objects.for_user(user).order_by("-year", "-pk").first()
    if rnd is None:
        return found
    cards = Scorecard.objects.for_user(user).filter(round=rnd)
    card = cards.order_by("unit__path", "pk").first()
    appraised = (
        cards.exclude(status=Scorecard.Status.DRAFT).order_by("unit__path", "pk").first() or card
    )
    if card is not None:
        found.append(("PAR scorecard", reverse("par_index:scorecard", args=[card.pk])))
        found.append(
            ("PAR appraisal", reverse("par_index:scorecard-appraise", args=[appraised.pk]))
        )
    found.append(("PAR ranking", reverse("par_index:ranking", args=[rnd.pk]), "overview"))
    return found
