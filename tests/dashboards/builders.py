"""Builders of dashboard test data with hand-computable figures (see conftest)."""

import datetime

from django.utils import timezone

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from inspections.factories import (
    ConcludedInspectionFactory,
    FindingFactory,
    RecommendationFactory,
    RemediationReportFactory,
    shortcoming_type,
)
from inspections.models import Recommendation, RemediationReport
from procedures.factories import DataFlagFactory, intake
from reforms.factories import ReformPlanFactory, ReformTaskFactory, area
from reforms.models import ReformTask

D = datetime.date
S = ReformTask.Status
R = Recommendation.Status


def aware(day, hour=10):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def plan_with_tasks(unit, *, done, open_overdue=0, open_later=0, year=2022, title="Nhiệm vụ"):
    """A plan with one general task and specific tasks: `done` done on time (in January),
    `open_overdue` in progress past a 31 January deadline, `open_later` not started with a
    2099 deadline; so the figures are the same as of any day from February on."""
    plan = ReformPlanFactory(unit=unit, year=year)
    general = ReformTaskFactory(plan=plan, area=area("procedures"), title=f"{title} chung")
    for index in range(done):
        ReformTaskFactory(
            parent=general,
            title=f"{title} xong {index + 1}",
            deadline=D(year, 2, 15),
            status=S.DONE,
            completed_on=D(year, 1, 15),
        )
    for index in range(open_overdue):
        ReformTaskFactory(
            parent=general,
            title=f"{title} quá hạn {index + 1}",
            deadline=D(year, 1, 31),
            status=S.IN_PROGRESS,
        )
    for index in range(open_later):
        ReformTaskFactory(
            parent=general,
            title=f"{title} sắp tới {index + 1}",
            deadline=D(2099, 3, 31),
        )
    return plan


# Inside the tests' usual period (01–02/2022), so that its recommendations count there.
HELD_ON, CONCLUDED_ON = D(2022, 2, 14), D(2022, 2, 17)


def concluded(unit, lead, *, start=HELD_ON, concluded_on=CONCLUDED_ON):
    return ConcludedInspectionFactory(
        unit=unit, lead=lead, start_on=start, concluded_at=aware(concluded_on)
    )


def recommendation(inspection, status, due, *, accepted_on=None, submitted_on=None, text=""):
    rec = RecommendationFactory(
        inspection=inspection,
        status=status,
        due_on=due,
        accepted_at=aware(accepted_on) if accepted_on else None,
        text=text or f"Kiến nghị {status} hạn {due:%d/%m/%Y}",
    )
    if submitted_on is not None:
        reviewed = status == R.ACCEPTED
        RemediationReportFactory(
            recommendation=rec,
            submitted_by=inspection.lead,
            submitted_at=aware(submitted_on),
            decision=RemediationReport.Decision.ACCEPTED
            if reviewed
            else RemediationReport.Decision.PENDING,
            reviewed_by=inspection.lead if reviewed else None,
            reviewed_at=aware(accepted_on) if reviewed else None,
        )
    return rec


def many_wards(city, count, lead):
    """`count` wards with a plan, two months of intake, recommendations and a flag each."""
    wards = []
    for index in range(count):
        unit = UnitFactory(
            name=f"Phường {index:03d}", code=f"w-{index:03d}", kind=Unit.Kind.WARD, parent=city
        )
        plan_with_tasks(unit, done=1, open_overdue=1, title=f"P{index}")
        intake(unit, D(2022, 1, 1), received_online=1, received_counter=9, resolved_on_time=10)
        intake(unit, D(2022, 2, 1), received_online=2, received_counter=8, resolved_on_time=10)
        inspection = concluded(unit, lead)
        recommendation(inspection, R.OPEN, D(2022, 12, 31))
        recommendation(inspection, R.SUBMITTED, D(2022, 12, 31), submitted_on=D(2023, 1, 5))
        recommendation(
            inspection,
            R.ACCEPTED,
            D(2022, 12, 31),
            submitted_on=D(2022, 12, 1),
            accepted_on=D(2022, 12, 3),
        )
        DataFlagFactory(unit=unit, month=D(2022, 2, 1), key="missing_month")
        FindingFactory(
            inspection=inspection, shortcoming_type=shortcoming_type("no-appointment-slip")
        )
        wards.append(unit)
    return wards
