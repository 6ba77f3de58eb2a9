"""Recommendations (kiến nghị) and the unit's remediation reports (báo cáo khắc phục)."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.figures import rates
from cchc_portal.files import validate_upload
from cchc_portal.models import ScopedQuerySet, TimeStampedModel, Unit
from cchc_portal.summaries import SummarisedQuerySet

from .. import permissions
from .inspection import Finding, Inspection, team_q


def recommendation_conditions(today=None):
    """The one definition of each recommendation state, as Q objects over issued ones.

    open: to remediate (nothing awaiting review; a returned report makes it open again);
    reported: a report awaits review; not accepted: open + reported; overdue: not accepted
    and past its deadline on `today`. Counted only over `issued()` recommendations.
    """
    Status = Recommendation.Status
    return {
        "total": Q(),
        "open": Q(status=Status.OPEN),
        "reported": Q(status=Status.SUBMITTED),
        "accepted": Q(status=Status.ACCEPTED),
        "not_accepted": ~Q(status=Status.ACCEPTED),
        "overdue": ~Q(status=Status.ACCEPTED) & Q(due_on__lt=today or timezone.localdate()),
    }


class RecommendationQuerySet(SummarisedQuerySet, ScopedQuerySet):
    unit_field = "inspection__unit"
    # The recommendation summary is keyed by the unit that must remediate.
    summary_unit_fields = ("responsible_unit_id",)

    def for_user(self, user):
        """Recommendations of inspections in scope, and those addressed to a unit in scope.

        Unit staff see them once the conclusion is issued (drafts stay with the team).
        """
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        path = user.unit.path
        rows = self.filter(
            Q(inspection__unit__path__startswith=path) | Q(responsible_unit__path__startswith=path)
        )
        if not permissions.sees_drafts(user):
            rows = rows.filter(
                Q(inspection__status__in=Inspection.ISSUED_STATUSES)
                | team_q(user, prefix="inspection__")
            )
        return rows

    # The one definition of each recommendation figure: every page, export, report, snapshot
    # and notification counts through these. A state is the status; only issued
    # recommendations (conclusion out, drafts never) are counted by the figures.
    def issued(self):
        """Recommendations whose inspection's conclusion is issued (drafts are never counted)."""
        return self.filter(inspection__status__in=Inspection.ISSUED_STATUSES)

    def open(self):
        """To remediate: nothing awaiting review (never reported, or its report returned)."""
        return self.filter(recommendation_conditions()["open"])

    def reported(self):
        """A remediation report is awaiting review."""
        return self.filter(recommendation_conditions()["reported"])

    def accepted(self):
        return self.filter(recommendation_conditions()["accepted"])

    def not_accepted(self):
        """Open + reported: everything not yet accepted."""
        return self.filter(recommendation_conditions()["not_accepted"])

    def overdue(self, today=None):
        """Issued, past the deadline and not accepted (a report awaiting review counts)."""
        return self.issued().filter(recommendation_conditions(today)["overdue"])

    def figure_counts(self, today=None):
        """COUNT expressions for every state, for `aggregate()` over issued recommendations."""
        return {
            key: Count("pk", filter=condition)
            for key, condition in recommendation_conditions(today).items()
        }

    def figures(self, today=None):
        """Issued recommendations: total, open, reported, accepted, not_accepted, overdue and
        acceptance_rate (one query)."""
        counts = self.issued().aggregate(**self.figure_counts(today))
        counts["acceptance_rate"] = acceptance_rate(counts["accepted"], counts["total"])
        return counts

    def addressed_to(self, unit):
        return self.filter(responsible_unit=unit)

    def awaiting_review(self):
        return self.issued().reported()


def recommendation_units(recommendation_ids):
    """The units of these recommendations: the responsible ones and their inspections'."""
    units = set()
    rows = Recommendation.objects.filter(pk__in=recommendation_ids).values_list(
        "responsible_unit_id", "inspection__unit_id"
    )
    for responsible, inspected in rows:
        units |= {responsible, inspected}
    return units


def acceptance_rate(accepted, issued):
    """Recommendations accepted ÷ recommendations issued (a percentage, None when ÷ 0)."""
    return rates.percent(accepted, issued)


class Recommendation(TimeStampedModel):
    """What the unit must fix, by when; tracked until its remediation is accepted."""

    class Status(models.TextChoices):
        OPEN = "open", _("to remediate")
        SUBMITTED = "submitted", _("report submitted")
        ACCEPTED = "accepted", _("accepted")

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    due_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # When the "deadline passed" notice went out, so the daily command sends it once.
    overdue_notified_on = models.DateField(_("overdue notice sent on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["inspection", "number"]
        indexes = [models.Index(fields=["due_on"], name="recommendation_due_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"], name="recommendation_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                name="recommendation_accepted_has_time",
            ),
        ]

    def __str__(self):
        return _("Recommendation %(number)s: %(text)s") % {
            "number": self.number,
            "text": self.text[:80],
        }

    def get_absolute_url(self):
        return reverse("inspections:recommendation-detail", args=[self.pk])

    def is_overdue_on(self, today):
        """The Python twin of `RecommendationQuerySet.overdue` (needs `inspection` loaded)."""
        return (
            self.status != self.Status.ACCEPTED
            and self.inspection.is_issued
            and self.due_on < today
        )

    @property
    def is_draft(self):
        """Drafted by the team, the conclusion not yet issued (needs `inspection` loaded)."""
        return not self.inspection.is_issued

    @property
    def shown_status(self):
        """The status a reader sees: a draft is nothing to remediate yet."""
        return "draft" if self.is_draft else self.status

    @property
    def shown_status_label(self):
        if self.is_draft:
            return _("draft, not issued")
        return self.get_status_display()

    @property
    def is_overdue(self):
        return self.is_overdue_on(timezone.localdate())

    @property
    def last_report(self):
        """The latest remediation report (reads the prefetched reports when there are)."""
        reports = list(self.reports.all())
        return reports[-1] if reports else None

    @property
    def days_overdue(self):
        if not self.is_overdue:
            return 0
        return (timezone.localdate() - self.due_on).days


class RemediationReportQuerySet(SummarisedQuerySet, ScopedQuerySet):
    # The remediation board caches its review times under the figures versions: a bulk
    # write of reports gives the recommendations' units (the responsible one and the
    # inspection's) a new version (`inspections.summaries.register`).
    summary_unit_fields = (
        "recommendation__responsible_unit_id",
        "recommendation__inspection__unit_id",
    )

    def _units_of_objects(self, objs):
        """The units of these reports' recommendations, in one query."""
        return recommendation_units({o.recommendation_id for o in objs})

    def for_user(self, user):
        visible = Recommendation.objects.for_user(user).values("pk")
        return self.filter(recommendation__in=visible)


class RemediationReport(TimeStampedModel):
    """What the unit did about a recommendation, and internal affairs' review of it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    text = models.TextField(_("what the unit did"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RemediationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("remediation report")
        verbose_name_plural = _("remediation reports")
        ordering = ["recommendation", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(decision="pending"),
                name="remediation_one_pending_per_recommendation",
                violation_error_message=_(
                    "A report for this recommendation is already awaiting review."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(review_comment=""),
                name="remediation_returned_needs_comment",
                violation_error_message=_("Say why the report is returned."),
            ),
            models.CheckConstraint(
                condition=Q(decision="pending") | Q(reviewed_at__isnull=False),
                name="remediation_reviewed_has_time",
            ),
        ]

    def __str__(self):
        return _("Report of %(date)s") % {"date": timezone.localtime(self.submitted_at).date()}


def evidence_path(instance, filename):
    return f"inspections/evidence/{timezone.now():%Y/%m}/{filename}"


class EvidenceFile(TimeStampedModel):
    """A file the unit attaches to a remediation report (decision, photo, screenshot…)."""

    report = models.ForeignKey(
        RemediationReport,
        verbose_name=_("remediation report"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, validators=[validate_upload])
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.name
