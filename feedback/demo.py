"""Demo data for this app (see DESIGN.md, "Demo data"); called by `manage.py load_demo`.

Phường Huyền Tụng (Bắc Kạn) has two counters and about 150 answers over 2022, plus one burst
of twelve 1-point answers from one address within five minutes, flagged and awaiting internal
affairs' review (left out of every figure). Phường An Lộc (Hồng Ngự), inspected on 14/06/2022
with "no satisfaction survey", put QR codes on its two counters from July 2022 and has a few
hundred answers since; inspections.demo reports the shortcoming remediated with these figures.

Answers are drawn by `random.Random(seed)`, so every load makes the same ones; a unit that
already has answers is left as it is (idempotent). Rows go in with bulk_create.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from cchc_portal.models import Unit
from procedures import selectors as procedure_selectors

from .models import Answer, Counter, Response
from .questionnaires import ensure_questionnaire

YEAR = 2022
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FAKE_HASH = "d3m0a11c0ffee000"  # a fixed fake address fingerprint (no real address)
BURST_HASH = "b0b5b0b5b0b5b0b5"

COUNTERS = {
    "huyen-tung": ["Quầy Tư pháp – Hộ tịch", "Quầy Địa chính – Xây dựng"],
    "an-loc": ["Quầy Tư pháp – Hộ tịch", "Quầy Địa chính – Văn hóa – Xã hội"],
}
# unit code -> (seed, answers, first day, dossier prefix)
PLANS = {
    "huyen-tung": (15, 150, datetime.date(YEAR, 1, 4), "HT"),
    "an-loc": (66, 320, datetime.date(YEAR, 7, 1), "AL"),
}
COMMENTS_GOOD = [
    "Cán bộ hướng dẫn tận tình, chu đáo.",
    "Thủ tục nhanh gọn, trả kết quả đúng hẹn.",
    "Rất hài lòng, cảm ơn cán bộ Bộ phận Một cửa.",
    "Nơi ngồi chờ sạch sẽ, thoáng mát.",
]
COMMENTS_BAD = [
    "Phải đi lại nhiều lần mới bổ sung đủ giấy tờ.",
    "Phải chờ lâu vì chỉ có một cán bộ tiếp nhận.",
    "Đề nghị niêm yết rõ hơn các giấy tờ cần nộp.",
    "Hẹn trả kết quả nhưng phải về rồi quay lại hôm sau.",
]


def _score(rng):
    return rng.choices([5, 4, 3, 2, 1], weights=[46, 37, 11, 4, 2])[0]


def _reasons(rng, reasons):
    """Mostly trips and waiting (the first two customary reasons), a few others."""
    waiting, trips, *others = reasons
    first = rng.choices([trips, waiting, *others], weights=[40, 35] + [5] * len(others))[0]
    chosen = {first}
    if rng.random() < 0.3:
        chosen.add(rng.choice([trips, waiting]))
    return chosen


def _counters(unit):
    counters = []
    for name in COUNTERS[unit.code]:
        counter = Counter.objects.filter(unit=unit, name=name).first()
        if counter is None:
            counter = Counter(unit=unit, name=name)
            counter.full_clean()
            counter.save()
        counters.append(counter)
    return counters


def _answers(unit, counters, questionnaire, fields, *, seed, count, first_day, prefix):
    rng = random.Random(seed)
    questions = list(questionnaire.questions.all())
    reasons = list(questionnaire.reasons.all())
    last_day = datetime.date(YEAR, 12, 30)
    days = (last_day - first_day).days
    planned = []
    for number in range(1, count + 1):
        day = first_day + datetime.timedelta(days=rng.randrange(days + 1))
        if day.weekday() == 6:  # no Sunday service
            day -= datetime.timedelta(days=1)
        moment = datetime.datetime.combine(
            day, datetime.time(rng.randrange(7, 17), rng.randrange(60)), tzinfo=TZ
        )
        overall = _score(rng)
        scores = {}
        for question in questions:
            if question.kind == "overall":
                scores[question] = overall
            else:
                scores[question] = max(1, min(5, overall + rng.choice([-1, 0, 0, 0, 1])))
        low = min(scores.values()) <= 3
        if low:
            comment = rng.choice(COMMENTS_BAD) if rng.random() < 0.5 else ""
        else:
            comment = rng.choice(COMMENTS_GOOD) if rng.random() < 0.15 else ""
        response = Response(
            counter=rng.choice(counters),
            unit=unit,
            questionnaire=questionnaire,
            channel=rng.choice([Response.Channel.QR, Response.Channel.QR, Response.Channel.KIOSK]),
            submitted_at=moment,
            answered_on=day,
            dossier_code=f"{prefix}-{YEAR}-{number:04d}" if rng.random() < 0.4 else "",
            procedure_field=rng.choice(fields) if fields and rng.random() < 0.7 else None,
            comment=comment,
            address_hash=FAKE_HASH,
            seconds_on_page=rng.randrange(25, 240),
        )
        planned.append((response, scores, _reasons(rng, reasons) if low and reasons else set()))
    return planned


def _burst(unit, counter, questionnaire):
    start = datetime.datetime(YEAR, 11, 17, 14, 2, tzinfo=TZ)
    planned = []
    for index in range(12):
        moment = start + datetime.timedelta(seconds=23 * index)
        response = Response(
            counter=counter,
            unit=unit,
            questionnaire=questionnaire,
            channel=Response.Channel.QR,
            submitted_at=moment,
            answered_on=moment.date(),
            address_hash=BURST_HASH,
            seconds_on_page=4,
            suspicion=Response.Suspicion.BURST,
            review=Response.Review.PENDING,
        )
        planned.append((response, dict.fromkeys(questionnaire.questions.all(), 1), set()))
    return planned


def _store(planned):
    responses = Response.objects.bulk_create([response for response, _scores, _r in planned])
    Answer.objects.bulk_create(
        Answer(response=response, question=question, score=score)
        for response, (_r, scores, _reasons) in zip(responses, planned, strict=True)
        for question, score in scores.items()
    )
    through = Response.reasons.through
    through.objects.bulk_create(
        through(response_id=response.pk, reason_id=reason.pk)
        for response, (_r, _scores, reasons) in zip(responses, planned, strict=True)
        for reason in reasons
    )
    return len(responses)


def load(stdout=None):
    fields = procedure_selectors.active_fields()
    stored = 0
    for code, (seed, count, first_day, prefix) in PLANS.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        counters = _counters(unit)
        questionnaire = ensure_questionnaire(unit, YEAR)
        if Response.objects.filter(unit=unit).exists():
            continue
        planned = _answers(
            unit,
            counters,
            questionnaire,
            fields,
            seed=seed,
            count=count,
            first_day=first_day,
            prefix=prefix,
        )
        if code == "huyen-tung":
            planned += _burst(unit, counters[0], questionnaire)
        stored += _store(planned)
    if stdout is not None:
        stdout.write(
            f"Feedback: {Counter.objects.count()} counters, {Response.objects.count()} answers "
            f"({stored} new)."
        )
