import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit

pytestmark = pytest.mark.django_db


def test_paths_follow_the_tree_at_any_depth(city, ward):
    street = UnitFactory(parent=ward, code="group-1")
    assert ward.path.startswith(city.path)
    assert street.path.startswith(ward.path)
    assert (city.depth, ward.depth, street.depth) == (1, 2, 3)
    assert set(city.subtree()) == {city, ward, street}


def test_moving_a_unit_moves_its_whole_subtree(city, ward, other_city):
    street = UnitFactory(parent=ward, code="group-1")
    ward.parent = other_city
    ward.save()
    street.refresh_from_db()
    assert street.path.startswith(other_city.path + f"{ward.pk:05d}.")
    assert street.depth == 2
    assert list(Unit.objects.in_subtree(city)) == [city]


def test_a_unit_cannot_be_placed_under_its_own_child(city, ward):
    city.parent = ward
    with pytest.raises(ValidationError) as exc:
        city.full_clean()
    assert "parent" in exc.value.message_dict


def test_for_user_keeps_the_subtree(staff_user, internal_affairs_user, ward, other_ward, city):
    assert list(Unit.objects.for_user(staff_user)) == [ward]
    seen = set(Unit.objects.for_user(internal_affairs_user))
    assert seen == {city, ward, other_ward}


def test_administrator_sees_every_unit(admin_user_, other_city, ward):
    assert {other_city, ward} <= set(Unit.objects.for_user(admin_user_))


def test_history_shows_dates_and_numbers_the_vietnamese_way(city):
    from django.utils import translation

    from cchc_portal.history import history_entries

    city.name = "Thành phố Mới"
    city.save()
    with translation.override("vi"):
        entries = history_entries(city)
    assert entries[0]["kind"] == "đã sửa"
    assert {"field": "tên", "old": "Thành phố Thử", "new": "Thành phố Mới"} in entries[0]["changes"]
    assert entries[1]["kind"] == "đã tạo"


def test_upload_errors_are_vietnamese_with_a_decimal_comma(settings):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from cchc_portal.files import validate_upload

    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("bien-ban.pdf", b"x" * (1024 * 1024 + 200 * 1024))
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        validate_upload(big)
    assert exc.value.messages == ["Tệp có dung lượng 1,2 MB, vượt giới hạn 1 MB."]
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("virus.exe", b"MZ"))
    assert "Không chấp nhận tệp định dạng .exe" in exc.value.messages[0]


def test_history_shows_a_datetime_in_local_time(db):
    import datetime

    from django.utils import translation

    from cchc_portal.history import _display_value

    moment = datetime.datetime(2022, 10, 14, 8, 20, tzinfo=datetime.UTC)
    with translation.override("vi"):
        assert _display_value(moment) == "14/10/2022 15:20"
        assert _display_value(datetime.date(2022, 11, 1)) == "01/11/2022"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["tỉnh", "thành phố / huyện", "phường", "xã"]),
        ("en", ["province", "city / district", "ward", "commune"]),
    ],
)
def test_a_units_kind_reads_as_djangos_display(language, expected):
    """Unit.get_kind_display replaces Django's (which translates every label on each call)."""
    kinds = ["province", "city", "ward", "commune"]
    field = Unit._meta.get_field("kind")
    with translation.override(language):
        shown = [Unit(kind=kind).get_kind_display() for kind in kinds]
        assert shown == [Unit(kind=kind)._get_FIELD_display(field) for kind in kinds]
        assert Unit(kind="unknown").get_kind_display() == "unknown"
    assert shown == expected
