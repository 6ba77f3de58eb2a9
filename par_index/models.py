"""The PAR index (Chỉ số CCHC): criteria sets, scoring rounds, each unit's scorecard.

A criteria set (bộ tiêu chí) is a tree, per year and kind of unit: areas (lĩnh vực) ›
criteria (tiêu chí) › sub-criteria (tiêu chí thành phần). Only leaves are scored. An area is
regular, bonus (điểm thưởng, capped at its maximum), penalty (điểm trừ, capped likewise) or
the citizen-survey part (its points and source kept apart).

A round (đợt chấm điểm) scores the units of a subtree on one set; each unit's scorecard moves
draft › submitted › appraised › explained › finalised through `par_index.services`, one
conditional UPDATE per move. A leaf's score row keeps the unit's self score, the value a rule
computed from the portal's data, the appraisal, the unit's explanation and the final score.
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.files import validate_upload
from cchc_portal.models import ScopedQuerySet, TimeStampedModel, Unit
from cchc_portal.validators import plain_line
from cchc_portal.versioning import VersionedModel

POINTS = {"max_digits": 6, "decimal_places": 2}
MAX_DEPTH = 3  # area › criterion › sub-criterion


class UnitLevel(models.TextChoices):
    """The kind of unit a criteria set is written for."""

    COMMUNE = "commune", _("wards, communes and townships")
    DEPARTMENT = "department", _("departments and agencies")
    DISTRICT = "district", _("cities and districts")


# The unit kinds each level scores.
LEVEL_UNIT_KINDS = {
    UnitLevel.COMMUNE: (Unit.Kind.WARD, Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP),
    UnitLevel.DEPARTMENT: (Unit.Kind.DEPARTMENT,),
    UnitLevel.DISTRICT: (Unit.Kind.CITY,),
}


class CriteriaSetQuerySet(models.QuerySet):
    def for_user(self, user):
        """Sets issued by a unit above, at or below the user's unit (a ward reads its
        province's set; internal affairs their own and their subtree's)."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        path = user.unit.path
        above = [part for part in path.split(".") if part]
        return self.filter(Q(unit__path__startswith=path) | Q(unit_id__in=[int(p) for p in above]))

    def in_use(self):
        return self.filter(rounds__isnull=False).distinct()


class CriteriaSet(TimeStampedModel, VersionedModel):
    """Bộ tiêu chí: what a level of unit is scored on in a year, issued by a province or city."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("issuing unit"),
        on_delete=models.PROTECT,
        related_name="criteria_sets",
        help_text=_("The province or city that issued the set; it and the units below use it."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("units scored"), max_length=20, choices=UnitLevel.choices)
    name = models.CharField(_("name"), max_length=300, validators=[plain_line])
    decision = models.CharField(
        _("issuing decision"),
        max_length=300,
        blank=True,
        validators=[plain_line],
        help_text=_("E.g. Quyết định số 123/QĐ-UBND ngày 15/3/2022."),
    )
    decimal_places = models.PositiveSmallIntegerField(
        _("decimal places of a score"),
        default=2,
        choices=[(0, "0"), (1, "1"), (2, "2")],
        help_text=_("How many digits after the comma a score may have."),
    )
    is_sample = models.BooleanField(
        _("sample"),
        default=False,
        help_text=_("A sample set for trying the portal, not an issued one."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["-year", "unit__path", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "level"],
                name="par_index_set_unique_year_level",
                violation_error_message=_(
                    "This unit already has a criteria set for this year and kind of unit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="par_index_set_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("par_index:set-detail", args=[self.pk])

    @property
    def unit_kinds(self):
        return LEVEL_UNIT_KINDS[UnitLevel(self.level)]

    @property
    def is_in_use(self):
        """A set some round scores on can no longer change (its rounds' scores rest on it)."""
        return self.rounds.exists()

    @property
    def step(self):
        """The smallest score step the set allows (1, 0.1 or 0.01)."""
        return Decimal(1).scaleb(-self.decimal_places)


class Criterion(models.Model):
    """A node of a criteria set's tree; only a node without children is scored."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular points")
        BONUS = "bonus", _("bonus points")
        PENALTY = "penalty", _("penalty points")
        SURVEY = "survey", _("citizen survey")

    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent criterion"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    # The top-level area the node is in (itself for an area): totals group by it.
    area = models.ForeignKey(
        "self",
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    depth = models.PositiveSmallIntegerField(_("level"), default=0, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=20, validators=[plain_line])
    text = models.TextField(_("criterion"))
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(Decimal(0))], **POINTS
    )
    guidance = models.TextField(_("scoring guidance"), blank=True)
    kind = models.CharField(
        _("kind of points"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.REGULAR,
        help_text=_("Set on the area; its criteria take the same kind."),
    )
    rule = models.CharField(
        _("computed by"),
        max_length=50,
        blank=True,
        help_text=_("A rule that computes the score from the portal's records (empty: by hand)."),
    )
    rule_params = models.JSONField(_("rule settings"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"],
                name="par_index_criterion_unique_code",
                violation_error_message=_("Another criterion of this set has this code."),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="par_index_criterion_max_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.text}"

    def save(self, *args, **kwargs):
        if self.parent_id:
            parent = self.parent
            self.depth = parent.depth + 1
            self.area_id = parent.area_id or parent.pk
            self.kind = parent.kind
        else:
            self.depth = 0
        super().save(*args, **kwargs)
        if not self.parent_id and self.area_id != self.pk:
            self.area_id = self.pk
            Criterion.objects.filter(pk=self.pk).update(area=self.pk)

    def clean(self):
        if self.parent_id:
            if self.parent.criteria_set_id != self.criteria_set_id:
                raise ValidationError({"parent": _("The parent belongs to another criteria set.")})
            if self.parent.depth + 1 >= MAX_DEPTH:
                raise ValidationError(
                    {"parent": _("A set has three levels: area, criterion, sub-criterion.")}
                )

    @property
    def is_area(self):
        return self.parent_id is None


class ScoringRoundQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def for_user(self, user):
        """Rounds of the user's subtree, and the rounds that score the user's unit."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        path = user.unit.path
        scored = Scorecard.objects.filter(round=models.OuterRef("pk"), unit__path__startswith=path)
        return self.filter(Q(unit__path__startswith=path) | models.Exists(scored))


class ScoringRound(TimeStampedModel, VersionedModel):
    """Đợt chấm điểm: internal affairs score the units of their subtree on a set, for a year."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("appraising unit"),
        on_delete=models.PROTECT,
        related_name="scoring_rounds",
        help_text=_("The unit whose appraisal team scores the units below it."),
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    year = models.PositiveSmallIntegerField(_("year scored"), editable=False)
    title = models.CharField(_("title"), max_length=300, validators=[plain_line])
    self_scoring_due = models.DateField(_("self-scoring due"))
    appraisal_due = models.DateField(_("appraisal due"))
    explanation_due = models.DateField(_("explanations due"))
    final_appraisal_due = models.DateField(_("final appraisal due"))
    instructions = models.TextField(_("instructions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScoringRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")
        ordering = ["-year", "unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criteria_set"],
                name="par_index_round_unique_set",
                violation_error_message=_("This unit already has a round on this criteria set."),
            ),
            models.CheckConstraint(
                condition=Q(appraisal_due__gte=models.F("self_scoring_due"))
                & Q(explanation_due__gte=models.F("appraisal_due"))
                & Q(final_appraisal_due__gte=models.F("explanation_due")),
                name="par_index_round_deadlines_in_order",
                violation_error_message=_(
                    "The deadlines must follow each other: self-scoring, appraisal, "
                    "explanations, final appraisal."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("par_index:round-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if self.criteria_set_id:
            self.year = self.criteria_set.year
        super().save(*args, **kwargs)

    def clean(self):
        if not self.criteria_set_id or not self.unit_id:
            return
        if not self.unit.path.startswith(self.criteria_set.unit.path) and not (
            self.criteria_set.unit.path.startswith(self.unit.path)
        ):
            raise ValidationError(
                {"criteria_set": _("This criteria set was issued outside the round's unit.")}
            )
        dates = [
            self.self_scoring_due,
            self.appraisal_due,
            self.explanation_due,
            self.final_appraisal_due,
        ]
        if None not in dates and dates != sorted(dates):
            raise ValidationError(
                _(
                    "The deadlines must follow each other: self-scoring, appraisal, "
                    "explanations, final appraisal."
                )
            )

    def scored_units(self):
        """The units a round scores: the active units of its subtree of the set's kinds."""
        return (
            Unit.objects.in_subtree(self.unit)
            .active()
            .filter(kind__in=self.criteria_set.unit_kinds)
            .exclude(pk=self.unit_id)
        )


class ScorecardQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def of_round(self, rnd):
        return self.filter(round=rnd)


class Scorecard(TimeStampedModel, VersionedModel):
    """A unit's scorecard in a round (phiếu chấm điểm)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("self-scoring")
        SUBMITTED = "submitted", _("submitted for appraisal")
        APPRAISED = "appraised", _("appraised")
        EXPLAINED = "explained", _("explained")
        FINALISED = "finalised", _("finalised")

    round = models.ForeignKey(
        ScoringRound,
        verbose_name=_("scoring round"),
        on_delete=models.CASCADE,
        related_name="scorecards",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # A stage's deadline moved for this card when internal affairs reopened it.
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    explained_at = models.DateTimeField(_("explained at"), null=True, blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("explained by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["round", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit"],
                name="par_index_scorecard_unique_unit",
                violation_error_message=_("This unit already has a scorecard in this round."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["draft", "submitted", "appraised", "explained", "finalised"]
                ),
                name="par_index_scorecard_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.round}"

    def get_absolute_url(self):
        return reverse("par_index:scorecard", args=[self.pk])

    @property
    def is_locked(self):
        return self.status == self.Status.FINALISED

    def stage_deadline(self):
        """The last day the card's current stage may act: the round's deadline for the stage,
        or later when internal affairs extended it."""
        rnd = self.round
        due = {
            self.Status.DRAFT: rnd.self_scoring_due,
            self.Status.SUBMITTED: rnd.appraisal_due,
            self.Status.APPRAISED: rnd.explanation_due,
            self.Status.EXPLAINED: rnd.final_appraisal_due,
        }.get(self.status)
        if due is not None and self.extended_until and self.extended_until > due:
            return self.extended_until
        return due

    def past_deadline(self, today=None):
        due = self.stage_deadline()
        return due is not None and (today or timezone.localdate()) > due


class Score(models.Model):
    """One scored criterion (a leaf) of a scorecard, at each stage."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    self_score = models.DecimalField(_("self score"), null=True, blank=True, **POINTS)
    self_note = models.TextField(
        _("unit's note"),
        blank=True,
        help_text=_("Required when a score has no evidence: say why."),
    )
    computed_score = models.DecimalField(
        _("computed score"), null=True, blank=True, editable=False, **POINTS
    )
    computed_detail = models.TextField(_("how it was computed"), blank=True, editable=False)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True, editable=False)
    appraised_score = models.DecimalField(_("appraised score"), null=True, blank=True, **POINTS)
    appraisal_comment = models.TextField(_("appraisal comment"), blank=True)
    explanation = models.TextField(_("unit's explanation"), blank=True)
    final_score = models.DecimalField(_("final score"), null=True, blank=True, **POINTS)
    final_comment = models.TextField(_("final appraisal comment"), blank=True)
    source = models.CharField(
        _("source of the points"),
        max_length=300,
        blank=True,
        validators=[plain_line],
        help_text=_("For the citizen-survey part: which survey the points come from."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["scorecard", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="par_index_score_unique_criterion"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}),
                    name=f"par_index_score_{name}_not_negative",
                    violation_error_message=_("A score cannot be negative."),
                )
                for name in ("self_score", "appraised_score", "final_score")
            ],
        ]

    def __str__(self):
        return f"{self.scorecard} — {self.criterion.code}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The card's last change is part of what a cached ranking is checked against
        # (`par_index.selectors.round_indexes`): a score saved outside the services counts.
        Scorecard.objects.filter(pk=self.scorecard_id).update(updated_at=timezone.now())

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Scorecard.objects.filter(pk=self.scorecard_id).update(updated_at=timezone.now())
        return result

    @property
    def appraised(self):
        """The appraisal team's score as it stands: the final one once given."""
        return self.final_score if self.final_score is not None else self.appraised_score


def evidence_upload_to(instance, filename):
    # A random folder keeps names unguessable and lets two files share a name.
    name = get_valid_filename(Path(filename).name) or "file"
    return f"par_index/{instance.score.scorecard.unit_id}/{uuid.uuid4().hex[:16]}/{name}"


class Evidence(TimeStampedModel):
    """Tài liệu kiểm chứng: a record of the portal or an uploaded file, and the page that proves."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("issued document")
        PLAN = "plan", _("reform plan")
        TASK = "task", _("plan task")
        REPORT = "report", _("periodic report")
        INSPECTION = "inspection", _("inspection")
        FIGURES = "figures", _("portal figures")
        FILE = "file", _("uploaded file")

    class Stage(models.TextChoices):
        SELF = "self", _("self-scoring")
        EXPLANATION = "explanation", _("explanation")

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind of evidence"), max_length=20, choices=Kind.choices)
    stage = models.CharField(_("added at"), max_length=20, choices=Stage.choices, default="self")
    # What the evidence is, as it read when linked: kept if the record is later deleted.
    label = models.CharField(_("evidence"), max_length=500)
    page = models.CharField(
        _("page"),
        max_length=50,
        blank=True,
        validators=[plain_line],
        help_text=_("The page (or pages) that prove it, e.g. 3 or 3–4."),
    )
    url = models.CharField(_("address in the portal"), max_length=300, blank=True, editable=False)
    document = models.ForeignKey(
        "reforms.IssuedDocument",
        verbose_name=_("issued document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    plan = models.ForeignKey(
        "reforms.ReformPlan",
        verbose_name=_("reform plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    task = models.ForeignKey(
        "reforms.ReformTask",
        verbose_name=_("plan task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    report = models.ForeignKey(
        "reports.UnitReport",
        verbose_name=_("periodic report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("inspection"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(
        _("file"), upload_to=evidence_upload_to, validators=[validate_upload], blank=True
    )
    # Linked by the criterion's rule, not chosen by a person (recomputing replaces them).
    automatic = models.BooleanField(_("linked automatically"), default=False, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["score", "pk"]

    def __str__(self):
        return f"{self.label} ({_('p.')} {self.page})" if self.page else self.label
