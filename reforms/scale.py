"""Synthetic reform plans at province scale for `make bench` (bulk inserts, no history rows)."""

import datetime

from cchc_portal import bulk, summaries

from .models import (
    IssuedDocument,
    OutreachActivity,
    OutreachYear,
    ReformArea,
    ReformModel,
    ReformPlan,
    ReformTask,
)

GENERAL_TASKS = 6
SPECIFIC_PER_GENERAL = 4  # ~30 tasks a plan, as DESIGN.md's scale says


def generate(*, units, years, rng):
    # Each bulk insert names its units; the task summary is rebuilt once for them at the end.
    with summaries.batch():
        _generate(units=units, years=years, rng=rng)


def _generate(*, units, years, rng):
    areas = list(ReformArea.objects.order_by("order"))
    for year in years:
        documents = IssuedDocument.objects.bulk_create(
            IssuedDocument(
                unit=unit,
                kind=IssuedDocument.Kind.PLAN,
                number=f"{rng.randint(1, 300)}/KH-UBND",
                issued_on=datetime.date(year, 1, rng.randint(5, 28)),
                title=f"Kế hoạch cải cách hành chính năm {year}",
            )
            for unit in units
        )
        plans = ReformPlan.objects.bulk_create(
            ReformPlan(unit=unit, year=year, document=document)
            for unit, document in zip(units, documents, strict=True)
        )
        generals = bulk.insert(
            ReformTask(
                plan=plan,
                area=areas[g % len(areas)],
                position=g + 1,
                title=f"Nhiệm vụ chung {g + 1}",
                deadline=datetime.date(year, 12, 31),
                status=ReformTask.Status.IN_PROGRESS,
            )
            for plan in plans
            for g in range(GENERAL_TASKS)
        )
        specifics = []
        for general in generals:
            for s in range(SPECIFIC_PER_GENERAL):
                deadline = datetime.date(year, rng.randint(2, 12), rng.randint(1, 28))
                done = rng.random() < 0.8
                specifics.append(
                    ReformTask(
                        plan=general.plan,
                        parent=general,
                        area=general.area,
                        position=s + 1,
                        title=f"Nhiệm vụ cụ thể {general.position}.{s + 1}",
                        deadline=deadline,
                        status=ReformTask.Status.DONE if done else ReformTask.Status.IN_PROGRESS,
                        completed_on=deadline - datetime.timedelta(days=rng.randint(-10, 20))
                        if done
                        else None,
                    )
                )
        bulk.insert(specifics)
        OutreachYear.objects.bulk_create(
            OutreachYear(unit=unit, year=year, meetings_count=rng.randint(10, 20)) for unit in units
        )
        OutreachActivity.objects.bulk_create(
            (
                OutreachActivity(
                    unit=unit,
                    held_on=datetime.date(year, month, 15),
                    form=OutreachActivity.Form.INTEGRATED,
                    topic="Tuyên truyền cải cách hành chính",
                    participants=rng.randint(10, 60),
                )
                for unit in units
                for month in range(1, 9)
            ),
            batch_size=2000,
        )
        models = []
        for unit in units:
            for n in (1, 2):
                effectiveness = rng.choice(list(ReformModel.Effectiveness.values))
                evaluated = effectiveness != ReformModel.Effectiveness.NOT_EVALUATED
                models.append(
                    ReformModel(
                        unit=unit,
                        year=year,
                        name=f"Mô hình CCHC {n} năm {year}",
                        effectiveness=effectiveness,
                        evaluation_reason="Đánh giá định kỳ" if evaluated else "",
                        evaluated_on=datetime.date(year, 10, 26) if evaluated else None,
                    )
                )
        ReformModel.objects.bulk_create(models)
