"""The figures of a report, generated from the portal's data for a round's period.

`unit_figures` is one unit's report, `rollup_figures` the same sections summed over many units.
Both return the same JSON-safe dict (ints, rates as strings such as "1.17", dates as ISO
strings, names as text): it is what a submission freezes, and what the document, the .docx,
the PDF and the .xlsx are built from, so a frozen report renders exactly as it was sent.

Procedure intake and e-government come from the procedures app's own selectors, so they equal
its figures page for the same period; the reform plan of one unit from the reforms app's.
"""

from django.conf import settings
from django.utils import timezone, translation

from cchc_portal.figures import sources
from cchc_portal.models import Unit
from feedback import selectors as feedback_selectors
from inspections import selectors as inspection_selectors
from procedures import selectors as procedure_selectors
from reforms import selectors as reform_selectors

from . import document, selectors
from .models import UnitReport

SCHEMA = 1
TASK_KEYS = ("total", "done", "done_on_time", "done_late", "overdue", "cancelled")
INTAKE_RATE_KEYS = ("online_rate", "on_time_rate", "electronic_rate", "postal_return_rate")
DIGITAL_RATE_KEYS = ("signed_share", "electronic_document_share", "account_share")


def _rate(value):
    return None if value is None else str(value)


def _day(value):
    return value.isoformat() if value else None


def _ints(source, keys):
    return {key: int(source.get(key) or 0) for key in keys}


def unit_figures(unit, rnd, *, today=None):
    """One unit's figures for the round's period, counted as of the period's end (or today)."""
    today = today or timezone.localdate()
    as_of = rnd.as_of(today)
    plan = reform_selectors.plan_of(unit, rnd.year)
    if plan is None:
        plan_section = _plan_section(None, {}, [], [], 0)
    else:
        all_areas = reform_selectors.areas()
        totals = reform_selectors.plan_figures(plan, as_of=as_of)
        area_rows = reform_selectors.plan_area_figures(plan, as_of=as_of, areas=all_areas)
        plan_section = _plan_section(
            plan, totals, area_rows, reform_selectors.overdue_tasks(plan, as_of), 1
        )
    figures = _common(unit, rnd, today, as_of, detail=True)
    figures.update(
        scope="unit",
        unit={"id": unit.pk, "name": unit.name, "code": unit.code},
        plan=plan_section,
        par_index=sources.par_index_of(unit, rnd.year),
    )
    return figures


def report_figures(unit, rnd, *, today=None):
    """The figures of `unit`'s report for `rnd`: its own, or, for a unit with units below it
    (a city reporting to the province), its whole subtree's with the reports that its own
    round of the same period collected: each level reports what is below it."""
    if rnd.unit_id == unit.pk or not unit.subtree().exclude(pk=unit.pk).exists():
        return unit_figures(unit, rnd, today=today)
    figures = rollup_figures(unit.subtree(), rnd, today=today, subject=unit)
    figures["scope"] = "collected"
    figures["collected"] = collected_reports(unit, rnd, today=today)
    return figures


def collected_reports(unit, rnd, *, today=None):
    """What `unit` collected for the period of `rnd`: its own round of the same year, kind and
    quarter (if it set one), each owing unit's report (status, day, document number, text of
    its latest submission) and the units that have not submitted."""
    own = selectors.matching_round(unit, rnd)
    if own is None:
        return {"round": None, "reports": [], "missing": [], "rows": []}
    reports, missing = [], []
    for report, submission in selectors.collected(own):
        if submission is None:
            missing.append(report.unit.display_name)
            continue
        reports.append(
            {
                "unit": report.unit.display_name,
                "submitted_on": _day(timezone.localdate(report.first_submitted_at)),
                "late": report.timeliness == "late",
                "number": submission.document_number,
                "results": submission.results,
                "shortcomings": submission.shortcomings,
                "proposals": submission.proposals,
            }
        )
    owing = Unit.objects.filter(periodic_reports__round=own)
    return {
        "round": {"id": own.pk, "deadline": _day(own.deadline)},
        "reports": reports,
        "missing": missing,
        "rows": unit_rows(owing, own, today=today),
    }


def unit_rows(units, rnd, *, today=None):
    """Each owing unit's report status and main figures (a roll-up's Appendix 2), JSON-safe
    so a submission freezes them: two queries."""
    as_of = rnd.as_of(today)
    units = reform_selectors.task_progress_by_unit(units, rnd.year, as_of=as_of)
    units = procedure_selectors.intake_by_unit(units, rnd.first_month, rnd.last_month)
    reports = {
        report.unit_id: report
        for report in UnitReport.objects.filter(round=rnd).select_related("round")
    }
    # A unit with units below (a city owing the province) reports for its subtree: its row
    # sums the subtree too (a few queries for each such unit, one for the others).
    parents = set(Unit.objects.filter(parent__in=units).values_list("parent_id", flat=True))
    rows = []
    for unit in units.order_by("path"):
        report = reports[unit.pk]
        if unit.pk in parents:
            tasks = reform_selectors.plans_task_figures(unit.subtree(), rnd.year, as_of)[0]
            done, total, overdue = tasks["done"], tasks["total"], tasks["overdue"]
            intake = procedure_selectors.intake_summary(
                unit.subtree(), rnd.first_month, rnd.last_month
            )
            received, intake_rates = intake["received_total"], intake
        else:
            done, total, overdue = unit.tasks_done, unit.tasks_total, unit.tasks_overdue
            received = unit.received_total
            intake_rates = procedure_selectors.unit_intake_rates(unit)
        rows.append(
            [
                unit.display_name,
                document.timeliness_label(report),
                (
                    timezone.localdate(report.first_submitted_at).isoformat()
                    if report.first_submitted_at
                    else None
                ),
                (done, total),
                _rate(reform_selectors.completion_rate(done, total)),
                overdue,
                received,
                _rate(intake_rates["online_rate"]),
                _rate(intake_rates["on_time_rate"]),
                _rate(intake_rates["electronic_rate"]),
            ]
        )
    return rows


def rollup_figures(units, rnd, *, today=None, subject=None):
    """The same sections summed over `units` (a Unit queryset), for the requesting unit."""
    today = today or timezone.localdate()
    as_of = rnd.as_of(today)
    totals, by_area, plans = reform_selectors.plans_task_figures(units, rnd.year, as_of)
    area_rows = []
    for area in reform_selectors.areas():
        row = by_area.get(area.pk)
        if row is not None:
            area_rows.append(
                {
                    "area": area,
                    **row,
                    "rate": reform_selectors.completion_rate(row["done"], row["total"]),
                }
            )
    figures = _common(units, rnd, today, as_of, detail=False)
    subject = subject or rnd.unit
    figures.update(
        scope="rollup",
        unit={"id": subject.pk, "name": subject.name, "code": subject.code},
        units=units.count(),
        plan=_plan_section(None, totals, area_rows, [], plans),
    )
    return figures


def _plan_section(plan, totals, area_rows, overdue, plans):
    document = plan.document if plan is not None else None
    return {
        "plans": plans,
        "document": document.number if document else None,
        "document_date": _day(document.issued_on) if document else None,
        **_ints(totals, TASK_KEYS),
        "rate": _rate(totals.get("rate")),
        "areas": [
            {
                "code": row["area"].code,
                "name": row["area"].name,
                **_ints(row, TASK_KEYS),
                "rate": _rate(row["rate"]),
            }
            for row in area_rows
        ],
        "overdue_tasks": [
            {"title": task.title, "deadline": _day(task.deadline), "area": task.area.name}
            for task in overdue
        ],
    }


def _common(units, rnd, today, as_of, *, detail):
    """Every section but the plan: the same code for one unit and for many."""
    first_day, last_day = rnd.starts_on, rnd.ends_on
    counts, documents = reform_selectors.documents_in_period(
        units, first_day, last_day, with_items=detail
    )
    intake = procedure_selectors.intake_summary(units, rnd.first_month, rnd.last_month)
    fields = procedure_selectors.intake_by_field(units, rnd.first_month, rnd.last_month)
    digital = procedure_selectors.digital_summary(units, rnd.first_month, rnd.last_month)
    model_counts, models = reform_selectors.reform_models_of_year(units, rnd.year)
    inspections = inspection_selectors.inspections_in_period(units, first_day, last_day, today)
    recommendation_totals = inspection_selectors.recommendation_totals(
        units, first_day, last_day, today
    )
    recommendations = inspection_selectors.recommendations_of(inspections) if detail else []
    survey = feedback_selectors.satisfaction_counts(units, first_day, last_day)
    return {
        "satisfaction": {
            "responses": survey.responses,
            "rate": None if survey.rate is None else str(survey.rate),
            "counters": feedback_selectors.counter_count(units),
            "reasons": [
                [text, count]
                for text, count in feedback_selectors.reason_counts(units, first_day, last_day)[:3]
            ],
        },
        "schema": SCHEMA,
        "generated_on": _day(today),
        "period": {
            "year": rnd.year,
            "first_month": _day(rnd.first_month),
            "last_month": _day(rnd.last_month),
            "first_day": _day(first_day),
            "last_day": _day(last_day),
            "as_of": _day(as_of),
        },
        "documents": {
            "total": counts["total"],
            "by_kind": [
                {"kind": kind, "count": counts[kind]}
                for kind in reform_selectors.DOCUMENT_KINDS.values
                if counts[kind]
            ],
            "items": [
                {
                    "number": document.number,
                    "issued_on": _day(document.issued_on),
                    "kind": document.kind,
                    "title": document.title,
                }
                for document in documents
            ],
        },
        "outreach": reform_selectors.outreach_in_period(units, first_day, last_day, rnd.year),
        "intake": _intake(intake),
        "intake_fields": [
            {"code": row["field"].code, "name": row["field"].name, **_intake(row)}
            for row in fields
            if row["has_figures"]
        ],
        "digital": {
            **{key: value for key, value in digital.items() if key not in DIGITAL_RATE_KEYS},
            **{key: _rate(digital[key]) for key in DIGITAL_RATE_KEYS},
        },
        "models": _models(model_counts, models),
        "inspections": _inspections(inspections, recommendation_totals, recommendations, today),
        "flags": _flags(units, rnd, as_of),
    }


def _intake(row):
    values = {
        key: value
        for key, value in row.items()
        if isinstance(value, int) and not isinstance(value, bool)
    }
    values.update({key: _rate(row[key]) for key in INTAKE_RATE_KEYS})
    if "received_share" in row:
        values["received_share"] = _rate(row["received_share"])
    return values


def _models(counts, models):
    return {
        **counts,
        "items": [
            {
                "name": model.name,
                "unit": model.unit.display_name,
                "state": model.state,
                "effectiveness": model.effectiveness,
                "reason": model.evaluation_reason,
                "started_on": _day(model.started_on),
            }
            for model in models
        ],
    }


def _inspections(inspections, totals, recommendations, today):
    by_inspection = {}
    for recommendation in recommendations:
        by_inspection.setdefault(recommendation.inspection_id, []).append(recommendation)
    items = []
    for inspection in inspections:
        items.append(
            {
                "unit": inspection.unit.display_name,
                "date": _day(inspection.start_on),
                "kind": inspection.kind,
                "notice_number": inspection.notice_number,
                "notice_date": _day(inspection.notice_issued_on),
                "recommendations": {
                    "total": inspection.rec_total,
                    "accepted": inspection.rec_accepted,
                    "submitted": inspection.rec_reported,
                    "open": inspection.rec_open,
                    "overdue": inspection.rec_overdue,
                },
                "recommendation_items": [
                    {
                        "number": item.number,
                        "text": item.text,
                        "due_on": _day(item.due_on),
                        "status": item.status,
                        "overdue": item.is_overdue_on(today),
                    }
                    for item in by_inspection.get(inspection.pk, [])
                ],
            }
        )
    totals = {**totals, "acceptance_rate": _rate(totals["acceptance_rate"])}
    return {"count": len(items), "recommendations": totals, "items": items}


def _flags(units, rnd, as_of):
    flags = list(procedure_selectors.open_flags(units, rnd.first_month, rnd.last_month))
    missing = _missing_months(units, rnd, as_of)
    # Flag messages are stored in the document's language (Vietnamese), like the report.
    with translation.override(settings.LANGUAGE_CODE):
        items = [
            {
                "unit": flag.unit.display_name,
                "month": _day(flag.month),
                "kind": flag.kind,
                "message": str(flag.message),
            }
            for flag in flags
        ]
    return {
        "count": len(items),
        "items": items,
        "missing_months": [
            {"unit": unit.display_name, "months": [_day(month) for month in months]}
            for unit, months in missing.items()
        ],
    }


def _missing_months(units, rnd, as_of):
    """Months of the round without intake figures, among those whose window `as_of` closed."""
    months = [month for month, last_day in rnd.month_ends() if last_day <= as_of]
    if not months:
        return {}
    return procedure_selectors.missing_months_by_unit(units, months[0], months[-1])
