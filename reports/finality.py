"""A submitted unit report is final, and so are the figures it counted (`reported_through`)."""

from django.db.models import Max
from django.utils.translation import gettext as _

from cchc_portal import finality

from .models import UnitReport


def report_final_reason(report):
    if report.status != UnitReport.Status.SUBMITTED:
        return None
    return _(
        "This report has been submitted: it can no longer be changed or deleted. Internal "
        "affairs of the requesting unit can return it for correction, giving the reason."
    )


def reported_through(unit_id, year):
    """The last day of the latest period of `year` that the unit's submitted reports cover.

    A report returned for correction is open again, so it does not count until sent again.
    """
    last = UnitReport.objects.filter(
        unit_id=unit_id, round__year=year, status=UnitReport.Status.SUBMITTED
    ).aggregate(last=Max("round__ends_on"))["last"]
    return last


def register():
    finality.refuse_delete(UnitReport, report_final_reason)
    finality.register_reported_through(reported_through)
