"""The unit pages' lists of the unit's own records come from the shared cache, and are never
older than the last write.

The unit dashboard lists its plan's overdue tasks and next deadlines, the recommendations
addressed to it, its flags and reform models; the one-page summary adds its documents and
outreach. They are kept under the unit's figures version (`dashboards.unit_page.own_records`):
each write of those records gives the unit a new version in its transaction, so the next
request reads them afresh.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.models import Recommendation
from procedures.factories import DataFlagFactory
from reforms.factories import IssuedDocumentFactory, OutreachActivityFactory, ReformModelFactory
from reforms.models import ReformModel, ReformTask

from .builders import R, many_wards

D = datetime.date
PERIOD = {"period": "custom", "first": "2022-01", "last": "2022-02"}
RECORD_TABLES = (
    "reforms_reformtask",
    "inspections_recommendation",
    "procedures_dataflag",
    "reforms_reformmodel",
)


@pytest.fixture
def wards(city, inspector_user):
    return many_wards(city, 2, inspector_user)


def page(client, ward, name="dashboards:unit"):
    response = client.get(reverse(name, args=[ward.pk]), PERIOD)
    assert response.status_code == 200
    return response.content.decode()


def section(html, testid):
    """The inner HTML of the element marked data-testid=`testid`."""
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(?:ul|table)>', html, re.S)
    assert match, testid
    return match.group(1)


def record_reads(captured):
    return [
        q["sql"] for q in captured if any(f'FROM "{table}"' in q["sql"] for table in RECORD_TABLES)
    ]


def test_a_second_request_reads_the_lists_from_the_cache(client_for, internal_affairs_user, wards):
    client = client_for(internal_affairs_user)
    first = page(client, wards[0])
    with CaptureQueriesContext(connection) as captured:
        second = page(client, wards[0])
    assert record_reads(captured.captured_queries) == []
    assert "P0 quá hạn 1" in second
    assert section(first, "unit-recommendations") == section(second, "unit-recommendations")


def test_each_write_shows_on_the_unit_dashboard_at_once(client_for, internal_affairs_user, wards):
    client = client_for(internal_affairs_user)
    ward = wards[0]
    html = page(client, ward)
    assert "P0 quá hạn 1" in html
    assert "Chưa ghi nhận mô hình CCHC nào trong năm." in html

    task = ReformTask.objects.get(plan__unit=ward, title="P0 quá hạn 1")
    task.title = "Rà soát quy trình nội bộ"
    task.save()
    html = page(client, ward)
    assert "Rà soát quy trình nội bộ" in html and "P0 quá hạn 1" not in html

    ReformModelFactory(unit=ward, year=2022, name="Bộ phận một cửa không giấy")
    assert "Bộ phận một cửa không giấy" in section(page(client, ward), "unit-models")

    open_rec = Recommendation.objects.get(responsible_unit=ward, status=R.OPEN)
    assert open_rec.text in section(page(client, ward), "unit-recommendations")
    Recommendation.objects.filter(pk=open_rec.pk).update(
        status=R.ACCEPTED, accepted_at=timezone.now()
    )
    assert open_rec.text not in section(page(client, ward), "unit-recommendations")

    assert section(page(client, ward), "unit-flags").count("<li>") == 1
    DataFlagFactory(unit=ward, month=D(2022, 1, 1), key="received_not_balanced")
    flags = section(page(client, ward), "unit-flags")
    assert flags.count("<li>") == 2 and "01/2022" in flags


def test_a_model_moved_to_another_unit_leaves_the_first_ones_page(
    client_for, internal_affairs_user, wards
):
    client = client_for(internal_affairs_user)
    model = ReformModelFactory(unit=wards[0], year=2022, name="Tổ công nghệ số cộng đồng")
    assert "Tổ công nghệ số cộng đồng" in page(client, wards[0])
    assert "Tổ công nghệ số cộng đồng" not in page(client, wards[1])

    model.unit = wards[1]  # as the admin's change form saves it
    model.save()

    assert "Tổ công nghệ số cộng đồng" not in page(client, wards[0])
    assert "Tổ công nghệ số cộng đồng" in page(client, wards[1])
    ReformModel.objects.filter(pk=model.pk).delete()
    assert "Tổ công nghệ số cộng đồng" not in page(client, wards[1])


def test_documents_and_outreach_show_on_the_summary_at_once(
    client_for, internal_affairs_user, wards
):
    client = client_for(internal_affairs_user)
    ward = wards[0]
    html = page(client, ward, "dashboards:unit-summary")
    assert "Văn bản ban hành trong năm: 0." in html
    assert "Tuyên truyền: 0 hoạt động, 0 lượt người tham dự" in html

    IssuedDocumentFactory(unit=ward, issued_on=D(2022, 2, 1))
    IssuedDocumentFactory(unit=ward, issued_on=D(2022, 6, 1))
    OutreachActivityFactory(unit=ward, participants=35)
    html = page(client, ward, "dashboards:unit-summary")
    assert "Văn bản ban hành trong năm: 2." in html
    assert "Tuyên truyền: 1 hoạt động, 35 lượt người tham dự" in html
