"""The task summary equals a fresh aggregate of the tasks after every kind of write.

Each test writes through one path (form, Excel import, service, admin, delete, bulk, demo,
scale generator) and checks `verify()` is empty and a few figures read from the summary.
"""

import datetime
import importlib
import io
import random
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from openpyxl import Workbook

from cchc_portal import demo as core_demo
from cchc_portal import finality, summaries
from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from reforms import demo, scale, selectors, services
from reforms import summary as task_summary
from reforms.factories import ReformPlanFactory, ReformTaskFactory, area
from reforms.models import ReformArea, ReformPlan, ReformTask, ReformTaskSummary

D = datetime.date
S = ReformTask.Status
AS_OF = D(2022, 11, 1)


def url(name, *args):
    return reverse(f"reforms:{name}", args=args)


def exact():
    assert task_summary.verify() == []
    assert summaries.verify_all() == {}


def figures(plan, as_of=AS_OF):
    f = selectors.plan_figures(plan, as_of=as_of)
    return f["done"], f["total"], f["overdue"]


def by_unit(unit, year=2022, as_of=AS_OF):
    return selectors.task_figures_by_unit(Unit.objects.filter(pk=unit.pk), year, as_of)


@pytest.fixture
def plan(ward):
    """The ward's 2022 plan: a general task with three specific ones (2 done, 1 overdue)."""
    plan = ReformPlanFactory(unit=ward, year=2022)
    general = ReformTaskFactory(plan=plan, area=area("procedures"), title="Chung", position=1)
    ReformTaskFactory(
        parent=general,
        title="Một",
        deadline=D(2022, 3, 31),
        status=S.DONE,
        completed_on=D(2022, 3, 25),
    )
    ReformTaskFactory(
        parent=general,
        title="Hai",
        deadline=D(2022, 6, 30),
        status=S.DONE,
        completed_on=D(2022, 7, 5),
    )
    ReformTaskFactory(parent=general, title="Ba", deadline=D(2022, 9, 30), status=S.IN_PROGRESS)
    return plan


def test_factories_save_and_the_summary_holds_the_counted_tasks(plan, ward):
    exact()
    # The general task has specific tasks: it is not counted, only its three are.
    assert sum(ReformTaskSummary.objects.values_list("tasks", flat=True)) == 3
    assert figures(plan) == (2, 3, 1)
    assert by_unit(ward) == {ward.pk: {"tasks_total": 3, "tasks_done": 2, "tasks_overdue": 1}}


def test_an_empty_plan_has_one_row_of_no_tasks(ward):
    plan = ReformPlanFactory(unit=ward, year=2023)
    exact()
    assert list(ReformTaskSummary.objects.values_list("plan_id", "status", "tasks")) == [
        (plan.pk, "", 0)
    ]
    assert figures(plan) == (0, 0, 0)
    assert by_unit(ward, 2023) == {ward.pk: {"tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0}}


# --- forms through the views --------------------------------------------------------------


def test_task_forms_through_the_views(client_for, staff_user, plan, ward):
    client = client_for(staff_user)
    general = plan.tasks.get(title="Chung")
    # A lonely general task counts as one.
    response = client.post(
        url("task-create", plan.pk),
        {"parent": "", "area": area("direction").pk, "title": "Chỉ đạo", "deadline": "2022-05-31"},
    )
    assert response.status_code == 302
    exact()
    assert figures(plan) == (2, 4, 2)
    lonely = plan.tasks.get(title="Chỉ đạo")
    # Adding a specific task under it: the general task stops being counted.
    response = client.post(
        url("task-create", plan.pk),
        {"parent": lonely.pk, "area": "", "title": "Cụ thể", "deadline": "2022-12-31"},
    )
    assert response.status_code == 302
    exact()
    assert figures(plan) == (2, 4, 1)
    # Progress on the phone form: done on 20/10, so no longer overdue.
    task = plan.tasks.get(title="Ba")
    response = client.post(
        url("task-update", task.pk),
        {
            "version": task.version,
            "status": "done",
            "completed_on": "2022-10-20",
            "note": "",
            "cancel_reason": "",
            "evidence_document": "",
        },
    )
    assert response.status_code == 302
    exact()
    assert figures(plan) == (3, 4, 0)
    # Editing what a task is: a new deadline.
    task = plan.tasks.get(title="Cụ thể")
    response = client.post(
        url("task-edit", task.pk),
        {
            "version": task.version,
            "parent": lonely.pk,
            "area": "",
            "title": "Cụ thể",
            "deadline": "2022-08-31",
        },
    )
    assert response.status_code == 302
    exact()
    assert figures(plan) == (3, 4, 1)
    # Overdue, it is counted: deleting it is refused and the summary does not move.
    response = client.post(url("task-delete", task.pk))
    assert response.status_code == 200
    exact()
    assert figures(plan) == (3, 4, 1)
    assert general.pk in plan.tasks.values_list("parent_id", flat=True)


def test_plan_forms_copy_and_excel_import_through_the_views(client_for, staff_user, plan, ward):
    client = client_for(staff_user)
    assert (
        client.post(url("plan-create"), {"year": 2024, "document": "", "note": ""}).status_code
        == 302
    )
    exact()
    assert by_unit(ward, 2024) == {ward.pk: {"tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0}}
    assert client.post(url("plan-copy", plan.pk)).status_code == 302
    exact()
    copy = ReformPlan.objects.get(unit=ward, year=2023)
    assert figures(copy, D(2023, 11, 1)) == (0, 3, 3)
    new = ReformPlan.objects.get(unit=ward, year=2024)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["STT", "Lĩnh vực CCHC", "Nhiệm vụ", "Sản phẩm dự kiến", "Người chủ trì", "Thời hạn"]
    )
    sheet.append(["1", "Cải cách thủ tục hành chính", "Chung", "", "", None])
    sheet.append(["1.1", "", "Công khai TTHC", "", "", "31/03/2024"])
    sheet.append(["1.2", "", "Rà soát TTHC", "", "", "30/06/2024"])
    sheet.append(["2", "Cải cách thủ tục hành chính", "Một mình", "", "", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue())
    assert client.post(url("plan-import", new.pk), {"file": upload}).status_code == 302
    exact()
    assert figures(new, D(2024, 5, 1)) == (0, 3, 1)


# --- services -----------------------------------------------------------------------------


def test_services_keep_the_summary_exact(plan):
    general = plan.tasks.get(title="Chung")
    # A general task's new area moves its specific tasks too (children...update()).
    services.task_edit(task=general, version=general.version, area=area("direction"))
    exact()
    assert set(ReformTaskSummary.objects.values_list("area__code", flat=True)) == {"direction"}
    task = plan.tasks.get(title="Ba")
    services.task_update_progress(
        task=task, version=task.version, status=S.CANCELLED, cancel_reason="Không còn phù hợp"
    )
    exact()
    assert figures(plan) == (2, 2, 0)
    # Its general task's derived status: all but the cancelled one done, so done.
    assert plan.tasks.get(title="Chung").status == S.DONE
    # A done task is cancelled, never deleted, by the services; a model delete still keeps
    # the summary exact.
    with pytest.raises(finality.RecordIsFinal):
        services.task_delete(task=plan.tasks.get(title="Một"))
    plan.tasks.get(title="Một").delete()
    exact()
    assert figures(plan) == (1, 1, 0)


def test_moving_a_plan_to_another_unit_or_year(plan, ward, other_ward):
    plan.unit = other_ward
    plan.save()
    exact()
    assert by_unit(ward) == {}
    assert by_unit(other_ward) == {
        other_ward.pk: {"tasks_total": 3, "tasks_done": 2, "tasks_overdue": 1}
    }
    ReformPlan.objects.filter(pk=plan.pk).update(unit=ward, year=2021)
    exact()
    assert by_unit(other_ward) == {}
    assert by_unit(ward, 2021) == {ward.pk: {"tasks_total": 3, "tasks_done": 2, "tasks_overdue": 1}}
    # A task moved to another plan (the admin's raw id field) leaves the old plan.
    other = ReformPlanFactory(unit=other_ward, year=2022)
    task = plan.tasks.get(title="Ba")
    task.plan, task.parent = other, None
    task.save()
    exact()
    assert figures(other) == (0, 1, 1)


# --- admin ---------------------------------------------------------------------------------


def test_admin_change_and_delete(client_for, admin_user_, plan, ward):
    client = client_for(admin_user_)
    task = plan.tasks.get(title="Ba")
    change = reverse("admin:reforms_reformtask_change", args=[task.pk])
    page = client.get(change)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(status="done", completed_on="2022-09-15", deadline="2022-09-30")
    data = {k: v for k, v in data.items() if k not in ("evidence_file",)}
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    exact()
    assert figures(plan) == (3, 3, 0)
    # Done, it is counted: the admin refuses to delete it (cchc_portal/finality.py).
    delete = reverse("admin:reforms_reformtask_delete", args=[task.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    exact()
    assert figures(plan) == (3, 3, 0)
    # The summary itself is read-only in the admin.
    summary_list = reverse("admin:reforms_reformtasksummary_changelist")
    assert client.get(summary_list).status_code == 200
    row = ReformTaskSummary.objects.first()
    assert (
        client.post(
            reverse("admin:reforms_reformtasksummary_delete", args=[row.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ReformTaskSummary.objects.filter(pk=row.pk).exists()


def test_admin_deletes_a_plan_with_its_tasks(client_for, admin_user_, ward):
    # Nothing done or overdue yet (a plan with counted tasks is final: tests/reforms/test_final.py).
    plan = ReformPlanFactory(unit=ward, year=2023)
    ReformTaskFactory(plan=plan)
    ReformTaskFactory(plan=plan, status=S.IN_PROGRESS)
    delete = reverse("admin:reforms_reformplan_delete", args=[plan.pk])
    assert client_for(admin_user_).post(delete, {"post": "yes"}).status_code == 302
    exact()
    assert not ReformTaskSummary.objects.exists()
    assert by_unit(ward, 2023) == {}


# --- model and queryset writes ------------------------------------------------------------


def test_model_delete_and_queryset_update_and_delete(plan, ward):
    plan.tasks.get(title="Một").delete()
    exact()
    assert figures(plan) == (1, 2, 1)
    ReformTask.objects.filter(plan=plan, title="Ba").update(
        status=S.DONE, completed_on=D(2022, 10, 1)
    )
    exact()
    assert figures(plan) == (2, 2, 0)
    ReformTask.objects.filter(plan=plan, parent__isnull=False).delete()
    exact()
    # Without its specific tasks the general task counts as one again.
    assert figures(plan) == (0, 1, 0)
    ReformPlan.objects.filter(pk=plan.pk).delete()
    exact()
    assert not ReformTaskSummary.objects.exists()


def test_bulk_create_and_bulk_update(ward):
    plans = ReformPlan.objects.bulk_create(
        [ReformPlan(unit=ward, year=2022), ReformPlan(unit=ward, year=2023)]
    )
    exact()
    procedures = area("procedures")
    tasks = ReformTask.objects.bulk_create(
        [
            ReformTask(plan=plans[0], area=procedures, title="A", deadline=D(2022, 5, 1)),
            ReformTask(plan=plans[0], area=procedures, title="B", deadline=D(2022, 5, 1)),
            ReformTask(plan=plans[1], area=procedures, title="C", deadline=D(2023, 5, 1)),
        ]
    )
    exact()
    # Two tasks alike are one row of two.
    assert ReformTaskSummary.objects.get(plan=plans[0]).tasks == 2
    assert figures(plans[0]) == (0, 2, 2)
    tasks[0].status, tasks[0].completed_on = S.DONE, D(2022, 4, 1)
    ReformTask.objects.bulk_update([tasks[0]], ["status", "completed_on"])
    exact()
    assert figures(plans[0]) == (1, 2, 1)


def test_an_error_inside_a_transaction_rolls_the_summary_back(plan):
    before = list(ReformTaskSummary.objects.values_list(*task_summary.COLUMNS))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.task_create(plan=plan, area=area("direction"), title="Mới")
        ReformTask.objects.filter(plan=plan).update(status=S.NOT_STARTED, completed_on=None)
        assert figures(plan) == (0, 4, 3)
        raise RuntimeError("the request failed")
    assert list(ReformTaskSummary.objects.values_list(*task_summary.COLUMNS)) == before
    exact()
    assert figures(plan) == (2, 3, 1)


# --- bulk loaders --------------------------------------------------------------------------


def test_the_demo_load_leaves_the_summary_exact(db):
    core_demo.load()
    demo.load()
    exact()
    unit = Unit.objects.get(code="huyen-tung")
    assert by_unit(unit)[unit.pk] == {"tasks_total": 24, "tasks_done": 23, "tasks_overdue": 1}
    demo.load()  # idempotent
    exact()


def test_the_scale_generator_leaves_the_summary_exact(city):
    units = [UnitFactory(code=f"bench-{n}", parent=city) for n in range(3)]
    scale.generate(units=units, years=[2021, 2022], rng=random.Random(7))
    exact()
    assert ReformTaskSummary.objects.values("plan_id").distinct().count() == 6
    total = sum(ReformTaskSummary.objects.values_list("tasks", flat=True))
    assert total == 6 * scale.GENERAL_TASKS * scale.SPECIFIC_PER_GENERAL
    task_summary.rebuild(None)
    exact()


def test_verify_reports_a_stale_row(plan):
    ReformTaskSummary.objects.filter(status=S.IN_PROGRESS).update(tasks=5)
    assert len(task_summary.verify()) == 2
    summaries.rebuild_all([task_summary.NAME])
    exact()


# --- the summary's figures are the raw definition, for any as-of day ----------------------


def test_summary_figures_equal_the_raw_definition_on_random_days(city):
    rng = random.Random(12)
    areas = list(ReformArea.objects.all())
    units = [UnitFactory(code=f"random-{n}", parent=city) for n in range(4)]
    statuses = list(S.values)
    for unit in units:
        for year in (2021, 2022):
            if rng.random() < 0.2:
                continue
            plan = ReformPlanFactory(unit=unit, year=year)
            for _ in range(rng.randint(0, 4)):
                general = ReformTaskFactory(plan=plan, area=rng.choice(areas))
                for _ in range(rng.randint(0, 3)):
                    status = rng.choice(statuses)
                    deadline = D(year, rng.randint(1, 12), rng.randint(1, 28))
                    done_on = deadline + datetime.timedelta(days=rng.randint(-40, 40))
                    ReformTaskFactory(
                        parent=general,
                        deadline=deadline,
                        status=status,
                        completed_on=done_on if status == S.DONE else None,
                        cancel_reason="Hủy" if status == S.CANCELLED else "",
                    )
                if rng.random() < 0.5:
                    services.refresh_general_status(general)
    exact()
    everyone = Unit.objects.filter(pk__in=[u.pk for u in units])
    for _ in range(25):
        year = rng.choice((2021, 2022))
        as_of = D(year, 1, 1) + datetime.timedelta(days=rng.randint(-30, 400))
        raw = {}
        for plan in ReformPlan.objects.filter(year=year):
            raw_figures = ReformTask.objects.filter(plan=plan).figures(as_of=as_of)
            assert selectors.plan_figures(plan, as_of=as_of) == raw_figures
            raw[plan.unit_id] = {
                "tasks_total": raw_figures["total"],
                "tasks_done": raw_figures["done"],
                "tasks_overdue": raw_figures["overdue"],
            }
            raw_areas = {
                row.pop("area_id"): row
                for row in ReformTask.objects.filter(plan=plan)
                .counted()
                .order_by()
                .values("area_id")
                .annotate(**ReformTask.objects.figure_counts(as_of))
            }
            summary_areas = {
                row["area"].pk: {k: v for k, v in row.items() if k not in ("area", "rate")}
                for row in selectors.plan_area_figures(plan, as_of=as_of, areas=areas)
            }
            assert summary_areas == raw_areas
        assert selectors.task_figures_by_unit(everyone, year, as_of) == raw
        annotated = {
            u.pk: {
                "tasks_total": u.tasks_total,
                "tasks_done": u.tasks_done,
                "tasks_overdue": u.tasks_overdue,
            }
            for u in selectors.task_progress_by_unit(everyone, year, as_of)
        }
        assert annotated == {
            u.pk: raw.get(u.pk, {"tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0})
            for u in units
        }
        totals, by_area, plans = selectors.plans_task_figures(everyone, year, as_of)
        raw_totals = ReformTask.objects.filter(plan__unit__in=everyone, plan__year=year).figures(
            as_of=as_of
        )
        assert totals == raw_totals
        assert plans == len(raw)


def test_a_rebuild_is_four_statements_for_one_unit_or_many(
    plan, ward, other_ward, django_assert_num_queries
):
    ReformPlanFactory(unit=other_ward, year=2022)
    # Delete their rows, two inserts (the units are locked by `cchc_portal.summaries` before
    # it calls the rebuild); inside the test's transaction the rebuild's own atomic block adds
    # a savepoint and its release.
    with django_assert_num_queries(5):
        task_summary.rebuild([ward.pk])
    with django_assert_num_queries(5):
        task_summary.rebuild([ward.pk, other_ward.pk])
    with django_assert_num_queries(5):
        task_summary.rebuild(None)
    exact()


def test_the_migration_fills_the_summary_of_the_tasks_already_stored(plan, other_ward):
    ReformPlanFactory(unit=other_ward, year=2023)
    ReformTaskSummary.objects.all().delete()
    migration = importlib.import_module("reforms.migrations.0005_task_summary")
    migration.fill_task_summary(django_apps, SimpleNamespace(connection=connection))
    exact()
    assert figures(plan) == (2, 3, 1)
    assert by_unit(other_ward, 2023) == {
        other_ward.pk: {"tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0}
    }


@pytest.mark.django_db(transaction=True)
def test_a_bulk_write_without_a_transaction_commits_with_its_rebuild_or_not_at_all(
    monkeypatch, city
):
    ward = UnitFactory(code="tx-ward", parent=city)
    plan = ReformPlanFactory(unit=ward, year=2022)
    task = ReformTaskFactory(plan=plan, deadline=D(2022, 3, 1))

    def failing_rebuild(unit_ids):
        raise RuntimeError("the summary could not be rebuilt")

    monkeypatch.setattr(summaries.registered()[task_summary.NAME], "rebuild", failing_rebuild)
    with pytest.raises(RuntimeError):
        ReformTask.objects.filter(pk=task.pk).update(status=S.DONE, completed_on=D(2022, 2, 1))
    task.refresh_from_db()
    assert task.status == S.NOT_STARTED
    with pytest.raises(RuntimeError):
        ReformTask.objects.filter(pk=task.pk).delete()
    assert ReformTask.objects.filter(pk=task.pk).exists()
    monkeypatch.undo()
    exact()
    assert figures(plan) == (0, 1, 1)
