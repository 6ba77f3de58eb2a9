"""A generated city for the reconciliation tests: several wards, two years, edits in between.

Everything is drawn from one seeded `random.Random`, so a failure replays exactly. Rows are
made with the factories (fast), then edited through the services a user's form calls
(task progress, a month's figures, remediation report and review), so the figures read
afterwards are the figures after real edits.
"""

import datetime
import random

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit
from inspections import services as inspection_services
from inspections.factories import ConcludedInspectionFactory, RecommendationFactory
from inspections.models import Recommendation
from procedures.factories import field, intake
from reforms import services as reform_services
from reforms.factories import ReformPlanFactory, ReformTaskFactory, area
from reforms.models import ReformTask

D = datetime.date
S = ReformTask.Status
YEARS = (2024, 2025)
FIELDS = ("civil-status", "certification", "land")


def _aware(day):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10))


def _day_in(rng, year, first_month=1, last_month=12):
    month = rng.randint(first_month, last_month)
    return D(year, month, rng.randint(1, 28))


def _plan(rng, unit, year):
    plan = ReformPlanFactory(unit=unit, year=year)
    for g in range(rng.randint(1, 3)):
        general = ReformTaskFactory(plan=plan, area=area("procedures"), title=f"Chung {g + 1}")
        for s in range(rng.randint(0, 5)):
            deadline = _day_in(rng, year)
            status = rng.choice([S.NOT_STARTED, S.IN_PROGRESS, S.DONE, S.DONE, S.CANCELLED])
            completed = _day_in(rng, year) if status == S.DONE else None
            ReformTaskFactory(
                parent=general,
                title=f"Cụ thể {g + 1}.{s + 1}",
                deadline=deadline,
                status=status,
                completed_on=completed,
                cancel_reason="Không còn phù hợp" if status == S.CANCELLED else "",
            )
    return plan


def _intake(rng, unit, year):
    """Most months, a few fields each; stocks carried from month to month per field."""
    pending = dict.fromkeys(FIELDS, 0)
    for month in range(1, 13):
        if rng.random() < 0.2:
            continue
        for code in rng.sample(FIELDS, rng.randint(1, len(FIELDS))):
            online, counter, postal = rng.randint(0, 6), rng.randint(0, 30), rng.randint(0, 3)
            incoming = pending[code] + online + counter + postal
            late = rng.randint(0, min(2, incoming))
            early = rng.randint(0, incoming - late)
            still = rng.randint(0, min(3, incoming - late - early))
            on_time = incoming - late - early - still
            intake(
                unit,
                D(year, month, 1),
                code=code,
                carried_over=pending[code],
                received_online=online,
                received_counter=counter,
                received_postal=postal,
                resolved_early=early,
                resolved_on_time=on_time,
                resolved_late=late,
                pending_within_deadline=still,
                processed_electronically=rng.randint(0, incoming),
                returned_by_postal=rng.randint(0, early + on_time + late),
            )
            pending[code] = still


def _inspection(rng, unit, year, lead):
    start = _day_in(rng, year, 3, 10)
    inspection = ConcludedInspectionFactory(
        unit=unit,
        lead=lead,
        start_on=start,
        concluded_at=_aware(start + datetime.timedelta(days=3)),
        notice_issued_on=start + datetime.timedelta(days=3),
    )
    recommendations = []
    for number in range(1, rng.randint(1, 5) + 1):
        recommendations.append(
            RecommendationFactory(
                inspection=inspection,
                number=number,
                due_on=start + datetime.timedelta(days=rng.randint(10, 400)),
            )
        )
    return inspection, recommendations


def _city_inspection(rng, city, addressed, start, lead):
    """The city inspected on `start`, one recommendation to each unit of `addressed`."""
    inspection = ConcludedInspectionFactory(
        unit=city,
        lead=lead,
        start_on=start,
        concluded_at=_aware(start + datetime.timedelta(days=3)),
        notice_issued_on=start + datetime.timedelta(days=3),
    )
    return [
        RecommendationFactory(
            inspection=inspection,
            number=number,
            responsible_unit=unit,
            due_on=start + datetime.timedelta(days=rng.randint(10, 400)),
        )
        for number, unit in enumerate(addressed, start=1)
    ]


def build_city(seed=2025, wards=3, *, city_visit=None):
    """A city with `wards` wards (the last keeps no figures at all) and an office.

    With `city_visit` (a date), the city itself is inspected that day and its conclusion
    addresses a recommendation to each ward with data and to the office: recommendations
    addressed to a unit by another unit's inspection.
    Returns a dict: city, units (the wards with data), empty (the ward without), users.
    """
    rng = random.Random(seed)
    for code in FIELDS:
        field(code)
    city = UnitFactory(name="Thành phố Đối Soát", code="recon-city", kind=Unit.Kind.CITY)
    office = UnitFactory(
        name="Phòng Nội vụ", code="recon-office", kind=Unit.Kind.DEPARTMENT, parent=city
    )
    units = [
        UnitFactory(name=f"Phường {i + 1}", code=f"recon-{i + 1}", kind=Unit.Kind.WARD, parent=city)
        for i in range(wards)
    ]
    empty = units.pop()
    internal_affairs = UserFactory(
        username="recon.noivu", unit=city, roles=[Role.Code.INTERNAL_AFFAIRS]
    )
    inspector = UserFactory(username="recon.kiemtra", unit=city, roles=[Role.Code.INSPECTOR])
    staff = {
        unit.pk: UserFactory(
            username=f"recon.staff{unit.pk}", unit=unit, roles=[Role.Code.UNIT_STAFF]
        )
        for unit in [*units, office]
    }
    recommendations = []
    for unit in units:
        for year in YEARS:
            _plan(rng, unit, year)
            _intake(rng, unit, year)
            recommendations += _inspection(rng, unit, year, inspector)[1]
    if city_visit is not None:
        recommendations += _city_inspection(rng, city, [*units, office], city_visit, inspector)
    _edits(rng, units, recommendations, staff, internal_affairs)
    return {
        "city": city,
        "units": units,
        "empty": empty,
        "internal_affairs": internal_affairs,
        "inspector": inspector,
        "staff": staff,
        "rng": rng,
    }


def _edits(rng, units, recommendations, staff, reviewer):
    """Edits in between, through the services: tasks finished or reopened, remediation
    reported, accepted or returned."""
    tasks = list(ReformTask.objects.filter(plan__unit__in=units).counted().order_by("pk"))
    for task in rng.sample(tasks, len(tasks) // 3):
        if task.status == S.CANCELLED:
            continue
        done = rng.random() < 0.6
        reform_services.task_update_progress(
            task=task,
            version=task.version,
            status=S.DONE if done else S.IN_PROGRESS,
            completed_on=D(task.plan.year, rng.randint(1, 12), rng.randint(1, 28))
            if done
            else None,
            note="",
        )
    for recommendation in recommendations:
        choice = rng.random()
        if choice < 0.3:
            continue
        user = staff[recommendation.responsible_unit_id]
        inspection_services.recommendation_submit_report(
            recommendation=recommendation, acting_user=user, text="Đã khắc phục."
        )
        recommendation.refresh_from_db()
        if choice < 0.6:
            continue
        if choice < 0.85:
            inspection_services.recommendation_accept(
                recommendation=recommendation, reviewer=reviewer
            )
        else:
            inspection_services.recommendation_return(
                recommendation=recommendation, reviewer=reviewer, comment="Chưa đủ minh chứng."
            )
    assert Recommendation.objects.filter(responsible_unit__in=units).exists()
