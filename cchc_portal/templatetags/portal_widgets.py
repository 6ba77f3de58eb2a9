"""`{% select_options %}`: a select's options written in Python, as Django's templates write them.

Django's select.html includes select_option.html and attrs.html for every option: on a list
filter offering the 120 units of a province that is most of the filter's cost, and at national
scale (4,000 units) tens of milliseconds a page. templates/django/forms/widgets/select.html calls
this instead; tests/core/test_widgets.py checks the HTML is Django's own, byte for byte.
"""

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _formatted(value):
    """`{{ value|stringformat:'s' }}` before rendering: safe stays safe (the filter is_safe)."""
    formatted = stringformat(value, "s")
    return mark_safe(formatted) if isinstance(value, SafeData) else formatted


def _attrs(attrs, context):
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + render_value_in_context(name, context))
        if value is not True:
            parts.append('="' + render_value_in_context(_formatted(value), context) + '"')
    return "".join(parts)


def _option(option, context):
    if option["template_name"] != OPTION_TEMPLATE:
        option_template = context.template.engine.get_template(option["template_name"])
        with context.push(widget=option):
            return option_template.render(context)
    value = render_value_in_context(_formatted(option["value"]), context)
    label = render_value_in_context(option["label"], context)
    return f'<option value="{value}"{_attrs(option["attrs"], context)}>{label}</option>\n'


@register.simple_tag(takes_context=True)
def select_options(context, optgroups):
    parts = []
    for group_name, group_choices, _group_index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
        for option in group_choices:
            parts.append("\n  " + _option(option, context))
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))
