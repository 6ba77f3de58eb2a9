"""A unit's annual reform plan: plans, tasks, issued documents, outreach and reform models."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal import finality, summaries
from cchc_portal.figures import rates
from cchc_portal.files import validate_upload
from cchc_portal.models import ScopedQuerySet, TimeStampedModel
from cchc_portal.summaries import SummarisedQuerySet
from cchc_portal.validators import (
    MAX_MEETINGS_A_YEAR,
    MAX_PARTICIPANTS,
    MaxCountValidator,
    plain_line,
)
from cchc_portal.versioning import VersionedModel


def _upload_path(prefix, unit_id, filename):
    # A random folder keeps names unguessable and lets two files share a name.
    name = get_valid_filename(Path(filename).name) or "file"
    return f"reforms/{prefix}/{unit_id}/{uuid.uuid4().hex[:16]}/{name}"


def evidence_upload_to(instance, filename):
    return _upload_path("evidence", instance.plan.unit_id, filename)


def document_upload_to(instance, filename):
    return _upload_path("documents", instance.unit_id, filename)


class ReformArea(models.Model):
    """One of the seven areas of administrative reform (reference list, seeded by migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[plain_line])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reform area")
        verbose_name_plural = _("reform areas")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class IssuedDocumentQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "unit"

    def of_year(self, year):
        return self.filter(issued_on__year=year)

    def counts_by_kind(self):
        """{kind: count} of these documents, plus "total" (one query)."""
        return self.aggregate(
            total=Count("pk"),
            **{kind: Count("pk", filter=Q(kind=kind)) for kind in IssuedDocument.Kind.values},
        )


class IssuedDocument(TimeStampedModel, VersionedModel):
    """A document the unit issued (plan, decision, notice...); may be a task's evidence."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("plan")
        DECISION = "decision", _("decision")
        NOTICE = "notice", _("notice")
        REPORT = "report", _("report")
        DIRECTIVE = "directive", _("directive")
        OTHER = "other", _("other document")

    unit = models.ForeignKey(
        "cchc_portal.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices)
    number = models.CharField(
        _("number"),
        max_length=60,
        help_text=_("As printed on the document, e.g. 45/KH-UBND."),
        validators=[plain_line],
    )
    issued_on = models.DateField(_("date issued"))
    title = models.CharField(_("title"), max_length=500, validators=[plain_line])
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        validators=[validate_upload],
        blank=True,
        max_length=255,
    )
    history = HistoricalRecords()

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number", "issued_on"],
                name="reforms_document_unique_number",
                violation_error_message=_(
                    "This unit already has a document with this number on this date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["plan", "decision", "notice", "report", "directive", "other"]
                ),
                name="reforms_document_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["unit", "issued_on"])]

    def __str__(self):
        return f"{self.number} — {self.title}"

    def get_absolute_url(self):
        return reverse("reforms:document-detail", args=[self.pk])

    @property
    def file_name(self):
        return Path(self.file.name).name if self.file else ""


class ReformPlanQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "unit"
    summary_unit_fields = ("unit_id",)


class ReformPlan(TimeStampedModel, VersionedModel):
    """A unit's reform plan for one year; a draft until its issuing document is recorded."""

    unit = models.ForeignKey(
        "cchc_portal.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="reform_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("issuing document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_plans",
        help_text=_("The document that issued the plan. Without it the plan is a draft."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        editable=False,
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = ReformPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("reform plan")
        verbose_name_plural = _("reform plans")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="reforms_plan_one_per_unit_year",
                violation_error_message=_("This unit already has a reform plan for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="reforms_plan_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return str(
            _("Reform plan %(year)s — %(unit)s")
            % {"year": self.year, "unit": self.unit.display_name}
        )

    def get_absolute_url(self):
        return reverse("reforms:plan-detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.document_id is None

    def delete(self, *args, **kwargs):
        through = finality.reported_through(self.unit_id, self.year)
        if through is not None:
            raise finality.RecordIsFinal(
                _(
                    "The figures of this plan have been reported up to %(date)s: the plan can "
                    "no longer be deleted."
                )
                % {"date": formats.date_format(through, "SHORT_DATE_FORMAT")},
                code="final",
            )
        # Each cascaded task would rebuild the unit's task summary; once at the end is enough,
        # in the deleting transaction.
        with transaction.atomic(savepoint=False), summaries.batch():
            return super().delete(*args, **kwargs)


def completion_rate(done, total):
    """Plan completion: tasks done ÷ tasks counted, not cancelled (a percentage, None when ÷ 0)."""
    return rates.percent(done, total)


def task_conditions(as_of=None, *, today=None):
    """The one definition of the plan figures: a Q per figure, over counted tasks.

    total: not cancelled. done: done (completed on or before `as_of` when given). done on time:
    done with no deadline or by it; done late: after it. overdue: not cancelled, deadline
    before the reference day (`as_of`, else `today`, else today) and not done by it.
    `ReformTask.is_done`, `is_late` and `is_overdue` are the same rules for one task in Python.
    """
    reference_day = as_of or today or timezone.localdate()
    done = Q(status=ReformTask.Status.DONE)
    if as_of is not None:
        done &= Q(completed_on__lte=as_of)
    active = ~Q(status=ReformTask.Status.CANCELLED)
    return {
        "total": active,
        "done": done,
        "done_on_time": done & (Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline"))),
        "done_late": done & Q(deadline__isnull=False, completed_on__gt=F("deadline")),
        "overdue": active & ~done & Q(deadline__lt=reference_day),
        "cancelled": Q(status=ReformTask.Status.CANCELLED),
    }


class ReformTaskQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "plan__unit"
    summary_unit_fields = ("plan__unit_id",)

    def general(self):
        return self.filter(parent__isnull=True)

    def specific(self):
        return self.filter(parent__isnull=False)

    def counted(self):
        """Tasks that count in the rates: specific tasks, and general tasks without any."""
        has_children = Exists(ReformTask.objects.filter(parent_id=OuterRef("pk")))
        return self.alias(has_children=has_children).filter(
            Q(parent__isnull=False) | Q(has_children=False)
        )

    def overdue(self, today=None, *, as_of=None):
        """Tasks past their deadline and not done by the reference day (see `task_conditions`)."""
        return self.filter(task_conditions(as_of, today=today)["overdue"])

    def figure_counts(self, as_of=None, *, today=None):
        """COUNT expressions for every plan figure, for `aggregate()` or `annotate()`."""
        return {
            key: Count("pk", filter=condition)
            for key, condition in task_conditions(as_of, today=today).items()
        }

    def figures(self, as_of=None, *, today=None):
        """Counted tasks' total, done, done_on_time, done_late, overdue, cancelled and rate."""
        counts = self.counted().aggregate(**self.figure_counts(as_of, today=today))
        counts["rate"] = completion_rate(counts["done"], counts["total"])
        return counts


class ReformTask(TimeStampedModel):
    """A task of a plan: general, or specific under a general task of the same plan."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(
        ReformPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("general task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    area = models.ForeignKey(
        ReformArea, verbose_name=_("reform area"), on_delete=models.PROTECT, related_name="tasks"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("task"), max_length=500, validators=[plain_line])
    expected_output = models.CharField(
        _("expected output"), max_length=500, blank=True, validators=[plain_line]
    )
    responsible = models.CharField(
        _("responsible officer"), max_length=200, blank=True, validators=[plain_line]
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=evidence_upload_to,
        validators=[validate_upload],
        blank=True,
        max_length=255,
    )
    evidence_document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("evidence document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_for_tasks",
    )
    note = models.TextField(_("note"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Optimistic locking: an update form carries the version it was read at.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ReformTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("reform task")
        verbose_name_plural = _("reform tasks")
        ordering = ["plan", "area__order", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="reforms_task_done_has_completion_date",
                violation_error_message=_(
                    "A done task needs its completion date, and only a done task has one."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="reforms_task_cancelled_has_reason",
                violation_error_message=_("Give the reason for cancelling the task."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "done", "cancelled"]),
                name="reforms_task_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["plan", "parent", "position"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reforms:task-detail", args=[self.pk])

    @property
    def evidence_file_name(self):
        return Path(self.evidence_file.name).name if self.evidence_file else ""

    @property
    def is_general(self):
        return self.parent_id is None

    # The Python twins of `task_conditions`, for one task already loaded.
    def is_done(self, as_of=None):
        return self.status == self.Status.DONE and (
            as_of is None or (self.completed_on is not None and self.completed_on <= as_of)
        )

    @property
    def is_completed_outside_plan_year(self):
        """Done on a day of another year than the plan's: allowed only with the reason noted."""
        return bool(self.completed_on and self.completed_on.year != self.plan.year)

    @property
    def is_late(self):
        return bool(self.is_done() and self.deadline and self.completed_on > self.deadline)

    def is_overdue(self, today=None, *, as_of=None):
        reference_day = as_of or today or timezone.localdate()
        return bool(
            self.status != self.Status.CANCELLED
            and not self.is_done(as_of)
            and self.deadline
            and self.deadline < reference_day
        )


class ReformTaskSummaryQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def figure_sums(self, as_of=None, *, today=None):
        """SUM expressions for every plan figure: `task_conditions` on the summary's columns."""
        return {
            key: Sum("tasks", filter=condition, default=0)
            for key, condition in task_conditions(as_of, today=today).items()
        }

    def figures(self, as_of=None, *, today=None):
        """The plan figures of these rows: what `ReformTaskQuerySet.figures` gives the tasks."""
        sums = self.aggregate(**self.figure_sums(as_of, today=today))
        sums["rate"] = completion_rate(sums["done"], sums["total"])
        return sums


class ReformTaskSummary(models.Model):
    """Derived, never edited: a unit's counted tasks grouped by what the plan figures read.

    A row is the number (`tasks`) of COUNTED tasks (`ReformTaskQuerySet.counted`: specific
    tasks, and general tasks without any) of one plan that share area, status, deadline and
    completion date. The columns are named like the task's, so `task_conditions(as_of)` applies
    unchanged for any as-of day and a figure is `Sum("tasks", filter=condition)`. A plan with
    no counted task has one row with no area, an empty status and 0 tasks: every plan is present, so
    the grouped readers find the units with a plan here too.

    The raw tasks are the truth: `reforms.summary.rebuild` recomputes a unit's rows (all its
    plans) from them in the writing transaction (cchc_portal/summaries.py). `plan` is
    denormalised on purpose: a unit has one plan a year, so it adds no row, and one plan's
    readers (the plan page, the unit dashboard, the plan list's page) filter on its index
    instead of on unit and year; the rebuild rewrites it with the unit's rows, so a plan moved
    to another unit or year stays right. No database foreign keys: the rows are rewritten
    from the raw tables, never cascaded.
    """

    unit = models.ForeignKey(
        "cchc_portal.Unit",
        verbose_name=_("unit"),
        on_delete=models.DO_NOTHING,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    plan = models.ForeignKey(
        ReformPlan,
        verbose_name=_("plan"),
        on_delete=models.DO_NOTHING,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        ReformArea,
        verbose_name=_("reform area"),
        on_delete=models.DO_NOTHING,
        db_index=False,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReformTask.Status.choices, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True)
    completed_on = models.DateField(_("completion date"), null=True)
    tasks = models.PositiveIntegerField(_("number of tasks"))

    objects = ReformTaskSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("task summary row")
        verbose_name_plural = _("task summary")
        default_permissions = ("view",)
        indexes = [
            # The units' plans of one year (grouped readers); a unit's rows (the rebuild).
            models.Index(fields=["unit", "year"], name="reforms_tasksum_unit_year"),
            # One plan's figures.
            models.Index(fields=["plan"], name="reforms_tasksum_plan"),
        ]

    def __str__(self):
        return f"{self.plan_id} {self.status} {self.deadline} {self.completed_on}: {self.tasks}"


class OutreachActivityQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "unit"

    def of_year(self, year):
        return self.filter(held_on__year=year)

    def meetings(self):
        return self.filter(form__in=OutreachActivity.MEETING_FORMS)

    def summary(self):
        """Activities, meetings with reform content (own or integrated) and participants."""
        return self.aggregate(**self.summary_expressions())

    @staticmethod
    def summary_expressions():
        """The aggregates of `summary`, for `aggregate()` or a grouped `annotate()`."""
        return {
            "activities": Count("pk"),
            "meetings_with_reform": Count("pk", filter=Q(form__in=OutreachActivity.MEETING_FORMS)),
            "participants": Sum("participants", default=0),
        }


def meetings_mismatch(meetings_with_reform, meetings_held):
    """More meetings with reform content than meetings held: stored, but flagged everywhere."""
    return meetings_held is not None and meetings_with_reform > meetings_held


class OutreachActivity(TimeStampedModel, VersionedModel):
    """One outreach activity about administrative reform (a meeting, a post, a broadcast)."""

    class Form(models.TextChoices):
        OWN_MEETING = "own_meeting", _("own meeting on reform")
        INTEGRATED = "integrated", _("integrated into another meeting")
        WEBSITE = "website", _("unit's web page")
        SOCIAL = "social", _("social network / Zalo group")
        LOUDSPEAKER = "loudspeaker", _("loudspeaker system")
        OTHER = "other", _("other form")

    MEETING_FORMS = (Form.OWN_MEETING, Form.INTEGRATED)

    unit = models.ForeignKey(
        "cchc_portal.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="outreach_activities",
    )
    held_on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    topic = models.CharField(_("content"), max_length=500, validators=[plain_line])
    audience = models.CharField(_("audience"), max_length=300, blank=True, validators=[plain_line])
    participants = models.PositiveIntegerField(
        _("participants"), default=0, validators=[MaxCountValidator(MAX_PARTICIPANTS)]
    )
    history = HistoricalRecords()

    objects = OutreachActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(participants__gte=0),
                name="reforms_outreach_participants_not_negative",
                violation_error_message=_("The number of participants cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(
                    form__in=[
                        "own_meeting",
                        "integrated",
                        "website",
                        "social",
                        "loudspeaker",
                        "other",
                    ]
                ),
                name="reforms_outreach_form_valid",
            ),
        ]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("reforms:outreach-edit", args=[self.pk])

    @property
    def is_meeting(self):
        return self.form in self.MEETING_FORMS


class OutreachYearQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "unit"


class OutreachYear(TimeStampedModel, VersionedModel):
    """How many meetings a unit held in a year, so "9/15 carried reform content" is computed."""

    unit = models.ForeignKey(
        "cchc_portal.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="outreach_years",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    meetings_count = models.PositiveIntegerField(
        _("meetings held"),
        help_text=_(
            "All meetings and conferences the unit held this year, with or without reform content."
        ),
        validators=[MaxCountValidator(MAX_MEETINGS_A_YEAR)],
    )
    history = HistoricalRecords()

    objects = OutreachYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("meetings of the year")
        verbose_name_plural = _("meetings of the year")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="reforms_outreachyear_one_per_unit_year",
                violation_error_message=_("This unit already has its meetings for this year."),
            ),
            models.CheckConstraint(
                condition=Q(meetings_count__gte=0),
                name="reforms_outreachyear_meetings_not_negative",
                violation_error_message=_("The number of meetings cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="reforms_outreachyear_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.unit.display_name} {self.year}: {self.meetings_count}"


class ReformModelQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "unit"

    def effective(self):
        return self.filter(effectiveness=ReformModel.Effectiveness.EFFECTIVE)

    def of_year(self, year):
        return self.filter(year=year)

    def counts_by_effectiveness(self):
        """{effectiveness: count} of these models, plus "total" (one query)."""
        return self.aggregate(
            total=Count("pk"),
            **{
                value: Count("pk", filter=Q(effectiveness=value))
                for value in ReformModel.Effectiveness.values
            },
        )


class ReformModel(TimeStampedModel, VersionedModel):
    """A reform model or initiative a unit runs, and internal affairs' view of its effect."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        RUNNING = "running", _("running")
        STOPPED = "stopped", _("stopped")

    class Effectiveness(models.TextChoices):
        NOT_EVALUATED = "not_evaluated", _("not yet evaluated")
        EFFECTIVE = "effective", _("effective")
        PARTLY = "partly", _("partly effective")
        NOT_EFFECTIVE = "not_effective", _("not effective")

    unit = models.ForeignKey(
        "cchc_portal.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="reform_models",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=300, validators=[plain_line])
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RUNNING
    )
    effectiveness = models.CharField(
        _("effectiveness"),
        max_length=20,
        choices=Effectiveness.choices,
        default=Effectiveness.NOT_EVALUATED,
    )
    evaluation_reason = models.TextField(_("reasons for the evaluation"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReformModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("reform model")
        verbose_name_plural = _("reform models")
        ordering = ["-year", "unit__path", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effectiveness="not_evaluated")
                | (~Q(evaluation_reason="") & Q(evaluated_on__isnull=False)),
                name="reforms_model_evaluation_has_reason",
                violation_error_message=_("An evaluation needs its reasons and its date."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["proposed", "running", "stopped"])
                & Q(effectiveness__in=["not_evaluated", "effective", "partly", "not_effective"]),
                name="reforms_model_choices_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="reforms_model_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reforms:model-detail", args=[self.pk])
