import datetime
from decimal import Decimal

from cchc_portal.factories import UnitFactory
from cchc_portal.models import Unit
from procedures import selectors
from procedures.factories import DataFlagFactory, DigitalGovernmentReportFactory, intake
from procedures.models import DataFlag

JAN, FEB, MAR, OCT = (datetime.date(2022, m, 1) for m in (1, 2, 3, 10))


def report_figures(unit):
    """Huyền Tụng's 10 months in two rows: 764 dossiers, 244 electronic, 9 online, 13 by post."""
    intake(
        unit,
        JAN,
        "civil-status",
        received_online=9,
        received_counter=391,
        resolved_early=100,
        resolved_on_time=300,
        processed_electronically=150,
        returned_by_postal=13,
    )
    intake(
        unit,
        OCT,
        "culture-society",
        received_counter=364,
        resolved_on_time=364,
        processed_electronically=94,
    )


def test_summary_of_the_report_figures(ward):
    report_figures(ward)

    figures = selectors.intake_summary(ward, JAN, OCT)

    assert figures["received_total"] == 764
    assert figures["received_online"] == 9
    assert figures["resolved_total"] == 764
    assert figures["pending_total"] == 0
    assert figures["total"] == 764
    assert figures["processed_electronically"] == 244
    assert figures["processed_on_paper"] == 520
    assert figures["returned_by_postal"] == 13
    assert figures["online_rate"] == Decimal("1.18")
    assert figures["on_time_rate"] == Decimal("100.00")
    assert figures["electronic_rate"] == Decimal("31.94")
    assert figures["postal_return_rate"] == Decimal("1.70")


def test_summary_without_rows_is_zeros_and_no_rates(ward):
    figures = selectors.intake_summary(ward, JAN, OCT)

    assert figures["received_total"] == 0
    assert figures["carried_over"] == 0
    assert figures["online_rate"] is None
    assert figures["on_time_rate"] is None
    assert figures["electronic_rate"] is None
    assert figures["postal_return_rate"] is None


def test_summary_accepts_any_day_of_the_months(ward):
    intake(ward, JAN, received_counter=5)
    intake(ward, MAR, received_counter=7)

    figures = selectors.intake_summary(ward, datetime.date(2022, 1, 31), datetime.date(2022, 2, 28))

    assert figures["received_total"] == 5


def test_a_period_takes_stocks_at_its_edges_and_sums_flows(ward):
    # January: 10 received, 6 resolved, 4 pending; February: 4 carried, 5 received, 9 resolved.
    intake(ward, JAN, received_counter=10, resolved_on_time=6, pending_within_deadline=4)
    intake(ward, FEB, carried_over=4, received_counter=5, resolved_on_time=7, resolved_late=2)
    intake(ward, MAR, carried_over=0, received_counter=3, resolved_on_time=1, pending_overdue=2)

    quarter = selectors.intake_summary(ward, JAN, MAR)
    february = selectors.intake_summary(ward, FEB, FEB)

    assert quarter["carried_over"] == 0  # January's
    assert quarter["received_total"] == 18
    assert quarter["resolved_total"] == 16
    assert quarter["pending_total"] == 2  # March's
    assert quarter["total"] == quarter["resolved_total"] + quarter["pending_total"]
    assert quarter["on_time_rate"] == Decimal("87.50")
    assert february["carried_over"] == 4
    assert february["pending_total"] == 0
    assert february["total"] == 9


def test_a_subtree_sums_its_units_and_a_single_unit_only_itself(city, ward, other_ward):
    intake(ward, JAN, received_online=2, received_counter=8)
    intake(other_ward, JAN, received_counter=30)
    intake(UnitFactory(code="elsewhere"), JAN, received_counter=500)

    assert selectors.intake_summary(ward, JAN, JAN)["received_total"] == 10
    assert selectors.intake_summary(city.subtree(), JAN, JAN)["received_total"] == 40
    assert selectors.intake_summary(city, JAN, JAN)["received_total"] == 0
    assert selectors.intake_summary(city.subtree(), JAN, JAN)["online_rate"] == Decimal("5.00")


def test_stocks_of_a_subtree_use_each_units_own_first_and_last_month(city, ward, other_ward):
    intake(ward, JAN, received_counter=3, pending_within_deadline=3)
    intake(ward, FEB, carried_over=3, resolved_on_time=3)
    intake(other_ward, FEB, carried_over=7, received_counter=1, pending_overdue=8)

    figures = selectors.intake_summary(city.subtree(), JAN, FEB)

    assert figures["carried_over"] == 7  # ward's January 0 + other ward's February 7
    assert figures["pending_total"] == 8  # ward's February 0 + other ward's February 8
    assert figures["total"] == 11


def test_intake_by_unit_annotates_every_unit_in_one_query(
    city, ward, other_ward, django_assert_num_queries
):
    intake(
        ward,
        JAN,
        received_online=1,
        received_counter=3,
        resolved_early=1,
        resolved_on_time=2,
        resolved_late=1,
        processed_electronically=2,
    )
    intake(
        ward, FEB, carried_over=0, received_counter=6, resolved_on_time=4, pending_within_deadline=2
    )
    intake(other_ward, MAR, received_counter=50)

    with django_assert_num_queries(1):
        rows = {u.code: u for u in selectors.intake_by_unit(city.subtree(), JAN, FEB)}

    assert rows["ward-one"].received_total == 10
    assert rows["ward-one"].received_online == 1
    assert rows["ward-one"].resolved_total == 8
    assert rows["ward-one"].resolved_on_time_or_early == 7
    assert rows["ward-one"].processed_electronically == 2
    assert rows["ward-one"].total == 10
    assert rows["ward-two"].received_total == 0
    assert rows["city"].total == 0
    ordered = list(
        selectors.intake_by_unit(city.subtree(), JAN, FEB)
        .filter(received_total__gt=0)
        .order_by("-online_rate")
        .values_list("code", flat=True)
    )
    assert ordered == ["ward-one"]


def test_intake_by_unit_query_count_does_not_grow_with_units(city, django_assert_num_queries):
    for size in (3, 30):
        district = UnitFactory(parent=city, code=f"district-{size}")
        for index in range(size):
            intake(
                UnitFactory(parent=district, code=f"w{size}-{index}"), JAN, received_counter=index
            )
        with django_assert_num_queries(1):
            rows = list(selectors.intake_by_unit(district.subtree(), JAN, MAR))
        assert len(rows) == size + 1
        assert sum(u.received_total for u in rows) == sum(range(size))


def test_intake_by_unit_accepts_a_single_unit(ward):
    intake(ward, JAN, received_counter=4)

    (row,) = selectors.intake_by_unit(ward, JAN, JAN)

    assert row.received_total == 4


def test_monthly_intake_lists_every_month_with_zeros(ward, other_ward):
    intake(ward, JAN, received_online=1, received_counter=3)
    intake(ward, MAR, received_counter=2)
    intake(other_ward, FEB, received_counter=9)

    months = selectors.monthly_intake(ward, JAN, MAR)

    assert [m["month"] for m in months] == [JAN, FEB, MAR]
    assert [m["received_total"] for m in months] == [4, 0, 2]
    assert [m["reported"] for m in months] == [True, False, True]
    assert [m["online_rate"] for m in months] == [Decimal("25.00"), None, Decimal("0.00")]


def test_intake_by_field_gives_each_fields_share(ward):
    intake(ward, JAN, "civil-status", received_counter=3)
    intake(ward, JAN, "land", received_counter=1)

    rows = {row["field"].code: row for row in selectors.intake_by_field(ward, JAN, JAN)}

    assert rows["civil-status"]["received_share"] == Decimal("75.00")
    assert rows["land"]["received_share"] == Decimal("25.00")
    assert rows["health"]["received_total"] == 0
    assert rows["health"]["has_figures"] is False


def test_digital_summary_sums_documents_and_takes_the_last_month_of_officials(ward, other_ward):
    DigitalGovernmentReportFactory(
        unit=ward,
        month=JAN,
        documents_total=70,
        documents_electronic=60,
        documents_signed=60,
        documents_interconnected=20,
        documents_internal=30,
        officials_in_post=10,
        officials_with_account=8,
        web_posts=2,
    )
    DigitalGovernmentReportFactory(
        unit=ward,
        month=FEB,
        documents_total=30,
        documents_electronic=30,
        documents_signed=30,
        documents_interconnected=10,
        documents_internal=20,
        officials_in_post=10,
        officials_with_account=10,
        web_posts=1,
    )
    DigitalGovernmentReportFactory(
        unit=other_ward, month=FEB, documents_total=999, documents_signed=999, officials_in_post=99
    )

    figures = selectors.digital_summary(ward, JAN, FEB)

    assert figures["documents_total"] == 100
    assert figures["documents_signed"] == 90
    assert figures["documents_interconnected"] == 30
    assert figures["documents_internal"] == 50
    assert figures["documents_unaccounted"] == 10
    assert figures["officials_in_post"] == 10
    assert figures["officials_with_account"] == 10
    assert figures["web_posts"] == 3
    assert figures["signed_share"] == Decimal("90.00")
    assert figures["account_share"] == Decimal("100.00")
    assert figures["months_reported"] == 2


def test_digital_summary_without_rows(ward):
    figures = selectors.digital_summary(ward, JAN, OCT)

    assert figures["documents_signed"] == 0
    assert figures["signed_share"] is None
    assert figures["account_share"] is None


def test_open_flags_keeps_the_units_open_flags_in_the_period(ward, other_ward):
    kept = DataFlagFactory(unit=ward, month=FEB)
    DataFlagFactory(
        unit=ward,
        month=MAR,
        key="other",
        resolved_at=datetime.datetime(2022, 4, 1, tzinfo=datetime.UTC),
    )
    DataFlagFactory(unit=ward, month=OCT, key="late")
    DataFlagFactory(unit=other_ward, month=FEB)

    assert list(selectors.open_flags(ward, JAN, MAR)) == [kept]
    assert selectors.open_flags(Unit.objects.filter(pk=ward.pk)).count() == 2
    assert all(f.kind == DataFlag.Kind.MISSING_MONTH for f in selectors.open_flags(ward))


def test_missing_months(ward, other_ward):
    intake(ward, JAN)
    intake(ward, MAR)
    intake(other_ward, FEB)

    assert selectors.missing_months(ward, 2022, 4) == [FEB, datetime.date(2022, 4, 1)]
    assert selectors.missing_months(ward, 2022, datetime.date(2022, 3, 15)) == [FEB]


def test_grouped_readers_give_each_unit_with_rows_in_one_query(
    city, ward, other_ward, django_assert_num_queries
):
    intake(ward, JAN, received_online=1, received_counter=3, pending_within_deadline=2)
    intake(ward, FEB, carried_over=2, received_counter=6, resolved_early=5, resolved_late=1)
    intake(other_ward, MAR, received_counter=50)
    DataFlagFactory(unit=ward, month=FEB, key="a")
    DataFlagFactory(unit=ward, month=FEB, key="b")
    DataFlagFactory(unit=ward, month=MAR, key="c")
    DataFlagFactory(
        unit=other_ward,
        month=JAN,
        key="d",
        resolved_at=datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC),
    )

    with django_assert_num_queries(3):
        figures = selectors.intake_figures_by_unit(city.subtree(), JAN, FEB)
        ever = selectors.units_with_intake(city.subtree())
        flags = selectors.open_flag_counts_by_unit(city.subtree(), JAN, FEB)

    assert figures == {
        ward.pk: {
            "received_total": 10,
            "received_online": 1,
            "resolved_total": 10,
            "resolved_on_time_or_early": 9,
            "processed_electronically": 0,
            "total": 10,
        }
    }
    assert ever == {ward.pk, other_ward.pk}
    assert flags == {ward.pk: 2}
    assert selectors.intake_figures_by_unit(ward, MAR, MAR) == {}
    assert selectors.open_flag_counts_by_unit(ward, MAR, MAR) == {ward.pk: 1}


def test_latest_reported_asks_once_for_the_latest_and_its_year(ward, django_assert_num_queries):
    intake(ward, datetime.date(2021, 5, 1), received_counter=1)
    intake(ward, MAR, received_counter=1)
    latest = selectors.latest_reported(ward)

    with django_assert_num_queries(2):
        assert latest() == MAR
        assert latest(2022) == MAR
        assert latest(2023) is None
        assert latest(2021) == datetime.date(2021, 5, 1)
        assert latest(2021) == datetime.date(2021, 5, 1)
    assert selectors.latest_reported(ward)(2021) == datetime.date(2021, 5, 1)
    assert selectors.latest_reported(UnitFactory(code="none"))(2022) is None
