"""The figures a user can read, each with its one label and its one definition.

This is the single place to look up what a number on a page, an export, a periodic report or
an inspection snapshot means. The definition is the dotted path of the queryset method,
expression or function in the app that owns the figure (the core cannot import the apps, so
it is a string; `tests/core/test_glossary.py` resolves every one). Labels carry the
"figure" context so the glossary never overrides an app's own translation of a msgid. When the definition is a
mapping of conditions or parts (e.g. `reforms.models.task_conditions`), `part` is its key.
Every page, export, report, snapshot and notification counts through these definitions.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

COUNT = "count"
RATE = "rate"
DAYS = "days"
DATE = "date"
POINTS = "points"  # PAR-index points (formatting.format_score)
AVERAGE = "average"  # a mean score, one decimal (formatting.format_average)
KINDS = (COUNT, RATE, DAYS, DATE, POINTS, AVERAGE)


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise
    kind: str
    definition: str
    counts: str
    part: str | None = None


TASKS = "reforms.models.task_conditions"
INTAKE_TOTALS = "procedures.models.INTAKE_TOTALS"
INTAKE_RATES = "procedures.models.INTAKE_RATE_PARTS"
DIGITAL_RATES = "procedures.models.DIGITAL_RATE_PARTS"
RECOMMENDATIONS = "inspections.models.remediation.recommendation_conditions"

FIGURES = (
    # --- reform plans (reforms) ------------------------------------------------------------
    Figure(
        "tasks_counted",
        pgettext_lazy("figure", "Counted tasks"),
        COUNT,
        "reforms.models.ReformTaskQuerySet.counted",
        "Specific tasks, and each general task that has no specific task.",
    ),
    Figure(
        "tasks_total",
        pgettext_lazy("figure", "Tasks (cancelled excluded)"),
        COUNT,
        TASKS,
        "Counted tasks that are not cancelled: the denominator of the completion rate.",
        "total",
    ),
    Figure(
        "tasks_done",
        pgettext_lazy("figure", "Tasks done"),
        COUNT,
        TASKS,
        "Counted tasks done; counted as of a date, only those completed by that day.",
        "done",
    ),
    Figure(
        "tasks_done_on_time",
        pgettext_lazy("figure", "Tasks done on time"),
        COUNT,
        TASKS,
        "Tasks done with no deadline or on or before it.",
        "done_on_time",
    ),
    Figure(
        "tasks_done_late",
        pgettext_lazy("figure", "Tasks done late"),
        COUNT,
        TASKS,
        "Tasks done after their deadline.",
        "done_late",
    ),
    Figure(
        "tasks_overdue",
        pgettext_lazy("figure", "Overdue tasks"),
        COUNT,
        TASKS,
        "Tasks not cancelled, deadline before the reference day, not done by that day.",
        "overdue",
    ),
    Figure(
        "tasks_cancelled",
        pgettext_lazy("figure", "Cancelled tasks"),
        COUNT,
        TASKS,
        "Counted tasks cancelled (with a reason); left out of the total.",
        "cancelled",
    ),
    Figure(
        "task_completion_rate",
        pgettext_lazy("figure", "Plan completion rate"),
        RATE,
        "reforms.models.completion_rate",
        "Tasks done ÷ tasks (cancelled excluded).",
    ),
    # --- procedure intake (procedures) -----------------------------------------------------
    Figure(
        "intake_received",
        pgettext_lazy("figure", "Dossiers newly received"),
        COUNT,
        INTAKE_TOTALS,
        "Received online + at the counter + by postal service, summed over the months.",
        "received_total",
    ),
    Figure(
        "intake_received_online",
        pgettext_lazy("figure", "Dossiers received online"),
        COUNT,
        "procedures.models.IntakeReport.received_online",
        "Dossiers received through the online public-service portal, summed over the months.",
    ),
    Figure(
        "intake_resolved",
        pgettext_lazy("figure", "Dossiers resolved"),
        COUNT,
        INTAKE_TOTALS,
        "Resolved early + on time + late, summed over the months.",
        "resolved_total",
    ),
    Figure(
        "intake_resolved_on_time",
        pgettext_lazy("figure", "Dossiers resolved early or on time"),
        COUNT,
        INTAKE_TOTALS,
        "Resolved early + resolved on time.",
        "resolved_on_time_or_early",
    ),
    Figure(
        "intake_pending",
        pgettext_lazy("figure", "Dossiers pending at the end of the period"),
        COUNT,
        INTAKE_TOTALS,
        "Pending within the deadline + overdue, in each series' last month of the period.",
        "pending_total",
    ),
    Figure(
        "intake_total",
        pgettext_lazy("figure", "Dossiers to resolve"),
        COUNT,
        INTAKE_TOTALS,
        "Carried over into the period's first month + received in the period.",
        "total",
    ),
    Figure(
        "intake_electronic",
        pgettext_lazy("figure", "Dossiers processed on the electronic one-stop system"),
        COUNT,
        "procedures.models.IntakeReport.processed_electronically",
        "Of the dossiers to resolve, those handled on the one-stop software.",
    ),
    Figure(
        "intake_online_rate",
        pgettext_lazy("figure", "Online rate"),
        RATE,
        INTAKE_RATES,
        "Dossiers received online ÷ dossiers newly received.",
        "online_rate",
    ),
    Figure(
        "intake_on_time_rate",
        pgettext_lazy("figure", "On-time rate"),
        RATE,
        INTAKE_RATES,
        "Dossiers resolved early or on time ÷ dossiers resolved.",
        "on_time_rate",
    ),
    Figure(
        "intake_electronic_rate",
        pgettext_lazy("figure", "Electronic-processing rate"),
        RATE,
        INTAKE_RATES,
        "Dossiers processed on the one-stop system ÷ dossiers to resolve.",
        "electronic_rate",
    ),
    Figure(
        "intake_postal_return_rate",
        pgettext_lazy("figure", "Postal-return rate"),
        RATE,
        INTAKE_RATES,
        "Results returned by public postal service ÷ dossiers resolved.",
        "postal_return_rate",
    ),
    Figure(
        "intake_missing_months",
        pgettext_lazy("figure", "Months without intake figures"),
        COUNT,
        "procedures.selectors.missing_months_by_unit",
        "Months of the period for which a unit entered no intake row at all.",
    ),
    Figure(
        "open_flags",
        pgettext_lazy("figure", "Open data flags"),
        COUNT,
        "procedures.models.DataFlagQuerySet.open",
        "Soft checks failed by the figures and not resolved since.",
    ),
    # --- e-government (procedures) ---------------------------------------------------------
    Figure(
        "digital_signed_share",
        pgettext_lazy("figure", "Digitally signed share of outgoing documents"),
        RATE,
        DIGITAL_RATES,
        "Digitally signed outgoing documents ÷ outgoing documents.",
        "signed_share",
    ),
    Figure(
        "digital_electronic_document_share",
        pgettext_lazy("figure", "Share of outgoing documents sent electronically"),
        RATE,
        DIGITAL_RATES,
        "Outgoing documents sent electronically ÷ outgoing documents.",
        "electronic_document_share",
    ),
    Figure(
        "digital_account_share",
        pgettext_lazy("figure", "Share of officials with a one-stop account"),
        RATE,
        DIGITAL_RATES,
        "Officials with a one-stop account ÷ officials in post (each unit's last month).",
        "account_share",
    ),
    Figure(
        "digital_documents_unaccounted",
        pgettext_lazy("figure", "Signed documents unaccounted for"),
        COUNT,
        "procedures.models.unaccounted_documents",
        "Signed documents sent neither interconnected nor internally.",
    ),
    # --- inspections and remediation (inspections) -----------------------------------------
    Figure(
        "recommendations_issued",
        pgettext_lazy("figure", "Recommendations issued"),
        COUNT,
        "inspections.models.remediation.RecommendationQuerySet.issued",
        "Recommendations of inspections whose conclusion is issued; drafts never count.",
    ),
    Figure(
        "recommendations_open",
        pgettext_lazy("figure", "Recommendations not yet remediated"),
        COUNT,
        RECOMMENDATIONS,
        "Issued, nothing awaiting review: never reported, or the report was returned.",
        "open",
    ),
    Figure(
        "recommendations_reported",
        pgettext_lazy("figure", "Recommendations awaiting review"),
        COUNT,
        RECOMMENDATIONS,
        "Issued, with a remediation report awaiting review.",
        "reported",
    ),
    Figure(
        "recommendations_accepted",
        pgettext_lazy("figure", "Recommendations accepted"),
        COUNT,
        RECOMMENDATIONS,
        "Issued, remediation accepted.",
        "accepted",
    ),
    Figure(
        "recommendations_not_accepted",
        pgettext_lazy("figure", "Recommendations not yet accepted"),
        COUNT,
        RECOMMENDATIONS,
        "Not yet remediated + awaiting review.",
        "not_accepted",
    ),
    Figure(
        "recommendations_overdue",
        pgettext_lazy("figure", "Overdue recommendations"),
        COUNT,
        RECOMMENDATIONS,
        "Issued, not accepted, deadline before the reference day.",
        "overdue",
    ),
    Figure(
        "recommendation_acceptance_rate",
        pgettext_lazy("figure", "Acceptance rate"),
        RATE,
        "inspections.models.acceptance_rate",
        "Recommendations accepted ÷ recommendations issued.",
    ),
    Figure(
        "recommendation_days_overdue",
        pgettext_lazy("figure", "Days overdue"),
        DAYS,
        "inspections.models.Recommendation.days_overdue",
        "Days from the deadline to today, for an overdue recommendation.",
    ),
    Figure(
        "last_inspection",
        pgettext_lazy("figure", "Last inspection"),
        DATE,
        "inspections.selectors.last_inspection_by_unit",
        "The visit date of the unit's last inspection held (not only planned) in the period.",
    ),
    Figure(
        "days_to_acceptance",
        pgettext_lazy("figure", "Days to acceptance (average)"),
        DAYS,
        "inspections.selectors.acceptance_times",
        "From the conclusion being issued to the remediation being accepted, on average.",
    ),
    # --- periodic reports (reports) --------------------------------------------------------
    Figure(
        "reports_on_time",
        pgettext_lazy("figure", "Reports submitted on time"),
        COUNT,
        "reports.selectors.timeliness_filters",
        "Reports first submitted on or before the round's deadline.",
        "on_time",
    ),
    Figure(
        "reports_late",
        pgettext_lazy("figure", "Reports submitted late"),
        COUNT,
        "reports.selectors.timeliness_filters",
        "Reports first submitted after the round's deadline.",
        "late",
    ),
    Figure(
        "reports_missing",
        pgettext_lazy("figure", "Reports not yet submitted"),
        COUNT,
        "reports.selectors.timeliness_filters",
        "Reports owed and never submitted.",
        "missing",
    ),
    # --- citizen satisfaction at the counter (feedback) ----------------------------------
    Figure(
        "satisfaction_responses",
        pgettext_lazy("figure", "Survey answers counted"),
        COUNT,
        "feedback.models.SATISFACTION_PARTS",
        "Answers sent at the unit's counters in the period (QR page or tablet), those flagged "
        "as suspected abuse left out unless internal affairs included them.",
        "responses",
    ),
    Figure(
        "satisfaction_rate",
        pgettext_lazy("figure", "Share satisfied and very satisfied"),
        RATE,
        "feedback.selectors.Satisfaction.rate",
        "Counted answers rating overall satisfaction 4 or 5 ÷ counted answers rating it; "
        "not computed with fewer answers than FEEDBACK_MIN_RESPONSES.",
    ),
    Figure(
        "satisfaction_question_mean",
        pgettext_lazy("figure", "Mean score of a survey question"),
        AVERAGE,
        "feedback.models.question_means",
        "The mean of the counted answers' scores (1–5) to the questions of one kind.",
    ),
    # --- the PAR index (par_index) ---------------------------------------------------------
    Figure(
        "par_self_total",
        pgettext_lazy("figure", "PAR index: self-scored total"),
        POINTS,
        "par_index.scoring.totals_from_rows",
        "The unit's self scores of the sub-criteria: regular and survey areas added, bonus "
        "added and penalty subtracted, each capped at its area's maximum.",
    ),
    Figure(
        "par_appraised_total",
        pgettext_lazy("figure", "PAR index: appraised total"),
        POINTS,
        "par_index.scoring.totals_from_rows",
        "The same sum of the appraisal team's scores: the final score where the second "
        "appraisal gave one, else the first appraisal.",
    ),
    Figure(
        "par_percent",
        pgettext_lazy("figure", "PAR index: share of the maximum"),
        RATE,
        "par_index.scoring.Totals.percent",
        "The total over the maximum: the sum of the regular and survey areas' maxima.",
    ),
)

BY_KEY = {figure.key: figure for figure in FIGURES}


def figure(key):
    """The glossary entry of `key` (KeyError for a figure the glossary does not define)."""
    return BY_KEY[key]
