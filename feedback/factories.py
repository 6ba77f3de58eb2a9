"""factory-boy factories for the counter survey (counters, questionnaires, responses)."""

import datetime

import factory
from django.utils import timezone

from cchc_portal.factories import UnitFactory

from .models import Answer, Counter, Question, Questionnaire, Reason, Response
from .questionnaires import (
    DEFAULT_COMMENT_PROMPT,
    DEFAULT_INTRODUCTION,
    DEFAULT_QUESTIONS,
    DEFAULT_REASONS,
    DEFAULT_TITLE,
    ensure_questionnaire,
)


class CounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counter

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Quầy số {n}")


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A questionnaire with the customary questions and reasons (`customary=False`: none)."""

    class Meta:
        model = Questionnaire
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    number = 1
    title = DEFAULT_TITLE
    introduction = DEFAULT_INTRODUCTION
    comment_prompt = DEFAULT_COMMENT_PROMPT

    @factory.post_generation
    def customary(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        Question.objects.bulk_create(
            Question(questionnaire=self, order=order, kind=kind, text=text)
            for order, (kind, text) in enumerate(DEFAULT_QUESTIONS, start=1)
        )
        Reason.objects.bulk_create(
            Reason(questionnaire=self, order=order, text=text)
            for order, text in enumerate(DEFAULT_REASONS, start=1)
        )


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory, customary=False)
    order = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.OTHER
    text = factory.Sequence(lambda n: f"Câu hỏi {n}")


class ReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reason

    questionnaire = factory.SubFactory(QuestionnaireFactory, customary=False)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Lý do {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    """A response to the counter's questionnaire of the year; `answers` gives the scores:
    one number for every question (default 5) or {question kind: score}."""

    class Meta:
        model = Response
        skip_postgeneration_save = True

    counter = factory.SubFactory(CounterFactory)
    unit = factory.SelfAttribute("counter.unit")
    submitted_at = factory.LazyFunction(timezone.now)
    answered_on = factory.LazyAttribute(lambda o: timezone.localdate(o.submitted_at))
    questionnaire = factory.LazyAttribute(
        lambda o: ensure_questionnaire(o.counter.unit, o.answered_on.year)
    )
    channel = Response.Channel.QR
    seconds_on_page = 30

    @factory.post_generation
    def answers(self, create, extracted, **kwargs):
        if not create:
            return
        add_answers(self, 5 if extracted is None else extracted)


def add_answers(response, scores):
    """Answer rows for `response`: `scores` one number for all or {kind: score}."""
    rows = []
    for question in response.questionnaire.questions.all():
        score = scores.get(question.kind) if isinstance(scores, dict) else scores
        if score is not None:
            rows.append(Answer(response=response, question=question, score=score))
    Answer.objects.bulk_create(rows)
    return rows


def flagged(counter, *, day=None, suspicion=Response.Suspicion.BURST, **kwargs):
    """A response flagged as suspected abuse, awaiting review."""
    when = kwargs.pop("submitted_at", None) or (
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        if day
        else timezone.now()
    )
    return ResponseFactory(counter=counter, submitted_at=when, suspicion=suspicion, **kwargs)
