"""The yearly reporting calendar: four rounds with their data windows and due dates."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role, Unit
from reports import services
from reports.models import ReportRound, UnitReport, default_deadline

D = datetime.date
pytestmark = pytest.mark.django_db


def calendar_url(year):
    return reverse("reports:calendar-year", args=[year])


def test_the_calendar_proposes_four_rounds_with_windows_and_due_dates(
    client_for, internal_affairs_user, city, ward, other_ward
):
    response = client_for(internal_affairs_user).get(calendar_url(2022))
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<tr data-round="([^"]+)">(.*?)</tr>', html, re.S)
    assert [kind for kind, _row in rows] == ["quarter-1", "six_months", "nine_months", "annual"]
    windows = [re.search(r'data-testid="round-window">([^<]+)<', row).group(1) for _k, row in rows]
    assert windows == [
        "15/12/2021–14/03/2022",
        "15/12/2021–14/06/2022",
        "15/12/2021–14/09/2022",
        "15/12/2021–14/12/2022",
    ]
    # A city asks two days after the window closes (editable).
    assert 'value="2022-09-16"' in html and 'value="2022-03-16"' in html
    assert "Mở lịch báo cáo năm: tạo 4 kỳ báo cáo" in html
    assert "Phường Một" in html and "Phường Hai" in html


def test_opening_the_year_creates_the_rounds_owed_by_the_units_below(
    client_for, internal_affairs_user, city, ward, other_ward
):
    client = client_for(internal_affairs_user)
    response = client.post(
        calendar_url(2022),
        {
            "deadline_quarter_1": "2022-03-18",
            "deadline_six_months_0": "2022-06-16",
            "deadline_nine_months_0": "2022-10-10",
            "deadline_annual_0": "2022-12-16",
            "remind_days_before": "5",
            "instructions": "",
            "units": [ward.pk, other_ward.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã tạo 4 kỳ báo cáo năm 2022" in response.content.decode()
    rounds = {(r.kind, r.quarter): r for r in ReportRound.objects.filter(unit=city, year=2022)}
    assert set(rounds) == {("quarter", 1), ("six_months", 0), ("nine_months", 0), ("annual", 0)}
    nine = rounds[("nine_months", 0)]
    assert (nine.starts_on, nine.ends_on, nine.deadline) == (
        D(2021, 12, 15),
        D(2022, 9, 14),
        D(2022, 10, 10),
    )
    assert rounds[("quarter", 1)].deadline == D(2022, 3, 18)
    assert UnitReport.objects.filter(round__in=rounds.values()).count() == 8
    # Opening the year again creates nothing and says so.
    again = client.post(calendar_url(2022), {"remind_days_before": "5", "units": [ward.pk]})
    assert again.status_code == 302
    assert ReportRound.objects.filter(unit=city, year=2022).count() == 4
    page = client.get(calendar_url(2022)).content.decode()
    assert "Mở lịch báo cáo năm" not in page
    assert page.count('data-testid="round-deadline"') == 4


def test_a_deadline_before_the_window_ends_is_refused_and_nothing_is_created(
    client_for, internal_affairs_user, city, ward
):
    response = client_for(internal_affairs_user).post(
        calendar_url(2022),
        {
            "deadline_quarter_1": "2022-03-10",
            "deadline_six_months_0": "2022-06-16",
            "deadline_nine_months_0": "2022-10-10",
            "deadline_annual_0": "2022-12-16",
            "remind_days_before": "5",
            "units": [ward.pk],
        },
    )
    assert response.status_code == 200
    assert "Hạn gửi không được trước ngày chốt số liệu (14/03/2022)." in response.content.decode()
    assert not ReportRound.objects.filter(unit=city).exists()


def test_an_existing_round_is_kept_and_the_others_are_added(city, ward, internal_affairs_user):
    nine = services.round_create(
        unit=city,
        year=2022,
        kind="nine_months",
        deadline=D(2022, 10, 10),
        units=[ward],
        acting_user=internal_affairs_user,
    )
    created = services.calendar_open(
        unit=city, year=2022, units=[ward], acting_user=internal_affairs_user
    )
    assert [(r.kind, r.quarter) for r in created] == [
        ("quarter", 1),
        ("six_months", 0),
        ("annual", 0),
    ]
    assert [r.deadline for r in created] == [D(2022, 3, 16), D(2022, 6, 16), D(2022, 12, 16)]
    nine.refresh_from_db()
    assert nine.deadline == D(2022, 10, 10)


def test_units_outside_the_subtree_are_refused(city, other_city, internal_affairs_user):
    with pytest.raises(ValidationError, match="không trực thuộc Thành phố Thử: Thành phố Khác"):
        services.calendar_open(
            unit=city, year=2022, units=[other_city], acting_user=internal_affairs_user
        )
    assert not ReportRound.objects.exists()


def test_default_due_dates_by_level():
    province = Unit(kind=Unit.Kind.PROVINCE)
    city = Unit(kind=Unit.Kind.CITY)
    ward = Unit(kind=Unit.Kind.WARD)
    assert default_deadline(province, D(2022, 9, 14)) == D(2022, 9, 18)
    assert default_deadline(city, D(2022, 9, 14)) == D(2022, 9, 16)
    assert default_deadline(ward, D(2022, 9, 14)) == D(2022, 9, 15)


@override_settings(REPORTING_WINDOWS="calendar")
def test_with_calendar_months_the_rounds_cover_whole_months(
    client_for, internal_affairs_user, city, ward
):
    html = client_for(internal_affairs_user).get(calendar_url(2022)).content.decode()
    assert "01/01/2022–30/09/2022" in html
    assert "tháng dương lịch" in html
    created = services.calendar_open(
        unit=city, year=2022, units=[ward], acting_user=internal_affairs_user
    )
    assert [(r.starts_on, r.ends_on) for r in created][2] == (D(2022, 1, 1), D(2022, 9, 30))
    assert created[2].deadline == D(2022, 10, 2)


def test_only_internal_affairs_open_a_year(client_for, staff_user, leadership_user, city):
    assert client_for(staff_user).get(calendar_url(2022)).status_code == 403
    assert client_for(leadership_user).get(calendar_url(2022)).status_code == 403
    assert client_for(leadership_user).post(calendar_url(2022), {}).status_code == 403
    assert not ReportRound.objects.exists()


def test_bad_years_are_not_found(client_for, internal_affairs_user, city):
    client = client_for(internal_affairs_user)
    assert client.get("/reports/calendar/1999/").status_code == 404
    assert client.get(reverse("reports:calendar")).status_code == 302


def test_an_overdue_report_counts_days_against_its_rounds_own_deadline(
    client_for, internal_affairs_user, city, ward, other_ward
):
    services.calendar_open(
        unit=city,
        year=2022,
        units=[ward],
        deadlines={("quarter", 1): D(2022, 3, 18)},
        acting_user=internal_affairs_user,
    )
    q1 = UnitReport.objects.get(round__kind="quarter", unit=ward)
    nine = UnitReport.objects.get(round__kind="nine_months", unit=ward)
    today = datetime.date.today()
    assert q1.days_late == (today - D(2022, 3, 18)).days
    assert nine.days_late == (today - D(2022, 9, 16)).days
    UserFactory(unit=other_ward, roles=[Role.Code.UNIT_STAFF])
    html = client_for(internal_affairs_user).get(q1.round.get_absolute_url()).content.decode()
    assert f"Chưa nộp, quá hạn {q1.days_late} ngày" in html
    assert 'data-testid="round-window">15/12/2021–14/03/2022<' in html


def test_a_province_asks_the_level_below_by_default(client_for):
    province = UnitFactory(name="Tỉnh Thử", code="tinh", kind=Unit.Kind.PROVINCE)
    city = UnitFactory(name="Thành phố A", code="tp-a", kind=Unit.Kind.CITY, parent=province)
    UnitFactory(name="Phường A1", code="a1", kind=Unit.Kind.WARD, parent=city)
    office = UserFactory(unit=province, roles=[Role.Code.INTERNAL_AFFAIRS])
    html = client_for(office).get(calendar_url(2022)).content.decode()
    checked = re.findall(r'<input[^>]*name="units"[^>]*>', html)
    assert len(checked) == 2
    assert sum("checked" in tag for tag in checked) == 1
    assert 'value="2022-09-18"' in html
