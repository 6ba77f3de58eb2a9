"""Saving a month, the soft-check flags, and importing months: all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from procedures import services
from procedures.factories import field, intake
from procedures.models import (
    INTAKE_COLUMNS,
    DataFlag,
    DigitalGovernmentReport,
    IntakeReport,
    MonthlyReport,
)

JAN, FEB, MAR, APR = (datetime.date(2022, m, 1) for m in (1, 2, 3, 4))
OCT = datetime.date(2022, 10, 1)
HEADER = {
    "reported_online_rate": None,
    "reported_on_time_rate": None,
    "reported_electronic_rate": None,
    "note": "",
}


def counts(**values):
    row = dict.fromkeys(INTAKE_COLUMNS, 0)
    row.update(values)
    return row


def save(unit, month, user, rows=None, digital=None, header=None, version=None):
    return services.month_save(
        unit=unit,
        month=month,
        rows=rows or {},
        digital=digital or {},
        header={**HEADER, **(header or {})},
        version=version,
        acting_user=user,
    )


def open_flags(unit):
    return list(
        DataFlag.objects.open()
        .filter(unit=unit)
        .order_by("month", "key")
        .values_list("month", "key", "expected", "actual")
    )


def test_month_save_writes_rows_sheet_and_report(ward, staff_user):
    report = save(
        ward,
        JAN,
        staff_user,
        rows={
            field("civil-status"): counts(received_counter=5, resolved_on_time=5),
            field("land"): counts(received_counter=2, pending_within_deadline=2),
        },
        digital={
            "documents_total": 10,
            "documents_signed": 8,
            "documents_interconnected": 3,
            "documents_internal": 5,
        },
        header={"note": "Số liệu tháng 1"},
    )

    assert report.version == 1
    assert report.submitted_by == staff_user
    assert report.note == "Số liệu tháng 1"
    assert IntakeReport.objects.filter(unit=ward, month=JAN).count() == 2
    assert IntakeReport.objects.get(unit=ward, field__code="land").pending_within_deadline == 2
    assert DigitalGovernmentReport.objects.get(unit=ward, month=JAN).documents_signed == 8


def test_a_broken_row_saves_nothing_of_the_month(ward, staff_user):
    with pytest.raises(ValidationError):
        save(
            ward,
            JAN,
            staff_user,
            rows={
                field("civil-status"): counts(received_counter=5, resolved_on_time=5),
                field("land"): counts(received_counter=2, resolved_on_time=1),
            },
        )

    assert not IntakeReport.objects.filter(unit=ward).exists()
    assert not MonthlyReport.objects.filter(unit=ward).exists()
    assert not DigitalGovernmentReport.objects.filter(unit=ward).exists()


def test_a_future_month_is_refused(ward, staff_user):
    next_month = (datetime.date.today().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)

    with pytest.raises(ValidationError) as error:
        save(ward, next_month, staff_user)

    assert "chưa bắt đầu" in error.value.messages[0]


def test_saving_with_a_stale_version_is_refused(ward, staff_user, other_staff_user):
    rows = {field("civil-status"): counts(received_counter=5, resolved_on_time=5)}
    save(ward, JAN, staff_user, rows=rows)
    save(ward, JAN, staff_user, rows=rows, version=1)  # now version 2

    with pytest.raises(services.MonthChangedMeanwhile):
        save(
            ward,
            JAN,
            staff_user,
            rows={field("civil-status"): counts(received_counter=9, resolved_on_time=9)},
            version=1,
        )

    assert IntakeReport.objects.get(unit=ward, month=JAN).received_counter == 5
    assert MonthlyReport.objects.get(unit=ward, month=JAN).version == 2


def test_a_month_created_meanwhile_is_not_overwritten(ward, staff_user):
    save(
        ward, JAN, staff_user, rows={field("land"): counts(received_counter=1, resolved_on_time=1)}
    )

    with pytest.raises(services.MonthChangedMeanwhile):
        save(ward, JAN, staff_user, rows={field("land"): counts()}, version=None)

    assert IntakeReport.objects.get(unit=ward, month=JAN).received_counter == 1


def test_history_records_only_real_changes(ward, staff_user):
    rows = {
        field("civil-status"): counts(received_counter=5, resolved_on_time=5),
        field("land"): counts(),
    }
    save(ward, JAN, staff_user, rows=rows)
    rows[field("land")] = counts(received_counter=1, pending_within_deadline=1)
    save(ward, JAN, staff_user, rows=rows, version=1)

    land = IntakeReport.objects.get(unit=ward, field__code="land")
    civil = IntakeReport.objects.get(unit=ward, field__code="civil-status")
    assert [h.history_type for h in land.history.order_by("history_id")] == ["+", "~"]
    assert [h.history_type for h in civil.history.order_by("history_id")] == ["+"]


def test_carry_over_differing_from_last_months_pending_is_flagged(ward, staff_user):
    save(
        ward,
        JAN,
        staff_user,
        rows={
            field("land"): counts(
                received_counter=6, resolved_on_time=3, pending_within_deadline=2, pending_overdue=1
            )
        },
    )
    save(
        ward,
        FEB,
        staff_user,
        rows={field("land"): counts(carried_over=1, received_counter=4, resolved_on_time=5)},
    )

    assert open_flags(ward) == [(FEB, "carry_over:land", Decimal("3.00"), Decimal("1.00"))]
    flag = DataFlag.objects.get(unit=ward)
    assert flag.message == (
        "Đất đai: kỳ trước chuyển qua 1 hồ sơ, nhưng cuối tháng 01/2022 còn 3 hồ sơ đang giải quyết."
    )


def test_correcting_the_figures_resolves_the_flag_and_keeps_it(ward, staff_user):
    save(ward, JAN, staff_user, rows={field("land"): counts(received_counter=2, pending_overdue=2)})
    save(
        ward, FEB, staff_user, rows={field("land"): counts(received_counter=1, resolved_on_time=1)}
    )
    assert [key for _m, key, _e, _a in open_flags(ward)] == ["carry_over:land"]

    save(
        ward,
        FEB,
        staff_user,
        version=1,
        rows={field("land"): counts(carried_over=2, received_counter=1, resolved_on_time=3)},
    )

    assert open_flags(ward) == []
    assert DataFlag.objects.get(unit=ward).resolved_at is not None


def test_a_gap_between_reported_months_is_flagged(ward, staff_user):
    save(ward, JAN, staff_user, rows={field("land"): counts()})
    save(ward, MAR, staff_user, rows={field("land"): counts()})

    assert open_flags(ward) == [(FEB, "missing_month", None, None)]
    assert DataFlag.objects.get(unit=ward).message == (
        "Chưa nhập số liệu tháng 02/2022, trong khi các tháng sau đã có."
    )

    save(ward, FEB, staff_user, rows={field("land"): counts()})

    assert open_flags(ward) == []


def test_a_typed_rate_disagreeing_with_the_figures_is_flagged_not_used(reported_ward):
    flags = DataFlag.objects.open().filter(unit=reported_ward, kind=DataFlag.Kind.REPORTED_RATE)

    (flag,) = flags
    assert (flag.month, flag.expected, flag.actual) == (OCT, Decimal("1.18"), Decimal("8.48"))
    assert flag.message == (
        "Đơn vị báo cáo tỷ lệ hồ sơ trực tuyến kỳ 01–10/2022 là 8,48 %; tính từ số liệu là 1,18 %."
    )


def test_a_typed_rate_within_rounding_is_not_flagged(ward, staff_user):
    save(
        ward,
        JAN,
        staff_user,
        rows={field("land"): counts(received_online=1, received_counter=84, resolved_on_time=85)},
        header={"reported_online_rate": Decimal("1.2")},
    )

    assert open_flags(ward) == []


def test_signed_documents_unaccounted_for_are_flagged(reported_ward):
    flags = DataFlag.objects.open().filter(
        unit=reported_ward, kind=DataFlag.Kind.UNACCOUNTED_DOCUMENTS
    )

    assert sum(flag.expected - flag.actual for flag in flags) == 40
    assert flags.count() == 4
    assert flags.first().message == (
        "10 trong 48 văn bản có chữ ký số không thuộc văn bản gửi liên thông (18) "
        "hay gửi nội bộ (20)."
    )


def test_flags_refresh_twice_changes_nothing(reported_ward):
    before = list(DataFlag.objects.values_list("pk", "detected_at", "resolved_at"))

    services.flags_refresh(unit=reported_ward)

    assert list(DataFlag.objects.values_list("pk", "detected_at", "resolved_at")) == before


def _month(month, **row):
    return {
        "month": month,
        "rows": {field("civil-status"): counts(**row)},
        "digital": {},
        "header": dict(HEADER),
    }


def test_import_saves_every_month(ward, staff_user):
    saved = services.months_import(
        unit=ward,
        months=[
            _month(JAN, received_counter=3, resolved_on_time=3),
            _month(FEB, received_counter=4, resolved_on_time=4),
        ],
        replace_existing=False,
        acting_user=staff_user,
    )

    assert saved == [JAN, FEB]
    assert IntakeReport.objects.filter(unit=ward).count() == 2


def test_import_refuses_months_already_entered_unless_asked(ward, staff_user):
    intake(ward, FEB, received_counter=9)

    with pytest.raises(ValidationError) as error:
        services.months_import(
            unit=ward,
            months=[
                _month(JAN, received_counter=3, resolved_on_time=3),
                _month(FEB, received_counter=4, resolved_on_time=4),
            ],
            replace_existing=False,
            acting_user=staff_user,
        )

    assert error.value.messages == [
        "Tháng 02/2022 đã có số liệu. Chưa lưu gì: hãy đánh dấu “Thay thế số liệu đã nhập” "
        "nếu muốn ghi đè."
    ]
    assert not IntakeReport.objects.filter(unit=ward, month=JAN).exists()

    services.months_import(
        unit=ward,
        months=[_month(FEB, received_counter=4, resolved_on_time=4)],
        replace_existing=True,
        acting_user=staff_user,
    )
    assert IntakeReport.objects.get(unit=ward, month=FEB).received_counter == 4


def test_import_is_all_or_nothing(ward, staff_user):
    with pytest.raises(ValidationError):
        services.months_import(
            unit=ward,
            months=[
                _month(JAN, received_counter=3, resolved_on_time=3),
                _month(FEB, received_counter=4, resolved_on_time=1),
            ],
            replace_existing=False,
            acting_user=staff_user,
        )

    assert not IntakeReport.objects.filter(unit=ward).exists()
    assert not MonthlyReport.objects.filter(unit=ward).exists()
