"""Outreach counts within plausible bounds; task titles without hidden control characters."""

from django.urls import reverse

from reforms.factories import ReformPlanFactory
from reforms.models import OutreachActivity, OutreachYear, ReformTask
from tests.reforms.test_excel import GOOD_ROWS, import_url, xlsx

RLO = "\u202e"
TOO_MANY = "vượt quá mức mà bất kỳ đơn vị nào có thể có"


def test_a_trillion_participants_is_refused(client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("reforms:outreach-create"),
        {
            "held_on": "2022-05-10",
            "form": "own_meeting",
            "topic": "Hội nghị triển khai CCHC",
            "audience": "",
            "participants": 10**12,
        },
    )
    assert response.status_code == 200
    assert (
        "1.000.000.000.000 vượt quá mức mà bất kỳ đơn vị nào có thể có (tối đa 1.000.000): "
        "hãy kiểm tra lại số liệu."
    ) in response.content.decode()
    assert not OutreachActivity.objects.exists()


def test_a_million_participants_is_the_bound(client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("reforms:outreach-create"),
        {
            "held_on": "2022-05-10",
            "form": "social",
            "topic": "Bài đăng trên nhóm Zalo",
            "audience": "",
            "participants": 1_000_000,
        },
    )
    assert response.status_code == 302
    assert OutreachActivity.objects.get().participants == 1_000_000


def test_meetings_of_a_year_have_a_bound(client_for, staff_user):
    client = client_for(staff_user)
    url = reverse("reforms:outreach-meetings", args=[2022])
    response = client.post(url, {"meetings_count": 10**12})
    assert response.status_code == 200
    assert "(tối đa 10.000)" in response.content.decode()
    assert TOO_MANY in response.content.decode()
    assert not OutreachYear.objects.exists()
    assert client.post(url, {"meetings_count": 10_000}).status_code == 302


def test_a_task_title_with_a_right_to_left_override_is_refused(client_for, staff_user, plan):
    response = client_for(staff_user).post(
        reverse("reforms:task-create", args=[plan.pk]),
        {
            "parent": plan.tasks.get(parent=None).pk,
            "title": f"Nhiệm vụ {RLO}fdp.exe",
            "deadline": "2022-12-31",
        },
    )
    assert response.status_code == 200
    assert "Hãy xoá ký tự điều khiển ẩn (U+202E)" in response.content.decode()
    assert not ReformTask.objects.filter(title__contains=RLO).exists()


def test_an_imported_task_title_with_a_bidi_control_is_refused(client_for, staff_user, ward):
    plan = ReformPlanFactory(unit=ward, year=2023)
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][2] = f"Công khai{RLO} TTHC"
    response = client_for(staff_user).post(import_url(plan), {"file": xlsx(rows)})
    assert response.status_code == 200
    assert "Hãy xoá ký tự điều khiển ẩn (U+202E)" in response.content.decode()
    assert not plan.tasks.exists()
