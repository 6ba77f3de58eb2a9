"""The snapshot's typed counts and the catalogue's names: plausible, without hidden characters."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections.factories import ChecklistTemplateFactory, ShortcomingTypeFactory


def test_a_snapshot_with_more_tasks_than_any_plan_is_refused(
    client_for, inspector_user, in_progress
):
    in_progress.refresh_from_db()
    response = client_for(inspector_user).post(
        reverse("inspections:inspection-snapshot", args=[in_progress.pk]),
        {"version": in_progress.version, "tasks_total": 10**9, "tasks_done": 0},
    )
    assert response.status_code == 200
    assert (
        "1.000.000.000 vượt quá mức mà bất kỳ đơn vị nào có thể có (tối đa 10.000)"
        in response.content.decode()
    )
    in_progress.refresh_from_db()
    assert in_progress.tasks_total != 10**9


@pytest.mark.parametrize("factory", [ShortcomingTypeFactory, ChecklistTemplateFactory])
def test_catalogue_names_refuse_bidi_controls(factory, city):
    item = factory.build(name="Không giao phiếu hẹn\u2067")
    with pytest.raises(ValidationError) as error:
        item.full_clean(exclude=["unit", "area", "code"])
    assert error.value.message_dict["name"] == [
        "Hãy xoá ký tự điều khiển ẩn (U+2067) khỏi nội dung này: ký tự đó có thể làm thay "
        "đổi cách hiển thị văn bản."
    ]
