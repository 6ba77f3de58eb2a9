"""factory-boy factories for inspections; each builds the smallest valid object.

Rows are created directly (not through the services), so a test can put an inspection
in any state; the services are what the tests exercise.
"""

import datetime

import factory
from django.utils import timezone

from cchc_portal.factories import UnitFactory, UserFactory
from reforms.models import ReformArea

from .models import (
    ChecklistCriterion,
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionPlan,
    Recommendation,
    RemediationReport,
    ShortcomingType,
)


def area(code="procedures"):
    """A seeded reform area (the seven areas come from the reforms data migration)."""
    return ReformArea.objects.get(code=code)


def shortcoming_type(code="no-appointment-slip"):
    """A seeded catalogue entry (the inspections data migration seeds the catalogue)."""
    return ShortcomingType.objects.get(code=code)


class ShortcomingTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortcomingType

    code = factory.Sequence(lambda n: f"type-{n}")
    name = factory.Sequence(lambda n: f"Tồn tại loại {n}")


class InspectionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionPlan

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    title = factory.Sequence(lambda n: f"Kế hoạch kiểm tra CCHC số {n}")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    kind = Inspection.Kind.CCHC
    plan = None
    is_scheduled = factory.LazyAttribute(lambda inspection: inspection.plan is not None)
    start_on = datetime.date(2022, 11, 1)
    lead = factory.SubFactory(UserFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class ConcludedInspectionFactory(InspectionFactory):
    status = Inspection.Status.CONCLUDED
    started_at = factory.LazyFunction(timezone.now)
    concluded_at = factory.LazyFunction(timezone.now)
    notice_number = "1/TB-ĐKT"
    notice_issued_on = datetime.date(2022, 11, 4)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    kind = Finding.Kind.SHORTCOMING
    text = factory.Sequence(lambda n: f"Tồn tại số {n}")
    order = factory.Sequence(lambda n: n + 1)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    inspection = factory.SubFactory(InspectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Kiến nghị số {n}")
    responsible_unit = factory.LazyAttribute(lambda o: o.inspection.unit)
    due_on = datetime.date(2022, 12, 31)


class RemediationReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RemediationReport

    recommendation = factory.SubFactory(RecommendationFactory)
    text = "Đã khắc phục."
    submitted_by = factory.SubFactory(UserFactory)
    submitted_at = factory.LazyFunction(timezone.now)


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Bộ tiêu chí {n}")


class ChecklistCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistCriterion

    template = factory.SubFactory(ChecklistTemplateFactory)
    area = factory.LazyFunction(area)
    text = factory.Sequence(lambda n: f"Tiêu chí {n}")
    order = factory.Sequence(lambda n: n + 1)
