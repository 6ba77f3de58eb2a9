"""The snapshot: the unit's figures as of the visit, read from the reform and procedure data."""

import datetime
from decimal import Decimal

from inspections import services
from inspections.factories import InspectionFactory
from procedures.factories import intake
from reforms.factories import ReformPlanFactory, ReformTaskFactory
from reforms.models import ReformTask


def test_start_copies_tasks_and_intake_up_to_the_visit(ward, other_ward, inspector_user):
    plan = ReformPlanFactory(unit=ward, year=2022)
    general = ReformTaskFactory(plan=plan)
    for day in (10, 20):
        ReformTaskFactory(
            parent=general,
            deadline=datetime.date(2022, 10, 31),
            status=ReformTask.Status.DONE,
            completed_on=datetime.date(2022, 10, day),
        )
    # Done after the visit: not done as of the visit.
    ReformTaskFactory(
        parent=general,
        deadline=datetime.date(2022, 12, 31),
        status=ReformTask.Status.DONE,
        completed_on=datetime.date(2022, 11, 20),
    )
    ReformTaskFactory(parent=general, deadline=datetime.date(2022, 12, 31))
    intake(
        ward,
        datetime.date(2022, 1, 1),
        received_online=9,
        received_counter=355,
        processed_electronically=100,
        returned_by_postal=5,
    )
    intake(
        ward,
        datetime.date(2022, 10, 1),
        received_counter=400,
        processed_electronically=144,
        returned_by_postal=8,
    )
    intake(ward, datetime.date(2022, 11, 1), received_counter=50)  # after the period
    intake(other_ward, datetime.date(2022, 5, 1), received_counter=999)  # another unit
    inspection = InspectionFactory(
        unit=ward, lead=inspector_user, start_on=datetime.date(2022, 11, 1)
    )

    services.inspection_start(inspection=inspection, acting_user=inspector_user)
    inspection.refresh_from_db()

    assert (inspection.tasks_done, inspection.tasks_total) == (2, 4)
    assert inspection.task_completion_rate == Decimal("50.0")
    assert inspection.intake_first_month == datetime.date(2022, 1, 1)
    assert inspection.intake_last_month == datetime.date(2022, 10, 1)
    assert inspection.intake_received == 764
    assert inspection.intake_received_online == 9
    assert inspection.intake_online_rate == Decimal("1.18")
    assert inspection.intake_electronic == 244
    assert inspection.intake_electronic_rate == Decimal("31.94")
    assert inspection.intake_returned_by_postal == 13
    assert inspection.intake_on_time_rate == Decimal("100.00")


def test_later_edits_of_the_unit_data_do_not_rewrite_the_snapshot(ward, inspector_user):
    intake(ward, datetime.date(2022, 3, 1), received_online=1, received_counter=9)
    inspection = InspectionFactory(
        unit=ward, lead=inspector_user, start_on=datetime.date(2022, 6, 1)
    )
    services.inspection_start(inspection=inspection, acting_user=inspector_user)
    intake(ward, datetime.date(2022, 4, 1), received_counter=90)
    inspection.refresh_from_db()
    assert inspection.intake_received == 10
    assert inspection.intake_online_rate == Decimal("10.00")


def test_a_unit_without_figures_has_an_empty_snapshot(ward, inspector_user):
    inspection = InspectionFactory(
        unit=ward, lead=inspector_user, start_on=datetime.date(2022, 1, 15)
    )
    services.inspection_start(inspection=inspection, acting_user=inspector_user)
    inspection.refresh_from_db()
    assert inspection.snapshot_as_of == datetime.date(2022, 1, 15)
    assert inspection.tasks_total is None
    assert inspection.intake_received is None
