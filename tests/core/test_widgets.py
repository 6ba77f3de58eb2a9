"""templates/django/forms/widgets/select.html writes the options inline: the HTML must stay
byte for byte what Django's own templates write, for every kind of select."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

CHOICES = [
    ("", "---------"),
    ("ward", 'Phường <Ba> & "Đình"'),
    (
        "Departments",
        [("dept", "Sở Nội vụ"), ("office", "Văn phòng")],
    ),
    (3, "Three"),
]


def test_the_project_renders_widgets_with_its_own_templates():
    assert type(get_default_renderer()).__name__ == "TemplatesSetting"


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES, attrs={"class": "form-select", "required": True}), "dept"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=CHOICES, attrs={"disabled": True, "data-x": 'a"b'}), 3),
        (forms.SelectMultiple(choices=CHOICES, attrs={"size": 4}), ["ward", "office"]),
        (forms.NullBooleanSelect(), True),
        (forms.RadioSelect(choices=CHOICES[1:2]), "ward"),
        (forms.SelectDateWidget(years=[2025, 2026]), "2026-07-01"),
    ],
    ids=["select", "empty", "attrs", "multiple", "null-boolean", "radio", "date"],
)
def test_select_html_is_djangos(widget, value):
    ours = widget.render("field", value, attrs={"id": "id_field"})
    djangos = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert "<option" in ours or "<input" in ours
    assert ours == djangos
