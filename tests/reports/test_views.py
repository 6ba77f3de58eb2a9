"""Pages through the client: what each role reads, what they may post, scope and downloads."""

import datetime
import io
import re
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import Workbook, load_workbook

from cchc_portal.factories import UnitFactory, UserFactory
from cchc_portal.models import Role
from procedures.factories import intake
from reports import services
from reports.factories import ReportRoundFactory, UnitReportFactory
from reports.models import ReportRound, ReportSubmission, UnitReport

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"reports:{name}", args=args)


def submit(report, user, day, hour=10):
    report.refresh_from_db()
    return services.report_submit(
        report=report,
        version=report.version,
        acting_user=user,
        now=datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ),
    )


def docx_text(content):
    word = WordDocument(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


# --- the list of rounds and the city's view -------------------------------------------------


def test_internal_affairs_see_each_round_with_who_submitted(
    client_for, internal_affairs_user, report, canary_report, staff_user
):
    submit(report, staff_user, D(2022, 10, 12))
    response = client_for(internal_affairs_user).get(url("round-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo CCHC 9 tháng đầu năm 2022" in html
    row = re.search(r'<tr>\s*<th scope="row"><a href="/reports/rounds/\d+/">.*?</tr>', html, re.S)
    cells = re.findall(r'<td class="num">(?:<a[^>]*>)?(\d+)', row.group(0))
    assert cells == ["2", "0", "1", "1", "0"]


def test_the_city_view_shows_late_and_missing_units(
    client_for, internal_affairs_user, report, canary_report, staff_user
):
    submit(report, staff_user, D(2022, 10, 12))
    client = client_for(internal_affairs_user)
    html = client.get(url("round-detail", report.round.pk)).content.decode()
    assert 'data-testid="count-late">1<' in html
    assert 'data-testid="count-missing">1<' in html
    assert "Nộp muộn 2 ngày" in html
    assert re.search(r"Chưa nộp, quá hạn \d+ ngày", html)
    late_only = client.get(url("round-detail", report.round.pk), {"show": "late"}).content.decode()
    assert "Phường Một" in late_only and "Phường Hai" not in late_only


def test_a_ward_sees_its_own_report_only_and_another_city_sees_nothing(
    client_for, staff_user, report, canary_report, other_city
):
    html = client_for(staff_user).get(url("round-detail", report.round.pk)).content.decode()
    assert "Phường Một" in html and "Phường Hai" not in html
    assert "Báo cáo tổng hợp" not in html
    stranger = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    client = client_for(stranger)
    assert client.get(url("round-detail", report.round.pk)).status_code == 404
    assert client.get(url("report-detail", report.pk)).status_code == 404
    assert "Báo cáo CCHC 9 tháng" not in client.get(url("round-list")).content.decode()


def test_staff_list_shows_what_their_unit_owes(client_for, staff_user, report, canary_report):
    html = client_for(staff_user).get(url("round-list")).content.decode()
    assert "Báo cáo của đơn vị" in html
    assert html.count(report.get_absolute_url()) == 1
    assert canary_report.get_absolute_url() not in html
    assert 'data-testid="round-table"' not in html


def test_round_list_and_city_view_queries_do_not_grow_with_rows(
    client_for, internal_affairs_user, city, django_assert_num_queries
):
    client = client_for(internal_affairs_user)

    def build(count, start):
        for index in range(count):
            rnd = ReportRoundFactory(unit=city, year=start + index)
            for _ in range(3):
                UnitReportFactory(round=rnd, unit=UnitFactory(parent=city))
        return rnd

    small = build(3, 2001)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("round-list")).status_code == 200
        assert client.get(url("round-detail", small.pk)).status_code == 200
    big = build(30, 2040)
    for _ in range(27):
        UnitReportFactory(round=big, unit=UnitFactory(parent=city))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url("round-list")).status_code == 200
        assert client.get(url("round-detail", big.pk)).status_code == 200


# --- creating and editing rounds ----------------------------------------------------------


def test_internal_affairs_create_a_round_for_the_units_below(
    client_for, internal_affairs_user, city, ward, other_ward
):
    client = client_for(internal_affairs_user)
    form = client.get(url("round-create"))
    assert form.status_code == 200
    assert list(form.context["form"].initial["units"]) == [ward, other_ward]
    response = client.post(
        url("round-create"),
        {
            "year": 2023,
            "kind": "quarter",
            "quarter": "1",
            "deadline": "2023-03-20",
            "remind_days_before": 3,
            "instructions": "Gửi trước ngày 20/3.",
            "units": [ward.pk, other_ward.pk],
        },
    )
    rnd = ReportRound.objects.get()
    assert response.status_code == 302 and response["Location"] == rnd.get_absolute_url()
    assert (str(rnd.title), rnd.remind_days_before, rnd.reports.count()) == (
        "Báo cáo CCHC quý I năm 2023",
        3,
        2,
    )


def test_a_quarterly_round_needs_its_quarter(client_for, internal_affairs_user, ward):
    response = client_for(internal_affairs_user).post(
        url("round-create"),
        {
            "year": 2023,
            "kind": "quarter",
            "deadline": "2023-03-20",
            "remind_days_before": 5,
            "units": [ward.pk],
        },
    )
    assert response.status_code == 200
    assert "Chọn quý của báo cáo quý (từ I đến IV)." in response.content.decode()
    assert not ReportRound.objects.exists()


def test_only_internal_affairs_create_and_edit_rounds(
    client_for, staff_user, leadership_user, report
):
    assert client_for(staff_user).get(url("round-create")).status_code == 403
    assert client_for(leadership_user).get(url("round-create")).status_code == 403
    assert client_for(leadership_user).get(url("round-edit", report.round.pk)).status_code == 403


def test_editing_a_round_moves_its_deadline(client_for, internal_affairs_user, report, ward):
    response = client_for(internal_affairs_user).post(
        url("round-edit", report.round.pk),
        {
            "version": 1,
            "deadline": "2022-10-20",
            "remind_days_before": 5,
            "instructions": "",
            "units": [ward.pk],
        },
    )
    assert response.status_code == 302
    report.round.refresh_from_db()
    assert report.round.deadline == D(2022, 10, 20)
    assert (report.round.year, report.round.kind) == (2022, "nine_months")


# --- a unit's report -----------------------------------------------------------------------


@pytest.mark.usefixtures("calendar_months")
def test_staff_read_the_draft_generated_from_their_figures(
    client_for, staff_user, report, ward_figures
):
    response = client_for(staff_user).get(report.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "DỰ THẢO" in html
    assert "Tổng số hồ sơ phải giải quyết: 90 (kỳ trước chuyển qua 0, mới tiếp nhận 90" in html
    assert (
        "Kế hoạch CCHC năm 2022 có 5 nhiệm vụ; đến ngày 30/09/2022 đã hoàn thành 2 nhiệm vụ" in html
    )
    assert "Sửa nội dung" in html and "Gửi báo cáo" in html
    assert "Chưa nộp, quá hạn" in html


def test_the_sibling_wards_report_is_404_and_readers_get_no_buttons(
    client_for, other_staff_user, leadership_user, report
):
    assert client_for(other_staff_user).get(report.get_absolute_url()).status_code == 404
    assert client_for(other_staff_user).post(url("report-submit", report.pk)).status_code == 404
    html = client_for(leadership_user).get(report.get_absolute_url()).content.decode()
    assert "Sửa nội dung" not in html and "Trả lại kèm ý kiến" not in html
    assert client_for(leadership_user).post(url("report-submit", report.pk)).status_code == 403


def test_the_edit_form_starts_from_the_suggestion_and_saves(
    client_for, staff_user, report, ward_figures
):
    client = client_for(staff_user)
    form = client.get(url("report-edit", report.pk))
    assert (
        form.context["form"]
        .initial["results"]
        .startswith(
            "Trong 9 tháng đầu năm 2022, Phường Một đã triển khai thực hiện Kế hoạch CCHC năm 2022: "
            "hoàn thành 2/5 nhiệm vụ (đạt 40,00 %)."
        )
    )
    assert (
        "- Còn 2 nhiệm vụ trong kế hoạch quá hạn." in form.context["form"].initial["shortcomings"]
    )
    response = client.post(
        url("report-edit", report.pk),
        {
            "version": report.version,
            "results": "Phường đã hoàn thành 2/5 nhiệm vụ.",
            "shortcomings": "- Còn 2 nhiệm vụ quá hạn.",
            "proposals": "- Đề nghị tập huấn.",
            "document_number": "15/BC-UBND",
            "place": "Phường Một",
            "signer_title": "Chủ tịch",
            "signer_name": "Trần Văn Ký",
        },
    )
    assert response.status_code == 302
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Phường đã hoàn thành 2/5 nhiệm vụ." in html
    assert "Số: 15/BC-UBND" in html and "Trần Văn Ký" in html
    stale = client.post(
        url("report-edit", report.pk),
        {"version": report.version, "results": "cũ", "shortcomings": "", "proposals": ""},
    )
    assert "Báo cáo đã được người khác thay đổi" in stale.content.decode()


def test_submitting_late_says_so_and_freezes_the_report(
    client_for, staff_user, report, ward_figures
):
    client = client_for(staff_user)
    page = client.get(url("report-submit", report.pk))
    assert "báo cáo sẽ được ghi nhận là nộp muộn" in page.content.decode()
    response = client.post(
        url("report-submit", report.pk), {"version": report.version, "what": "portal"}, follow=True
    )
    html = response.content.decode()
    assert "được ghi nhận là nộp muộn" in html
    assert "Dưới đây là báo cáo đúng như khi gửi" in html
    report.refresh_from_db()
    assert report.status == UnitReport.Status.SUBMITTED
    assert client.get(url("report-edit", report.pk)).status_code == 403
    again = client.post(
        url("report-submit", report.pk), {"version": report.version, "what": "portal"}, follow=True
    )
    assert "Báo cáo này đã được gửi." in again.content.decode()
    assert ReportSubmission.objects.count() == 1


def test_a_signed_scan_can_be_submitted_and_downloaded_in_scope_only(
    client_for, staff_user, other_staff_user, report
):
    client = client_for(staff_user)
    scan = SimpleUploadedFile("bao-cao-ky.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = client.post(
        url("report-submit", report.pk),
        {"version": report.version, "what": "file", "file": scan, "note": "Bản đã ký."},
    )
    assert response.status_code == 302
    submission = ReportSubmission.objects.get()
    assert submission.source == ReportSubmission.Source.UPLOADED
    download = client.get(url("submission-file", submission.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    assert (
        client_for(other_staff_user).get(url("submission-file", submission.pk)).status_code == 404
    )


def test_a_file_choice_needs_an_accepted_file(client_for, staff_user, report):
    client = client_for(staff_user)
    missing = client.post(
        url("report-submit", report.pk), {"version": report.version, "what": "file"}
    )
    assert "Hãy đính kèm tệp báo cáo." in missing.content.decode()
    workbook = io.BytesIO()
    Workbook().save(workbook)
    sheet = SimpleUploadedFile("so-lieu.xlsx", workbook.getvalue())
    wrong = client.post(
        url("report-submit", report.pk), {"version": report.version, "what": "file", "file": sheet}
    )
    assert (
        "Báo cáo gửi dưới dạng PDF, Word (.docx) hoặc ảnh chụp (.jpg, .png)."
        in wrong.content.decode()
    )
    assert not ReportSubmission.objects.exists()


def test_internal_affairs_return_a_report_and_the_unit_reads_why(
    client_for, internal_affairs_user, staff_user, report
):
    submit(report, staff_user, D(2022, 10, 9))
    assert client_for(staff_user).get(url("report-return", report.pk)).status_code == 403
    client = client_for(internal_affairs_user)
    response = client.post(url("report-return", report.pk), {"comment": "Bổ sung phần đề xuất."})
    assert response.status_code == 302
    html = client_for(staff_user).get(report.get_absolute_url()).content.decode()
    assert "Bổ sung phần đề xuất." in html
    assert "Trả lại để bổ sung" in html and "Gửi lại báo cáo" in html
    assert "Nộp đúng hạn" in html


def test_a_later_change_of_the_data_is_shown_on_the_submitted_report(
    client_for, internal_affairs_user, staff_user, report, ward_figures
):
    submit(report, staff_user, D(2022, 10, 9))
    client = client_for(internal_affairs_user)
    unchanged = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="no-differences"' in unchanged
    intake(report.unit, D(2022, 8, 1), "land", received_counter=10)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Từ khi gửi báo cáo," in html
    assert re.search(
        r"<td>hồ sơ mới tiếp nhận</td><td class=\"num\">90</td><td class=\"num fw-semibold\">100</td>",
        html,
    )
    # The document shown is still the one sent.
    assert "mới tiếp nhận 90" in html and "mới tiếp nhận 100" not in html


# --- downloads -----------------------------------------------------------------------------


def test_the_word_and_pdf_figures_equal_the_units_figures_page(
    client_for, staff_user, report, ward_figures, tmp_path
):
    client = client_for(staff_user)
    page = client.get(
        reverse("procedures:unit-figures", args=[report.unit.pk]), {"period": "nine", "year": 2022}
    )
    shown = page.context["intake"]
    html = page.content.decode()
    received = re.search(r'data-testid="received-total">([^<]+)<', html).group(1)
    online = re.search(r'data-testid="online-rate">([^<]+)<', html).group(1)
    on_time = re.search(r'data-testid="on-time-rate">([^<]+)<', html).group(1)
    electronic = re.search(r'data-testid="electronic-rate">([^<]+)<', html).group(1)
    assert (received, online, on_time, electronic) == ("90", "4,44 %", "94,19 %", "41,11 %")
    expected_sentence = (
        f"Tổng số hồ sơ phải giải quyết: {shown['total']} (kỳ trước chuyển qua "
        f"{shown['carried_over']}, mới tiếp nhận {received}: trực tuyến {shown['received_online']}, "
        f"trực tiếp {shown['received_counter']}, qua bưu chính công ích {shown['received_postal']})."
    )
    rates = [
        f"{shown['received_online']} / {received} | {online}",
        f"{shown['resolved_on_time_or_early']} / {shown['resolved_total']} | {on_time}",
        f"{shown['processed_electronically']} / {shown['total']} | {electronic}",
    ]

    word = client.get(url("report-download", report.pk, "docx"))
    assert word.status_code == 200
    assert word["Content-Disposition"] == (
        'attachment; filename="bao-cao-cchc-9-thang-2022-ward-one-du-thao.docx"'
    )
    text = docx_text(word.content)
    assert expected_sentence in text
    for rate in rates:
        assert rate in text
    assert "Tổng số | 90 | 0 | 4 | 84 | 2 | 86 | 12 | 69 | 5 | 4 | 4 | 0 | 37 | 3" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "DỰ THẢO" in text

    pdf = client.get(url("report-download", report.pk, "pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    assert expected_sentence in text
    assert f"Tỷ lệ hồ sơ trực tuyến (tiếp nhận trực tuyến ÷ mới tiếp nhận) 4 / 90 {online}" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Phụ lục 1. Tình hình tiếp nhận, giải quyết hồ sơ TTHC (15/12/2021 – 14/09/2022)" in text


@pytest.mark.usefixtures("calendar_months")
def test_the_workbook_holds_every_figure_as_numbers(client_for, staff_user, report, ward_figures):
    response = client_for(staff_user).get(url("report-download", report.pk, "xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["Báo cáo", "Số liệu"]
    cells = {(row[0].value, row[1].value): row[2] for row in book["Số liệu"].iter_rows(min_row=2)}
    received = cells[("Thủ tục hành chính", "hồ sơ mới tiếp nhận")]
    assert (received.value, received.number_format) == (90, "#,##0")
    assert type(received.value) is int
    # 4 of 90 online: the page's 4,44 % is the exact fraction of a percentage cell.
    online = cells[("Thủ tục hành chính", "tỷ lệ hồ sơ trực tuyến")]
    assert (online.value, online.number_format) == (0.0444, "0.00%")
    completion = cells[("Kế hoạch CCHC", "tỷ lệ hoàn thành")]
    assert (completion.value, completion.number_format) == (0.4, "0.00%")
    assert cells[("Kế hoạch CCHC", "nhiệm vụ hoàn thành")].value == 2
    for cell in cells.values():
        if cell.number_format in ("#,##0", "0.00%"):
            assert isinstance(cell.value, int | float), cell.coordinate
        else:
            assert not str(cell.value or "").replace(".", "").replace(",", "").isdigit()
    rates = list(book["Tỷ lệ TTHC"].iter_rows(min_row=3, values_only=True))
    # "4 / 90" is two numeric columns, the counted dossiers and the dossiers they are out of.
    assert rates[0] == ("Tỷ lệ", "Số hồ sơ được tính", "Trên tổng số hồ sơ", "Giá trị")
    assert rates[1][1:] == (4, 90, 0.0444)
    # In the order of the report's outline: direction (plan, inspections, models), then
    # procedures, then digital government.
    assert book.sheetnames[2:] == [
        "Kế hoạch theo lĩnh vực",
        "Kiến nghị 14-06-2022",
        "Mô hình CCHC",
        "Tỷ lệ TTHC",
        "Chính quyền điện tử",
        "Phụ lục 1 - TTHC",
    ]
    appendix = list(book["Phụ lục 1 - TTHC"].iter_rows(values_only=True))
    assert (
        appendix[0][0]
        == "Phụ lục 1. Tình hình tiếp nhận, giải quyết hồ sơ TTHC (01/01/2022 – 30/09/2022)"
    )
    assert appendix[-1] == ("Tổng số", 90, 0, 4, 84, 2, 86, 12, 69, 5, 4, 4, 0, 37, 3)


def test_a_submission_downloads_as_it_was_sent(client_for, staff_user, report, ward_figures):
    submission = submit(report, staff_user, D(2022, 10, 9))
    intake(report.unit, D(2022, 8, 1), "land", received_counter=10)
    client = client_for(staff_user)
    text = docx_text(client.get(url("submission-download", submission.pk, "docx")).content)
    assert "mới tiếp nhận 90:" in text and "DỰ THẢO" not in text
    assert "……, ngày 09 tháng 10 năm 2022" in text
    draft = docx_text(client.get(url("report-download", report.pk, "docx")).content)
    assert "mới tiếp nhận 100:" in draft


def test_an_unknown_format_is_404(client_for, staff_user, report):
    assert client_for(staff_user).get(url("report-download", report.pk, "odt")).status_code == 404


# --- the city summary ----------------------------------------------------------------------


def test_the_city_summary_sums_the_owing_units(
    client_for,
    internal_affairs_user,
    staff_user,
    report,
    canary_report,
    ward_figures,
    canary_figures,
):
    submit(report, staff_user, D(2022, 10, 9))
    client = client_for(internal_affairs_user)
    response = client.get(url("round-rollup", report.round.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tổng số hồ sơ phải giải quyết: 1.890" in html
    assert "2/2 đơn vị có Kế hoạch CCHC năm 2022, với tổng số 10 nhiệm vụ" in html
    assert "Phụ lục 2. Tình hình gửi báo cáo và số liệu chính của từng đơn vị" in html
    text = docx_text(client.get(url("round-rollup-download", report.round.pk, "docx")).content)
    assert "Phường Một | nộp đúng hạn | 09/10/2022 | 2 / 5 | 40,00 % | 2 | 90 | 4,44 %" in text
    assert "Phường Hai | chưa nộp | — | 5 / 5 | 100,00 % | 0 | 1.800 | 50,00 %" in text
    assert client_for(staff_user).get(url("round-rollup", report.round.pk)).status_code == 403


def test_the_city_summary_is_for_the_city_and_its_readers_only(
    client_for, leadership_user, other_city, report
):
    assert client_for(leadership_user).get(url("round-rollup", report.round.pk)).status_code == 200
    stranger = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    client = client_for(stranger)
    assert client.get(url("round-rollup", report.round.pk)).status_code == 404
    assert client.get(url("round-rollup-download", report.round.pk, "xlsx")).status_code == 404


# --- home ----------------------------------------------------------------------------------


def test_home_shows_the_unit_what_it_owes_until_it_submits(client_for, staff_user, report):
    client = client_for(staff_user)
    html = client.get(reverse("home")).content.decode()
    assert "Báo cáo định kỳ đơn vị phải gửi" in html
    assert report.get_absolute_url() in html
    submit(report, staff_user, D(2022, 10, 9))
    assert "Báo cáo định kỳ đơn vị phải gửi" not in client.get(reverse("home")).content.decode()


def test_home_shows_internal_affairs_the_reports_still_expected(
    client_for, internal_affairs_user, report, canary_report, staff_user
):
    submit(report, staff_user, D(2022, 10, 12))
    html = client_for(internal_affairs_user).get(reverse("home")).content.decode()
    assert "Báo cáo định kỳ chưa nhận đủ" in html
    assert "đã nhận 1/2" in html and "1 nộp muộn" in html and "1 chưa nộp" in html


def test_home_panel_queries_do_not_grow(ward, city, staff_user, django_assert_num_queries):
    from django.test import RequestFactory

    from reports import home

    request = RequestFactory().get("/")
    request.user = staff_user
    assert staff_user.role_codes == {"unit_staff"}

    def owe(years):
        for year in years:
            UnitReportFactory(round=ReportRoundFactory(unit=city, year=year), unit=ward)

    owe(range(2001, 2004))
    with CaptureQueriesContext(connection) as few:
        assert len(home.panels(request)[0]["reports"]) == 3
    owe(range(2004, 2034))
    with django_assert_num_queries(len(few.captured_queries)):
        panel = home.panels(request)[0]
    assert (len(panel["reports"]), panel["more"]) == (5, 28)
