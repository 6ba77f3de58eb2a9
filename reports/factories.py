"""factory-boy factories for periodic reports; each builds the smallest valid object."""

import datetime

import factory

from cchc_portal.factories import UnitFactory

from .models import ReportRound, UnitReport


class ReportRoundFactory(factory.django.DjangoModelFactory):
    """A nine-month round (2022 unless given) due on 10 October of its year."""

    class Meta:
        model = ReportRound

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    kind = ReportRound.Kind.NINE_MONTHS
    quarter = 0
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 10, 10))


class UnitReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitReport

    round = factory.SubFactory(ReportRoundFactory)
    unit = factory.SubFactory(UnitFactory)
