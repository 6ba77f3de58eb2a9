"""Pages as users read them: the figures, the monthly entry, scoping and query counts."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role
from procedures.factories import intake
from procedures.models import INTAKE_COLUMNS, DataFlag, IntakeReport, MonthlyReport, ProcedureField

JAN, FEB, OCT = datetime.date(2022, 1, 1), datetime.date(2022, 2, 1), datetime.date(2022, 10, 1)
NOV = datetime.date(2022, 11, 1)


def figures_url(unit, **params):
    url = reverse("procedures:unit-figures", args=[unit.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def edit_url(unit, month):
    return reverse("procedures:month-edit", args=[unit.pk, month.year, month.month])


def entry_data(rows=None, digital=None, version=0, **header):
    """A whole month's POST: every active field (zeros unless given), e-government, header."""
    data = {"report-version": version, "report-note": header.get("note", "")}
    for code in ProcedureField.objects.filter(is_active=True).values_list("code", flat=True):
        for column in INTAKE_COLUMNS:
            data[f"{code}-{column}"] = (rows or {}).get(code, {}).get(column, "")
    for name, value in (digital or {}).items():
        data[f"egov-{name}"] = value
    for name in ("reported_online_rate", "reported_on_time_rate", "reported_electronic_rate"):
        data[f"report-{name}"] = header.get(name, "")
    return data


def test_figures_page_shows_the_report_figures_computed(client_for, reported_ward, staff_user):
    response = client_for(staff_user).get(figures_url(reported_ward))

    assert response.status_code == 200
    page = response.content.decode()
    # 2022 is over: the default period is the whole year, not January to October.
    assert "Năm 2022" in page and "Lũy kế" not in page
    assert '<div class="fs-4 fw-semibold" data-testid="received-total">764</div>' in page
    assert '<div class="fs-4 fw-semibold" data-testid="online-rate">1,18 %</div>' in page
    assert '<div class="fs-4 fw-semibold" data-testid="on-time-rate">100,00 %</div>' in page
    assert '<div class="fs-4 fw-semibold" data-testid="electronic-rate">31,94 %</div>' in page
    assert "244 trên phần mềm một cửa, 520 bằng bản giấy" in page
    assert "13 kết quả trả qua bưu chính" in page
    assert "Đơn vị báo cáo tỷ lệ hồ sơ trực tuyến kỳ 01–10/2022 là 8,48 %" in page
    # The typed rate stands beside the computed one for the period the unit reported.
    reported = client_for(staff_user).get(
        figures_url(reported_ward), {"period": "custom", "first": "2022-01", "last": "2022-10"}
    )
    assert "báo cáo của đơn vị ghi 8,48 %" in reported.content.decode()
    assert (
        'data-testid="documents-unaccounted"><i class="bi bi-exclamation-triangle flag" aria-hidden="true"></i> 40</td>'
        in page
    )
    assert "5 số liệu cần kiểm tra" in page


def test_figures_page_for_one_month_and_a_quarter(client_for, reported_ward, staff_user):
    client = client_for(staff_user)

    october = client.get(figures_url(reported_ward, period="month", year=2022, month=10))
    quarter = client.get(figures_url(reported_ward, period="quarter", year=2022, quarter=1))

    assert "Tháng 10/2022" in october.content.decode()
    assert october.context["intake"]["received_total"] == 82
    assert "Quý I/2022" in quarter.content.decode()
    assert quarter.context["intake"]["received_total"] == 55 + 62 + 86


def test_the_subtree_sums_the_wards_and_excludes_others(
    client_for, city, ward, other_ward, other_city, internal_affairs_user
):
    intake(ward, JAN, received_counter=10)
    intake(other_ward, JAN, received_counter=5)
    intake(UnitFactory(parent=other_city, code="far-ward"), JAN, received_counter=1000)

    response = client_for(internal_affairs_user).get(figures_url(city, scope="subtree"))

    assert response.context["intake"]["received_total"] == 15
    assert "Cả các đơn vị trực thuộc" in response.content.decode()


def test_a_city_without_own_figures_shows_its_subtree_unless_asked(
    client_for, city, ward, internal_affairs_user
):
    intake(ward, JAN, received_counter=10)
    client = client_for(internal_affairs_user)

    default = client.get(figures_url(city))
    alone = client.get(figures_url(city, scope="unit"))

    assert default.context["subtree"] is True
    assert default.context["intake"]["received_total"] == 10
    assert "scope=subtree" in default.context["export_url"]
    assert alone.context["intake"]["received_total"] == 0
    assert "scope=unit" in alone.context["export_url"]


def test_a_sibling_wards_pages_are_404_for_ward_staff(client_for, ward, other_ward, staff_user):
    intake(other_ward, JAN, received_counter=3)
    client = client_for(staff_user)

    for url in [
        figures_url(other_ward),
        reverse("procedures:month-detail", args=[other_ward.pk, 2022, 1]),
        edit_url(other_ward, JAN),
        reverse("procedures:unit-export", args=[other_ward.pk]),
        reverse("procedures:unit-import", args=[other_ward.pk]),
        reverse("procedures:import-template", args=[other_ward.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(edit_url(other_ward, JAN), entry_data()).status_code == 404


def test_the_twin_ward_staff_sees_their_own(client_for, other_ward, other_staff_user):
    intake(other_ward, JAN, received_counter=3)

    response = client_for(other_staff_user).get(figures_url(other_ward))

    assert response.context["intake"]["received_total"] == 3


def test_read_only_roles_see_figures_without_entry(
    client_for, ward, internal_affairs_user, leadership_user, inspector_user
):
    intake(ward, JAN, received_counter=3)
    for user in (internal_affairs_user, leadership_user, inspector_user):
        client = client_for(user)
        page = client.get(figures_url(ward))
        assert page.status_code == 200
        assert "Nhập số liệu" not in page.content.decode()
        assert client.get(edit_url(ward, FEB)).status_code == 403
        assert client.post(edit_url(ward, FEB), entry_data()).status_code == 403
        assert client.get(reverse("procedures:unit-import", args=[ward.pk])).status_code == 403
    assert not IntakeReport.objects.filter(month=FEB).exists()


def test_staff_of_a_unit_cannot_enter_figures_of_a_unit_below(client_for, city, ward):
    city_staff = UserFactory(username="city-staff", unit=city, roles=[Role.Code.UNIT_STAFF])

    assert client_for(city_staff).get(edit_url(ward, JAN)).status_code == 403


def test_entry_page_starts_from_last_months_pending(client_for, ward, staff_user):
    intake(ward, JAN, "land", received_counter=5, resolved_on_time=2, pending_within_deadline=3)

    response = client_for(staff_user).get(edit_url(ward, FEB))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="land-carried_over" value="3"' in page
    assert 'name="civil-status-carried_over" value="0"' in page
    assert "Lưu số liệu tháng 02/2022" in page
    assert "intake_entry.js" in page
    assert "<script>" not in page


def test_entering_a_month_saves_it_and_updates_the_year_to_date(
    client_for, reported_ward, staff_user
):
    client = client_for(staff_user)
    data = entry_data(
        rows={
            "civil-status": {
                "received_online": 2,
                "received_counter": 28,
                "resolved_on_time": 27,
                "pending_within_deadline": 3,
                "processed_electronically": 12,
                "returned_by_postal": 1,
            }
        },
        digital={
            "documents_total": 50,
            "documents_electronic": 48,
            "documents_signed": 48,
            "documents_interconnected": 20,
            "documents_internal": 28,
            "officials_in_post": 12,
            "officials_with_account": 12,
            "web_posts": 3,
        },
    )

    response = client.post(edit_url(reported_ward, NOV), data)

    assert response.status_code == 302
    assert response["Location"] == figures_url(reported_ward, period="ytd", year=2022)
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu số liệu tháng 11/2022." in page
    assert "Năm 2022" in page
    assert 'data-testid="received-total">794</div>' in page
    assert IntakeReport.objects.filter(unit=reported_ward, month=NOV).count() == 12
    assert MonthlyReport.objects.get(unit=reported_ward, month=NOV).submitted_by == staff_user


def test_a_month_that_does_not_add_up_is_refused_cell_by_cell(client_for, ward, staff_user):
    data = entry_data(
        rows={
            "civil-status": {"received_counter": 10, "resolved_on_time": 9},
            "land": {"received_counter": 2, "resolved_on_time": 2, "processed_electronically": 5},
            "certification": {"received_counter": "abc"},
        },
        digital={
            "documents_total": 10,
            "documents_signed": 8,
            "documents_interconnected": 5,
            "documents_internal": 5,
        },
    )

    response = client_for(staff_user).post(edit_url(ward, JAN), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa lưu gì: hãy sửa các ô được đánh dấu đỏ." in page
    assert (
        "<strong>Tư pháp – Hộ tịch</strong>: Kỳ trước chuyển qua + mới tiếp nhận phải bằng "
        "đã giải quyết + đang giải quyết. (10 ≠ 9)"
    ) in page
    assert (
        "<strong>Đất đai · Xử lý trên phần mềm một cửa điện tử</strong>: Số hồ sơ xử lý trên "
        "phần mềm một cửa điện tử không được lớn hơn tổng số hồ sơ (kỳ trước chuyển qua + mới "
        "tiếp nhận). (5 &gt; 2)"
    ) in page
    assert "<strong>Chứng thực · Tiếp nhận trực tiếp</strong>: Nhập một số nguyên." in page
    assert (
        "Số văn bản gửi liên thông + gửi nội bộ không được lớn hơn số văn bản có chữ ký số." in page
    )
    assert 'name="land-processed_electronically" value="5"' in page
    assert "is-invalid" in page
    assert not IntakeReport.objects.exists()
    assert not MonthlyReport.objects.exists()


def test_a_stale_form_does_not_overwrite(client_for, ward, staff_user):
    client = client_for(staff_user)
    first = entry_data(rows={"land": {"received_counter": 1, "resolved_on_time": 1}})
    assert client.post(edit_url(ward, JAN), first).status_code == 302
    assert client.post(edit_url(ward, JAN), {**first, "report-version": 1}).status_code == 302

    stale = entry_data(rows={"land": {"received_counter": 7, "resolved_on_time": 7}}, version=1)
    response = client.post(edit_url(ward, JAN), stale)

    assert "Người khác đã lưu số liệu tháng này sau khi bạn mở trang." in response.content.decode()
    assert IntakeReport.objects.get(unit=ward, field__code="land").received_counter == 1


def test_a_typed_rate_is_kept_only_to_compare(client_for, ward, staff_user):
    data = entry_data(
        rows={
            "civil-status": {"received_online": 9, "received_counter": 755, "resolved_on_time": 764}
        },
        reported_online_rate="8,48",
    )

    client_for(staff_user).post(edit_url(ward, JAN), data)

    report = MonthlyReport.objects.get(unit=ward, month=JAN)
    assert str(report.reported_online_rate) == "8.48"
    flag = DataFlag.objects.get(unit=ward, kind=DataFlag.Kind.REPORTED_RATE)
    assert str(flag.expected) == "1.18"


def test_a_future_month_cannot_be_opened(client_for, ward, staff_user):
    today = datetime.date.today()
    future = datetime.date(today.year + 1, 1, 1)

    response = client_for(staff_user).get(edit_url(ward, future), follow=True)

    assert "chưa bắt đầu" in response.content.decode()
    assert response.redirect_chain[-1][0] == figures_url(ward)


def test_month_go_redirects_to_the_entry_page(client_for, ward, staff_user):
    client = client_for(staff_user)
    url = reverse("procedures:month-go", args=[ward.pk])

    assert client.get(url, {"month": "2022-11"})["Location"] == edit_url(ward, NOV)
    assert client.get(url, {"month": "nope"})["Location"] == figures_url(ward)


def test_month_detail_shows_the_flags_and_the_history(client_for, reported_ward, staff_user):
    response = client_for(staff_user).get(
        reverse("procedures:month-detail", args=[reported_ward.pk, 2022, 2])
    )

    page = response.content.decode()
    assert "Số liệu tháng 02/2022" in page
    assert "10 trong 48 văn bản có chữ ký số" in page
    assert "Lịch sử thay đổi" in page
    assert "đã tạo · báo cáo tháng, chính quyền điện tử, Lĩnh vực khác" in page
    assert "Sửa số liệu" in page


def test_month_history_lists_changed_cells(client_for, ward, staff_user):
    client = client_for(staff_user)
    client.post(
        edit_url(ward, JAN),
        entry_data(rows={"land": {"received_counter": 1, "resolved_on_time": 1}}),
    )
    client.post(
        edit_url(ward, JAN),
        entry_data(rows={"land": {"received_counter": 2, "resolved_on_time": 2}}, version=1),
    )

    page = client.get(reverse("procedures:month-detail", args=[ward.pk, 2022, 1])).content.decode()

    assert "đã sửa · Đất đai" in page
    assert "tiếp nhận trực tiếp: <del>1</del> → <ins>2</ins>" in page


def test_index_lists_units_in_scope_with_their_rates(
    client_for, city, ward, other_ward, other_city, internal_affairs_user
):
    intake(ward, JAN, received_online=1, received_counter=3)
    canary = UnitFactory(parent=other_city, code="canary", name="Phường Canary")
    intake(canary, JAN, received_counter=99)

    response = client_for(internal_affairs_user).get(reverse("procedures:index"))

    page = response.content.decode()
    assert "Phường Một" in page
    assert "Phường Hai" in page
    assert "Phường Canary" not in page
    assert "25,00 %" in page
    assert 'data-testid="scope-received-total">4</td>' in page


def test_index_sends_ward_staff_to_their_unit(client_for, ward, staff_user):
    response = client_for(staff_user).get(reverse("procedures:index"))

    assert response["Location"] == reverse("procedures:unit-figures", args=[ward.pk])


@pytest.mark.parametrize("size", [3, 30])
def test_index_query_count_does_not_grow_with_units(
    client_for, city, internal_affairs_user, django_assert_num_queries, size
):
    for index in range(size):
        unit = UnitFactory(parent=city, code=f"w-{index}")
        intake(unit, JAN, received_counter=index)
        DataFlag.objects.create(unit=unit, month=JAN, kind="missing_month", key="missing_month")
    client = client_for(internal_affairs_user)
    client.get(reverse("procedures:index"))  # warm the session and the figures cache

    # Session, user with its roles, latest month, the page's count and units, the scope's
    # figures versions and the cache read (the page's figures and flags, the scope's
    # total): the same 7 whatever the number of units.
    with django_assert_num_queries(7):
        response = client.get(reverse("procedures:index"))

    assert len(response.context["rows"]) == size + 1  # the city and its wards


@pytest.mark.parametrize("months", [1, 10])
def test_figures_query_count_does_not_grow_with_months(
    client_for, ward, staff_user, django_assert_num_queries, months
):
    for number in range(1, months + 1):
        intake(ward, datetime.date(2022, number, 1), "land", received_counter=number)
        intake(ward, datetime.date(2022, number, 1), "civil-status", received_counter=1)
    client = client_for(staff_user)
    client.get(figures_url(ward))

    # Session, user, unit, its children, latest month, the figures versions and the cache
    # read (every number of the period), the flags listed, the month's typed rates, the
    # fields: 11.
    with django_assert_num_queries(11):
        client.get(figures_url(ward))


@pytest.mark.parametrize("size", [3, 30])
def test_subtree_figures_query_count_does_not_grow_with_units(
    client_for, city, internal_affairs_user, django_assert_num_queries, size
):
    for index in range(size):
        unit = UnitFactory(parent=city, code=f"w-{index}")
        intake(unit, JAN, "land", received_counter=index)
        intake(unit, FEB, "civil-status", received_counter=1)
        DataFlag.objects.create(unit=unit, month=JAN, kind="missing_month", key="missing_month")
    client = client_for(internal_affairs_user)
    url = figures_url(city, period="custom", first="2022-01", last="2022-02", scope="subtree")
    client.get(url)  # the session, and the period's figures into the cache

    # Session, user, unit, its children, latest month, the units' figures versions and the
    # cache read (every number of the period, instead of the summaries and a scan of the
    # raw rows), the flags listed, the fields: 9.
    with django_assert_num_queries(9):
        response = client.get(url)

    assert response.context["intake"]["received_total"] == size + sum(range(size))


def test_index_lists_units_in_pages_and_totals_the_whole_scope(
    client_for, city, internal_affairs_user
):
    for index in range(60):
        unit = UnitFactory(parent=city, code=f"w-{index:02}", name=f"Phường Số {index:02}")
        intake(unit, JAN, received_counter=1)
    client = client_for(internal_affairs_user)

    first = client.get(reverse("procedures:index"))
    second = client.get(reverse("procedures:index"), {"page": 2})

    assert len(first.context["rows"]) == 50  # the city and 49 wards
    assert len(second.context["rows"]) == 11
    assert str(second.context["rows"][0]).startswith(
        '<tr data-unit="w-49"><td class="tree-depth-2"><a href="'
    )
    assert '>Phường Số 49</a></td><td class="num">1</td>' in second.context["rows"][0]
    page = second.content.decode()
    assert "Trang 2/2" in page
    assert "Tất cả các đơn vị trong phạm vi" in page
    assert 'data-testid="scope-received-total">60</td>' in page


def test_a_subtree_lists_its_first_flags_and_counts_them_all(
    client_for, city, internal_affairs_user
):
    for index in range(3):
        unit = UnitFactory(parent=city, code=f"w-{index}")
        intake(unit, JAN, received_counter=1)
        for number in range(20):
            DataFlag.objects.create(
                unit=unit, month=JAN, kind="carry_over", key=f"k{number}", field=None
            )
        DataFlag.objects.create(
            unit=unit, month=FEB, kind="unaccounted_documents", key="u", expected=5, actual=3
        )

    response = client_for(internal_affairs_user).get(
        figures_url(city, period="custom", first="2022-01", last="2022-02")
    )

    assert len(response.context["flags"]) == 50
    assert response.context["unaccounted_flagged"] is True
    assert [m["flagged"] for m in response.context["months"]] == [True, True]
    page = response.content.decode()
    assert "63 số liệu cần kiểm tra" in page
    assert "Chỉ liệt kê 50 mục đầu" in page


def test_figures_rows_read_as_the_official_layout(client_for, ward, staff_user):
    intake(ward, JAN, "land", carried_over=1200, received_counter=34, pending_overdue=4)
    DataFlag.objects.create(unit=ward, month=JAN, kind="missing_month", key="missing_month")
    intake(ward, FEB, "land", received_online=3, received_counter=1)

    response = client_for(staff_user).get(
        figures_url(ward, period="custom", first="2022-01", last="2022-03")
    )

    page = response.content.decode()
    detail = reverse("procedures:month-detail", args=[ward.pk, 2022, 1])
    assertInHTML(
        f'<tr class="table-warning"><th scope="row"><a href="{detail}">01/2022</a></th>'
        '<td class="num">34</td><td class="num">0</td><td class="num">0,00 %</td>'
        '<td class="num">1.230</td><td class="num">100,00 %</td><td class="num">0</td>'
        '<td class="num">0,00 %</td><td class="num">4</td><td class="num">0</td>'
        '<td class="small"><span class="flag"><i class="bi bi-exclamation-triangle" '
        'aria-hidden="true"></i> cần kiểm tra</span></td></tr>',
        page,
    )
    assertInHTML(
        '<td class="small"><i class="bi bi-check2 text-success" aria-hidden="true"></i>'
        " đã nhập</td>",
        page,
    )
    edit = reverse("procedures:month-edit", args=[ward.pk, 2022, 3])
    assertInHTML(
        '<td class="small"><span class="text-body-secondary">chưa nhập</span> · '
        f'<a href="{edit}">nhập</a></td>',
        page,
    )
    assertInHTML(
        '<tr><th scope="row" class="sticky-col fw-normal">Đất đai</th>'
        '<td class="num computed">1.238</td><td class="num">1.200</td><td class="num">3</td>'
        '<td class="num">35</td><td class="num">0</td><td class="num computed">1.234</td>'
        '<td class="num">0</td><td class="num">1.234</td><td class="num">0</td>'
        '<td class="num computed">0</td><td class="num">0</td><td class="num">0</td>'
        '<td class="num">0</td><td class="num">0</td><td class="num">100,00 %</td></tr>',
        page,
    )
