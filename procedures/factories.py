"""factory-boy factories for the monthly figures; tests set every value they assert on."""

import datetime

import factory

from cchc_portal.factories import UnitFactory

from .models import DataFlag, DigitalGovernmentReport, IntakeReport, MonthlyReport, ProcedureField


class ProcedureFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureField
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"field-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    order = factory.Sequence(lambda n: 100 + n)


def field(code):
    """A seeded reference field by code ("civil-status", "land", …)."""
    return ProcedureField.objects.get(code=code)


class IntakeReportFactory(factory.django.DjangoModelFactory):
    """A month of one field; all counts 0 unless given (0 = 0 balances)."""

    class Meta:
        model = IntakeReport

    unit = factory.SubFactory(UnitFactory)
    month = datetime.date(2022, 1, 1)
    field = factory.LazyFunction(lambda: field("civil-status"))


class DigitalGovernmentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigitalGovernmentReport

    unit = factory.SubFactory(UnitFactory)
    month = datetime.date(2022, 1, 1)


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyReport

    unit = factory.SubFactory(UnitFactory)
    month = datetime.date(2022, 1, 1)


class DataFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataFlag

    unit = factory.SubFactory(UnitFactory)
    month = datetime.date(2022, 1, 1)
    kind = DataFlag.Kind.MISSING_MONTH
    key = "missing_month"


def intake(unit, month, code="civil-status", **counts):
    """An intake row that balances: `received_counter` and `resolved_on_time` fill the gaps.

    Give any columns; the counter intake (or the on-time resolutions) is set so that carried
    over + received = resolved + pending, which is what most tests want.
    """
    values = {
        "carried_over": 0,
        "received_online": 0,
        "received_counter": 0,
        "received_postal": 0,
        "resolved_early": 0,
        "resolved_on_time": 0,
        "resolved_late": 0,
        "pending_within_deadline": 0,
        "pending_overdue": 0,
        "processed_electronically": 0,
        "returned_by_postal": 0,
    }
    values.update(counts)
    incoming = (
        values["carried_over"]
        + values["received_online"]
        + values["received_counter"]
        + values["received_postal"]
    )
    outgoing = (
        values["resolved_early"]
        + values["resolved_on_time"]
        + values["resolved_late"]
        + values["pending_within_deadline"]
        + values["pending_overdue"]
    )
    if incoming > outgoing and "resolved_on_time" not in counts:
        values["resolved_on_time"] += incoming - outgoing
    elif outgoing > incoming and "received_counter" not in counts:
        values["received_counter"] += outgoing - incoming
    return IntakeReportFactory(unit=unit, month=month, field=field(code), **values)
