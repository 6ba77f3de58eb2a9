"""Numbers from query strings and choices: parsed once, in range, never a 500."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import BadRequest, ValidationError
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse

from cchc_portal import inputs
from cchc_portal.figures.months import parse_month
from cchc_portal.models import Role
from cchc_portal.views import error_400

HUGE = "1" * 40


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("0", 0), ("²", None), ("-1", None), ("1.5", None), ("", None)],
)
def test_to_int_takes_only_ascii_whole_numbers(value, expected):
    assert inputs.to_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Bến Nghé ", "Bến Nghé"),
        ("a\x00b", "ab"),
        ("\x1b[31mđỏ\r\n", "[31mđỏ"),
        ("x" * 500, "x" * 100),
        ("", ""),
    ],
)
def test_query_text_drops_control_characters_and_bounds_the_length(value, expected):
    assert inputs.query_text({"q": value}, "q") == expected


def test_query_text_of_an_absent_parameter_is_empty():
    assert inputs.query_text(QueryDict(), "q") == ""


def test_to_int_refuses_what_no_database_integer_holds():
    assert inputs.to_int(str(2**63 - 1)) == 2**63 - 1
    assert inputs.to_int(str(2**63)) is None
    assert inputs.to_int(HUGE) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", (None, None)),
        ("year=2022", (2022, None)),
        ("year=10000", (None, "Hãy chọn một năm trong danh sách.")),
        ("year=1999", (None, "Hãy chọn một năm trong danh sách.")),
        ("year=²", (None, "Hãy chọn một năm trong danh sách.")),
    ],
)
def test_query_year(query, expected):
    assert inputs.query_year(QueryDict(query)) == expected


def test_months_outside_the_portals_years_are_no_months():
    assert parse_month("2100-12").year == 2100
    assert parse_month("2101-01") is None
    assert parse_month("1999-12") is None
    assert parse_month("9999-12") is None


def test_a_year_field_says_the_bounds_in_vietnamese():
    field = inputs.YearField()
    for value in ("1999", "2101", HUGE, "²"):
        with pytest.raises(ValidationError) as error:
            field.clean(value)
        assert error.value.messages == ["Năm phải từ 2000 đến 2100."]
    assert field.clean("2022") == 2022


def test_a_crafted_role_id_in_the_admin_is_a_form_error(client, admin_user_, staff_user):
    client.force_login(admin_user_)
    client.raise_request_exception = False
    page = reverse("admin:cchc_portal_user_change", args=[staff_user.pk])
    form = client.get(page).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("password", "roles", "groups", "user_permissions")
    }
    data.update({"unit": staff_user.unit_id, "roles": [HUGE], "date_joined_0": "01/01/2022"})
    data.update({"date_joined_1": "00:00:00"})
    response = client.post(page, data)
    assert response.status_code == 200
    assert (
        f"Hãy chọn trong danh sách: {HUGE} không phải là một lựa chọn có sẵn."
        in response.content.decode()
    )
    assert list(staff_user.roles.values_list("code", flat=True)) == [Role.Code.UNIT_STAFF]


def test_the_400_page_shows_only_the_portals_own_messages(db):
    request = RequestFactory().get("/")

    request.user = AnonymousUser()
    ours = error_400(request, inputs.BadParameter("Tháng không hợp lệ."))
    assert ours.status_code == 400 and "Tháng không hợp lệ." in ours.content.decode()
    django_s = error_400(request, BadRequest("Invalid HTTP_HOST header: 'x'."))
    assert "HTTP_HOST" not in django_s.content.decode()
    assert "Địa chỉ hoặc biểu mẫu gửi lên không hợp lệ." in django_s.content.decode()
