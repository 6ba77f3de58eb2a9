"""Every write of the monthly figures: saving a month, importing months, refreshing flags."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc_portal import summaries
from cchc_portal.figures import rates, windows
from cchc_portal.figures.months import month_code, month_label, month_start

from .models import (
    DIGITAL_COLUMNS,
    INTAKE_COLUMNS,
    REPORTED_RATE_FIELDS,
    DataFlag,
    DigitalGovernmentReport,
    IntakeReport,
    MonthlyReport,
)

HEADER_FIELDS = (*REPORTED_RATE_FIELDS.values(), "note")
COUNT_COLUMNS = frozenset(INTAKE_COLUMNS + DIGITAL_COLUMNS)


class MonthChangedMeanwhile(Exception):
    """Someone saved the same month after the form was opened: reload before saving."""

    message = _(
        "Someone else saved the figures of this month after you opened the page. "
        "Reload the page to see them, then enter your changes again."
    )


def validate_reporting_month(month, *, today=None):
    """A reporting month is a first-of-month date whose data window has begun (under
    Decree 09/2019 October's window opens on 15/09, under calendar months on 01/10)."""
    today = today or timezone.localdate()
    if month.day != 1:
        raise ValidationError(_("A reporting month is stored as the first day of the month."))
    if month > windows.reporting_month(today):
        raise ValidationError(
            _("Figures for %(window)s cannot be entered before it begins on %(day)s."),
            params={
                "window": windows.month_window_label(month),
                "day": f"{windows.month_window(month)[0]:%d/%m/%Y}",
            },
        )


def _apply(obj, values, columns):
    """Set the given columns (counts missing from `values` are 0); True when one changed.

    Unchanged rows are not saved, so the history only records real changes.
    """
    changed = False
    for column in columns:
        value = values.get(column, 0) if column in COUNT_COLUMNS else values[column]
        if getattr(obj, column) != value:
            setattr(obj, column, value)
            changed = True
    return changed


@transaction.atomic
def month_save(*, unit, month, rows, digital, header, version, acting_user):
    """Save a unit's whole month at once: intake rows, e-government figures and the header.

    `rows` maps each ProcedureField to its counts, `digital` holds the e-government counts,
    `header` the typed rates and note. `version` is the MonthlyReport version the form was
    opened with (None for a month without a report yet); a mismatch raises
    MonthChangedMeanwhile and nothing is saved. Flags of the unit are refreshed.
    """
    with summaries.batch():
        report = _month_write(
            unit=unit,
            month=month,
            rows=rows,
            digital=digital,
            header=header,
            version=version,
            acting_user=acting_user,
        )
    flags_refresh(unit=unit)
    return report


def _month_write(*, unit, month, rows, digital, header, version, acting_user):
    """`month_save` without the flags (callers refresh them once, in a summaries batch)."""
    month = month_start(month)
    validate_reporting_month(month)
    report = MonthlyReport.objects.select_for_update().filter(unit=unit, month=month).first()
    if report is None:
        if version:
            raise MonthChangedMeanwhile
        report = MonthlyReport(unit=unit, month=month, submitted_by=acting_user)
        _apply(report, header, HEADER_FIELDS)
        report.full_clean()
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:  # created by someone else since the form was opened
            raise MonthChangedMeanwhile from exc
    else:
        moved = MonthlyReport.objects.filter(pk=report.pk, version=version).update(
            version=F("version") + 1
        )
        if not moved:
            raise MonthChangedMeanwhile
        report.version = version + 1
        changed = _apply(report, header, HEADER_FIELDS)
        if changed or report.submitted_by_id != acting_user.pk:
            report.submitted_by = acting_user
            report.full_clean()
            report.save()

    existing = {row.field_id: row for row in IntakeReport.objects.filter(unit=unit, month=month)}
    for field, values in rows.items():
        row = existing.get(field.pk) or IntakeReport(unit=unit, month=month, field=field)
        if _apply(row, values, INTAKE_COLUMNS) or row.pk is None:
            row.full_clean()
            row.save()

    sheet = DigitalGovernmentReport.objects.filter(unit=unit, month=month).first()
    sheet = sheet or DigitalGovernmentReport(unit=unit, month=month)
    if _apply(sheet, digital, DIGITAL_COLUMNS) or sheet.pk is None:
        sheet.full_clean()
        sheet.save()
    return report


@transaction.atomic
def months_import(*, unit, months, replace_existing, acting_user):
    """Save several parsed months of one unit, all or nothing.

    `months` is a list of dicts with "month", "rows", "digital" and "header" (see
    `excel.parse_workbook`). Months that already have figures are replaced only when
    `replace_existing` is set; otherwise a ValidationError names them and nothing is saved.
    """
    wanted = [entry["month"] for entry in months]
    reports = {
        report.month: report
        for report in MonthlyReport.objects.select_for_update().filter(unit=unit, month__in=wanted)
    }
    existing = set(reports) | set(
        IntakeReport.objects.filter(unit=unit, month__in=wanted).values_list("month", flat=True)
    )
    if existing and not replace_existing:
        raise ValidationError(
            _(
                "%(months)s already have figures. Tick “Replace the figures already entered” "
                "to overwrite them; nothing was saved."
            ),
            params={"months": ", ".join(month_label(m) for m in sorted(existing))},
        )
    # The unit's summary is rebuilt once and its flags refreshed once, for all the months.
    with summaries.batch():
        for entry in months:
            report = reports.get(entry["month"])
            _month_write(
                unit=unit,
                month=entry["month"],
                rows=entry["rows"],
                digital=entry["digital"],
                header=entry["header"],
                version=report.version if report else None,
                acting_user=acting_user,
            )
    flags_refresh(unit=unit)
    return wanted


def _expected_flags(unit):
    """The soft checks failing for the unit now: {(month, key): flag fields}."""
    from .selectors import intake_summary, missing_months_by_unit

    flags = {}
    for row in (
        IntakeReport.objects.filter(unit=unit).carry_over_mismatches().select_related("field")
    ):
        flags[(row.month, f"carry_over:{row.field.code}")] = {
            "kind": DataFlag.Kind.CARRY_OVER,
            "field": row.field,
            "expected": row.previous_pending,
            "actual": row.carried_over,
            "details": {"previous_month": month_code(row.previous_month)},
        }

    # A month is missing when it has no figures although a later month of its year has.
    reported = IntakeReport.objects.filter(unit=unit).order_by().values_list("month", flat=True)
    last_by_year = {}
    for month in sorted(set(reported)):
        last_by_year[month.year] = month
    for year, last in last_by_year.items():
        for month in missing_months_by_unit(unit, datetime.date(year, 1, 1), last).get(unit, []):
            flags[(month, "missing_month")] = {"kind": DataFlag.Kind.MISSING_MONTH}

    for report in MonthlyReport.objects.filter(unit=unit).order_by("month"):
        typed = {
            rate: getattr(report, field)
            for rate, field in REPORTED_RATE_FIELDS.items()
            if getattr(report, field) is not None
        }
        if not typed:
            continue
        first = datetime.date(report.month.year, 1, 1)
        computed = intake_summary(unit, first, report.month)
        for rate, value in typed.items():
            expected = computed[rate]
            if expected is not None and abs(expected - value) <= rates.REPORTED_RATE_TOLERANCE:
                continue
            flags[(report.month, f"reported_rate:{rate}")] = {
                "kind": DataFlag.Kind.REPORTED_RATE,
                "expected": expected,
                "actual": value,
                "details": {
                    "rate": rate,
                    "period": f"{first:%m}–{month_label(report.month)}",
                },
            }

    for sheet in (
        DigitalGovernmentReport.objects.filter(unit=unit)
        .with_unaccounted()
        .filter(unaccounted__gt=0)
    ):
        flags[(sheet.month, "unaccounted_documents")] = {
            "kind": DataFlag.Kind.UNACCOUNTED_DOCUMENTS,
            "expected": sheet.documents_signed,
            "actual": sheet.documents_interconnected + sheet.documents_internal,
            "details": {
                "interconnected": sheet.documents_interconnected,
                "internal": sheet.documents_internal,
            },
        }
    return flags


def _normalised(values):
    return {
        "kind": values["kind"],
        "field_id": values["field"].pk if values.get("field") else None,
        "expected": None if values.get("expected") is None else Decimal(values["expected"]),
        "actual": None if values.get("actual") is None else Decimal(values["actual"]),
        "details": values.get("details", {}),
    }


@transaction.atomic
def flags_refresh(*, unit):
    """Bring the unit's stored flags in line with its figures.

    New failures are created, changed ones updated, ones that no longer fail are resolved
    (kept with `resolved_at`) and ones that fail again are reopened. The checks read the
    intake summary: inside a `summaries.batch()` its pending rebuilds are done first.
    """
    summaries.flush()
    now = timezone.now()
    expected = {key: _normalised(values) for key, values in _expected_flags(unit).items()}
    stored = {(flag.month, flag.key): flag for flag in DataFlag.objects.filter(unit=unit)}
    to_create, to_update = [], []
    for (month, key), values in expected.items():
        flag = stored.get((month, key))
        if flag is None:
            to_create.append(DataFlag(unit=unit, month=month, key=key, detected_at=now, **values))
            continue
        changed = flag.resolved_at is not None
        for name, value in values.items():
            if getattr(flag, name) != value:
                setattr(flag, name, value)
                changed = True
        if changed:
            if flag.resolved_at is not None:
                flag.resolved_at, flag.detected_at = None, now
            to_update.append(flag)
    for (month, key), flag in stored.items():
        if (month, key) not in expected and flag.resolved_at is None:
            flag.resolved_at = now
            to_update.append(flag)
    DataFlag.objects.bulk_create(to_create)
    DataFlag.objects.bulk_update(
        to_update, ["kind", "field", "expected", "actual", "details", "detected_at", "resolved_at"]
    )
