"""A plan's page reads its numbers from the shared cache, never older than the last write.

The figures, the per-area rows, the task counts, the year's documents, outreach and reform
models, and whether next year's plan exists, are kept under the unit's figures version
(`reforms.selectors.plan_page_figures`); every write of those records stamps the unit.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reforms.factories import (
    IssuedDocumentFactory,
    OutreachActivityFactory,
    ReformModelFactory,
    ReformPlanFactory,
)
from reforms.models import ReformTask

D = datetime.date
S = ReformTask.Status


@pytest.fixture
def client(client_for, staff_user):
    return client_for(staff_user)


def plan_page(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    return response


def progress(response):
    html = response.content.decode()
    start = html.index('data-testid="plan-progress">') + len('data-testid="plan-progress">')
    return html[start : html.index("<", start)]


def test_a_second_read_comes_from_the_cache(client, plan):
    first = plan_page(client, plan)
    with CaptureQueriesContext(connection) as captured:
        second = plan_page(client, plan)
    summary_reads = [q for q in captured.captured_queries if "reformtasksummary" in q["sql"]]
    assert summary_reads == []
    assert progress(first) == progress(second) == "2/3"
    assert second.context["counts"] == {"general": 1, "specific": 3}
    assert [row["area"].code for row in second.context["area_figures"]] == ["procedures"]


def test_each_write_shows_on_the_plan_page_at_once(client, plan, open_task, ward):
    assert progress(plan_page(client, plan)) == "2/3"

    open_task.status = S.DONE
    open_task.completed_on = D(2022, 9, 1)
    open_task.save()
    response = plan_page(client, plan)
    assert progress(response) == "3/3"
    assert response.context["area_figures"][0]["done"] == 3

    IssuedDocumentFactory(unit=ward, issued_on=D(2022, 4, 1))
    OutreachActivityFactory(unit=ward, participants=40)
    ReformModelFactory(unit=ward, year=2022)
    response = plan_page(client, plan)
    assert response.context["documents"]["total"] == 1
    assert response.context["outreach"]["participants"] == 40
    assert response.context["models_count"] == 1
    assert response.context["can_copy"] is True

    ReformPlanFactory(unit=ward, year=2023)
    assert plan_page(client, plan).context["can_copy"] is False


def test_a_deleted_task_leaves_the_counts_at_once(client, plan, open_task):
    plan_page(client, plan)
    open_task.delete()
    response = plan_page(client, plan)
    assert progress(response) == "2/2"
    assert response.context["counts"] == {"general": 1, "specific": 2}
