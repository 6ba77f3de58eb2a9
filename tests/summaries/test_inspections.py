"""The recommendation summary equals a fresh count of the raw recommendations after every kind
of write: views, services, admin, deletes, bulk writes, the daily command, the demo, the
bench generator and the data migration; and a rolled-back write leaves it as it was."""

import datetime
import io
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from cchc_portal import finality, summaries
from cchc_portal.models import Unit
from inspections import selectors, services
from inspections import summaries as inspection_summaries
from inspections.factories import (
    ConcludedInspectionFactory,
    RecommendationFactory,
    area,
    shortcoming_type,
)
from inspections.models import Inspection, Recommendation, RecommendationSummary

D = datetime.date
TODAY = D(2023, 1, 15)
Status = Recommendation.Status

CONCLUSION = {
    "notice_number": "7/TB-ĐKT",
    "notice_issued_on": "2022-11-04",
    "notice_place": "Thử",
    "notice_authority": "UBND THÀNH PHỐ THỬ",
    "notice_issuer": "ĐOÀN KIỂM TRA CCHC",
    "notice_recipients": "Phường Một",
    "signer_title": "TRƯỞNG ĐOÀN",
    "signer_name": "Nguyễn Văn",
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def assert_exact():
    assert inspection_summaries.verify() == []
    assert inspection_summaries.NAME not in summaries.verify_all()


def states(unit, **period):
    """(total, open, reported, accepted, not accepted, overdue) from the summary, or None."""
    row = selectors.recommendation_figures_by_unit(unit, today=TODAY, **period).get(unit.pk)
    if row is None:
        return None
    return tuple(row[f"recommendations_{s}"] for s in selectors.FIGURE_STATES)


DUE = D(2022, 12, 31)


def rec(inspection, status=Status.OPEN, due_on=DUE, **values):
    if status == Status.ACCEPTED:
        values.setdefault("accepted_at", datetime.datetime(2022, 12, 20, tzinfo=datetime.UTC))
    return RecommendationFactory(inspection=inspection, status=status, due_on=due_on, **values)


def test_the_team_and_the_ward_through_the_pages(
    client, inspector_user, staff_user, internal_affairs_user, ward
):
    inspection = services.inspection_start(
        inspection=Inspection.objects.create(
            unit=ward, start_on=D(2022, 11, 1), lead=inspector_user
        ),
        acting_user=inspector_user,
    )
    client.force_login(inspector_user)
    client.post(
        reverse("inspections:finding-create", args=[inspection.pk]),
        {
            "kind": "shortcoming",
            "area": area("procedures").pk,
            "shortcoming_type": shortcoming_type("extra-dossier-components").pk,
            "text": "Chưa niêm yết đủ thủ tục.",
        },
    )
    finding = inspection.findings.get()
    response = client.post(
        reverse("inspections:recommendation-create", args=[inspection.pk]),
        {
            "finding": finding.pk,
            "text": "Niêm yết đủ thủ tục.",
            "responsible_unit": ward.pk,
            "due_on": "2022-12-15",
        },
    )
    assert response.status_code == 302
    recommendation = inspection.recommendations.get()
    assert_exact()
    assert states(ward) is None  # a draft is never counted
    client.post(
        reverse("inspections:recommendation-edit", args=[recommendation.pk]),
        {
            "finding": finding.pk,
            "text": "Niêm yết đủ thủ tục.",
            "responsible_unit": ward.pk,
            "due_on": "2023-02-28",
            "version": 1,
        },
    )
    response = client.post(
        reverse("inspections:inspection-conclude", args=[inspection.pk]), CONCLUSION
    )
    assert response.status_code == 302, response.content.decode()
    assert_exact()
    assert states(ward) == (1, 1, 0, 0, 1, 0)  # due 28/02/2023: not overdue on 15/01/2023

    client.force_login(staff_user)
    report_url = reverse("inspections:recommendation-report", args=[recommendation.pk])
    assert client.post(report_url, {"text": "Đã niêm yết."}).status_code == 302
    assert_exact()
    assert states(ward) == (1, 0, 1, 0, 1, 0)

    client.force_login(internal_affairs_user)
    review_url = reverse("inspections:recommendation-review", args=[recommendation.pk])
    client.post(review_url, {"decision": "returned", "comment": "Thiếu ảnh chụp."})
    assert_exact()
    assert states(ward) == (1, 1, 0, 0, 1, 0)

    client.force_login(staff_user)
    client.post(report_url, {"text": "Đã bổ sung ảnh chụp."})
    client.force_login(internal_affairs_user)
    client.post(review_url, {"decision": "accepted", "comment": ""})
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CLOSED
    assert_exact()
    assert states(ward) == (1, 0, 0, 1, 0, 0)


def test_an_inspections_status_and_visit_date_decide_what_counts(ward):
    inspection = ConcludedInspectionFactory(unit=ward, start_on=D(2022, 6, 14))
    rec(inspection, Status.OPEN, D(2022, 9, 30))
    rec(inspection, Status.SUBMITTED, D(2023, 3, 31))
    rec(inspection, Status.ACCEPTED, D(2022, 9, 30))
    year_2022 = {"first_day": D(2022, 1, 1), "last_day": D(2022, 12, 31)}
    year_2023 = {"first_day": D(2023, 1, 1), "last_day": D(2023, 12, 31)}
    assert states(ward, **year_2022) == (3, 1, 1, 1, 2, 1)

    Inspection.objects.filter(pk=inspection.pk).update(start_on=D(2023, 1, 10))
    assert_exact()
    assert states(ward, **year_2022) is None
    assert states(ward, **year_2023) == (3, 1, 1, 1, 2, 1)

    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.IN_PROGRESS)
    assert_exact()
    assert states(ward) is None

    inspection.refresh_from_db()
    inspection.status = Inspection.Status.CLOSED
    inspection.save()
    assert_exact()
    assert states(ward) == (3, 1, 1, 1, 2, 1)


def test_moving_a_recommendation_to_another_unit_moves_its_count(city, ward, other_ward):
    inspection = ConcludedInspectionFactory(unit=city, start_on=D(2022, 6, 14))
    first = rec(inspection, responsible_unit=ward)
    rec(inspection, responsible_unit=ward)
    assert states(ward) == (2, 2, 0, 0, 2, 2)

    first.responsible_unit = other_ward
    first.save()
    assert_exact()
    assert (states(ward), states(other_ward)) == ((1, 1, 0, 0, 1, 1), (1, 1, 0, 0, 1, 1))

    Recommendation.objects.filter(inspection=inspection).update(responsible_unit=other_ward)
    assert_exact()
    assert (states(ward), states(other_ward)) == (None, (2, 2, 0, 0, 2, 2))

    # An optimistic-locking update: afterwards its own filter matches nothing.
    Recommendation.objects.filter(pk=first.pk, version=first.version).update(
        version=first.version + 1, responsible_unit=ward
    )
    assert_exact()
    assert (states(ward), states(other_ward)) == ((1, 1, 0, 0, 1, 1), (1, 1, 0, 0, 1, 1))

    rows = list(inspection.recommendations.all())
    for row in rows:
        row.responsible_unit = ward
        row.due_on = D(2023, 6, 30)
    Recommendation.objects.bulk_update(rows, ["responsible_unit", "due_on"])
    assert_exact()
    assert (states(ward), states(other_ward)) == ((2, 2, 0, 0, 2, 0), None)


def test_bulk_create_and_every_kind_of_delete(ward, other_ward):
    inspection = ConcludedInspectionFactory(unit=ward, start_on=D(2022, 6, 14))
    Recommendation.objects.bulk_create(
        Recommendation(
            inspection=inspection,
            number=n,
            text=f"Kiến nghị {n}",
            responsible_unit=ward,
            due_on=D(2022, 12, 31),
        )
        for n in (1, 2, 3, 4)
    )
    assert_exact()
    assert states(ward) == (4, 4, 0, 0, 4, 4)

    # Issued recommendations and concluded inspections are final (cchc_portal/finality.py):
    # a repair in the shell lets the deletes through, and the summary follows them too.
    with finality.unguarded():
        Recommendation.objects.filter(inspection=inspection, number=1).delete()
        assert_exact()
        assert states(ward) == (3, 3, 0, 0, 3, 3)

        inspection.recommendations.get(number=2).delete()
        assert_exact()
        assert states(ward) == (2, 2, 0, 0, 2, 2)

        other = ConcludedInspectionFactory(unit=other_ward, start_on=D(2022, 7, 1))
        rec(other)
        inspection.delete()  # cascades to its recommendations
        assert_exact()
        assert (states(ward), states(other_ward)) == (None, (1, 1, 0, 0, 1, 1))

        Inspection.objects.filter(pk=other.pk).delete()
        assert_exact()
        assert RecommendationSummary.objects.count() == 0


def test_the_services_status_moves(ward, staff_user, internal_affairs_user):
    inspection = ConcludedInspectionFactory(unit=ward, start_on=D(2022, 6, 14))
    first = rec(inspection, due_on=D(2022, 9, 30))
    rec(inspection, due_on=D(2023, 3, 31))
    services.recommendation_submit_report(
        recommendation=first, acting_user=staff_user, text="Đã khắc phục."
    )
    assert_exact()
    assert states(ward) == (2, 1, 1, 0, 2, 1)
    services.recommendation_accept(recommendation=first, reviewer=internal_affairs_user)
    assert_exact()
    assert states(ward) == (2, 1, 0, 1, 1, 0)


def test_the_admin_changes_and_deletes(client, admin_user_, city, ward, other_ward):
    inspection = ConcludedInspectionFactory(unit=city, start_on=D(2022, 6, 14))
    recommendation = rec(inspection, responsible_unit=ward)
    client.force_login(admin_user_)
    change = reverse("admin:inspections_recommendation_change", args=[recommendation.pk])
    # Issued, it is final in the admin too: the summary does not move.
    assert client.post(change, {"text": "Kiến nghị đã sửa."}).status_code == 403
    assert_exact()
    assert states(ward) == (1, 1, 0, 0, 1, 1)
    # Reopened, the inspection is a draft again (not counted), and the admin may change it.
    services.inspection_reopen(inspection=inspection, acting_user=admin_user_, reason="Sửa số")
    assert_exact()
    assert states(ward) is None
    response = client.post(
        reverse("admin:inspections_recommendation_change", args=[recommendation.pk]),
        {
            "inspection": inspection.pk,
            "finding": "",
            "number": 1,
            "text": "Kiến nghị đã sửa.",
            "responsible_unit": other_ward.pk,
            "due_on": "2023-03-31",
            "version": recommendation.version,  # the admin's form carries it (no lost update)
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_exact()
    assert (states(ward), states(other_ward)) == (None, None)

    response = client.post(
        reverse("admin:inspections_inspection_delete", args=[inspection.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Inspection.objects.exists()
    assert_exact()
    assert states(other_ward) is None

    summary_admin = reverse("admin:inspections_recommendationsummary_changelist")
    assert client.get(summary_admin).status_code == 200
    assert client.get(reverse("admin:inspections_recommendationsummary_add")).status_code == 403


def test_the_daily_reminders_keep_it_exact(ward, staff_user):
    inspection = ConcludedInspectionFactory(unit=ward, start_on=D(2022, 6, 14))
    rec(inspection, due_on=D(2022, 9, 30))
    call_command("send_overdue_reminders", "--date", "2023-01-15", stdout=io.StringIO())
    assert Recommendation.objects.get().overdue_notified_on == TODAY
    assert_exact()
    assert states(ward) == (1, 1, 0, 0, 1, 1)


def test_a_rolled_back_write_leaves_the_summary_as_it_was(ward):
    inspection = ConcludedInspectionFactory(unit=ward, start_on=D(2022, 6, 14))
    rec(inspection)
    with pytest.raises(RuntimeError), transaction.atomic():
        rec(inspection, Status.ACCEPTED)
        Recommendation.objects.filter(status=Status.OPEN).update(status=Status.SUBMITTED)
        assert states(ward) == (2, 0, 1, 1, 1, 1)
        raise RuntimeError("the write fails")
    assert_exact()
    assert states(ward) == (1, 1, 0, 0, 1, 1)


def test_a_batch_rebuilds_each_unit_once_and_rolls_back_with_its_block(ward):
    inspection = ConcludedInspectionFactory(unit=ward, start_on=D(2022, 6, 14))
    with summaries.batch():
        for _ in range(3):
            rec(inspection)
        assert RecommendationSummary.objects.count() == 0  # rebuilt when the block ends
    assert_exact()
    assert states(ward) == (3, 3, 0, 0, 3, 3)
    with pytest.raises(RuntimeError), transaction.atomic(), summaries.batch():
        rec(inspection)
        raise RuntimeError("the import fails")
    assert_exact()
    assert states(ward) == (3, 3, 0, 0, 3, 3)


@pytest.mark.django_db
def test_the_demo_leaves_it_exact():
    call_command("load_demo", stdout=io.StringIO())
    assert_exact()
    huyen_tung = Unit.objects.get(code="huyen-tung")
    visit = Inspection.objects.get(unit=huyen_tung, start_on=D(2022, 11, 1))
    raw = visit.recommendations.filter(responsible_unit=huyen_tung)
    day = {"first_day": visit.start_on, "last_day": visit.start_on}
    assert states(huyen_tung, **day)[:4] == (
        raw.count(),
        raw.filter(status=Status.OPEN).count(),
        raw.filter(status=Status.SUBMITTED).count(),
        raw.filter(status=Status.ACCEPTED).count(),
    )
    assert states(huyen_tung, **day)[:4] == (12, 3, 2, 7)
    call_command("load_demo", stdout=io.StringIO())
    assert_exact()


@pytest.mark.django_db
def test_the_bench_generator_leaves_it_exact():
    call_command(
        "generate_scale_data", "--wards", "3", "--departments", "1", "--years", "2",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert_exact()
    issued = Recommendation.objects.issued().count()
    assert issued == 4 * 2 * 8
    assert sum(RecommendationSummary.objects.values_list("recommendations", flat=True)) == issued


def test_rebuilding_every_unit_and_the_data_migration_give_the_same_rows(ward, other_ward):
    for unit in (ward, other_ward):
        inspection = ConcludedInspectionFactory(unit=unit, start_on=D(2022, 6, 14))
        rec(inspection)
        rec(inspection, Status.ACCEPTED)
    before = list(RecommendationSummary.objects.values_list("responsible_unit", "recommendations"))
    RecommendationSummary.objects.all().delete()
    inspection_summaries.rebuild()
    assert_exact()
    RecommendationSummary.objects.all().delete()
    import_module("inspections.migrations.0003_recommendation_summary").fill_summary(apps, None)
    assert_exact()
    after = list(RecommendationSummary.objects.values_list("responsible_unit", "recommendations"))
    assert after == before


def test_units_beyond_one_chunk_are_all_rebuilt(ward, other_ward, monkeypatch):
    for unit in (ward, other_ward):
        rec(ConcludedInspectionFactory(unit=unit, start_on=D(2022, 6, 14)))
    monkeypatch.setattr(inspection_summaries, "CHUNK", 1)
    RecommendationSummary.objects.all().delete()
    inspection_summaries.rebuild([ward.pk, other_ward.pk])
    assert_exact()
    assert RecommendationSummary.objects.count() == 2
