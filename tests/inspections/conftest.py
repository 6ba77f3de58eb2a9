"""Inspections in each state, built through the services (the state machine under test)."""

import datetime

import pytest

from inspections import services
from inspections.factories import InspectionFactory, area, shortcoming_type
from inspections.models import Finding


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The factories hash a password per user; the real hasher costs ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def conclude(inspection, user, **extra):
    values = {
        "notice_number": "125/TB-ĐKT",
        "notice_issued_on": datetime.date(2022, 11, 4),
        "notice_place": "Thử",
        "notice_authority": "UBND THÀNH PHỐ THỬ",
        "notice_issuer": "ĐOÀN KIỂM TRA CCHC",
        "notice_recipients": "Phường Một\nLưu: VT",
        "signer_title": "TRƯỞNG ĐOÀN",
        "signer_name": "Nguyễn Văn Kiểm",
    }
    values.update(extra)
    return services.inspection_conclude(inspection=inspection, acting_user=user, **values)


@pytest.fixture
def planned(ward, inspector_user):
    return InspectionFactory(unit=ward, lead=inspector_user, start_on=datetime.date(2022, 11, 1))


@pytest.fixture
def in_progress(planned, inspector_user):
    return services.inspection_start(inspection=planned, acting_user=inspector_user)


@pytest.fixture
def shortcoming(in_progress, inspector_user):
    return services.finding_create(
        inspection=in_progress,
        acting_user=inspector_user,
        kind=Finding.Kind.SHORTCOMING,
        text="Không giao phiếu hẹn trả kết quả.",
        area=area("procedures"),
        shortcoming_type=shortcoming_type("no-appointment-slip"),
    )


@pytest.fixture
def recommendation(in_progress, shortcoming, inspector_user, ward):
    return services.recommendation_create(
        inspection=in_progress,
        acting_user=inspector_user,
        text="Giao phiếu hẹn cho mọi hồ sơ.",
        responsible_unit=ward,
        due_on=datetime.date(2022, 12, 31),
        finding=shortcoming,
    )


@pytest.fixture
def issued(recommendation, inspector_user, staff_user, django_capture_on_commit_callbacks):
    """A concluded inspection with one open recommendation addressed to the ward."""
    with django_capture_on_commit_callbacks(execute=True):
        conclude(recommendation.inspection, inspector_user)
    recommendation.refresh_from_db()
    return recommendation


@pytest.fixture
def submitted(issued, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_submit_report(
            recommendation=issued, acting_user=staff_user, text="Đã giao phiếu hẹn."
        )
    issued.refresh_from_db()
    return issued
