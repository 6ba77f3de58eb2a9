from django import template

from ..formatting import format_count, format_percent

register = template.Library()


@register.filter
def percent(value):
    """A computed rate: "1,18 %" in Vietnamese, "—" when it cannot be computed (÷ 0)."""
    return format_percent(value)


@register.filter
def count(value):
    """A whole number with the language's grouping ("1.234")."""
    return format_count(value)


@register.filter
def month_code(value):
    return f"{value.year:04d}-{value.month:02d}"
