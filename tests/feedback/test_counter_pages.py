import pytest
from django.urls import reverse

from feedback import tokens
from feedback.factories import CounterFactory, ResponseFactory
from feedback.models import Counter

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.feedback.manage_helpers")]


def test_list_shows_counts_and_hides_other_city(
    client_for, internal_affairs_user, ward, other_city
):
    mine = CounterFactory(unit=ward, name="Quầy Tư pháp – Hộ tịch")
    ResponseFactory(counter=mine)
    ResponseFactory(counter=mine)
    CounterFactory(unit=other_city, name="Quầy Canary")
    page = client_for(internal_affairs_user).get(reverse("feedback:counter-list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Quầy Tư pháp – Hộ tịch" in text
    assert "Quầy Canary" not in text
    assert '<td class="text-end" data-testid="response-count">2</td>' in text


def test_canary_detail_404_for_internal_affairs_present_for_admin(
    client_for, internal_affairs_user, admin_user_, other_city
):
    canary = CounterFactory(unit=other_city, name="Quầy Canary")
    url = reverse("feedback:counter-detail", args=[canary.pk])
    assert client_for(internal_affairs_user).get(url).status_code == 404
    page = client_for(admin_user_).get(url)
    assert page.status_code == 200
    assert "Quầy Canary" in page.content.decode()


def test_detail_shows_addresses_and_qr(client_for, staff_user, ward, settings):
    settings.SITE_URL = "https://cchc.example.vn"
    counter = CounterFactory(unit=ward)
    page = client_for(staff_user).get(reverse("feedback:counter-detail", args=[counter.pk]))
    text = page.content.decode()
    qr = f"https://cchc.example.vn/s/{tokens.counter_token(counter)}/"
    kiosk = f"https://cchc.example.vn/s/kiosk/{tokens.counter_token(counter, tokens.KIOSK)}/"
    assert qr in text and kiosk in text
    assert '<svg width="' in text
    assert "mã QR cũ và máy tính bảng cũ sẽ ngừng hoạt động" in text


def test_create_by_unit_staff_own_unit_only(client_for, staff_user, ward, other_ward):
    client = client_for(staff_user)
    done = client.post(reverse("feedback:counter-create"), {"unit": ward.pk, "name": "Quầy 1"})
    assert done.status_code == 302
    assert Counter.objects.get(name="Quầy 1").unit == ward
    refused = client.post(reverse("feedback:counter-create"), {"unit": other_ward.pk, "name": "X"})
    assert refused.status_code == 200
    assert not Counter.objects.filter(name="X").exists()


def test_leadership_and_inspector_read_only(client_for, leadership_user, inspector_user, ward):
    counter = CounterFactory(unit=ward)
    for user in (leadership_user, inspector_user):
        client = client_for(user)
        assert client.get(reverse("feedback:counter-detail", args=[counter.pk])).status_code == 200
        assert client.get(reverse("feedback:counter-edit", args=[counter.pk])).status_code == 403
        assert client.get(reverse("feedback:counter-create")).status_code == 403
        rotate = client.post(reverse("feedback:counter-rotate", args=[counter.pk]))
        assert rotate.status_code == 403


def test_edit_stale_version_refused(client_for, internal_affairs_user, ward):
    counter = CounterFactory(unit=ward, name="Quầy cũ")
    url = reverse("feedback:counter-edit", args=[counter.pk])
    client = client_for(internal_affairs_user)
    page = client.post(url, {"name": "Quầy mới", "is_active": "on", "version": 7, "seen": ""})
    assert page.status_code == 200
    assert "Chưa có gì của bạn được lưu" in page.content.decode()
    assert Counter.objects.get(pk=counter.pk).name == "Quầy cũ"
    ok = client.post(url, {"name": "Quầy mới", "version": counter.version, "seen": ""})
    assert ok.status_code == 302
    stored = Counter.objects.get(pk=counter.pk)
    assert (stored.name, stored.is_active) == ("Quầy mới", False)


def test_rotate_changes_the_address(client_for, internal_affairs_user, ward):
    counter = CounterFactory(unit=ward)
    old = tokens.counter_token(counter)
    done = client_for(internal_affairs_user).post(
        reverse("feedback:counter-rotate", args=[counter.pk])
    )
    assert done.status_code == 302
    assert tokens.counter_for_token(old) is None
    counter.refresh_from_db()
    assert tokens.counter_for_token(tokens.counter_token(counter)) == counter
