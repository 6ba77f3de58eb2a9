"""Crafted ids and versions in the reform pages: ignored or refused, never a 500."""

import pytest
from django.urls import reverse

HUGE = "1" * 40


@pytest.mark.parametrize("value", ["²", HUGE, "-1"])
def test_a_crafted_area_filter_on_a_plan_is_ignored(client_for, staff_user, plan, value):
    client = client_for(staff_user)
    client.raise_request_exception = False
    response = client.get(plan.get_absolute_url(), {"area": value})
    assert response.status_code == 200
    assert "Công khai thủ tục hành chính" in response.content.decode()


@pytest.mark.parametrize("value", ["²", HUGE, "abc"])
def test_a_crafted_parent_in_the_new_task_link_is_ignored(client_for, staff_user, plan, value):
    client = client_for(staff_user)
    client.raise_request_exception = False
    response = client.get(reverse("reforms:task-create", args=[plan.pk]), {"parent": value})
    assert response.status_code == 200


@pytest.mark.parametrize("version", ["²", HUGE, "abc"])
def test_a_crafted_task_version_is_a_form_error(client_for, staff_user, open_task, version):
    client = client_for(staff_user)
    client.raise_request_exception = False
    response = client.post(
        reverse("reforms:task-edit", args=[open_task.pk]),
        {
            "version": version,
            "parent": open_task.parent_id,
            "title": "Thực hiện TTHC đất đai",
            "expected_output": "",
            "responsible": "",
            "deadline": "2022-11-30",
        },
    )
    assert response.status_code == 200
    assert (
        "Biểu mẫu gửi lên bị thiếu hoặc đã bị sửa đổi. Hãy tải lại trang rồi thử lại."
        in response.content.decode()
    )
    open_task.refresh_from_db()
    assert open_task.title == "Thực hiện TTHC đất đai trên phần mềm một cửa"


@pytest.mark.parametrize("year", ["10000", "1" * 20, "²"])
def test_a_crafted_year_on_the_plan_list_falls_back(client_for, internal_affairs_user, year):
    client = client_for(internal_affairs_user)
    client.raise_request_exception = False
    response = client.get(reverse("reforms:plan-list"), {"year": year})
    assert response.status_code == 200
