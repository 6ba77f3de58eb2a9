"""Synthetic survey answers at province and national scale for `make bench` (bulk inserts).

Each ward and commune gets two counters, the customary questionnaire of the newest year and
ANSWERS_PER_UNIT answers spread over that year (mostly satisfied, some reasons), so that the
results page, the city overview's satisfaction columns and the unit dashboard read real rows.
Called again, a unit that has its counters already is left as it is.
"""

import datetime

from django.utils import timezone

from cchc_portal.models import Unit

from .models import Answer, Counter, Response
from .questionnaires import ensure_questionnaire

COUNTERS = ("Quầy Tư pháp – Hộ tịch", "Quầy Địa chính – Xây dựng")
ANSWERS_PER_UNIT = 24
SCORES = (5, 5, 5, 4, 4, 4, 4, 3, 2, 1)
LOCAL_UNITS = (Unit.Kind.WARD, Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP)


def generate(*, units, years, rng):
    year = years[-1]
    local = [unit for unit in units if unit.kind in LOCAL_UNITS]
    have = set(Counter.objects.filter(unit__in=local).values_list("unit_id", flat=True))
    local = [unit for unit in local if unit.pk not in have]
    counters = Counter.objects.bulk_create(
        Counter(unit=unit, name=name) for unit in local for name in COUNTERS
    )
    responses, scores, picked = [], [], []
    for unit in local:
        questionnaire = ensure_questionnaire(unit, year)
        questions = list(questionnaire.questions.all())
        reasons = list(questionnaire.reasons.all())
        mine = [counter for counter in counters if counter.unit_id == unit.pk]
        for _n in range(ANSWERS_PER_UNIT):
            day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            overall = rng.choice(SCORES)
            responses.append(
                Response(
                    counter=rng.choice(mine),
                    unit=unit,
                    questionnaire=questionnaire,
                    channel=Response.Channel.QR,
                    submitted_at=at,
                    answered_on=day,
                    seconds_on_page=40,
                )
            )
            scores.append(
                [(q, overall if q.kind == "overall" else rng.choice(SCORES)) for q in questions]
            )
            picked.append(rng.choice(reasons) if overall <= 3 and reasons else None)
    Response.objects.bulk_create(responses, batch_size=2000)
    Answer.objects.bulk_create(
        (
            Answer(response=response, question=question, score=score)
            for response, row in zip(responses, scores, strict=True)
            for question, score in row
        ),
        batch_size=5000,
    )
    through = Response.reasons.through
    through.objects.bulk_create(
        (
            through(response_id=response.pk, reason_id=reason.pk)
            for response, reason in zip(responses, picked, strict=True)
            if reason is not None
        ),
        batch_size=5000,
    )
    return counters
