"""The registered rules: each reads its figures through the owning app's selectors, for every
unit of a round at once, and judges one unit's figures against the criterion's settings.

The year's figures are those of the pages for the same unit and year: the plan's tasks as of
the year's end (or today, while the year runs: the periods' rule), the procedures' figures of
January–December (`procedures:unit-figures?period=year`), the reports owed for the year's
rounds, the recommendations of the inspections held (visit date) in the year as they stand
today, the outreach activities and the documents dated in the year.
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_portal.figures.formatting import format_count, format_date, format_percent, format_score
from feedback import selectors as feedback_selectors
from inspections import selectors as inspection_selectors
from procedures import selectors as procedure_selectors
from reforms import selectors as reform_selectors
from reports import selectors as report_selectors

from .models import Evidence
from .rules import Param, Result, Rule, apply_steps, deadline_of, points, register

Kind = Evidence.Kind


def _year_end(year):
    return datetime.date(year, 12, 31)


def _as_of(year, today):
    """The day a year's figures are counted at: its last day, or today while it runs."""
    return min(_year_end(year), today)


def _no_data(value, detail):
    return Result(score=None, value=value, detail=detail)


def _steps_param(default, label=None):
    return Param(
        "steps",
        label or gettext_lazy("Points by threshold"),
        default,
        kind="steps",
        help_text=gettext_lazy(
            "Thresholds and shares of the maximum in per cent, highest first, e.g. “50: 100; "
            "20: 50”: from 50 per cent full points, from 20 per cent half, below that 0."
        ),
    )


# --- evidence --------------------------------------------------------------------------


def plan_evidence(plan):
    document = plan.document
    if document is not None:
        label = _("Reform plan %(year)s (%(number)s of %(date)s)") % {
            "year": plan.year,
            "number": document.number,
            "date": format_date(document.issued_on),
        }
    else:
        label = _("Reform plan %(year)s (draft: no issuing document)") % {"year": plan.year}
    return {"kind": Kind.PLAN, "label": label, "url": plan.get_absolute_url(), "plan_id": plan.pk}


def document_evidence(document):
    return {
        "kind": Kind.DOCUMENT,
        "label": str(document)[:500],
        "url": document.get_absolute_url(),
        "document_id": document.pk,
    }


def figures_evidence(label, url):
    return {"kind": Kind.FIGURES, "label": label, "url": url}


# --- 1. the plan issued on time --------------------------------------------------------

PREVIOUS_YEAR, SAME_YEAR = "previous", "same"


def _load_plans(units, year, today):
    return reform_selectors.plans_by_unit(units, year)


def _no_plan(year):
    return _no_data(
        _("No reform plan for %(year)s.") % {"year": year},
        _("The unit has no reform plan for %(year)s in the portal: score this criterion by hand.")
        % {"year": year},
    )


def judge_plan_issued(plan, unit, year, criterion, params, today):
    if plan is None:
        return _no_plan(year)
    deadline_year = year - 1 if params["deadline_year"] == PREVIOUS_YEAR else year
    deadline = deadline_of(params["deadline"], deadline_year)
    evidence = [plan_evidence(plan)]
    document = plan.document
    if document is None:
        value = _("The plan for %(year)s has no issuing document.") % {"year": year}
        if today <= deadline:
            return Result(
                None,
                value,
                _("Not issued yet; the deadline is %(deadline)s: score it once it is issued.")
                % {"deadline": format_date(deadline)},
                evidence,
            )
        return Result(
            points(criterion, 0),
            value,
            _("No issuing document recorded by the deadline %(deadline)s: 0 points.")
            % {"deadline": format_date(deadline)},
            evidence,
        )
    evidence.append(document_evidence(document))
    value = _("Plan %(number)s issued on %(date)s.") % {
        "number": document.number,
        "date": format_date(document.issued_on),
    }
    if document.issued_on <= deadline:
        score = points(criterion, 100)
        detail = _("Issued by the deadline %(deadline)s: full points (%(score)s).") % {
            "deadline": format_date(deadline),
            "score": format_score(score),
        }
    else:
        score = points(criterion, 0)
        detail = _("Issued after the deadline %(deadline)s: 0 points.") % {
            "deadline": format_date(deadline)
        }
    return Result(score, value, detail, evidence)


register(
    Rule(
        key="plan_issued_on_time",
        label=gettext_lazy("Reform plan issued on time"),
        description=gettext_lazy(
            "Full points when the unit's reform plan for the year was issued (its issuing "
            "document dated) on or before the deadline, else 0."
        ),
        params=(
            Param("deadline", gettext_lazy("Deadline (day/month)"), "31/12", kind="date"),
            Param(
                "deadline_year",
                gettext_lazy("Deadline in"),
                PREVIOUS_YEAR,
                kind="choice",
                choices=(
                    (PREVIOUS_YEAR, gettext_lazy("the year before the year scored")),
                    (SAME_YEAR, gettext_lazy("the year scored")),
                ),
            ),
        ),
        load=_load_plans,
        judge=judge_plan_issued,
    )
)


# --- 2. the plan's tasks done ----------------------------------------------------------


def _load_tasks(units, year, today):
    as_of = _as_of(year, today)
    plans = reform_selectors.plans_by_unit(units, year)
    figures = reform_selectors.task_figures_by_unit(units, year, as_of)
    not_done = reform_selectors.tasks_not_done_by_plan([plan.pk for plan in plans.values()], as_of)
    return {
        unit_id: {
            "plan": plan,
            "figures": figures.get(unit_id),
            "not_done": not_done.get(plan.pk, []),
            "as_of": as_of,
        }
        for unit_id, plan in plans.items()
    }


def judge_tasks_done(data, unit, year, criterion, params, today):
    if data is None:
        return _no_plan(year)
    plan, figures = data["plan"], data["figures"] or {}
    total, done = figures.get("tasks_total", 0), figures.get("tasks_done", 0)
    evidence = [plan_evidence(plan)]
    if not total:
        return Result(
            None,
            _("The plan for %(year)s has no counted tasks.") % {"year": year},
            _("Nothing to count: score this criterion by hand."),
            evidence,
        )
    rate = reform_selectors.completion_rate(done, total)
    value = _("%(done)s/%(total)s tasks (%(rate)s) done by %(date)s") % {
        "done": format_count(done),
        "total": format_count(total),
        "rate": format_percent(rate),
        "date": format_date(data["as_of"]),
    }
    score, detail = apply_steps(criterion, rate, params["steps"])
    for task in data["not_done"]:
        evidence.append(
            {
                "kind": Kind.TASK,
                "label": (_("Not done: %(task)s") % {"task": task.title})[:500],
                "url": task.get_absolute_url(),
                "task_id": task.pk,
            }
        )
    return Result(score, value, detail, evidence)


register(
    Rule(
        key="plan_tasks_done",
        label=gettext_lazy("Share of the reform plan's tasks done"),
        description=gettext_lazy(
            "The plan's counted tasks (cancelled ones left out) done by the end of the year, "
            "as a share of all; points by threshold."
        ),
        params=(_steps_param([[100, 100], [80, 50]]),),
        load=_load_tasks,
        judge=judge_tasks_done,
    )
)


# --- 3, 4. the procedures' online and on-time rates ------------------------------------


def _load_intake(units, year, today):
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    return procedure_selectors.intake_figures_by_unit(units, first, last)


def figures_url(unit, year):
    query = urlencode({"period": "year", "year": year})
    return f"{reverse('procedures:unit-figures', args=[unit.pk])}?{query}"


def _intake_judge(rate_name, part, whole, value_text, empty_text):
    def judge(figures, unit, year, criterion, params, today):
        evidence = [
            figures_evidence(
                _("Procedure figures of %(year)s") % {"year": year}, figures_url(unit, year)
            )
        ]
        figures = procedure_selectors.unit_figures_with_rates(figures)
        if not figures[whole]:
            return Result(
                None,
                str(empty_text) % {"year": year},
                _("No figures to compute the rate from: score this criterion by hand."),
                evidence,
            )
        rate = figures[rate_name]
        value = str(value_text) % {
            "part": format_count(figures[part]),
            "whole": format_count(figures[whole]),
            "rate": format_percent(rate),
        }
        score, detail = apply_steps(criterion, rate, params["steps"])
        return Result(score, value, detail, evidence)

    return judge


register(
    Rule(
        key="online_dossier_rate",
        label=gettext_lazy("Online dossier rate"),
        description=gettext_lazy(
            "Dossiers received online ÷ dossiers newly received in the year (the unit's "
            "procedure figures); points by threshold."
        ),
        params=(_steps_param([[50, 100], [20, 50]]),),
        load=_load_intake,
        judge=_intake_judge(
            "online_rate",
            "received_online",
            "received_total",
            gettext_lazy("%(part)s/%(whole)s dossiers received online (%(rate)s)"),
            gettext_lazy("No dossiers received in %(year)s."),
        ),
    )
)

register(
    Rule(
        key="on_time_rate",
        label=gettext_lazy("Dossiers resolved on time"),
        description=gettext_lazy(
            "Dossiers resolved early or on time ÷ dossiers resolved in the year (the unit's "
            "procedure figures); points by threshold."
        ),
        params=(_steps_param([[100, 100], [95, 50]]),),
        load=_load_intake,
        judge=_intake_judge(
            "on_time_rate",
            "resolved_on_time_or_early",
            "resolved_total",
            gettext_lazy("%(part)s/%(whole)s dossiers resolved on time (%(rate)s)"),
            gettext_lazy("No dossiers resolved in %(year)s."),
        ),
    )
)


# --- 5. the periodic reports submitted on time -----------------------------------------

PROPORTIONAL, NOTHING = "proportional", "zero"


def _load_reports(units, year, today):
    return report_selectors.reports_of_year_by_unit(units, year)


def judge_reports(reports, unit, year, criterion, params, today):
    # A report not yet sent whose deadline is still ahead is not late yet: left out.
    owed = [
        report
        for report in reports or []
        if report.first_submitted_at is not None or report.round.deadline < today
    ]
    if not owed:
        return _no_data(
            _("No periodic report owed for %(year)s yet.") % {"year": year},
            _("No report was due: score this criterion by hand."),
        )
    evidence = []
    late = []
    for report in owed:
        if report.submitted_on_time:
            state = _("submitted on time")
        elif report.first_submitted_at is None:
            state = _("not submitted")
            late.append(_("%(report)s (not submitted)") % {"report": report.round.title})
        else:
            state = _("submitted %(days)s days late") % {"days": format_count(report.days_late)}
            late.append(
                _("%(report)s (%(days)s days late)")
                % {"report": report.round.title, "days": format_count(report.days_late)}
            )
        evidence.append(
            {
                "kind": Kind.REPORT,
                "label": f"{report.round.title}: {state}"[:500],
                "url": report.get_absolute_url(),
                "report_id": report.pk,
            }
        )
    on_time = len(owed) - len(late)
    value = _("%(on_time)s/%(owed)s reports submitted on time") % {
        "on_time": format_count(on_time),
        "owed": format_count(len(owed)),
    }
    if not late:
        score = points(criterion, 100)
        detail = _("Every report submitted on time: full points (%(score)s).") % {
            "score": format_score(score)
        }
    elif params["partial"] == PROPORTIONAL:
        score = points(criterion, Decimal(on_time) * 100 / len(owed))
        detail = _(
            "Late or missing: %(late)s. Points in proportion to the reports on time: %(score)s."
        ) % {
            "late": "; ".join(late),
            "score": format_score(score),
        }
    else:
        score = points(criterion, 0)
        detail = _("Late or missing: %(late)s. Not every report on time: 0 points.") % {
            "late": "; ".join(late)
        }
    return Result(score, value, detail, evidence)


register(
    Rule(
        key="reports_on_time",
        label=gettext_lazy("Periodic reports submitted on time"),
        description=gettext_lazy(
            "The reports owed for the year's report rounds, first submitted by the round's "
            "deadline: full points when every one was."
        ),
        params=(
            Param(
                "partial",
                gettext_lazy("When some are late"),
                NOTHING,
                kind="choice",
                choices=(
                    (NOTHING, gettext_lazy("0 points")),
                    (PROPORTIONAL, gettext_lazy("points in proportion to the reports on time")),
                ),
            ),
        ),
        load=_load_reports,
        judge=judge_reports,
    )
)


# --- 6. the recommendations remediated -------------------------------------------------

FULL, BY_HAND = "full", "by_hand"


def _load_recommendations(units, year, today):
    first, last = datetime.date(year, 1, 1), _year_end(year)
    figures = inspection_selectors.recommendation_figures_by_unit(
        units, first_day=first, last_day=last, today=today
    )
    inspections = inspection_selectors.inspections_addressing_by_unit(
        units, first_day=first, last_day=last
    )
    return {
        unit_id: {"figures": figures.get(unit_id), "inspections": inspections.get(unit_id, [])}
        for unit_id in set(figures) | set(inspections)
    }


def judge_recommendations(data, unit, year, criterion, params, today):
    figures = (data or {}).get("figures") or {}
    total = figures.get("recommendations_total", 0)
    if not total:
        value = _("No recommendations to the unit from inspections held in %(year)s.") % {
            "year": year
        }
        if params["when_none"] == FULL:
            score = points(criterion, 100)
            return Result(
                score,
                value,
                _("Nothing to remediate: full points (%(score)s).")
                % {"score": format_score(score)},
            )
        return _no_data(value, _("Nothing to remediate: score this criterion by hand."))
    accepted = figures["recommendations_accepted"]
    rate = inspection_selectors.acceptance_rate(accepted, total)
    value = _("%(accepted)s/%(total)s recommendations accepted as remediated (%(rate)s)") % {
        "accepted": format_count(accepted),
        "total": format_count(total),
        "rate": format_percent(rate),
    }
    score, detail = apply_steps(criterion, rate, params["steps"])
    evidence = [
        {
            "kind": Kind.INSPECTION,
            "label": (
                _("%(inspection)s: %(accepted)s/%(total)s recommendations accepted")
                % {
                    "inspection": item["inspection"],
                    "accepted": format_count(item["accepted"]),
                    "total": format_count(item["total"]),
                }
            )[:500],
            "url": item["inspection"].get_absolute_url(),
            "inspection_id": item["inspection"].pk,
        }
        for item in data["inspections"]
    ]
    return Result(score, value, detail, evidence)


register(
    Rule(
        key="recommendations_remediated",
        label=gettext_lazy("Inspection recommendations remediated"),
        description=gettext_lazy(
            "Recommendations to the unit from the inspections held in the year whose "
            "remediation was accepted, as a share of all; points by threshold."
        ),
        params=(
            _steps_param([[100, 100], [80, 50]]),
            Param(
                "when_none",
                gettext_lazy("When there are no recommendations"),
                BY_HAND,
                kind="choice",
                choices=(
                    (BY_HAND, gettext_lazy("score by hand")),
                    (FULL, gettext_lazy("full points")),
                ),
            ),
        ),
        load=_load_recommendations,
        judge=judge_recommendations,
    )
)


# --- 7. the outreach meetings ----------------------------------------------------------


def _load_outreach(units, year, today):
    return reform_selectors.outreach_by_unit(units, year)


def outreach_url(unit, year):
    return f"{reverse('reforms:outreach-list')}?{urlencode({'year': year, 'unit': unit.pk})}"


def judge_outreach(counts, unit, year, criterion, params, today):
    counts = counts or {"meetings_with_reform": 0, "meetings_held": None}
    meetings = counts["meetings_with_reform"]
    minimum = params["meetings"]
    if counts["meetings_held"] is not None:
        value = _("%(meetings)s/%(held)s meetings with reform content") % {
            "meetings": format_count(meetings),
            "held": format_count(counts["meetings_held"]),
        }
    else:
        value = _("%(meetings)s meetings with reform content") % {
            "meetings": format_count(meetings)
        }
    evidence = [
        figures_evidence(
            _("Outreach activities of %(year)s") % {"year": year}, outreach_url(unit, year)
        )
    ]
    if meetings >= minimum:
        score = points(criterion, 100)
        detail = _("At least %(minimum)s meetings: full points (%(score)s).") % {
            "minimum": format_count(minimum),
            "score": format_score(score),
        }
    else:
        score = points(criterion, 0)
        detail = _("Fewer than %(minimum)s meetings: 0 points.") % {
            "minimum": format_count(minimum)
        }
    return Result(score, value, detail, evidence)


register(
    Rule(
        key="outreach_meetings",
        label=gettext_lazy("Outreach meetings on reform held"),
        description=gettext_lazy(
            "Meetings of the year with reform content (own meetings or integrated into "
            "another), from the outreach records: full points from the minimum on, else 0."
        ),
        params=(Param("meetings", gettext_lazy("Minimum number of meetings"), 4),),
        load=_load_outreach,
        judge=judge_outreach,
    )
)


# --- 8. the documents issued -----------------------------------------------------------

DOCUMENT_KINDS = tuple(reform_selectors.DOCUMENT_KINDS.choices)


def _load_documents(units, year, today):
    return reform_selectors.documents_by_unit(units, year)


def judge_documents(documents, unit, year, criterion, params, today):
    kinds = params["kinds"]
    documents = [document for document in documents or [] if document.kind in kinds]
    minimum = params["count"]
    labels = dict(DOCUMENT_KINDS)
    value = _("%(count)s documents issued in %(year)s (%(kinds)s)") % {
        "count": format_count(len(documents)),
        "year": year,
        "kinds": ", ".join(str(labels[kind]) for kind in kinds),
    }
    if len(documents) >= minimum:
        score = points(criterion, 100)
        detail = _("At least %(minimum)s documents: full points (%(score)s).") % {
            "minimum": format_count(minimum),
            "score": format_score(score),
        }
    else:
        score = points(criterion, 0)
        detail = _("Fewer than %(minimum)s documents: 0 points.") % {
            "minimum": format_count(minimum)
        }
    return Result(score, value, detail, [document_evidence(d) for d in documents])


register(
    Rule(
        key="documents_issued",
        label=gettext_lazy("Documents issued"),
        description=gettext_lazy(
            "The unit's documents of the chosen kinds dated in the year: full points from "
            "the minimum number on, else 0."
        ),
        params=(
            Param(
                "kinds",
                gettext_lazy("Kinds of document"),
                ["plan"],
                kind="choices",
                choices=DOCUMENT_KINDS,
            ),
            Param("count", gettext_lazy("Minimum number of documents"), 1),
        ),
        load=_load_documents,
        judge=judge_documents,
    )
)


# --- the citizen survey at the one-stop counter ----------------------------------------------


def _load_satisfaction(units, year, today):
    """{unit pk: Satisfaction} over the year, for every unit of the round in one query."""
    first, last = datetime.date(year, 1, 1), _as_of(year, today)
    return feedback_selectors.satisfaction_counts_by_unit(units, first, last)


def judge_satisfaction(survey, unit, year, criterion, params, today):
    if survey is None or not survey.responses:
        return _no_data(
            _("No answer to the counter survey in %(year)s.") % {"year": year},
            _("Nothing to count: score this criterion by hand."),
        )
    if not survey.enough:
        return _no_data(
            _("%(count)s answers to the counter survey in %(year)s: too few for a rate.")
            % {"count": format_count(survey.responses), "year": year},
            _("Too few answers: score this criterion by hand."),
        )
    rate = survey.rate
    value = _("%(rate)s satisfied of %(count)s answers to the counter survey") % {
        "rate": format_percent(rate),
        "count": format_count(survey.responses),
    }
    score, detail = apply_steps(criterion, rate, params["steps"])
    return Result(score, value, detail, [])


register(
    Rule(
        key="satisfaction_rate",
        label=gettext_lazy("Citizens satisfied at the one-stop counter"),
        description=gettext_lazy(
            "The share of the counter survey's answers in the year rating the overall "
            "question 4 or 5 of 5 (flagged answers left out); points by threshold."
        ),
        params=(_steps_param([[90, 100], [80, 75], [70, 50]]),),
        load=_load_satisfaction,
        judge=judge_satisfaction,
    )
)
