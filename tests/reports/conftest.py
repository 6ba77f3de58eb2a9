"""A city's nine-month 2022 round owed by a ward and its sibling, and the ward's 2022 figures.

The ward's figures are chosen so that every section of the report has something distinct to
show, with rows outside January–September (October) that the report must leave out. The
sibling ward (`other_ward`) is the canary: its figures are large, so a leak shows.
"""

import datetime

import pytest

from inspections.factories import ConcludedInspectionFactory, RecommendationFactory
from inspections.models import Recommendation
from procedures.factories import DataFlagFactory, DigitalGovernmentReportFactory, intake
from procedures.models import DataFlag
from reforms.factories import (
    IssuedDocumentFactory,
    OutreachActivityFactory,
    OutreachYearFactory,
    ReformModelFactory,
    ReformPlanFactory,
    ReformTaskFactory,
    area,
)
from reforms.models import IssuedDocument, OutreachActivity, ReformModel, ReformTask
from reports.factories import ReportRoundFactory, UnitReportFactory

D = datetime.date
S = ReformTask.Status


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The factories hash a password per user; the real hasher costs ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rnd(city):
    """The city asks for the nine-month 2022 report (January–September) by 10/10/2022."""
    return ReportRoundFactory(unit=city, year=2022, deadline=D(2022, 10, 10))


@pytest.fixture
def report(rnd, ward):
    return UnitReportFactory(round=rnd, unit=ward)


@pytest.fixture
def canary_report(rnd, other_ward):
    return UnitReportFactory(round=rnd, unit=other_ward)


@pytest.fixture
def ward_figures(ward, inspector_user):
    """The ward's 2022: plan, documents, outreach, intake, e-government, models, inspection."""
    plan = ReformPlanFactory(unit=ward, year=2022)
    direction = ReformTaskFactory(plan=plan, area=area("direction"), title="Chỉ đạo điều hành")
    ReformTaskFactory(
        parent=direction,
        title="Ban hành kế hoạch CCHC",
        deadline=D(2022, 1, 31),
        status=S.DONE,
        completed_on=D(2022, 1, 20),
    )
    ReformTaskFactory(
        parent=direction,
        title="Báo cáo CCHC quý I",
        deadline=D(2022, 3, 20),
        status=S.DONE,
        completed_on=D(2022, 3, 28),
    )
    procedures = ReformTaskFactory(plan=plan, area=area("procedures"), title="Cải cách TTHC")
    ReformTaskFactory(
        parent=procedures,
        title="Thực hiện TTHC đất đai trên phần mềm một cửa",
        deadline=D(2022, 6, 30),
        status=S.IN_PROGRESS,
    )
    ReformTaskFactory(
        parent=procedures,
        title="Rà soát TTHC",
        deadline=D(2022, 8, 31),
        status=S.DONE,
        completed_on=D(2022, 10, 15),
    )
    ReformTaskFactory(
        parent=procedures,
        title="Khảo sát sự hài lòng",
        deadline=D(2022, 12, 15),
        status=S.NOT_STARTED,
    )
    for number, kind, day in (
        ("01/KH-UBND", IssuedDocument.Kind.PLAN, D(2022, 1, 10)),
        ("02/KH-UBND", IssuedDocument.Kind.PLAN, D(2022, 2, 14)),
        ("03/QĐ-UBND", IssuedDocument.Kind.DECISION, D(2022, 5, 3)),
        ("04/KH-UBND", IssuedDocument.Kind.PLAN, D(2022, 10, 20)),
    ):
        IssuedDocumentFactory(unit=ward, number=number, kind=kind, issued_on=day, title=number)
    for day, form, participants in (
        (D(2022, 3, 3), OutreachActivity.Form.INTEGRATED, 30),
        (D(2022, 6, 9), OutreachActivity.Form.OWN_MEETING, 45),
        (D(2022, 7, 1), OutreachActivity.Form.WEBSITE, 0),
        (D(2022, 10, 27), OutreachActivity.Form.INTEGRATED, 40),
    ):
        OutreachActivityFactory(unit=ward, held_on=day, form=form, participants=participants)
    OutreachYearFactory(unit=ward, year=2022, meetings_count=12)
    intake(
        ward,
        D(2022, 1, 1),
        "civil-status",
        received_online=3,
        received_counter=40,
        resolved_early=10,
        processed_electronically=20,
        returned_by_postal=2,
    )
    intake(
        ward,
        D(2022, 5, 1),
        "land",
        received_counter=25,
        received_postal=2,
        resolved_late=5,
        pending_within_deadline=4,
        processed_electronically=6,
    )
    intake(
        ward,
        D(2022, 9, 1),
        "civil-status",
        received_online=1,
        received_counter=19,
        resolved_early=2,
        processed_electronically=11,
        returned_by_postal=1,
    )
    intake(ward, D(2022, 10, 1), "civil-status", received_online=50, received_counter=50)
    for month, signed, interconnected, internal in (
        (D(2022, 1, 1), 40, 20, 15),
        (D(2022, 9, 1), 30, 10, 20),
        (D(2022, 10, 1), 99, 50, 49),
    ):
        DigitalGovernmentReportFactory(
            unit=ward,
            month=month,
            documents_total=signed + 5,
            documents_electronic=signed,
            documents_signed=signed,
            documents_interconnected=interconnected,
            documents_internal=internal,
            officials_in_post=12,
            officials_with_account=11 if month.month == 1 else 12,
            web_posts=3,
        )
    DataFlagFactory(
        unit=ward,
        month=D(2022, 1, 1),
        kind=DataFlag.Kind.UNACCOUNTED_DOCUMENTS,
        key="unaccounted_documents",
        expected=40,
        actual=35,
        details={"interconnected": 20, "internal": 15},
    )
    ReformModelFactory(
        unit=ward,
        year=2022,
        name="Công dân không viết",
        effectiveness=ReformModel.Effectiveness.EFFECTIVE,
        evaluation_reason="Giảm thời gian chờ.",
        evaluated_on=D(2022, 9, 1),
    )
    ReformModelFactory(unit=ward, year=2022, name="Ngày thứ Bảy không hẹn")
    inspection = ConcludedInspectionFactory(
        unit=ward, lead=inspector_user, start_on=D(2022, 6, 14), notice_number="7/TB-ĐKT"
    )
    RecommendationFactory(
        inspection=inspection,
        number=1,
        text="Niêm yết đầy đủ TTHC",
        due_on=D(2022, 7, 31),
        status=Recommendation.Status.ACCEPTED,
        accepted_at=datetime.datetime(2022, 7, 20, 3, 0, tzinfo=datetime.UTC),
    )
    RecommendationFactory(
        inspection=inspection, number=2, text="Lập sổ theo dõi hồ sơ", due_on=D(2022, 8, 31)
    )
    RecommendationFactory(
        inspection=inspection, number=3, text="Khảo sát sự hài lòng", due_on=D(2099, 12, 31)
    )
    # After the period: must not be in the nine-month report.
    ConcludedInspectionFactory(unit=ward, lead=inspector_user, start_on=D(2022, 11, 1))
    return plan


@pytest.fixture
def canary_figures(other_ward):
    """The sibling ward's large figures: absent from the ward's report, in the city's sum."""
    intake(other_ward, D(2022, 3, 1), "civil-status", received_online=900, received_counter=900)
    plan = ReformPlanFactory(unit=other_ward, year=2022)
    general = ReformTaskFactory(plan=plan, title="CANARY nhiệm vụ")
    for index in range(5):
        ReformTaskFactory(
            parent=general,
            title=f"CANARY {index}",
            deadline=D(2022, 2, 1),
            status=S.DONE,
            completed_on=D(2022, 1, 15),
        )
    IssuedDocumentFactory(unit=other_ward, number="99/KH-UBND", issued_on=D(2022, 4, 1))
    ReformModelFactory(unit=other_ward, year=2022, name="CANARY mô hình")
    return plan
