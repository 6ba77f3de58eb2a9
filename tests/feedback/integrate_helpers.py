"""Survey answers made with the ORM for the dashboards', reports' and PAR index's tests."""

import datetime
from zoneinfo import ZoneInfo

from feedback.models import Answer, Counter, Response
from feedback.questionnaires import ensure_questionnaire

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def answers(unit, overall_scores, day, *, flagged=False, reasons=()):
    """One response per score in `overall_scores` at `unit`'s counter on `day`."""
    counter = Counter.objects.filter(unit=unit).first() or Counter.objects.create(
        unit=unit, name="Quầy Tư pháp – Hộ tịch"
    )
    questionnaire = ensure_questionnaire(unit, day.year)
    overall = questionnaire.questions.get(kind="overall")
    chosen = list(questionnaire.reasons.filter(text__in=reasons))
    for score in overall_scores:
        response = Response.objects.create(
            counter=counter,
            unit=unit,
            questionnaire=questionnaire,
            channel=Response.Channel.QR,
            submitted_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=TZ),
            answered_on=day,
            suspicion=Response.Suspicion.BURST if flagged else "",
        )
        Answer.objects.create(response=response, question=overall, score=score)
        if score <= 3 and chosen:
            response.reasons.set(chosen)
