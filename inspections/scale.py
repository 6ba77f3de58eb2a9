"""Synthetic inspections at province scale for `make bench` (bulk inserts, no history rows).

Per unit and year: one concluded inspection with ~8 findings and ~8 recommendations in every
state, and the remediation reports behind them.
"""

import datetime

from django.utils import timezone

from cchc_portal import bulk, summaries
from cchc_portal.models import User
from reforms.models import ReformArea

from .models import (
    Finding,
    Inspection,
    InspectionPlan,
    Recommendation,
    RemediationReport,
    ShortcomingType,
)


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


# One rebuild of the recommendation summary per unit touched, when the load ends.
@summaries.batch()
def generate(*, units, years, rng):
    province = units[0].parent
    lead = User.objects.get(username="kiemtra.bench")
    staff = User.objects.get(username="canbo.bench")
    reviewer = User.objects.get(username="noivu.bench")
    areas = list(ReformArea.objects.all())
    types = list(ShortcomingType.objects.all()) or [None]
    for year in years:
        plan = InspectionPlan.objects.create(
            unit=province, year=year, title=f"Kế hoạch kiểm tra CCHC năm {year}"
        )
        inspections = Inspection.objects.bulk_create(
            Inspection(
                plan=plan,
                unit=unit,
                kind=Inspection.Kind.CCHC,
                is_scheduled=True,
                start_on=datetime.date(year, rng.randint(3, 10), rng.randint(1, 28)),
                lead=lead,
                status=Inspection.Status.CONCLUDED,
                concluded_at=_moment(datetime.date(year, 11, 1)),
                notice_number=f"{rng.randint(1, 500)}/TB-UBND",
                notice_issued_on=datetime.date(year, 11, 5),
            )
            for unit in units
        )
        findings = bulk.insert(
            Finding(
                inspection=inspection,
                kind=Finding.Kind.STRENGTH if n < 4 else Finding.Kind.SHORTCOMING,
                area=areas[n % len(areas)],
                text=f"Kết quả kiểm tra {n + 1}",
                shortcoming_type=rng.choice(types) if n >= 4 else None,
            )
            for inspection in inspections
            for n in range(8)
        )
        shortcomings = [f for f in findings if f.kind == Finding.Kind.SHORTCOMING]
        recommendations = []
        for inspection in inspections:
            own = [f for f in shortcomings if f.inspection_id == inspection.pk]
            for n in range(8):
                status = rng.choice(list(Recommendation.Status.values))
                recommendations.append(
                    Recommendation(
                        inspection=inspection,
                        finding=own[n % len(own)],
                        number=n + 1,
                        text=f"Kiến nghị {n + 1}",
                        responsible_unit=inspection.unit,
                        due_on=datetime.date(year, 12, rng.randint(1, 31)),
                        status=status,
                        accepted_at=_moment(datetime.date(year, 12, 20))
                        if status == Recommendation.Status.ACCEPTED
                        else None,
                    )
                )
        bulk.insert(recommendations)
        reports = []
        for rec in recommendations:
            if rec.status == Recommendation.Status.OPEN:
                continue
            accepted = rec.status == Recommendation.Status.ACCEPTED
            reports.append(
                RemediationReport(
                    recommendation=rec,
                    text="Đơn vị đã khắc phục",
                    submitted_by=staff,
                    submitted_at=_moment(datetime.date(year, 12, 10)),
                    decision=RemediationReport.Decision.ACCEPTED
                    if accepted
                    else RemediationReport.Decision.PENDING,
                    reviewed_by=reviewer if accepted else None,
                    reviewed_at=rec.accepted_at,
                )
            )
        bulk.insert(reports)
