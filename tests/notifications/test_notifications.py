"""Notifications: one row per recipient, e-mail after commit, the list, read marks, the panel."""

import pytest
from django.core import mail
from django.urls import reverse

from cchc_portal.factories import UserFactory
from cchc_portal.models import Role
from notifications.models import Notification
from notifications.services import notify


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(ward):
    lan = UserFactory(
        username="lan", unit=ward, email="lan@example.invalid", roles=[Role.Code.UNIT_STAFF]
    )
    minh = UserFactory(username="minh", unit=ward, email="", roles=[Role.Code.UNIT_STAFF])
    gone = UserFactory(username="gone", unit=ward, email="gone@example.invalid", is_active=False)
    return lan, minh, gone


def test_notify_creates_one_row_per_active_recipient_and_mails_after_commit(
    people, django_capture_on_commit_callbacks
):
    lan, minh, gone = people
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = notify(
            recipients=[lan, minh, lan, gone, None],
            subject="Kiến nghị 1 đã quá hạn",
            body="Hạn 31/12/2022.",
            url="/inspections/recommendations/1/",
            kind="recommendation_overdue",
        )
        assert mail.outbox == []  # nothing leaves inside the transaction
    assert len(callbacks) == 1
    assert sorted(n.recipient.username for n in created) == ["lan", "minh"]
    assert Notification.objects.count() == 2
    assert [m.to for m in mail.outbox] == [["lan@example.invalid"]]
    message = mail.outbox[0]
    assert message.subject == "Kiến nghị 1 đã quá hạn"
    assert message.body == "Hạn 31/12/2022.\n\nhttp://127.0.0.1:8000/inspections/recommendations/1/"


def test_notify_without_recipients_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(recipients=[], subject="x", body="y") == []
    assert callbacks == []


def test_a_failing_mail_server_does_not_break_the_action(
    people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_notifications.BrokenBackend"
    lan, _minh, _gone = people
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[lan], subject="Thử", body="Thử")
    assert Notification.objects.filter(recipient=lan).count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise OSError("SMTP down")

    def close(self):
        pass

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *exc):
        return False


def test_list_mark_read_and_open(client_for, people):
    lan, minh, _gone = people
    (first,) = notify(
        recipients=[lan], subject="Báo cáo bị trả lại", body="Bổ sung.", url="/inspections/"
    )
    notify(recipients=[minh], subject="CANARY của người khác", body="", url="/")
    client = client_for(lan)
    page = client.get(reverse("notifications:notification-list")).content.decode()
    assert "Báo cáo bị trả lại" in page
    assert "CANARY" not in page
    assert "Chưa đọc (1)" in page
    response = client.get(reverse("notifications:notification-open", args=[first.pk]))
    assert response["Location"] == "/inspections/"
    first.refresh_from_db()
    assert first.read_at is not None
    page = client.get(reverse("notifications:notification-list")).content.decode()
    assert "Chưa đọc (0)" in page


def test_someone_elses_notification_is_404(client_for, people):
    lan, minh, _gone = people
    (other,) = notify(recipients=[minh], subject="Riêng", body="", url="/")
    client = client_for(lan)
    assert (
        client.get(reverse("notifications:notification-open", args=[other.pk])).status_code == 404
    )
    assert (
        client.post(reverse("notifications:notification-read", args=[other.pk])).status_code == 404
    )
    other.refresh_from_db()
    assert other.read_at is None


def test_an_outside_link_is_not_followed(client_for, people):
    lan, _minh, _gone = people
    (note,) = notify(recipients=[lan], subject="Lạ", body="", url="//evil.example/steal")
    response = client_for(lan).get(reverse("notifications:notification-open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:notification-list")


def test_mark_all_read(client_for, people):
    lan, _minh, _gone = people
    notify(recipients=[lan], subject="Một", body="")
    notify(recipients=[lan], subject="Hai", body="")
    client = client_for(lan)
    client.post(reverse("notifications:notification-read-all"))
    assert not Notification.objects.filter(recipient=lan, read_at__isnull=True).exists()


def test_home_panel_lists_unread_only(client_for, people):
    lan, _minh, _gone = people
    for number in range(7):
        notify(recipients=[lan], subject=f"Thông báo số {number}", body="")
    home = client_for(lan).get("/").content.decode()
    assert "7 thông báo mới" in home
    assert "Thông báo số 6" in home
    assert "Thông báo số 1" not in home  # the panel shows the newest five
    Notification.objects.filter(recipient=lan).update(read_at="2022-01-01T00:00:00Z")
    assert "thông báo mới" not in client_for(lan).get("/").content.decode()
