"""The shortcoming catalogue is shared by every city: only the administrator changes it (issue 13)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from inspections import services
from inspections.factories import area, shortcoming_type
from inspections.models import ShortcomingType

pytestmark = pytest.mark.django_db

SLIP = "Không gửi phiếu hẹn trả kết quả cho tổ chức, công dân"


def _switched_off(entry, name="Tên bị đổi"):
    return {
        "name": name,
        "code": entry.code,
        "area": entry.area_id or area("procedures").pk,
        "description": "",
        "order": entry.order,
        "version": entry.version,  # the version the edit page was opened at
        # is_active left out: the checkbox unticked, the entry switched off.
    }


def test_a_citys_internal_affairs_cannot_edit_or_switch_off_a_shared_type(
    client_for, internal_affairs_user
):
    entry = shortcoming_type("no-appointment-slip")
    client = client_for(internal_affairs_user)
    url = reverse("inspections:shortcomingtype-edit", args=[entry.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _switched_off(entry)).status_code == 403
    entry.refresh_from_db()
    assert (entry.name, entry.is_active) == (SLIP, True)


def test_a_citys_internal_affairs_cannot_add_a_type(client_for, internal_affairs_user):
    before = ShortcomingType.objects.count()
    client = client_for(internal_affairs_user)
    url = reverse("inspections:shortcomingtype-create")
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"name": "Loại mới", "code": "loai-moi", "area": area("procedures").pk, "order": 1}
    )
    assert response.status_code == 403
    assert ShortcomingType.objects.count() == before


def test_the_administrator_edits_and_switches_off_a_type(client_for, admin_user_):
    entry = shortcoming_type("no-appointment-slip")
    client = client_for(admin_user_)
    url = reverse("inspections:shortcomingtype-edit", args=[entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _switched_off(entry, name="Không gửi phiếu hẹn"))
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:shortcomingtype-list")
    entry.refresh_from_db()
    assert (entry.name, entry.is_active) == ("Không gửi phiếu hẹn", False)


def test_the_service_refuses_internal_affairs_too(internal_affairs_user, admin_user_):
    entry = shortcoming_type("no-appointment-slip")
    entry.name = "Tên bị đổi"
    with pytest.raises(PermissionDenied):
        services.shortcoming_type_save(acting_user=internal_affairs_user, instance=entry)
    entry.refresh_from_db()
    assert entry.name == SLIP
    entry.name = "Tên mới"
    services.shortcoming_type_save(acting_user=admin_user_, instance=entry, version=entry.version)
    entry.refresh_from_db()
    assert entry.name == "Tên mới"


def test_internal_affairs_see_the_catalogue_without_its_buttons(client_for, internal_affairs_user):
    entry = shortcoming_type("no-appointment-slip")
    page = client_for(internal_affairs_user).get(reverse("inspections:shortcomingtype-list"))
    content = page.content.decode()
    assert page.status_code == 200
    assert SLIP in content
    assert "Thêm loại tồn tại" not in content
    assert reverse("inspections:shortcomingtype-edit", args=[entry.pk]) not in content
    assert "chỉ quản trị viên được thêm hoặc sửa các loại tồn tại" in content
    # The review queue's tab is still theirs.
    assert "Thẩm định khắc phục" in content


def test_the_administrator_sees_the_buttons(client_for, admin_user_):
    entry = shortcoming_type("no-appointment-slip")
    content = client_for(admin_user_).get(reverse("inspections:shortcomingtype-list")).content
    content = content.decode()
    assert "Thêm loại tồn tại" in content
    assert reverse("inspections:shortcomingtype-edit", args=[entry.pk]) in content
    assert "chỉ quản trị viên" not in content


def test_internal_affairs_still_create_their_checklists(client_for, internal_affairs_user):
    client = client_for(internal_affairs_user)
    assert client.get(reverse("inspections:checklist-create")).status_code == 200
    assert "Thêm bộ tiêu chí" in client.get(reverse("inspections:checklist-list")).content.decode()


def test_a_type_code_that_is_not_a_slug_is_refused_in_vietnamese(client_for, admin_user_):
    """Django's slug message has no Vietnamese (found by tests/core/test_bad_input)."""
    before = ShortcomingType.objects.count()
    response = client_for(admin_user_).post(
        reverse("inspections:shortcomingtype-create"),
        {"name": "Loại mới", "code": "<script>", "area": area("procedures").pk, "order": 1},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mã chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang và dấu gạch dưới" in body
    assert "slug" not in body
    assert ShortcomingType.objects.count() == before
