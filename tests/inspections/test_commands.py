"""The daily overdue reminders: a deadline-passed notice once, then one reminder a day."""

import datetime
import io

from django.core.management import call_command

from inspections.factories import ConcludedInspectionFactory, RecommendationFactory
from inspections.models import Recommendation
from notifications.models import Notification


def run(date):
    out = io.StringIO()
    call_command("send_overdue_reminders", date=date, stdout=out)
    return out.getvalue().strip()


def test_deadline_passed_once_then_daily_reminders(
    ward, staff_user, internal_affairs_user, inspector_user, other_staff_user
):
    inspection = ConcludedInspectionFactory(unit=ward, lead=inspector_user)
    late = RecommendationFactory(
        inspection=inspection, number=1, text="Niêm yết TTHC", due_on=datetime.date(2022, 12, 31)
    )
    RecommendationFactory(inspection=inspection, number=2, due_on=datetime.date(2023, 3, 31))
    RecommendationFactory(
        inspection=inspection,
        number=3,
        due_on=datetime.date(2022, 12, 1),
        status=Recommendation.Status.ACCEPTED,
        accepted_at=datetime.datetime(2022, 11, 30, tzinfo=datetime.UTC),
    )

    assert run("2023-01-01") == "1 deadline-passed notice(s), 0 reminder(s) sent for 01/01/2023."
    passed = Notification.objects.filter(kind="recommendation_overdue")
    assert sorted(n.recipient.username for n in passed) == ["noivu", "staff"]
    assert passed.first().text == ("Kiến nghị 1 của Phường Một đã quá hạn (thời hạn 31/12/2022)")
    late.refresh_from_db()
    assert late.overdue_notified_on == datetime.date(2023, 1, 1)
    # Same day again: nothing new.
    assert run("2023-01-01") == "0 deadline-passed notice(s), 0 reminder(s) sent for 01/01/2023."

    assert run("2023-01-02") == "0 deadline-passed notice(s), 1 reminder(s) sent for 02/01/2023."
    reminder = Notification.objects.get(kind="overdue_reminder")
    assert reminder.recipient == staff_user
    assert reminder.text == "Nhắc việc: 1 kiến nghị quá hạn cần khắc phục"
    assert "1. Niêm yết TTHC (thời hạn 31/12/2022)" in reminder.body
    assert not Notification.objects.filter(recipient=other_staff_user).exists()
    # A second run on the same day sends no second reminder.
    assert run("2023-01-02").startswith("0 deadline-passed notice(s), 0 reminder(s)")


def test_draft_recommendations_are_never_overdue(ward, staff_user, inspector_user):
    from inspections.factories import InspectionFactory

    draft = InspectionFactory(unit=ward, lead=inspector_user, status="in_progress")
    RecommendationFactory(inspection=draft, due_on=datetime.date(2022, 12, 31))
    assert run("2023-06-01").startswith("0 deadline-passed notice(s), 0 reminder(s)")
