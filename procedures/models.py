"""Monthly procedure-intake and e-government figures, the unit's monthly report and its flags."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.lookups import Exact, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.figures import rates, windows
from cchc_portal.figures.months import month_start
from cchc_portal.models import ScopedQuerySet, TimeStampedModel, Unit
from cchc_portal.summaries import SummarisedQuerySet
from cchc_portal.validators import MAX_MONTHLY_COUNT, MaxCountValidator, plain_line


def validate_first_of_month(value):
    if value is not None and value.day != 1:
        raise ValidationError(
            _("A reporting month is stored as the first day of the month."), code="month_day"
        )


def _month_field():
    return models.DateField(
        _("month"),
        validators=[validate_first_of_month],
        help_text=_("The first day of the reporting month."),
    )


def _count_field(verbose_name, help_text=""):
    return models.PositiveIntegerField(
        verbose_name,
        default=0,
        help_text=help_text,
        validators=[MaxCountValidator(MAX_MONTHLY_COUNT)],
    )


class ProcedureField(models.Model):
    """A field of administrative procedures (reference list, editable, seeded by migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[plain_line])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# The columns of the official periodic report, in its order (see DESIGN.md).
RECEIVED_COLUMNS = ("received_online", "received_counter", "received_postal")
RESOLVED_COLUMNS = ("resolved_early", "resolved_on_time", "resolved_late")
PENDING_COLUMNS = ("pending_within_deadline", "pending_overdue")
INTAKE_COLUMNS = (
    "carried_over",
    *RECEIVED_COLUMNS,
    *RESOLVED_COLUMNS,
    *PENDING_COLUMNS,
    "processed_electronically",
    "returned_by_postal",
)
# Stocks are counted at a moment (start or end of a month), flows over the month: a period
# takes the first month's stock carried over and the last month's pending, and sums the flows.
OPENING_STOCK_COLUMNS = ("carried_over",)
CLOSING_STOCK_COLUMNS = PENDING_COLUMNS
FLOW_COLUMNS = tuple(
    c for c in INTAKE_COLUMNS if c not in OPENING_STOCK_COLUMNS + CLOSING_STOCK_COLUMNS
)


def _sum_of(columns):
    expression = F(columns[0])
    for column in columns[1:]:
        expression = expression + F(column)
    return expression


# --- the intake figures: each total and rate defined once ----------------------------------
# Totals: the columns each one adds up (the model's properties, `add_intake_totals` and the
# selectors' SQL all read this).
INTAKE_TOTALS = {
    "received_total": RECEIVED_COLUMNS,
    "resolved_total": RESOLVED_COLUMNS,
    "resolved_on_time_or_early": ("resolved_early", "resolved_on_time"),
    "pending_total": PENDING_COLUMNS,
    "total": ("carried_over", *RECEIVED_COLUMNS),
}
# Rates: numerator ÷ denominator, both figures above or columns.
INTAKE_RATE_PARTS = {
    # Dossiers received online ÷ all dossiers received.
    "online_rate": ("received_online", "received_total"),
    # (Resolved early + resolved on time) ÷ all dossiers resolved.
    "on_time_rate": ("resolved_on_time_or_early", "resolved_total"),
    # Processed on the electronic one-stop software ÷ all dossiers (carried over + received).
    "electronic_rate": ("processed_electronically", "total"),
    # Results returned by public postal service ÷ all dossiers resolved.
    "postal_return_rate": ("returned_by_postal", "resolved_total"),
}


def total_expression(name):
    """One of INTAKE_TOTALS as an SQL expression over an IntakeReport row."""
    return _sum_of(INTAKE_TOTALS[name])


def intake_rate(name, figures):
    """One of INTAKE_RATE_PARTS from a dict of figures (a percentage, None when ÷ 0)."""
    numerator, denominator = INTAKE_RATE_PARTS[name]
    return rates.percent(figures[numerator], figures[denominator])


def intake_rate_expression(name):
    """The same rate as an SQL expression over annotated figures (ORDER BY and filters only)."""
    return rates.percent_expression(*INTAKE_RATE_PARTS[name])


def add_intake_totals(figures):
    """Add the totals, paper processing and the four rates to a dict of summed columns."""
    for name, columns in INTAKE_TOTALS.items():
        figures[name] = sum(figures[column] for column in columns)
    figures["processed_on_paper"] = max(figures["total"] - figures["processed_electronically"], 0)
    for name in INTAKE_RATE_PARTS:
        figures[name] = intake_rate(name, figures)
    return figures


class IntakeReportQuerySet(SummarisedQuerySet, ScopedQuerySet):
    """Bulk writes keep `IntakeSummary` exact (see `cchc_portal.summaries`)."""

    unit_field = "unit"
    summary_unit_fields = ("unit_id",)

    def in_period(self, first_month, last_month):
        return self.filter(month__gte=month_start(first_month), month__lte=month_start(last_month))

    def with_previous_pending(self):
        """Annotate each row with the pending count of the same unit and field's previous report.

        `previous_month` is the latest earlier month reported for that field (None when there
        is none) and `previous_pending` its pending total: the cross-period rule is that this
        month's carried-over equals it.
        """
        earlier = IntakeReport.objects.filter(
            unit=OuterRef("unit"), field=OuterRef("field"), month__lt=OuterRef("month")
        ).order_by("-month")
        return self.annotate(
            previous_month=Subquery(earlier.values("month")[:1]),
            previous_pending=Subquery(
                earlier.annotate(pending=_sum_of(PENDING_COLUMNS)).values("pending")[:1]
            ),
        )

    def carry_over_mismatches(self):
        """Rows whose carried-over differs from the previous report's pending (soft check)."""
        return (
            self.with_previous_pending()
            .filter(previous_month__isnull=False)
            .exclude(carried_over=F("previous_pending"))
        )


class IntakeReport(TimeStampedModel):
    """Dossiers of one procedure field at one unit in one month, in the official report's columns."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="intake_reports"
    )
    month = _month_field()
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("procedure field"),
        on_delete=models.PROTECT,
        related_name="intake_reports",
    )
    carried_over = _count_field(_("carried over from last period"))
    received_online = _count_field(_("received online"))
    received_counter = _count_field(_("received at the counter"))
    received_postal = _count_field(_("received by postal service"))
    resolved_early = _count_field(_("resolved early"))
    resolved_on_time = _count_field(_("resolved on time"))
    resolved_late = _count_field(_("resolved late"))
    pending_within_deadline = _count_field(_("pending, within deadline"))
    pending_overdue = _count_field(_("pending, overdue"))
    processed_electronically = _count_field(
        _("processed on the electronic one-stop system"),
        _("Of all dossiers (carried over + received), those handled on the one-stop software."),
    )
    returned_by_postal = _count_field(
        _("results returned by postal service"),
        _("Of the dossiers resolved, those whose result was sent by public postal service."),
    )
    history = HistoricalRecords()

    objects = IntakeReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure intake report")
        verbose_name_plural = _("procedure intake reports")
        ordering = ["unit", "month", "field__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "field", "month"],
                name="intake_unique_unit_field_month",
                violation_error_message=_(
                    "This unit already has figures for this field and month."
                ),
            ),
            models.CheckConstraint(
                condition=Exact(
                    _sum_of(("carried_over", *RECEIVED_COLUMNS)),
                    _sum_of((*RESOLVED_COLUMNS, *PENDING_COLUMNS)),
                ),
                name="intake_balance",
                violation_error_code="intake_balance",
                violation_error_message=_("Carried over + received must equal resolved + pending."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    F("processed_electronically"), _sum_of(("carried_over", *RECEIVED_COLUMNS))
                ),
                name="intake_electronic_within_total",
                violation_error_code="intake_electronic_within_total",
                violation_error_message=_(
                    "Dossiers processed on the one-stop system cannot exceed all dossiers "
                    "(carried over + received)."
                ),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(F("returned_by_postal"), _sum_of(RESOLVED_COLUMNS)),
                name="intake_postal_return_within_resolved",
                violation_error_code="intake_postal_return_within_resolved",
                violation_error_message=_(
                    "Results returned by postal service cannot exceed the dossiers resolved."
                ),
            ),
        ]
        indexes = [models.Index(fields=["unit", "month"], name="intake_unit_month")]

    def __str__(self):
        return f"{self.unit} · {self.month:%m/%Y} · {self.field}"

    def _total(self, name):
        return sum(getattr(self, c) for c in INTAKE_TOTALS[name])

    @property
    def received_total(self):
        return self._total("received_total")

    @property
    def resolved_total(self):
        return self._total("resolved_total")

    @property
    def pending_total(self):
        return self._total("pending_total")

    @property
    def total(self):
        return self._total("total")


def _summed_field(column):
    """A summary column: the IntakeReport column of that name, summed (same verbose name)."""
    return models.PositiveIntegerField(IntakeReport._meta.get_field(column).verbose_name, default=0)


class IntakeSummaryQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def in_period(self, first_month, last_month):
        return self.filter(month__gte=month_start(first_month), month__lte=month_start(last_month))

    def period_aggregates(self, first_month, last_month):
        """Aggregates of every intake column over a period of these rows, stocks at its edges.

        Flows are summed over the months; the opening stock is taken from the rows that open
        their series in the period (no earlier report, or one before its first month), the
        closing stock from those that close it (no later report, or one after its last month):
        each IntakeReport series' first and last reported month of the period, as
        `selectors._figures_by_field` takes them from the raw rows. Apply to
        `in_period(first_month, last_month)` rows."""
        first, last = month_start(first_month), month_start(last_month)
        opening = Q(previous_month__isnull=True) | Q(previous_month__lt=first)
        closing = Q(next_month__isnull=True) | Q(next_month__gt=last)
        expressions = {c: Sum(c, default=0) for c in FLOW_COLUMNS}
        expressions.update({c: Sum(c, filter=opening, default=0) for c in OPENING_STOCK_COLUMNS})
        expressions.update({c: Sum(c, filter=closing, default=0) for c in CLOSING_STOCK_COLUMNS})
        return expressions


class IntakeSummary(models.Model):
    """Derived: one unit's intake rows of one month summed over the procedure fields.

    Keyed by (unit, month, previous_month, next_month): `previous_month` / `next_month` are
    the months of the previous / next IntakeReport of the same unit and field (None when
    there is none), so the fields whose series continue alike share a row (normally one row
    per unit and month) and a period's stocks stay exact (`IntakeSummaryQuerySet.
    period_aggregates`). The columns are named like IntakeReport's, so INTAKE_TOTALS and the
    rate definitions apply unchanged. The raw rows are the truth: `procedures.summaries`
    rebuilds a unit's rows from them in the transaction of every write (see
    `cchc_portal.summaries`); never edit a row by hand.
    """

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    month = _month_field()
    previous_month = models.DateField(_("previous month reported"), null=True, blank=True)
    next_month = models.DateField(_("next month reported"), null=True, blank=True)
    report_count = models.PositiveIntegerField(_("intake reports"), default=0)
    carried_over = _summed_field("carried_over")
    received_online = _summed_field("received_online")
    received_counter = _summed_field("received_counter")
    received_postal = _summed_field("received_postal")
    resolved_early = _summed_field("resolved_early")
    resolved_on_time = _summed_field("resolved_on_time")
    resolved_late = _summed_field("resolved_late")
    pending_within_deadline = _summed_field("pending_within_deadline")
    pending_overdue = _summed_field("pending_overdue")
    processed_electronically = _summed_field("processed_electronically")
    returned_by_postal = _summed_field("returned_by_postal")

    objects = IntakeSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake summary")
        verbose_name_plural = _("intake summaries")
        ordering = ["unit", "month"]
        indexes = [
            models.Index(fields=["unit", "month"], name="intake_summary_unit_month"),
            # The latest month of a scope: read backwards until a row of the scope.
            models.Index(fields=["month"], name="intake_summary_month"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.month:%m/%Y}"


DIGITAL_COLUMNS = (
    "documents_total",
    "documents_electronic",
    "documents_signed",
    "documents_interconnected",
    "documents_internal",
    "officials_in_post",
    "officials_with_account",
    "web_posts",
)
# Officials are counted at the end of the month: a period takes each unit's last month.
DIGITAL_STOCK_COLUMNS = ("officials_in_post", "officials_with_account")
DIGITAL_FLOW_COLUMNS = tuple(c for c in DIGITAL_COLUMNS if c not in DIGITAL_STOCK_COLUMNS)


# The e-government shares: numerator ÷ denominator.
DIGITAL_RATE_PARTS = {
    # Digitally signed outgoing documents ÷ all outgoing documents.
    "signed_share": ("documents_signed", "documents_total"),
    # Outgoing documents sent electronically ÷ all outgoing documents.
    "electronic_document_share": ("documents_electronic", "documents_total"),
    # Officials with a one-stop account ÷ officials in post.
    "account_share": ("officials_with_account", "officials_in_post"),
}


def digital_rate(name, figures):
    numerator, denominator = DIGITAL_RATE_PARTS[name]
    return rates.percent(figures[numerator], figures[denominator])


SIGNED_SENT_COLUMNS = ("documents_interconnected", "documents_internal")


def unaccounted_documents(figures):
    """Signed documents sent neither interconnected nor internally (never below 0)."""
    return max(figures["documents_signed"] - sum(figures[c] for c in SIGNED_SENT_COLUMNS), 0)


def add_digital_totals(figures):
    """Add the unaccounted-for signed documents and the three shares to summed columns."""
    figures["documents_unaccounted"] = unaccounted_documents(figures)
    for name in DIGITAL_RATE_PARTS:
        figures[name] = digital_rate(name, figures)
    return figures


class DigitalGovernmentReportQuerySet(SummarisedQuerySet, ScopedQuerySet):
    """Bulk writes give their units a new figures version (`procedures.summaries`)."""

    unit_field = "unit"

    def in_period(self, first_month, last_month):
        return self.filter(month__gte=month_start(first_month), month__lte=month_start(last_month))

    def with_unaccounted(self):
        """Annotate signed documents sent neither interconnected nor internally."""
        return self.annotate(
            unaccounted=F("documents_signed")
            - F("documents_interconnected")
            - F("documents_internal")
        )


class DigitalGovernmentReport(TimeStampedModel):
    """A unit's e-government figures for one month: outgoing documents, accounts, web posts."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="digital_government_reports",
    )
    month = _month_field()
    documents_total = _count_field(_("outgoing documents"))
    documents_electronic = _count_field(_("outgoing documents sent electronically"))
    documents_signed = _count_field(_("digitally signed outgoing documents"))
    documents_interconnected = _count_field(
        _("signed documents sent interconnected"),
        _("Sent through the interconnected document system to other agencies."),
    )
    documents_internal = _count_field(_("signed documents sent internally"))
    officials_in_post = _count_field(_("officials in post"))
    officials_with_account = _count_field(_("officials with a one-stop account"))
    web_posts = _count_field(_("posts on the unit's web page"))
    history = HistoricalRecords()

    objects = DigitalGovernmentReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-government report")
        verbose_name_plural = _("e-government reports")
        ordering = ["unit", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="digital_unique_unit_month",
                violation_error_message=_(
                    "This unit already has e-government figures for this month."
                ),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(F("documents_electronic"), F("documents_total")),
                name="digital_electronic_within_total",
                violation_error_code="digital_electronic_within_total",
                violation_error_message=_(
                    "Documents sent electronically cannot exceed all outgoing documents."
                ),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(F("documents_signed"), F("documents_total")),
                name="digital_signed_within_total",
                violation_error_code="digital_signed_within_total",
                violation_error_message=_(
                    "Digitally signed documents cannot exceed all outgoing documents."
                ),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    F("documents_interconnected") + F("documents_internal"), F("documents_signed")
                ),
                name="digital_sent_within_signed",
                violation_error_code="digital_sent_within_signed",
                violation_error_message=_(
                    "Signed documents sent interconnected + internally cannot exceed the "
                    "digitally signed documents."
                ),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(F("officials_with_account"), F("officials_in_post")),
                name="digital_accounts_within_officials",
                violation_error_code="digital_accounts_within_officials",
                violation_error_message=_(
                    "Officials with an account cannot exceed the officials in post."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.month:%m/%Y}"

    @property
    def documents_unaccounted(self):
        return unaccounted_documents(
            {c: getattr(self, c) for c in ("documents_signed", *SIGNED_SENT_COLUMNS)}
        )


def _rate_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Only if the unit's own report states it (from January to this month): "
            "kept to compare, never used as the figure."
        ),
    )


class MonthlyReportQuerySet(ScopedQuerySet):
    unit_field = "unit"


class MonthlyReport(TimeStampedModel):
    """A unit's report for a month: who submitted it, its note, and the rates it typed.

    The figures are the IntakeReport and DigitalGovernmentReport rows of the same unit and
    month. `version` grows with each save so two people editing the month cannot overwrite
    each other unknowingly.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="monthly_reports"
    )
    month = _month_field()
    reported_online_rate = _rate_field(_("online rate as reported by the unit (%)"))
    reported_on_time_rate = _rate_field(_("on-time rate as reported by the unit (%)"))
    reported_electronic_rate = _rate_field(
        _("electronic-processing rate as reported by the unit (%)")
    )
    note = models.TextField(_("note"), blank=True)
    # Which days the month's figures cover: the installation's rule when they were first
    # entered (months entered before the official windows were introduced stay calendar months).
    window = models.CharField(
        _("data window"),
        max_length=10,
        choices=windows.WindowRule.choices,
        default=windows.current_rule,
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["version"])

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["unit", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="monthly_unique_unit_month",
                violation_error_message=_("This unit already has a report for this month."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.month:%m/%Y}"

    @property
    def window_label(self):
        """ "kỳ 15/09–14/10/2022" (or "tháng 10/2022"): the days this month's figures cover."""
        return windows.month_window_label(self.month, self.window)

    def get_absolute_url(self):
        return reverse(
            "procedures:month-detail", args=[self.unit_id, self.month.year, self.month.month]
        )


REPORTED_RATE_FIELDS = {
    "online_rate": "reported_online_rate",
    "on_time_rate": "reported_on_time_rate",
    "electronic_rate": "reported_electronic_rate",
}


class DataFlagQuerySet(SummarisedQuerySet, ScopedQuerySet):
    """Bulk writes give the units a new figures version (`cchc_portal.summaries`)."""

    unit_field = "unit"
    summary_unit_fields = ("unit_id",)

    def open(self):
        """Flags not resolved: the figure still fails its check (the one definition)."""
        return self.filter(resolved_at__isnull=True)


class DataFlag(models.Model):
    """A soft check that failed: stored, shown wherever the figure appears, never blocking.

    Flags are derived from the figures by `services.flags_refresh`; when the figures are
    corrected the flag is resolved (kept, with `resolved_at`), not deleted.
    """

    class Kind(models.TextChoices):
        CARRY_OVER = "carry_over", _("carried over differs from last month's pending")
        MISSING_MONTH = "missing_month", _("month missing")
        REPORTED_RATE = "reported_rate", _("reported rate differs from the computed rate")
        UNACCOUNTED_DOCUMENTS = "unaccounted_documents", _("signed documents unaccounted for")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="data_flags"
    )
    month = _month_field()
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # What the flag is about within the month: "carry_over:land", "reported_rate:online_rate".
    key = models.CharField(_("key"), max_length=80)
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("procedure field"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    expected = models.DecimalField(
        _("expected"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual = models.DecimalField(
        _("actual"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    detected_at = models.DateTimeField(_("detected at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = DataFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("data flag")
        verbose_name_plural = _("data flags")
        ordering = ["unit", "month", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "key"], name="flag_unique_key"),
        ]
        # The open flags' count per unit and month reads this partial index: flags exist only
        # where a check fails (a few per unit), so it is their summary; no table of counts.
        indexes = [
            models.Index(
                fields=["unit", "month"],
                condition=Q(resolved_at__isnull=True),
                name="flag_open_unit_month",
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.month:%m/%Y} · {self.get_kind_display()}"

    @property
    def message(self):
        from .flags import flag_message

        return flag_message(self)
