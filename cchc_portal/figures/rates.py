"""Every rate the portal shows is computed with these, from the figures, never typed or stored.

Each rate's numerator and denominator are defined next to the model that owns them (e.g.
`procedures.models.INTAKE_RATE_PARTS`); see `cchc_portal.figures.glossary`.
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
