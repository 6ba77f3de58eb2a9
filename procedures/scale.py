"""Synthetic monthly figures at province scale for `make bench` (bulk inserts, no history rows).

Per unit and year: 12 months × every procedure field of intake rows, 12 e-government rows and
12 monthly reports, each row consistent with the invariants (carried over chains to pending).
The intake summary is rebuilt once at the end, a few hundred units per statement.
"""

import datetime

from cchc_portal import bulk, summaries

from .models import DigitalGovernmentReport, IntakeReport, MonthlyReport, ProcedureField


def _intake_row(unit, field, month, carried_over, rng):
    online, counter, postal = rng.randint(0, 3), rng.randint(0, 12), rng.randint(0, 1)
    available = carried_over + online + counter + postal
    pending = rng.randint(0, min(2, available))
    resolved = available - pending
    late = rng.randint(0, min(1, resolved))
    early = rng.randint(0, resolved - late)
    return IntakeReport(
        unit=unit,
        field=field,
        month=month,
        carried_over=carried_over,
        received_online=online,
        received_counter=counter,
        received_postal=postal,
        resolved_early=early,
        resolved_on_time=resolved - late - early,
        resolved_late=late,
        pending_within_deadline=pending,
        pending_overdue=0,
        processed_electronically=rng.randint(0, available),
        returned_by_postal=rng.randint(0, min(1, resolved)),
    )


def generate(*, units, years, rng):
    with summaries.batch():
        _generate(units=units, years=years, rng=rng)


def _generate(*, units, years, rng):
    fields = list(ProcedureField.objects.filter(is_active=True))
    for unit in units:
        pending = {field.pk: 0 for field in fields}
        intake, digital, monthly = [], [], []
        for year in years:
            for month_number in range(1, 13):
                month = datetime.date(year, month_number, 1)
                for field in fields:
                    row = _intake_row(unit, field, month, pending[field.pk], rng)
                    pending[field.pk] = row.pending_within_deadline + row.pending_overdue
                    intake.append(row)
                total = rng.randint(40, 90)
                signed = rng.randint(total // 2, total)
                interconnected = rng.randint(0, signed // 2)
                digital.append(
                    DigitalGovernmentReport(
                        unit=unit,
                        month=month,
                        documents_total=total,
                        documents_electronic=rng.randint(signed, total),
                        documents_signed=signed,
                        documents_interconnected=interconnected,
                        documents_internal=signed - interconnected,
                        officials_in_post=20,
                        officials_with_account=rng.randint(15, 20),
                        web_posts=rng.randint(0, 10),
                    )
                )
                monthly.append(MonthlyReport(unit=unit, month=month))
        bulk.insert(intake)
        bulk.insert(digital)
        bulk.insert(monthly)
