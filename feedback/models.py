"""Citizen satisfaction at the one-stop counter (khảo sát sự hài lòng tại Bộ phận Một cửa).

A unit keeps its counters (quầy); each counter has two secret addresses, one printed as a QR
code on its poster and one for a tablet on the counter (kiosk), both signed tokens the unit can
rotate (`feedback.tokens`). A questionnaire (phiếu khảo sát) is defined per unit and year,
a few questions on a 5-point scale and a short list of reasons asked when a citizen gives
3 points or fewer; editing a questionnaire that already has answers makes a new version, so
every answer keeps the questions it was given.

A response is stored with the version it answered. One that looks like abuse (a burst from
one address or on one counter, sent faster than a person can read) is stored but flagged and
left out of every figure until internal affairs include it (`ResponseQuerySet.counted`).
The figures (share satisfied, mean per question, reasons) are defined here once, and read by
pages, exports, dashboards, reports and the PAR index through `feedback.selectors`.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.models import ScopedQuerySet, TimeStampedModel, Unit
from cchc_portal.validators import plain_line
from cchc_portal.versioning import VersionedModel

SCALE = range(1, 6)  # 1 very dissatisfied … 5 very satisfied
SATISFIED_FROM = 4  # 4 satisfied and 5 very satisfied count as satisfied
ASK_REASON_UP_TO = 3  # a score of 3 or fewer asks the reason
DOSSIER_CODE_MAX = 40


def new_key():
    """The secret part of a counter's address; a new one makes every printed code void."""
    return secrets.token_urlsafe(12)


class CounterQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Counter(TimeStampedModel, VersionedModel):
    """A counter of a unit's one-stop section (quầy tiếp nhận và trả kết quả)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="counters"
    )
    name = models.CharField(
        _("counter name"),
        max_length=150,
        validators=[plain_line],
        help_text=_("As written above the counter, e.g. “Quầy Tư pháp – Hộ tịch”."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    public_key = models.CharField(_("QR code key"), max_length=32, default=new_key, editable=False)
    kiosk_key = models.CharField(_("kiosk key"), max_length=32, default=new_key, editable=False)
    keys_rotated_at = models.DateTimeField(_("keys changed at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["public_key", "kiosk_key"])

    objects = CounterQuerySet.as_manager()

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="feedback_counter_unique_name",
                violation_error_message=_("The unit already has a counter of this name."),
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.unit.name}"


class QuestionnaireQuerySet(ScopedQuerySet):
    def current(self):
        """The newest version of each unit's questionnaire for each year."""
        newer = Questionnaire.objects.filter(
            unit=models.OuterRef("unit"),
            year=models.OuterRef("year"),
            number__gt=models.OuterRef("number"),
        )
        return self.filter(~models.Exists(newer))


class Questionnaire(TimeStampedModel, VersionedModel):
    """A unit's questionnaire for a year, in numbered versions (1, 2, …)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="questionnaires"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    number = models.PositiveSmallIntegerField(_("version number"), default=1)
    title = models.CharField(_("title"), max_length=200, validators=[plain_line])
    introduction = models.TextField(_("introduction"), max_length=1000, blank=True)
    comment_prompt = models.CharField(
        _("comment question"), max_length=200, blank=True, validators=[plain_line]
    )
    history = HistoricalRecords()

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["unit__path", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"],
                name="feedback_questionnaire_unique_version",
                violation_error_message=_("This version of the questionnaire already exists."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.year}, v{self.number})"


class Question(models.Model):
    """One question on the 5-point scale; its kind lets versions and units be compared."""

    class Kind(models.TextChoices):
        OVERALL = "overall", _("overall satisfaction")
        ATTITUDE = "attitude", _("staff attitude")
        TIMELINESS = "timeliness", _("time to resolve against the appointment")
        PUBLICITY = "publicity", _("procedures and fees publicly posted")
        TRIPS = "trips", _("number of trips needed")
        OTHER = "other", _("other")

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300, validators=[plain_line])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order", "pk"]
        constraints = [
            # The satisfaction rate reads the overall question: at most one per version.
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(kind="overall"),
                name="feedback_question_one_overall",
                violation_error_message=_("A questionnaire has one overall-satisfaction question."),
            )
        ]

    def __str__(self):
        return self.text


class Reason(models.Model):
    """A reason for dissatisfaction a citizen may tick (asked at 3 points or fewer)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="reasons",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("reason"), max_length=200, validators=[plain_line])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reason")
        verbose_name_plural = _("reasons")
        ordering = ["questionnaire", "order", "pk"]

    def __str__(self):
        return self.text


class ResponseQuerySet(ScopedQuerySet):
    def counted(self):
        """The responses every figure counts: not flagged, or flagged and then included."""
        return self.filter(
            Q(suspicion=Response.Suspicion.NONE) | Q(review=Response.Review.INCLUDED)
        )

    def flagged(self):
        """Suspected abuse, whatever internal affairs decided."""
        return self.exclude(suspicion=Response.Suspicion.NONE)

    def awaiting_review(self):
        return self.flagged().filter(review=Response.Review.PENDING)

    def between(self, first_day, last_day):
        """Answered on a day from `first_day` to `last_day`, both inclusive (local dates)."""
        return self.filter(answered_on__range=(first_day, last_day))


class Response(models.Model):
    """One citizen's answers, as sent from the QR page or the kiosk."""

    class Channel(models.TextChoices):
        QR = "qr", _("QR code (phone)")
        KIOSK = "kiosk", _("counter tablet")

    class Suspicion(models.TextChoices):
        NONE = "", _("none")
        BURST = "burst", _("burst from one address")
        COUNTER_BURST = "counter_burst", _("burst on one counter")
        TOO_FAST = "too_fast", _("sent faster than it can be read")

    class Review(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        INCLUDED = "included", _("included in the figures")
        EXCLUDED = "excluded", _("left out of the figures")

    counter = models.ForeignKey(
        Counter, verbose_name=_("counter"), on_delete=models.PROTECT, related_name="responses"
    )
    # The counter's unit, kept on the row so scoping and figures are one indexed filter.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="feedback_responses"
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Made by the sending page (the kiosk queues answers while offline and may send one
    # twice): a second send of the same reference is the same response, stored once.
    client_ref = models.UUIDField(_("sender's reference"), null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(_("sent at"))
    answered_on = models.DateField(_("date"), db_index=True)
    dossier_code = models.CharField(
        _("dossier code"),
        max_length=DOSSIER_CODE_MAX,
        blank=True,
        help_text=_("From the appointment slip (phiếu hẹn), optional."),
    )
    procedure_field = models.ForeignKey(
        "procedures.ProcedureField",
        verbose_name=_("procedure field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    reasons = models.ManyToManyField(
        Reason, verbose_name=_("reasons"), blank=True, related_name="responses"
    )
    # A keyed hash of the sender's address: enough to see a burst, not to find the person.
    address_hash = models.CharField(_("address fingerprint"), max_length=16, blank=True)
    seconds_on_page = models.PositiveIntegerField(_("seconds on the page"), null=True, blank=True)
    suspicion = models.CharField(
        _("suspicion"), max_length=20, choices=Suspicion.choices, blank=True, default=""
    )
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # Citizens' answers are never edited; the history records internal affairs' reviews.
    history = HistoricalRecords(excluded_fields=["address_hash"])

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "answered_on"], name="feedback_resp_unit_day"),
            models.Index(fields=["counter", "submitted_at"], name="feedback_resp_counter_at"),
        ]
        constraints = [
            # One answer per dossier: the code is unique within the unit (blank codes aside).
            models.UniqueConstraint(
                fields=["unit", "dossier_code"],
                condition=~Q(dossier_code=""),
                name="feedback_response_one_per_dossier",
                violation_error_message=_("This dossier has already been rated."),
            )
        ]

    def __str__(self):
        return f"{self.counter.name} {self.submitted_at:%d/%m/%Y %H:%M}"

    @property
    def is_counted(self):
        return self.suspicion == self.Suspicion.NONE or self.review == self.Review.INCLUDED


class Answer(models.Model):
    """One question's score in a response."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="feedback_answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="feedback_answer_score_1_to_5",
                violation_error_message=_("A score is from 1 to 5."),
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.score}"


# --- the figures (cchc_portal.figures.glossary names these) -----------------------------------
# Over a set of counted responses: how many, how many rated the overall question, how many of
# those gave it 4 or 5. The rate is satisfied ÷ rated, through cchc_portal.figures.rates.percent.
SATISFACTION_PARTS = {
    "responses": Count("pk", distinct=True),
    "rated": Count(
        "answers", filter=Q(answers__question__kind=Question.Kind.OVERALL), distinct=True
    ),
    "satisfied": Count(
        "answers",
        filter=Q(answers__question__kind=Question.Kind.OVERALL, answers__score__gte=SATISFIED_FROM),
        distinct=True,
    ),
}


def question_means(answers, group=None):
    """Mean score per question kind over an Answer queryset: {kind: (count, mean)}; with
    `group` (an expression on the answer) {group value: {kind: (count, mean)}}."""
    keys = ["question__kind"]
    if group is not None:
        answers = answers.annotate(group=group)
        keys.insert(0, "group")
    rows = answers.values(*keys).annotate(count=Count("pk"), mean=Avg("score")).order_by()
    if group is None:
        return {row["question__kind"]: (row["count"], row["mean"]) for row in rows}
    result = {}
    for row in rows:
        result.setdefault(row["group"], {})[row["question__kind"]] = (row["count"], row["mean"])
    return result


def min_responses():
    """Fewer counted responses than this in a period: the count is shown, no rate."""
    return getattr(settings, "FEEDBACK_MIN_RESPONSES", 10)
