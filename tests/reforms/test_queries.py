"""The plan pages at two sizes: the same queries whatever the number of plans, units or tasks,
and the rows the template tags render read as the templates did (escaped, paginated)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from reforms.factories import IssuedDocumentFactory, ReformPlanFactory, ReformTaskFactory, area
from reforms.filters import PlanFilter
from reforms.models import ReformPlan, ReformTask

D = datetime.date
S = ReformTask.Status


def url(name, *args):
    return reverse(f"reforms:{name}", args=args)


def queries_of(client, path, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured), response.content.decode()


def wards_with_plans(city, count, prefix, year=2022):
    for index in range(count):
        unit = UnitFactory(code=f"{prefix}-{index}", name=f"Phường {prefix}{index}", parent=city)
        plan = ReformPlanFactory(unit=unit, year=year)
        general = ReformTaskFactory(plan=plan, area=area("procedures"))
        ReformTaskFactory(parent=general, deadline=D(year, 3, 1))
        ReformTaskFactory(
            parent=general, deadline=D(year, 5, 1), status=S.DONE, completed_on=D(year, 4, 1)
        )
        # Units without a plan that year, named under the list.
        UnitFactory(code=f"{prefix}-bare-{index}", parent=city, kind=Unit.Kind.WARD)


def test_plan_list_of_a_year_keeps_its_queries_with_more_plans_and_units(
    client_for, internal_affairs_user, city
):
    client = client_for(internal_affairs_user)
    wards_with_plans(city, 2, "a")
    queries_of(client, url("plan-list"), {"year": 2022})  # warm caches
    small, _html = queries_of(client, url("plan-list"), {"year": 2022})
    wards_with_plans(city, 60, "b")
    large, html = queries_of(client, url("plan-list"), {"year": 2022})
    assert large == small
    # 62 plans: 50 on the first page, the rest on the second.
    assert html.count("Kế hoạch năm 2022</a>") == 50
    assert "Trang 1/2" in html
    assert '<td class="num">1/2</td>' in html
    assert '<td class="num">50,00 %</td>' in html
    assert '<td class="num overdue">1</td>' in html
    _count, page_two = queries_of(client, url("plan-list"), {"year": 2022, "page": 2})
    assert page_two.count("Kế hoạch năm 2022</a>") == 12


def test_units_without_a_plan_name_the_first_hundred_and_count_the_rest(
    client_for, internal_affairs_user, city
):
    for index in range(103):
        UnitFactory(code=f"bare-{index:03}", name=f"Xã {index:03}", parent=city, kind="commune")
    _count, html = queries_of(client_for(internal_affairs_user), url("plan-list"), {"year": 2022})
    assert "Đơn vị chưa có kế hoạch năm 2022" in html
    # The city keeps its own plan too: the city and 103 communes, in tree order, 100 named.
    assert html.count('<li class="list-inline-item badge text-bg-light border">') == 100
    assert 'border">Thành phố Thử</li>' in html
    assert 'border">Xã 098</li>' in html and 'border">Xã 099</li>' not in html
    assert "và 4 đơn vị khác" in html


def test_plan_page_of_a_unit_that_edits_keeps_its_queries_with_more_tasks(
    client_for, staff_user, ward
):
    client = client_for(staff_user)

    def build(year, specific_per_general):
        plan = ReformPlanFactory(unit=ward, year=year)
        for code in ("direction", "procedures", "digital-government"):
            general = ReformTaskFactory(plan=plan, area=area(code))
            for index in range(specific_per_general):
                ReformTaskFactory(
                    parent=general,
                    deadline=D(year, 6, 30),
                    status=S.DONE if index % 2 else S.IN_PROGRESS,
                    completed_on=D(year, 7, 2) if index % 2 else None,
                )
            ReformTaskFactory(plan=plan, area=area(code))  # a general task on its own
        return plan

    small, large = build(2022, 1), build(2023, 10)
    # The first read of each fills the figures cache with the same number of queries.
    assert (
        queries_of(client, small.get_absolute_url())[0]
        == (queries_of(client, large.get_absolute_url())[0])
    )
    small_count, _html = queries_of(client, small.get_absolute_url())
    large_count, html = queries_of(client, large.get_absolute_url())
    assert large_count == small_count
    assert html.count('data-testid="task-row"') == 36
    # Update buttons: every specific task and each general task without specific tasks.
    assert html.count(">Cập nhật</a>") == 33
    assert html.count('<span class="badge text-bg-warning">trễ hạn</span>') == 15
    assert html.count("Thêm nhiệm vụ cụ thể") >= 6


def test_task_rows_and_plan_rows_escape_what_users_typed(
    client_for, staff_user, internal_affairs_user, ward
):
    document = IssuedDocumentFactory(unit=ward, number="5/KH-<UBND>")
    plan = ReformPlanFactory(unit=ward, year=2022, document=document)
    general = ReformTaskFactory(plan=plan, title='Chung <b>đậm</b> & "trích"')
    ReformTaskFactory(
        parent=general,
        title="<script>alert(1)</script>",
        responsible="A & B",
        deadline=D(2022, 3, 1),
    )
    html = client_for(staff_user).get(plan.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</a>" in html
    assert "Chung &lt;b&gt;đậm&lt;/b&gt; &amp; &quot;trích&quot;</a>" in html
    assert 'aria-label="Cập nhật: &lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert " · A &amp; B" in html
    assert '<span class="task-number fw-semibold">1.</span>' in html
    assert '<span class="task-number">1.1</span>' in html
    html = client_for(internal_affairs_user).get(url("plan-list")).content.decode()
    assert "<td>5/KH-&lt;UBND&gt;</td>" in html


def test_the_years_with_plans_are_read_once_each(city):
    wards_with_plans(city, 3, "y", year=2022)
    wards_with_plans(city, 2, "z", year=2021)
    # The plans' ordering (by unit path) must not turn DISTINCT into a row per plan.
    years = PlanFilter.record_years(ReformPlan.objects.all())
    assert sorted(years) == [2021, 2022]
