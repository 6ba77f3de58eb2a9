"""Every rate the portal shows is computed here, from the figures, never typed or stored.

Pages, exports, selectors and flags all call these, so a rate reads the same everywhere.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import Cast, NullIf

HUNDREDTH = Decimal("0.01")
# A rate a unit typed in its own report is "different" when it is off by more than this
# many percentage points (1.18 % typed as 1.2 % is rounding, 8.48 % is not).
REPORTED_RATE_TOLERANCE = Decimal("0.1")


def percent(numerator, denominator):
    """`numerator` ÷ `denominator` as a percentage rounded to 2 places; None when ÷ 0."""
    if not denominator:
        return None
    value = Decimal(numerator or 0) * 100 / Decimal(denominator)
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def online_rate(figures):
    """Dossiers received online ÷ all dossiers received."""
    return percent(figures["received_online"], figures["received_total"])


def on_time_rate(figures):
    """(Resolved early + resolved on time) ÷ all dossiers resolved."""
    return percent(
        figures["resolved_early"] + figures["resolved_on_time"], figures["resolved_total"]
    )


def electronic_rate(figures):
    """Dossiers processed on the electronic one-stop system ÷ all dossiers (carried + received)."""
    return percent(figures["processed_electronically"], figures["total"])


def postal_return_rate(figures):
    """Results returned by public postal service ÷ all dossiers resolved."""
    return percent(figures["returned_by_postal"], figures["resolved_total"])


def signed_share(figures):
    """Digitally signed outgoing documents ÷ all outgoing documents."""
    return percent(figures["documents_signed"], figures["documents_total"])


def electronic_document_share(figures):
    """Outgoing documents sent electronically ÷ all outgoing documents."""
    return percent(figures["documents_electronic"], figures["documents_total"])


def account_share(figures):
    """Officials with a one-stop account ÷ officials in post."""
    return percent(figures["officials_with_account"], figures["officials_in_post"])


INTAKE_RATES = {
    "online_rate": online_rate,
    "on_time_rate": on_time_rate,
    "electronic_rate": electronic_rate,
    "postal_return_rate": postal_return_rate,
}
DIGITAL_RATES = {
    "signed_share": signed_share,
    "electronic_document_share": electronic_document_share,
    "account_share": account_share,
}


def add_intake_totals(figures):
    """Add the derived totals and the four intake rates to a dict of summed columns."""
    figures["received_total"] = (
        figures["received_online"] + figures["received_counter"] + figures["received_postal"]
    )
    figures["resolved_total"] = (
        figures["resolved_early"] + figures["resolved_on_time"] + figures["resolved_late"]
    )
    figures["resolved_on_time_or_early"] = figures["resolved_early"] + figures["resolved_on_time"]
    figures["pending_total"] = figures["pending_within_deadline"] + figures["pending_overdue"]
    figures["total"] = figures["carried_over"] + figures["received_total"]
    figures["processed_on_paper"] = max(figures["total"] - figures["processed_electronically"], 0)
    for name, rate in INTAKE_RATES.items():
        figures[name] = rate(figures)
    return figures


def add_digital_totals(figures):
    """Add the unaccounted-for signed documents and the three shares to summed columns."""
    figures["documents_unaccounted"] = max(
        figures["documents_signed"]
        - figures["documents_interconnected"]
        - figures["documents_internal"],
        0,
    )
    for name, rate in DIGITAL_RATES.items():
        figures[name] = rate(figures)
    return figures


def percent_expression(numerator, denominator):
    """The same ratio as an SQL expression, for ORDER BY only (NULL when ÷ 0).

    Display the value through `percent()` so it is rounded the same way everywhere.
    """
    if isinstance(numerator, str):
        numerator = F(numerator)
    if isinstance(denominator, str):
        denominator = F(denominator)
    return ExpressionWrapper(
        Cast(numerator, FloatField()) * Value(100.0) / NullIf(denominator, Value(0)),
        output_field=FloatField(),
    )
