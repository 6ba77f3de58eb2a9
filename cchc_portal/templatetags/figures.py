"""Template filters for figures: every page shows numbers through these (see figures.formatting)."""

from django import template

from cchc_portal.figures import formatting
from cchc_portal.figures.months import month_code as _month_code

register = template.Library()


@register.filter
def percent(value):
    """A rate: "1,18 %" in Vietnamese, "—" when it cannot be computed (÷ 0)."""
    return formatting.format_percent(value)


@register.filter
def count(value):
    """A whole number with the language's grouping ("1.234"), "—" for none."""
    return formatting.format_count(value)


@register.filter
def average(value):
    """A mean of counts per unit, one decimal ("2,5")."""
    return formatting.format_average(value)


@register.filter
def score(value):
    """PAR-index points with two decimals ("23,50"), "—" for none."""
    return formatting.format_score(value)


@register.filter
def days(value):
    """Days with one decimal ("3,5")."""
    return formatting.format_days(value)


@register.filter
def month_code(value):
    return _month_code(value)
