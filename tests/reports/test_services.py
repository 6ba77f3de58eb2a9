"""Rounds, text, submission (frozen figures, on time or late), return and reminders."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role
from notifications.models import Notification
from procedures.factories import intake
from reports import figures, services
from reports.models import ReportRound, ReportSubmission, UnitReport

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db(transaction=False)


def at(day, hour=10, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def submit(report, user, when, **kwargs):
    report.refresh_from_db()
    return services.report_submit(
        report=report, version=report.version, acting_user=user, now=when, **kwargs
    )


# --- rounds --------------------------------------------------------------------------------


def test_a_round_is_owed_by_each_unit_chosen(city, ward, other_ward, internal_affairs_user):
    rnd = services.round_create(
        unit=city,
        year=2023,
        kind=ReportRound.Kind.QUARTER,
        quarter=2,
        deadline=D(2023, 7, 5),
        units=[ward, other_ward],
        acting_user=internal_affairs_user,
    )
    assert (rnd.first_month, rnd.last_month) == (D(2023, 4, 1), D(2023, 6, 1))
    assert str(rnd.title) == "Báo cáo CCHC quý II năm 2023"
    assert sorted(rnd.reports.values_list("unit__code", "status")) == [
        ("ward-one", "draft"),
        ("ward-two", "draft"),
    ]
    assert rnd.reports.first().history.count() == 1


@pytest.mark.parametrize(
    ("kind", "quarter", "title", "months"),
    [
        ("six_months", 0, "Báo cáo CCHC 6 tháng đầu năm 2022", (1, 6)),
        ("nine_months", 0, "Báo cáo CCHC 9 tháng đầu năm 2022", (1, 9)),
        ("annual", 0, "Báo cáo CCHC năm 2022", (1, 12)),
        ("quarter", 3, "Báo cáo CCHC quý III năm 2022", (7, 9)),
    ],
)
def test_each_kind_covers_its_months(
    city, ward, internal_affairs_user, kind, quarter, title, months
):
    rnd = services.round_create(
        unit=city,
        year=2022,
        kind=kind,
        quarter=quarter,
        deadline=D(2023, 1, 15),
        units=[ward],
        acting_user=internal_affairs_user,
    )
    assert str(rnd.title) == title
    assert (rnd.first_month.month, rnd.last_month.month) == months


def test_a_round_refuses_units_outside_the_requester_and_a_missing_quarter(
    city, ward, other_city, internal_affairs_user
):
    with pytest.raises(ValidationError) as error:
        services.round_create(
            unit=city,
            year=2022,
            kind="nine_months",
            deadline=D(2022, 10, 10),
            units=[ward, other_city],
            acting_user=internal_affairs_user,
        )
    assert error.value.message_dict["units"] == [
        "Các đơn vị sau không trực thuộc Thành phố Thử: Thành phố Khác."
    ]
    with pytest.raises(ValidationError) as error:
        services.round_create(
            unit=city,
            year=2022,
            kind="quarter",
            deadline=D(2022, 10, 10),
            units=[ward],
            acting_user=internal_affairs_user,
        )
    assert "Chọn quý của báo cáo quý (từ I đến IV)." in error.value.messages
    with pytest.raises(ValidationError):
        services.round_create(
            unit=city,
            year=2022,
            kind="nine_months",
            deadline=D(2022, 10, 10),
            units=[],
            acting_user=internal_affairs_user,
        )
    assert not ReportRound.objects.exists()


def test_the_same_period_twice_is_refused(rnd, ward, internal_affairs_user):
    with pytest.raises(ValidationError) as error:
        services.round_create(
            unit=rnd.unit,
            year=2022,
            kind="nine_months",
            deadline=D(2022, 10, 15),
            units=[ward],
            acting_user=internal_affairs_user,
        )
    assert "Đơn vị đã có kỳ báo cáo cho giai đoạn này." in error.value.messages


def test_a_unit_that_wrote_its_report_stays_on_the_round(
    report, canary_report, staff_user, ward, other_ward
):
    services.report_text_update(
        report=report,
        version=report.version,
        acting_user=staff_user,
        results="Kết quả",
        shortcomings="",
        proposals="",
    )
    with pytest.raises(ValidationError) as error:
        services.round_update(
            rnd=report.round, version=1, deadline=D(2022, 10, 10), units=[other_ward]
        )
    assert error.value.message_dict["units"] == [
        "Các đơn vị sau đã soạn hoặc đã gửi báo cáo nên không thể bỏ khỏi kỳ báo cáo: Phường Một."
    ]
    services.round_update(rnd=report.round, version=1, deadline=D(2022, 10, 10), units=[ward])
    assert list(report.round.reports.values_list("unit__code", flat=True)) == ["ward-one"]


def test_a_new_deadline_sends_the_reminders_again(report):
    UnitReport.objects.filter(pk=report.pk).update(reminder_before_sent_on=D(2022, 10, 5))
    services.round_update(
        rnd=report.round, version=1, deadline=D(2022, 10, 20), units=[report.unit]
    )
    report.refresh_from_db()
    assert report.reminder_before_sent_on is None
    assert report.round.deadline == D(2022, 10, 20)


# --- the text ------------------------------------------------------------------------------


def test_text_saved_with_the_version_read_and_refused_when_stale(report, staff_user):
    version = report.version
    services.report_text_update(
        report=report,
        version=version,
        acting_user=staff_user,
        results="Đã hoàn thành kế hoạch.",
        shortcomings="- Tuyên truyền còn ít.",
        proposals="",
        document_number="12/BC-UBND",
    )
    report.refresh_from_db()
    assert (report.results, report.document_number, report.narrative_is_edited) == (
        "Đã hoàn thành kế hoạch.",
        "12/BC-UBND",
        True,
    )
    with pytest.raises(ValidationError) as error:
        services.report_text_update(
            report=report,
            version=version,
            acting_user=staff_user,
            results="Bản cũ",
            shortcomings="",
            proposals="",
        )
    assert error.value.code == "changed_meanwhile"
    report.refresh_from_db()
    assert report.results == "Đã hoàn thành kế hoạch."


# --- submission ----------------------------------------------------------------------------


def test_submission_freezes_the_figures_and_later_changes_show(report, staff_user, ward_figures):
    submission = submit(report, staff_user, at(D(2022, 10, 7)))
    frozen = submission.figures
    assert frozen == figures.unit_figures(report.unit, report.round, today=D(2022, 10, 7))
    assert frozen["intake"]["received_total"] == 90
    intake(report.unit, D(2022, 8, 1), "land", received_counter=10)
    submission.refresh_from_db()
    assert submission.figures["intake"]["received_total"] == 90
    fresh = figures.unit_figures(report.unit, report.round, today=D(2022, 10, 7))
    assert fresh["intake"]["received_total"] == 100
    from reports.comparison import differences

    changed = {(row.label, row.old, row.new) for row in differences(frozen, fresh)}
    assert ("hồ sơ mới tiếp nhận", "90", "100") in changed
    assert ("tỷ lệ hồ sơ trực tuyến", "4,44 %", "4,00 %") in changed


def test_on_time_is_judged_against_the_deadline_day_in_vietnam(report, canary_report, staff_user):
    on_time = submit(report, staff_user, at(D(2022, 10, 10), 23, 59))
    late = submit(canary_report, staff_user, at(D(2022, 10, 11), 0, 1))
    assert (on_time.is_late, late.is_late) == (False, True)
    report.refresh_from_db()
    canary_report.refresh_from_db()
    assert (report.timeliness, canary_report.timeliness) == ("on_time", "late")
    assert canary_report.days_late == 1
    from reports.selectors import round_counts

    admin = UserFactory(unit=None, roles=[Role.Code.ADMINISTRATOR], is_superuser=True)
    assert round_counts(admin, report.round) == {
        "owed": 2,
        "submitted": 2,
        "on_time": 1,
        "late": 1,
        "missing": 0,
        "returned": 0,
    }


def test_a_returned_report_sent_again_keeps_its_first_timeliness(
    report, staff_user, internal_affairs_user
):
    first = submit(report, staff_user, at(D(2022, 10, 9)))
    services.report_return(
        report=report, acting_user=internal_affairs_user, comment="Bổ sung số liệu."
    )
    report.refresh_from_db()
    assert report.status == UnitReport.Status.RETURNED
    second = submit(report, staff_user, at(D(2022, 10, 20)))
    report.refresh_from_db()
    assert (second.number, second.is_late) == (2, True)
    assert report.first_submitted_at == first.submitted_at
    assert report.submitted_at == second.submitted_at
    assert report.timeliness == "on_time"
    first.refresh_from_db()
    assert (first.return_comment, first.returned_by) == ("Bổ sung số liệu.", internal_affairs_user)


def test_a_report_cannot_be_submitted_twice_nor_edited_once_sent(report, staff_user):
    version = report.version
    submit(report, staff_user, at(D(2022, 10, 9)))
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, version=version + 1, acting_user=staff_user)
    assert error.value.messages == ["Báo cáo này đã được gửi."]
    with pytest.raises(ValidationError):
        services.report_text_update(
            report=report,
            version=report.version,
            acting_user=staff_user,
            results="x",
            shortcomings="",
            proposals="",
        )
    assert ReportSubmission.objects.count() == 1


def test_a_stale_page_cannot_submit(report, staff_user):
    stale = report.version
    services.report_text_update(
        report=report,
        version=stale,
        acting_user=staff_user,
        results="Mới",
        shortcomings="",
        proposals="",
    )
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, version=stale, acting_user=staff_user)
    assert error.value.code == "changed_meanwhile"
    assert not ReportSubmission.objects.exists()


def test_what_was_submitted_is_recorded(report, canary_report, staff_user, rnd):
    generated = submit(report, staff_user, at(D(2022, 10, 9)))
    assert generated.source == ReportSubmission.Source.GENERATED
    # Nothing entered: the suggested text only says that the figures need checking.
    assert (generated.results, generated.shortcomings, generated.proposals) == (
        "",
        "- Một số số liệu trên Cổng CCHC còn phải rà soát (liệt kê dưới đây).",
        "",
    )
    scan = SimpleUploadedFile("bao-cao-da-ky.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    uploaded = submit(canary_report, staff_user, at(D(2022, 10, 9)), upload=scan)
    assert uploaded.source == ReportSubmission.Source.UPLOADED
    assert uploaded.file_name == "bao-cao-da-ky.pdf"
    third = UnitReport.objects.create(round=rnd, unit=UnitFactory(parent=rnd.unit))
    services.report_text_update(
        report=third,
        version=third.version,
        acting_user=staff_user,
        results="Viết lại",
        shortcomings="",
        proposals="",
    )
    edited = submit(third, staff_user, at(D(2022, 10, 9)))
    assert (edited.source, edited.results) == (ReportSubmission.Source.EDITED, "Viết lại")


def test_returning_needs_a_comment_and_a_submitted_report(
    report, staff_user, internal_affairs_user
):
    with pytest.raises(ValidationError):
        services.report_return(report=report, acting_user=internal_affairs_user, comment="x")
    submit(report, staff_user, at(D(2022, 10, 9)))
    with pytest.raises(ValidationError) as error:
        services.report_return(report=report, acting_user=internal_affairs_user, comment="  ")
    assert error.value.message_dict == {"comment": ["Hãy nêu lý do trả lại báo cáo."]}


def test_submitting_and_returning_notify_the_other_side(
    report, staff_user, internal_affairs_user, django_capture_on_commit_callbacks
):
    internal_affairs_user.email = "noivu@example.invalid"
    internal_affairs_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(report, staff_user, at(D(2022, 10, 12)))
    note = Notification.objects.get(recipient=internal_affairs_user)
    assert (
        note.text
        == "Phường Một đã gửi Báo cáo CCHC 9 tháng đầu năm 2022 muộn (thời hạn 10/10/2022)"
    )
    assert note.link == report.get_absolute_url()
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            report=report, acting_user=internal_affairs_user, comment="Thiếu số liệu."
        )
    returned = Notification.objects.get(recipient=staff_user)
    assert returned.text == (
        "Báo cáo CCHC 9 tháng đầu năm 2022 của đơn vị đã bị trả lại để bổ sung, chỉnh sửa"
    )
    assert "Ý kiến: Thiếu số liệu." in returned.body


# --- reminders -----------------------------------------------------------------------------


def test_reminders_before_and_after_the_deadline_once_each(
    report, canary_report, staff_user, other_staff_user, internal_affairs_user
):
    assert services.send_reminders(today=D(2022, 10, 1)) == (0, 0, 0)
    assert services.send_reminders(today=D(2022, 10, 6)) == (2, 0, 0)
    assert services.send_reminders(today=D(2022, 10, 6)) == (0, 0, 0)
    assert Notification.objects.get(recipient=staff_user).text == (
        "Nhắc việc: còn 4 ngày đến hạn gửi Báo cáo CCHC 9 tháng đầu năm 2022 (10/10/2022)"
    )
    submit(report, staff_user, at(D(2022, 10, 8)))
    assert services.send_reminders(today=D(2022, 10, 11)) == (0, 1, 1)
    assert services.send_reminders(today=D(2022, 10, 11)) == (0, 0, 0)
    overdue = Notification.objects.get(recipient=other_staff_user, kind="report_overdue")
    assert overdue.text == (
        "Quá hạn: Báo cáo CCHC 9 tháng đầu năm 2022 đã quá hạn 1 ngày (hạn 10/10/2022)"
    )
    missing = Notification.objects.get(recipient=internal_affairs_user, kind="report_missing")
    assert missing.body == "- Phường Hai"
    assert services.send_reminders(today=D(2022, 10, 17)) == (0, 0, 0)
    assert services.send_reminders(today=D(2022, 10, 18)) == (0, 1, 0)
    assert Notification.objects.filter(recipient=staff_user).count() == 1


def test_the_reminder_command_reports_what_it_sent(report, staff_user, capsys):
    from django.core.management import call_command

    call_command("send_report_reminders", "--date", "2022-10-08")
    assert capsys.readouterr().out.strip() == (
        "1 reminder(s) before the deadline, 0 after it, 0 missing-reports notice(s) for 08/10/2022."
    )
