"""Inspection plans, inspections (with the snapshot of the unit's figures), findings, checklists."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cchc_portal import summaries
from cchc_portal.files import validate_upload
from cchc_portal.models import ScopedQuerySet, TimeStampedModel, Unit
from cchc_portal.summaries import SummarisedQuerySet
from cchc_portal.validators import (
    MAX_PERIOD_COUNT,
    MAX_PLAN_TASKS,
    MaxCountValidator,
    plain_line,
)
from cchc_portal.versioning import VersionedModel

from .. import permissions
from .catalogue import ChecklistCriterion, ChecklistTemplate, ShortcomingType
from .validators import validate_photo


def team_q(user, *, prefix):
    """Rows of inspections whose team (lead or member) includes `user`, without a join."""
    memberships = Inspection.members.through.objects.filter(user_id=user.pk).values("inspection_id")
    pk_field = f"{prefix}pk" if prefix == "" else f"{prefix}id"
    return Q(**{f"{prefix}lead_id": user.pk}) | Q(**{f"{pk_field}__in": memberships})


class InspectionPlanQuerySet(ScopedQuerySet):
    unit_field = "unit"


class InspectionPlan(TimeStampedModel, VersionedModel):
    """A unit's annual plan of CCHC inspections (kế hoạch kiểm tra CCHC năm)."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("issuing unit"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300, validators=[plain_line])
    document_number = models.CharField(
        _("document number"),
        max_length=50,
        blank=True,
        help_text=_("For example 45/KH-UBND."),
        validators=[plain_line],
    )
    document_issued_on = models.DateField(_("document date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="inspection_plan_one_per_unit_year",
                violation_error_message=_(
                    "This unit already has an inspection plan for that year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="inspection_plan_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:plan-detail", args=[self.pk])


class InspectionQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "unit"
    # Its status and visit date decide which of its recommendations the summary counts,
    # under the units they are addressed to.
    # Its own unit too: the unit's last inspection is one of its figures (a new figures
    # version, `cchc_portal.summaries.add_version_sources`).
    summary_unit_fields = ("recommendations__responsible_unit_id", "unit_id")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts"):
            return super().bulk_create(objs, *args, **kwargs)
        # New inspections have no recommendations yet: only their units' figures versions.
        objs = models.QuerySet.bulk_create(self, objs, *args, **kwargs)
        summaries.touch(summaries.VERSION, {o.unit_id for o in objs})
        return objs

    def _units_of_objects(self, objs):
        """The units of these inspections' recommendations and their own, in one query."""
        return self.filter(pk__in=[o.pk for o in objs if o.pk is not None])._summary_units() | {
            o.unit_id for o in objs
        }

    def on_team(self, user):
        return self.filter(team_q(user, prefix=""))

    def issued(self):
        """Inspections whose conclusion is out: concluded or closed."""
        return self.filter(status__in=Inspection.ISSUED_STATUSES)


class Inspection(TimeStampedModel):
    """One inspection visit to a unit, from plan to conclusion to the last accepted remediation."""

    class Kind(models.TextChoices):
        CCHC = "cchc", _("administrative reform")
        PROCEDURE_CONTROL = "procedure_control", _("procedure control")
        BOTH = "both", _("administrative reform and procedure control")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("inspection status", "planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("inspection status", "in progress")
        CONCLUDED = "concluded", pgettext_lazy("inspection status", "concluded")
        CLOSED = "closed", pgettext_lazy("inspection status", "closed")

    ISSUED_STATUSES = (Status.CONCLUDED, Status.CLOSED)

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("inspection plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit inspected"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CCHC)
    is_scheduled = models.BooleanField(
        _("scheduled"), default=True, help_text=_("Planned in advance (not a surprise visit).")
    )
    start_on = models.DateField(_("visit date"))
    end_on = models.DateField(_("last day of the visit"), null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team lead"),
        on_delete=models.PROTECT,
        related_name="led_inspections",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team members"),
        blank=True,
        related_name="inspection_memberships",
    )
    purpose = models.TextField(_("content of the inspection"), blank=True)
    checklist_template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concluded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # The conclusion notice (thông báo kết luận kiểm tra).
    notice_number = models.CharField(
        _("notice number"),
        max_length=50,
        blank=True,
        help_text=_("For example 125/TB-ĐKT."),
        validators=[plain_line],
    )
    notice_issued_on = models.DateField(_("notice date"), null=True, blank=True)
    notice_place = models.CharField(
        _("place of issue"),
        max_length=100,
        blank=True,
        help_text=_("For example Bắc Kạn."),
        validators=[plain_line],
    )
    notice_authority = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("First header line, for example UBND THÀNH PHỐ BẮC KẠN."),
        validators=[plain_line],
    )
    notice_issuer = models.CharField(
        _("issuing body"),
        max_length=200,
        blank=True,
        help_text=_("Second header line, for example ĐOÀN KIỂM TRA CCHC."),
        validators=[plain_line],
    )
    notice_summary = models.TextField(
        _("general assessment"),
        blank=True,
        help_text=_("Opening paragraph of the notice: how the visit went, what was checked."),
    )
    notice_recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One recipient per line.")
    )
    signer_title = models.CharField(
        _("signer's title"), max_length=100, blank=True, validators=[plain_line]
    )
    signer_name = models.CharField(
        _("signer's name"), max_length=150, blank=True, validators=[plain_line]
    )

    # The unit's figures as of the visit: copied from the plan and intake data when the
    # inspection starts, then kept (and corrected by the team) so later edits don't rewrite
    # what the team saw. The rates are the one place the portal stores a computed figure.
    snapshot_taken_at = models.DateTimeField(_("figures taken at"), null=True, blank=True)
    snapshot_as_of = models.DateField(_("figures as of"), null=True, blank=True)
    snapshot_is_edited = models.BooleanField(_("figures corrected by the team"), default=False)
    tasks_total = models.PositiveIntegerField(
        _("plan tasks"), null=True, blank=True, validators=[MaxCountValidator(MAX_PLAN_TASKS)]
    )
    tasks_done = models.PositiveIntegerField(
        _("tasks done"), null=True, blank=True, validators=[MaxCountValidator(MAX_PLAN_TASKS)]
    )
    tasks_done_on_time = models.PositiveIntegerField(
        _("tasks done on time"),
        null=True,
        blank=True,
        validators=[MaxCountValidator(MAX_PLAN_TASKS)],
    )
    tasks_done_late = models.PositiveIntegerField(
        _("tasks done late"), null=True, blank=True, validators=[MaxCountValidator(MAX_PLAN_TASKS)]
    )
    tasks_overdue = models.PositiveIntegerField(
        _("tasks overdue"), null=True, blank=True, validators=[MaxCountValidator(MAX_PLAN_TASKS)]
    )
    tasks_cancelled = models.PositiveIntegerField(
        _("tasks cancelled"), null=True, blank=True, validators=[MaxCountValidator(MAX_PLAN_TASKS)]
    )
    task_completion_rate = models.DecimalField(
        _("task completion rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    intake_first_month = models.DateField(_("intake from month"), null=True, blank=True)
    intake_last_month = models.DateField(_("intake to month"), null=True, blank=True)
    intake_received = models.PositiveIntegerField(
        _("dossiers received"),
        null=True,
        blank=True,
        validators=[MaxCountValidator(MAX_PERIOD_COUNT)],
    )
    intake_received_online = models.PositiveIntegerField(
        _("dossiers received online"),
        null=True,
        blank=True,
        validators=[MaxCountValidator(MAX_PERIOD_COUNT)],
    )
    intake_resolved = models.PositiveIntegerField(
        _("dossiers resolved"),
        null=True,
        blank=True,
        validators=[MaxCountValidator(MAX_PERIOD_COUNT)],
    )
    intake_resolved_on_time = models.PositiveIntegerField(
        _("dossiers resolved early or on time"),
        null=True,
        blank=True,
        validators=[MaxCountValidator(MAX_PERIOD_COUNT)],
    )
    intake_total = models.PositiveIntegerField(
        _("dossiers handled (carried over and received)"),
        null=True,
        blank=True,
        validators=[MaxCountValidator(MAX_PERIOD_COUNT)],
    )
    intake_electronic = models.PositiveIntegerField(
        _("dossiers processed on the one-stop system"),
        null=True,
        blank=True,
        validators=[MaxCountValidator(MAX_PERIOD_COUNT)],
    )
    intake_returned_by_postal = models.PositiveIntegerField(
        _("results returned by postal service"),
        null=True,
        blank=True,
        validators=[MaxCountValidator(MAX_PERIOD_COUNT)],
    )
    intake_online_rate = models.DecimalField(
        _("online rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    intake_on_time_rate = models.DecimalField(
        _("on-time rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    intake_electronic_rate = models.DecimalField(
        _("electronic processing rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    intake_postal_return_rate = models.DecimalField(
        _("postal return rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    # Long-lived edit forms carry the version they were opened at.
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(m2m_fields=[members])

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-start_on", "-pk"]
        indexes = [
            models.Index(fields=["start_on"], name="inspection_start_on"),
            # A unit's last inspection held (the overview, the board, the unit dashboard).
            models.Index(fields=["unit", "start_on"], name="inspection_unit_start_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="inspection_end_after_start",
                violation_error_message=_("The last day cannot be before the visit date."),
            ),
            models.CheckConstraint(
                condition=Q(tasks_done__isnull=True)
                | Q(tasks_total__isnull=True)
                | Q(tasks_done__lte=F("tasks_total")),
                name="inspection_snapshot_tasks_done_le_total",
                violation_error_message=_("Tasks done cannot exceed the plan's tasks."),
            ),
            models.CheckConstraint(
                condition=Q(intake_received_online__isnull=True)
                | Q(intake_received__isnull=True)
                | Q(intake_received_online__lte=F("intake_received")),
                name="inspection_snapshot_online_le_received",
                violation_error_message=_("Online dossiers cannot exceed dossiers received."),
            ),
            models.CheckConstraint(
                condition=Q(intake_resolved_on_time__isnull=True)
                | Q(intake_resolved__isnull=True)
                | Q(intake_resolved_on_time__lte=F("intake_resolved")),
                name="inspection_snapshot_on_time_le_resolved",
                violation_error_message=_(
                    "Dossiers resolved on time cannot exceed dossiers resolved."
                ),
            ),
            models.CheckConstraint(
                condition=Q(intake_electronic__isnull=True)
                | Q(intake_total__isnull=True)
                | Q(intake_electronic__lte=F("intake_total")),
                name="inspection_snapshot_electronic_le_total",
                violation_error_message=_(
                    "Dossiers processed electronically cannot exceed the dossiers handled."
                ),
            ),
        ]

    def __str__(self):
        return _("%(kind)s inspection at %(unit)s, %(date)s") % {
            "kind": self.get_kind_short_display(),
            "unit": self.unit.name,
            "date": formats.date_format(self.start_on, "SHORT_DATE_FORMAT"),
        }

    def get_absolute_url(self):
        return reverse("inspections:inspection-detail", args=[self.pk])

    def get_kind_short_display(self):
        return {
            self.Kind.CCHC: _("CCHC"),
            self.Kind.PROCEDURE_CONTROL: _("procedure control"),
            self.Kind.BOTH: _("CCHC and procedure control"),
        }[self.kind]

    @property
    def is_frozen(self):
        """Concluded: findings and recommendations can no longer change."""
        return self.status in self.ISSUED_STATUSES

    @property
    def is_issued(self):
        return self.status in self.ISSUED_STATUSES

    @property
    def has_snapshot(self):
        return self.snapshot_taken_at is not None

    @property
    def team(self):
        """Lead first, then members (uses the prefetched members)."""
        members = [m for m in self.members.all() if m.pk != self.lead_id]
        return [self.lead, *sorted(members, key=lambda m: m.get_full_name())]


class FindingQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "inspection__unit"
    # The remediation board caches its shortcomings panel under the figures versions: a
    # bulk write of findings gives their inspections' units a new version
    # (`inspections.summaries.register`).
    summary_unit_fields = ("inspection__unit_id",)

    def _units_of_objects(self, objs):
        """The units of these findings' inspections, in one query."""
        inspections = {o.inspection_id for o in objs}
        return set(Inspection.objects.filter(pk__in=inspections).values_list("unit_id", flat=True))

    def for_user(self, user):
        rows = super().for_user(user)
        if not permissions.sees_drafts(user):
            rows = rows.filter(
                Q(inspection__status__in=Inspection.ISSUED_STATUSES)
                | team_q(user, prefix="inspection__")
            )
        return rows

    def strengths(self):
        return self.filter(kind=Finding.Kind.STRENGTH)

    def shortcomings(self):
        return self.filter(kind=Finding.Kind.SHORTCOMING)


class Finding(TimeStampedModel):
    """What the team found: a strength (ưu điểm) or a shortcoming (tồn tại, hạn chế)."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("strength")
        SHORTCOMING = "shortcoming", _("shortcoming")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    area = models.ForeignKey(
        "reforms.ReformArea",
        verbose_name=_("reform area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    text = models.TextField(_("text"))
    shortcoming_type = models.ForeignKey(
        ShortcomingType,
        verbose_name=_("shortcoming type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="shortcoming") | Q(shortcoming_type__isnull=True),
                name="finding_type_only_for_shortcomings",
                violation_error_message=_("Only a shortcoming can have a shortcoming type."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return f"{self.inspection.get_absolute_url()}#finding-{self.pk}"


class ChecklistResult(TimeStampedModel, VersionedModel):
    """The team's mark for one criterion at one inspection, with a note and an optional photo."""

    class Result(models.TextChoices):
        MET = "met", _("met")
        NOT_MET = "not_met", _("not met")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="checklist_results",
    )
    criterion = models.ForeignKey(
        ChecklistCriterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    # The criterion's wording when marked, so a later edit of the template keeps the record.
    criterion_text = models.CharField(_("criterion"), max_length=500)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to="inspections/checklist/%Y/%m/",
        blank=True,
        validators=[validate_upload, validate_photo],
    )
    finding = models.OneToOneField(
        Finding,
        verbose_name=_("shortcoming recorded"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_result",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist result")
        verbose_name_plural = _("checklist results")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "criterion"], name="checklist_result_once_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_text}: {self.get_result_display()}"
