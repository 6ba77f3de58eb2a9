"""Form widgets of the inspections pages."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _escaped(value):
    """What `conditional_escape` gives, without its lazy-string wrapper per call."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


class FastSelect(forms.Select):
    """A <select> whose options are written in Python, not one template include each.

    Django renders every <option> through two templates (tens of microseconds each): a list
    filter offering the 120 units of a province spent more time there than in its rows.
    Single choice, no option groups (what the list filters need).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            option_value = str(option_value)
            chosen = " selected" if option_value in selected else ""
            options.append(
                f'<option value="{_escaped(option_value)}"{chosen}>{_escaped(label)}</option>'
            )
        return format_html(
            "<select{}>{}</select>", flatatt(final_attrs), mark_safe("".join(options))
        )
