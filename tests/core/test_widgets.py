"""templates/django/forms/widgets/select.html writes the options inline: the HTML must stay
byte for byte what Django's own templates write, for every kind of select."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

CHOICES = [
    ("", "---------"),
    ("ward", 'Phường <Ba> & "Đình"'),
    (
        "Departments",
        [("dept", "Sở Nội vụ"), ("office", "Văn phòng")],
    ),
    (3, "Three"),
    ("safe", mark_safe("<b>Đã</b> &amp; xong")),
    ("lazy", gettext_lazy("All units")),
]
YEARS = [("", "---"), (2026, 2026), (2025, 2025), (1234567, 1234567)]


class OtherOptionTemplate(forms.Select):
    """A select whose options use another template: it is still included for each option."""

    option_template_name = "django/forms/widgets/attrs.html"


def test_the_project_renders_widgets_with_its_own_templates():
    assert type(get_default_renderer()).__name__ == "TemplatesSetting"


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES, attrs={"class": "form-select", "required": True}), "dept"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=YEARS), 2025),
        (OtherOptionTemplate(choices=CHOICES[:2], attrs={"class": "x"}), "ward"),
        (forms.Select(choices=CHOICES, attrs={"disabled": True, "data-x": 'a"b'}), 3),
        (forms.SelectMultiple(choices=CHOICES, attrs={"size": 4}), ["ward", "office"]),
        (forms.NullBooleanSelect(), True),
        (forms.RadioSelect(choices=CHOICES[1:2]), "ward"),
        (forms.SelectDateWidget(years=[2025, 2026]), "2026-07-01"),
    ],
    ids=[
        "select",
        "empty",
        "years",
        "other-option-template",
        "attrs",
        "multiple",
        "null-boolean",
        "radio",
        "date",
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_select_html_is_djangos(widget, value, language):
    with translation.override(language):
        ours = widget.render("field", value, attrs={"id": "id_field"})
        djangos = widget.render(
            "field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates()
        )
    assert 'name="field' in ours
    assert ours == djangos
