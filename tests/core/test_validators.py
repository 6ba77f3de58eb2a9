"""Plausible counts and names without hidden control characters, refused in Vietnamese."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cchc_portal.models import Unit
from cchc_portal.validators import MaxCountValidator, PlainTextValidator, plain_line

RLO = "\u202e"
HIDDEN = "Hãy xoá ký tự điều khiển ẩn (U+202E) khỏi nội dung này"


@pytest.mark.parametrize(
    "text",
    [
        f"Phường {RLO}fdp.exe",
        "Phường\u2066Một",
        "Phường\u200fMột",
        "Phường\x00Một",
        "Phường\nMột",
        "Phường\tMột",
        "Phường\x85Một",
        "Phường\u061cMột",
    ],
)
def test_a_name_with_a_control_character_is_refused(text):
    with pytest.raises(ValidationError) as error:
        plain_line(text)
    assert error.value.messages[0].startswith("Hãy xoá ký tự điều khiển ẩn (U+")


def test_the_message_names_the_character():
    with pytest.raises(ValidationError) as error:
        plain_line(f"Tổ {RLO}chức")
    assert error.value.messages == [
        f"{HIDDEN}: ký tự đó có thể làm thay đổi cách hiển thị văn bản."
    ]


def test_plain_text_passes_and_multiline_text_keeps_its_lines():
    plain_line("Phường Một – Thành phố Thử (UBND), 45/KH-UBND")
    plain_line("")
    multiline = PlainTextValidator(multiline=True)
    multiline("Dòng một\r\nDòng hai\tcột")
    with pytest.raises(ValidationError):
        multiline(f"Dòng một\n{RLO}")


def test_a_count_above_the_bound_is_refused_with_both_numbers():
    validator = MaxCountValidator(1_000_000)
    validator(1_000_000)
    with pytest.raises(ValidationError) as error:
        validator(10**12)
    assert error.value.messages == [
        "1.000.000.000.000 vượt quá mức mà bất kỳ đơn vị nào có thể có (tối đa 1.000.000): "
        "hãy kiểm tra lại số liệu."
    ]


def test_a_unit_named_with_a_right_to_left_override_is_refused(
    client_for, internal_affairs_user, city
):
    response = client_for(internal_affairs_user).post(
        reverse("unit-create"),
        {"name": f"Phường {RLO}abc", "kind": "ward", "code": "ward-three", "parent": city.pk},
    )
    assert response.status_code == 200
    assert HIDDEN in response.content.decode()
    assert not Unit.objects.filter(code="ward-three").exists()


def test_a_user_named_with_a_bidi_mark_is_refused_in_the_admin(client, admin_user_, staff_user):
    client.force_login(admin_user_)
    page = reverse("admin:cchc_portal_user_change", args=[staff_user.pk])
    response = client.post(
        page,
        {
            "username": staff_user.username,
            "first_name": f"Văn{RLO}",
            "last_name": "Nguyễn",
            "unit": staff_user.unit_id,
            "is_active": "on",
            "date_joined_0": "01/01/2022",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    assert "Hãy xoá ký tự điều khiển ẩn (U+202E)" in response.content.decode()
    staff_user.refresh_from_db()
    assert RLO not in staff_user.first_name
