"""factory-boy factories for periodic reports; each builds the smallest valid object."""

import datetime

import factory

from cchc_portal.factories import UnitFactory

from .models import ReportRound, UnitReport


class ReportRoundFactory(factory.django.DjangoModelFactory):
    """A nine-month 2022 round due on 10/10/2022."""

    class Meta:
        model = ReportRound

    unit = factory.SubFactory(UnitFactory)
    year = 2022
    kind = ReportRound.Kind.NINE_MONTHS
    quarter = 0
    deadline = datetime.date(2022, 10, 10)


class UnitReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitReport

    round = factory.SubFactory(ReportRoundFactory)
    unit = factory.SubFactory(UnitFactory)
