"""The hard invariants are CheckConstraints: refused by full_clean() and by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from procedures.factories import DigitalGovernmentReportFactory, IntakeReportFactory, field
from procedures.models import DigitalGovernmentReport, IntakeReport

JAN = datetime.date(2022, 1, 1)


def intake_row(ward, **counts):
    return IntakeReport(unit=ward, month=JAN, field=field("civil-status"), **counts)


def messages_of(error):
    return [str(m) for m in error.value.messages]


def test_a_balanced_row_is_valid(ward):
    row = intake_row(
        ward,
        carried_over=2,
        received_online=1,
        received_counter=7,
        resolved_early=3,
        resolved_on_time=4,
        resolved_late=1,
        pending_within_deadline=1,
        pending_overdue=1,
        processed_electronically=10,
        returned_by_postal=8,
    )
    row.full_clean()


def test_carried_over_plus_received_must_equal_resolved_plus_pending(ward):
    row = intake_row(ward, received_counter=10, resolved_on_time=9)

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert messages_of(error) == [
        "Kỳ trước chuyển qua + mới tiếp nhận phải bằng đã giải quyết + đang giải quyết."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_electronic_processing_cannot_exceed_all_dossiers(ward):
    row = intake_row(
        ward, carried_over=1, received_counter=2, resolved_on_time=3, processed_electronically=4
    )

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert (
        "Số hồ sơ xử lý trên phần mềm một cửa điện tử không được lớn hơn" in messages_of(error)[0]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_postal_returns_cannot_exceed_resolved(ward):
    row = intake_row(
        ward,
        received_counter=5,
        resolved_on_time=2,
        pending_within_deadline=3,
        returned_by_postal=3,
    )

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert messages_of(error) == [
        "Số hồ sơ trả kết quả qua bưu chính công ích không được lớn hơn số hồ sơ đã giải quyết."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_counts_cannot_be_negative(ward):
    row = intake_row(ward, received_counter=-1, resolved_on_time=-1)

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert set(error.value.message_dict) == {"received_counter", "resolved_on_time"}
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_month_is_the_first_day(ward):
    row = IntakeReport(unit=ward, month=datetime.date(2022, 1, 15), field=field("land"))

    with pytest.raises(ValidationError) as error:
        row.full_clean()

    assert error.value.message_dict["month"] == ["Tháng báo cáo phải là ngày đầu tiên của tháng."]


def test_one_row_per_unit_field_and_month(ward):
    IntakeReportFactory(unit=ward, month=JAN, field=field("land"))

    with pytest.raises(IntegrityError), transaction.atomic():
        IntakeReportFactory(unit=ward, month=JAN, field=field("land"))


def test_row_totals(ward):
    row = intake_row(
        ward,
        carried_over=2,
        received_online=1,
        received_counter=3,
        received_postal=1,
        resolved_early=1,
        resolved_on_time=2,
        pending_within_deadline=4,
    )

    assert (row.received_total, row.total, row.resolved_total, row.pending_total) == (5, 7, 3, 4)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        (
            {"documents_total": 5, "documents_electronic": 6},
            "Số văn bản gửi dưới dạng điện tử không được lớn hơn tổng số văn bản đi.",
        ),
        (
            {"documents_total": 5, "documents_signed": 6},
            "Số văn bản có chữ ký số không được lớn hơn tổng số văn bản đi.",
        ),
        (
            {
                "documents_total": 600,
                "documents_signed": 598,
                "documents_interconnected": 300,
                "documents_internal": 337,
            },
            "Số văn bản gửi liên thông + gửi nội bộ không được lớn hơn số văn bản có chữ ký số.",
        ),
        (
            {"officials_in_post": 10, "officials_with_account": 11},
            "Số công chức có tài khoản không được lớn hơn số công chức đang công tác.",
        ),
    ],
)
def test_e_government_invariants(ward, counts, message):
    sheet = DigitalGovernmentReport(unit=ward, month=JAN, **counts)

    with pytest.raises(ValidationError) as error:
        sheet.full_clean()

    assert messages_of(error) == [message]
    with pytest.raises(IntegrityError), transaction.atomic():
        sheet.save()


def test_the_reports_documents_pass_the_hard_check(ward):
    """598 signed, 221 interconnected + 337 internal = 558 ≤ 598: saved (and flagged elsewhere)."""
    sheet = DigitalGovernmentReportFactory.build(
        unit=ward,
        month=JAN,
        documents_total=640,
        documents_electronic=598,
        documents_signed=598,
        documents_interconnected=221,
        documents_internal=337,
    )
    sheet.full_clean()

    assert sheet.documents_unaccounted == 40
