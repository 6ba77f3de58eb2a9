from django import template

from .. import formatting

register = template.Library()


@register.filter
def pct(value):
    """A computed rate: "1,18 %" in Vietnamese, "—" when it cannot be computed."""
    return formatting.percent(value)


@register.filter
def num(value):
    """A whole number with the language's grouping ("1.234"), "—" for none."""
    return formatting.count(value)


@register.filter
def days(value):
    """Days with at most one decimal ("3,5")."""
    return formatting.days(value)
