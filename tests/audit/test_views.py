"""The audit log page: who may open it, what each sees, filters, links, speed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from reforms.factories import IssuedDocumentFactory, ReformPlanFactory, ReformTaskFactory

from .conftest import by

URL = "/audit/"
A = AuditEvent.Action


def rows(response):
    return response.content.decode().count('data-testid="event-row"')


def test_the_url_is_the_log():
    assert reverse("audit:event-list") == URL


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff_user", 403),
        ("inspector_user", 403),
        ("leadership_user", 403),
        ("internal_affairs_user", 200),
        ("admin_user_", 200),
    ],
)
def test_only_internal_affairs_and_administrators_open_the_log(
    db, request, client_for, who, expected
):
    client = client_for(request.getfixturevalue(who))
    assert client.get(URL).status_code == expected


def test_anonymous_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_log_cannot_be_written_through_its_page(client_for, internal_affairs_user):
    assert client_for(internal_affairs_user).post(URL).status_code == 405


def test_the_log_has_no_edit_or_delete_address():
    from django.urls import get_resolver

    audit_patterns = get_resolver().namespace_dict["audit"][1].url_patterns
    assert [pattern.name for pattern in audit_patterns] == ["event-list"]


@pytest.fixture
def two_cities(ward, other_city_ward, staff_user, other_internal_affairs_user):
    """A document of each city's ward, written by someone of that city."""
    by(staff_user, IssuedDocumentFactory.build(unit=ward, title="Kế hoạch của Phường Một")).save()
    by(
        other_internal_affairs_user,
        IssuedDocumentFactory.build(unit=other_city_ward, title="Kế hoạch CANARY"),
    ).save()


def test_internal_affairs_of_one_city_never_see_anothers_events(
    client_for, two_cities, internal_affairs_user, other_city_ward, client
):
    page = client_for(internal_affairs_user).get(URL).content.decode()
    assert "Kế hoạch của Phường Một" in page
    assert "CANARY" not in page
    assert "noivu2" not in page
    # Naming the other city's unit is refused, not obeyed.
    response = client.get(URL, {"unit": other_city_ward.pk})
    assert "CANARY" not in response.content.decode()
    assert rows(response) == 0
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    # Nor does asking for the record by its number reveal it.
    document = AuditEvent.objects.get(object_repr__contains="CANARY")
    response = client.get(
        URL, {"record_type": document.record_type, "object_id": document.object_id}
    )
    assert rows(response) == 0


def test_administrators_see_every_city(client_for, two_cities, admin_user_):
    page = client_for(admin_user_).get(URL, {"record_type": "reforms.issueddocument"})
    assert rows(page) == 2
    assert "CANARY" in page.content.decode()


def test_a_row_reads_who_when_unit_action_and_record(
    client_for, ward, staff_user, internal_affairs_user
):
    document = IssuedDocumentFactory.build(unit=ward, number="12/KH-UBND", title="Kế hoạch CCHC")
    by(staff_user, document).save()
    response = client_for(internal_affairs_user).get(URL, {"record_type": "reforms.issueddocument"})
    page = response.content.decode()
    assert rows(response) == 1
    assert "Nhật ký thao tác" in page
    assert "1 sự kiện" in page
    assert 'Nguyễn Văn <span class="text-muted">(staff)</span>' in page
    assert "<td>Phường Một</td>" in page
    assert "<td>Đã tạo</td>" in page
    assert f'<a href="/reforms/documents/{document.pk}/">{document}</a>' in page
    assert (
        f'<a href="/audit/?record_type=reforms.issueddocument&amp;object_id={document.pk}">lịch sử</a>'
        in page
    )
    local = timezone.localtime(
        AuditEvent.objects.get(record_type="reforms.issueddocument").occurred_at
    )
    assert local.strftime("%d/%m/%Y %H:%M:%S") in page


def test_a_deleted_record_is_no_longer_linked(client_for, ward, staff_user, internal_affairs_user):
    document = by(staff_user, IssuedDocumentFactory.build(unit=ward))
    document.save()
    pk = document.pk
    by(staff_user, document).delete()
    page = client_for(internal_affairs_user).get(URL, {"record_type": "reforms.issueddocument"})
    assert rows(page) == 2
    assert f'href="/reforms/documents/{pk}/"' not in page.content.decode()
    assert "<td>Đã xóa</td>" in page.content.decode()


@pytest.fixture
def log(city, ward, other_ward, staff_user, other_staff_user, internal_affairs_user):
    """In the city: 2 documents and a task by `staff` (ward one), a document by `staff2`
    (ward two), a unit edited by `noivu`; then one document deleted; a failed sign-in.
    The log starts empty, so that the fixtures' own units and users are not counted."""
    AuditEvent.objects.all().delete()
    first = by(staff_user, IssuedDocumentFactory.build(unit=ward))
    first.save()
    by(staff_user, IssuedDocumentFactory.build(unit=ward)).save()
    plan = ReformPlanFactory(unit=ward)
    by(staff_user, ReformTaskFactory.build(plan=plan)).save()
    by(other_staff_user, IssuedDocumentFactory.build(unit=other_ward)).save()
    unit = by(internal_affairs_user, Unit.objects.get(pk=other_ward.pk))
    unit.short_name = "P. Hai"
    unit.save()
    by(staff_user, first).delete()
    AuditEvent.objects.create(
        occurred_at=timezone.now(), action=A.LOGIN_FAILED, username="staff2", unit=other_ward
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"username": "staff"}, 4),
        ({"username": "staff2"}, 2),
        ({"username": "noivu", "record_type": "cchc_portal.unit"}, 1),
        # The plan the task is in, created by no one, is the ward's fifth.
        ({"unit": "WARD"}, 5),
        ({"unit": "OTHER_WARD"}, 3),
        ({"record_type": "reforms.issueddocument"}, 4),
        ({"record_type": "reforms.reformtask"}, 1),
        ({"action": "deleted"}, 1),
        ({"action": "login_failed"}, 1),
        ({"action": "created", "unit": "WARD"}, 4),
        ({"action": "changed", "record_type": "cchc_portal.unit"}, 1),
    ],
)
def test_each_filter_keeps_exactly_its_events(
    client_for, log, internal_affairs_user, ward, other_ward, query, expected
):
    units = {"WARD": ward.pk, "OTHER_WARD": other_ward.pk}
    query = {key: units.get(value, value) for key, value in query.items()}
    assert rows(client_for(internal_affairs_user).get(URL, query)) == expected


def test_the_date_range_is_in_local_days(client_for, ward, staff_user, internal_affairs_user):
    tz = timezone.get_current_timezone()
    for day, hour in [(1, 0), (1, 23), (2, 0), (3, 12)]:
        AuditEvent.objects.create(
            occurred_at=datetime.datetime(2022, 3, day, hour, 30, tzinfo=tz),
            action=A.LOGIN,
            username="staff",
            user=staff_user,
            unit=ward,
        )
    client = client_for(internal_affairs_user)
    login = {"action": "login", "username": "staff"}
    assert rows(client.get(URL, {**login, "since": "2022-03-01", "until": "2022-03-01"})) == 2
    assert rows(client.get(URL, {**login, "since": "2022-03-02"})) == 1 + 1
    assert rows(client.get(URL, {**login, "until": "2022-03-02"})) == 3
    assert rows(client.get(URL, {**login, "since": "2022-03-04"})) == 0


@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01", "until": "9999-12-31"},
        {"since": "31/02/2022"},
        {"object_id": "9" * 40},
        {"object_id": "-1"},
        {"record_type": "<script>"},
        {"action": "sudo"},
        {"unit": "abc"},
        {"username": "x" * 500},
        {"page": "99999"},
    ],
)
def test_crafted_filters_are_a_form_error_or_harmless(
    client_for, log, internal_affairs_user, query
):
    assert client_for(internal_affairs_user).get(URL, query).status_code == 200


def test_pages_of_fifty(client_for, ward, staff_user, internal_affairs_user):
    AuditEvent.objects.bulk_create(
        AuditEvent(occurred_at=timezone.now(), action=A.LOGIN, username="staff", unit=ward)
        for _ in range(51)
    )
    client = client_for(internal_affairs_user)
    # The test client's own sign-in is an event too: filter on the user.
    first = client.get(URL, {"action": "login", "username": "staff"})
    assert rows(first) == 50
    assert "51 sự kiện" in first.content.decode()
    assert "Trang 1/2" in first.content.decode()
    assert rows(client.get(URL, {"action": "login", "username": "staff", "page": 2})) == 1


def test_the_count_stops_at_its_limit(client_for, ward, internal_affairs_user, monkeypatch):
    monkeypatch.setattr("audit.views.COUNT_LIMIT", 3)
    AuditEvent.objects.bulk_create(
        AuditEvent(occurred_at=timezone.now(), action=A.LOGIN, username="staff", unit=ward)
        for _ in range(5)
    )
    page = client_for(internal_affairs_user).get(URL, {"action": "login"}).content.decode()
    assert "Có hơn 3 sự kiện: hãy thu hẹp bộ lọc để xem các sự kiện cũ hơn." in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_runs_the_same_queries_for_3_events_as_for_30(
    client_for, city, staff_user, internal_affairs_user, django_assert_num_queries, size
):
    AuditEvent.objects.all().delete()
    for index in range(size):
        ward = UnitFactory(name=f"Phường {index}", kind=Unit.Kind.WARD, parent=city)
        by(staff_user, IssuedDocumentFactory.build(unit=ward)).save()
        by(staff_user, ReformTaskFactory.build(plan=ReformPlanFactory(unit=ward))).save()
    client = client_for(internal_affairs_user)
    # Session, user (its roles come with it); the count; the page of events with their users
    # and units; which of their records were deleted since; the unit filter's choices.
    with django_assert_num_queries(6):
        response = client.get(URL)
    # Each ward, its document, plan and task; and internal affairs' own sign-in.
    assert rows(response) == min(50, 4 * size + 1)


def test_the_history_block_links_internal_affairs_to_the_records_log(
    client_for, ward, staff_user, internal_affairs_user
):
    document = IssuedDocumentFactory(unit=ward)
    link = f"/audit/?record_type=reforms.issueddocument&amp;object_id={document.pk}"
    detail = reverse("reforms:document-detail", args=[document.pk])
    page = client_for(internal_affairs_user).get(detail).content.decode()
    assert f'<a href="{link}">Bản ghi này trong nhật ký thao tác</a>' in page
    assert link not in client_for(staff_user).get(detail).content.decode()


def test_the_navigation_offers_the_log_to_internal_affairs_only(
    client_for, internal_affairs_user, staff_user
):
    assert 'href="/audit/"' in client_for(internal_affairs_user).get("/").content.decode()
    assert 'href="/audit/"' not in client_for(staff_user).get("/").content.decode()


def test_events_of_no_unit_are_for_administrators_only(
    client_for, internal_affairs_user, admin_user_
):
    AuditEvent.objects.create(
        occurred_at=timezone.now(), action=A.LOGIN_FAILED, username="khong-ai-ca"
    )
    query = {"action": "login_failed"}
    assert "khong-ai-ca" not in client_for(internal_affairs_user).get(URL, query).content.decode()
    assert "khong-ai-ca" in client_for(admin_user_).get(URL, query).content.decode()
