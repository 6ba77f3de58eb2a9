"""The appraisal rows' inputs, written in Python for speed, are Django's own widgets' HTML."""

import pytest
from django import forms

from par_index.forms_appraisal import RowInput, RowTextarea

ATTRS = {"class": "form-control form-control-sm", "aria-label": "Điểm của 1.1 <a>", "size": 6}


@pytest.mark.parametrize("value", [None, "", "2,5", 'x" onfocus="alert(1)'])
def test_the_score_input_is_djangos_text_input(value):
    mine = RowInput(attrs={**ATTRS, "inputmode": "decimal", "readonly": True, "hidden": False})
    django = forms.TextInput(
        attrs={**ATTRS, "inputmode": "decimal", "readonly": True, "hidden": False}
    )
    extra = {"id": "id_score_7", "maxlength": "20"}
    assert mine.render("score_7", value, extra) == django.render("score_7", value, extra)


@pytest.mark.parametrize("value", [None, "", "Giảm điểm:\ndòng hai", "</textarea><b>"])
def test_the_comment_box_is_djangos_textarea(value):
    mine = RowTextarea(attrs={**ATTRS, "rows": 2})
    django = forms.Textarea(attrs={**ATTRS, "rows": 2})
    extra = {"id": "id_comment_7", "maxlength": "2000"}
    assert mine.render("comment_7", value, extra) == django.render("comment_7", value, extra)


def test_a_value_is_escaped():
    html = RowInput().render("score_7", '"><script>', {"id": "x"})
    assert html == '<input type="text" name="score_7" value="&quot;&gt;&lt;script&gt;" id="x">'
