"""Periodic CCHC reports: the rounds the city sets, each unit's report, and its submissions."""

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cchc_portal.figures import windows
from cchc_portal.figures.months import month_end
from cchc_portal.files import validate_upload
from cchc_portal.models import ScopedQuerySet, TimeStampedModel, Unit
from cchc_portal.validators import plain_line
from cchc_portal.versioning import VersionedModel

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_months(kind, year, quarter=0):
    """(first month, last month) of a round's period, as first-of-month dates."""
    if kind == ReportRound.Kind.QUARTER:
        first = 3 * quarter - 2
        return datetime.date(year, first, 1), datetime.date(year, first + 2, 1)
    last = {
        ReportRound.Kind.SIX_MONTHS: 6,
        ReportRound.Kind.NINE_MONTHS: 9,
        ReportRound.Kind.ANNUAL: 12,
    }[kind]
    return datetime.date(year, 1, 1), datetime.date(year, last, 1)


# The four CCHC rounds of a year (Văn bản 581/BNV-CCHC of the Ministry of Home Affairs asks for
# reports of quarter I, six months, quarter III and the year; the provinces ask their cities
# and wards for the nine months, cumulative, at the third quarter): (kind, quarter).
YEARLY_ROUNDS = (("quarter", 1), ("six_months", 0), ("nine_months", 0), ("annual", 0))
# The Ministry wants the province's report by the 20th of the window's last month (581/BNV-CCHC);
# each level below asks a little earlier so that the level above can compile. Days after the
# window's last day, by the requesting unit's kind (the due date stays editable).
DUE_DAYS_AFTER_WINDOW = {"province": 4, "city": 2}
DUE_DAYS_AFTER_WINDOW_OTHER = 1


def default_deadline(requester, last_day):
    """The due date the yearly calendar proposes for a round whose window ends `last_day`."""
    days = DUE_DAYS_AFTER_WINDOW.get(requester.kind, DUE_DAYS_AFTER_WINDOW_OTHER)
    return last_day + datetime.timedelta(days=days)


def day_end(day):
    """The first moment after `day` in the portal's time zone: a deadline ends there."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start)


class ReportRoundQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def for_user(self, user):
        """Rounds a user's unit set, or that a unit in the user's subtree owes."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        path = user.unit.path
        owed = UnitReport.objects.filter(round=OuterRef("pk"), unit__path__startswith=path)
        return self.filter(Q(unit__path__startswith=path) | Exists(owed))

    def of_year(self, year):
        return self.filter(year=year)

    def past_deadline(self, today):
        """Rounds whose deadline is before `today` (the Python twin: `deadline_passed`)."""
        return self.filter(deadline__lt=today)


class ReportRound(TimeStampedModel, VersionedModel):
    """A round of periodic reports (kỳ báo cáo): what period, due when, owed by which units."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("quarterly report")
        SIX_MONTHS = "six_months", _("six-month report")
        NINE_MONTHS = "nine_months", _("nine-month report")
        ANNUAL = "annual", _("annual report")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("requesting unit"),
        on_delete=models.PROTECT,
        related_name="report_rounds",
        help_text=_("The unit that asks for the reports and receives them."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of report"), max_length=20, choices=Kind.choices)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), default=0, help_text=_("Only for a quarterly report: 1 to 4.")
    )
    first_month = models.DateField(_("first month"), editable=False)
    last_month = models.DateField(_("last month"), editable=False)
    # The days the figures cover, fixed when the round is created under the installation's
    # rule (cchc_portal/figures/windows.py), so a later change of rule leaves it as it was.
    starts_on = models.DateField(_("figures from"), editable=False)
    ends_on = models.DateField(_("figures to"), editable=False)
    deadline = models.DateField(_("deadline"))
    instructions = models.TextField(
        _("instructions"),
        blank=True,
        help_text=_("What the units should pay attention to; shown on each unit's report."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind how many days before the deadline"), default=5
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When internal affairs heard that the deadline passed with reports missing (sent once).
    overdue_summary_sent_on = models.DateField(
        _("missing-reports notice sent on"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["overdue_summary_sent_on"])

    objects = ReportRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("report round")
        verbose_name_plural = _("report rounds")
        ordering = ["-year", "-last_month", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "quarter"],
                name="reports_round_unique_period",
                violation_error_message=_("This unit already has a round for this period."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="quarter") & Q(quarter__gte=1, quarter__lte=4))
                | (~Q(kind="quarter") & Q(quarter=0)),
                name="reports_round_quarter_matches_kind",
                violation_error_message=_("Choose the quarter of a quarterly report (1 to 4)."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["quarter", "six_months", "nine_months", "annual"]),
                name="reports_round_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="reports_round_year_range",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("first_month")),
                name="reports_round_deadline_after_start",
                violation_error_message=_(
                    "The deadline cannot be before the period the report covers."
                ),
            ),
        ]

    def __str__(self):
        return str(self.title)

    def _set_period(self):
        self.first_month, self.last_month = period_months(self.kind, self.year, self.quarter)
        if self.pk is None or self.starts_on is None:
            self.starts_on, self.ends_on = windows.window(self.first_month, self.last_month)

    def save(self, *args, **kwargs):
        self._set_period()
        super().save(*args, **kwargs)

    def clean(self):
        if self.kind and self.year and (self.kind != self.Kind.QUARTER or 1 <= self.quarter <= 4):
            self._set_period()

    def get_absolute_url(self):
        return reverse("reports:round-detail", args=[self.pk])

    @property
    def period_label(self):
        """ "9 tháng đầu năm 2022", "quý I năm 2023": the period as a report title names it."""
        if self.kind == self.Kind.QUARTER:
            return _("quarter %(quarter)s of %(year)s") % {
                "quarter": ROMAN.get(self.quarter, "?"),
                "year": self.year,
            }
        if self.kind == self.Kind.SIX_MONTHS:
            return _("the first six months of %(year)s") % {"year": self.year}
        if self.kind == self.Kind.NINE_MONTHS:
            return _("the first nine months of %(year)s") % {"year": self.year}
        return pgettext_lazy("report period", "the year %(year)s") % {"year": self.year}

    @property
    def title(self):
        return _("CCHC report, %(period)s") % {"period": self.period_label}

    @property
    def period_end(self):
        """The last day the report covers."""
        return self.ends_on

    @property
    def days_label(self):
        """ "15/12/2021–14/09/2022": the days the round's figures cover."""
        return windows.days_label(self.starts_on, self.ends_on)

    @property
    def window_rule(self):
        """The rule the round's days follow: calendar months start on the 1st."""
        if self.starts_on == self.first_month and self.ends_on == month_end(self.last_month):
            return windows.WindowRule.CALENDAR
        return windows.WindowRule.DECREE_09

    def month_ends(self):
        """(month, the last day of its window) for each month of the round."""
        rule = self.window_rule
        months, month = [], self.first_month
        while month <= self.last_month:
            months.append((month, windows.month_window(month, rule)[1]))
            month = month_end(month) + datetime.timedelta(days=1)
        return months

    @property
    def deadline_passed(self):
        return timezone.localdate() > self.deadline

    def as_of(self, today=None):
        """The day the figures are counted at: the window's last day, or today while it runs
        (the same rule as every page's period)."""
        return min(self.ends_on, today or timezone.localdate())


def submission_upload_to(instance, filename):
    # A random folder keeps names unguessable and lets two files share a name.
    name = get_valid_filename(Path(filename).name) or "file"
    return f"reports/{instance.report.unit_id}/{uuid.uuid4().hex[:16]}/{name}"


class UnitReportQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def not_submitted(self):
        """Reports still owed: never submitted, or returned for correction."""
        return self.exclude(status=UnitReport.Status.SUBMITTED)

    def past_round_deadline(self, today):
        return self.filter(round__in=ReportRound.objects.past_deadline(today))


class UnitReport(TimeStampedModel):
    """What one unit owes for one round: its narrative, its status and its submissions.

    On time or late is judged by the first submission: a report returned for correction and
    sent again keeps the timeliness of the first sending.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("not submitted")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")

    round = models.ForeignKey(
        ReportRound,
        verbose_name=_("report round"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="periodic_reports"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    # The unit's own text under each area of the report's outline ({area code: text}, see
    # reports/document.py AREA_OUTLINE).
    area_texts = models.JSONField(_("text by reform area"), default=dict, blank=True)
    document_number = models.CharField(
        _("document number"),
        max_length=60,
        blank=True,
        help_text=_("For example 125/BC-UBND."),
        validators=[plain_line],
    )
    place = models.CharField(
        _("place"),
        max_length=100,
        blank=True,
        help_text=_("Place of issue, e.g. Huyền Tụng."),
        validators=[plain_line],
    )
    signer_title = models.CharField(
        _("signer's title"),
        max_length=100,
        blank=True,
        help_text=_("For example CHỦ TỊCH."),
        validators=[plain_line],
    )
    signer_name = models.CharField(
        _("signer's name"), max_length=150, blank=True, validators=[plain_line]
    )
    narrative_edited_at = models.DateTimeField(_("text edited at"), null=True, blank=True)
    narrative_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("text edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("report", "submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the reminders went out, so the daily command sends each one once.
    reminder_before_sent_on = models.DateField(null=True, blank=True, editable=False)
    reminder_after_sent_on = models.DateField(null=True, blank=True, editable=False)
    # Optimistic locking: the edit form carries the version it was read at.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(
        excluded_fields=["version", "reminder_before_sent_on", "reminder_after_sent_on"]
    )

    objects = UnitReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["round", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit"],
                name="reports_one_report_per_unit_and_round",
                violation_error_message=_("This unit already owes a report for this round."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="reports_report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(first_submitted_at__isnull=False),
                name="reports_report_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="reports_unit_status")]

    def __str__(self):
        return f"{self.round.title} — {self.unit.display_name}"

    def get_absolute_url(self):
        return reverse("reports:report-detail", args=[self.pk])

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def is_editable(self):
        return self.status != self.Status.SUBMITTED

    @property
    def was_submitted(self):
        return self.first_submitted_at is not None

    @property
    def narrative_is_edited(self):
        return self.narrative_edited_at is not None

    @property
    def timeliness(self):
        """on_time, late, overdue (not submitted, deadline passed) or due (not yet)."""
        deadline = self.round.deadline
        if self.first_submitted_at is not None:
            submitted_on = timezone.localdate(self.first_submitted_at)
            return "late" if submitted_on > deadline else "on_time"
        return "overdue" if timezone.localdate() > deadline else "due"

    @property
    def days_late(self):
        """Days past the deadline: at the first submission, or until today when still owed."""
        deadline = self.round.deadline
        if self.first_submitted_at is not None:
            day = timezone.localdate(self.first_submitted_at)
        else:
            day = timezone.localdate()
        return max((day - deadline).days, 0)

    @property
    def days_left(self):
        return (self.round.deadline - timezone.localdate()).days


class ReportSubmission(TimeStampedModel):
    """One sending of a unit's report: what was sent, with its figures frozen as they were."""

    class Source(models.TextChoices):
        GENERATED = "generated", _("generated by the portal")
        EDITED = "edited", _("drafted on the portal and edited")
        UPLOADED = "uploaded", _("uploaded file (signed scan or edited document)")

    report = models.ForeignKey(
        UnitReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(_("submission number"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("report", "submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("what was submitted"), max_length=20, choices=Source.choices)
    file = models.FileField(
        _("file"),
        upload_to=submission_upload_to,
        validators=[validate_upload],
        blank=True,
        max_length=255,
    )
    # The figures as generated at the moment of submission (see reports/figures.py).
    figures = models.JSONField(_("figures as submitted"), default=dict)
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    area_texts = models.JSONField(_("text by reform area"), default=dict, blank=True)
    document_number = models.CharField(
        _("document number"), max_length=60, blank=True, validators=[plain_line]
    )
    place = models.CharField(_("place"), max_length=100, blank=True, validators=[plain_line])
    signer_title = models.CharField(
        _("signer's title"), max_length=100, blank=True, validators=[plain_line]
    )
    signer_name = models.CharField(
        _("signer's name"), max_length=150, blank=True, validators=[plain_line]
    )
    note = models.TextField(_("note to the receiving unit"), blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_comment = models.TextField(_("reason for returning"), blank=True)
    history = HistoricalRecords(excluded_fields=["figures"])

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="reports_submission_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | ~Q(return_comment=""),
                name="reports_submission_return_has_comment",
                violation_error_message=_("Say why the report is returned."),
            ),
            models.CheckConstraint(
                condition=~Q(source="uploaded") | ~Q(file=""),
                name="reports_submission_upload_has_file",
                violation_error_message=_("Attach the file you submit."),
            ),
        ]

    def __str__(self):
        return _("Submission %(number)s of %(report)s") % {
            "number": self.number,
            "report": self.report,
        }

    @property
    def file_name(self):
        return Path(self.file.name).name if self.file else ""

    @property
    def is_late(self):
        return timezone.localdate(self.submitted_at) > self.report.round.deadline

    @property
    def is_returned(self):
        return self.returned_at is not None
