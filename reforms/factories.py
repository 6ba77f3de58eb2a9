"""factory-boy factories for reform plans; each builds the smallest valid object."""

import datetime

import factory

from cchc_portal.factories import UnitFactory

from .models import (
    IssuedDocument,
    OutreachActivity,
    OutreachYear,
    ReformArea,
    ReformModel,
    ReformPlan,
    ReformTask,
)


def area(code="procedures"):
    """A seeded reform area (the seven areas exist from the data migration)."""
    return ReformArea.objects.get(code=code)


class IssuedDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuedDocument

    unit = factory.SubFactory(UnitFactory)
    kind = IssuedDocument.Kind.PLAN
    number = factory.Sequence(lambda n: f"{n + 1}/KH-UBND")
    issued_on = datetime.date(2022, 1, 10)
    title = factory.Sequence(lambda n: f"Kế hoạch số {n + 1}")


class ReformPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReformPlan

    unit = factory.SubFactory(UnitFactory)
    year = 2022


class ReformTaskFactory(factory.django.DjangoModelFactory):
    """A general task; pass `parent=` for a specific one (plan and area follow the parent)."""

    class Meta:
        model = ReformTask

    plan = factory.LazyAttribute(
        lambda o: o.parent.plan if o.parent is not None else ReformPlanFactory()
    )
    parent = None
    area = factory.LazyAttribute(lambda o: o.parent.area if o.parent is not None else area())
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n + 1}")


class OutreachActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachActivity

    unit = factory.SubFactory(UnitFactory)
    held_on = datetime.date(2022, 3, 15)
    form = OutreachActivity.Form.INTEGRATED
    topic = factory.Sequence(lambda n: f"Tuyên truyền CCHC lần {n + 1}")
    participants = 0


class OutreachYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachYear

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    meetings_count = 0


class ReformModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReformModel

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    name = factory.Sequence(lambda n: f"Mô hình {n + 1}")
