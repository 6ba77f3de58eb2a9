"""Pages as users read them: the Vietnamese text, the numbers, the forms and their errors."""

import datetime
import io
import re
import subprocess
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from inspections import notice, services
from inspections.factories import (
    ChecklistCriterionFactory,
    ChecklistTemplateFactory,
    ConcludedInspectionFactory,
    FindingFactory,
    InspectionFactory,
    InspectionPlanFactory,
    RecommendationFactory,
    RemediationReportFactory,
    area,
    shortcoming_type,
)
from inspections.models import ChecklistResult, Inspection, Recommendation

from .conftest import conclude


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# --- list -----------------------------------------------------------------------------


def test_list_shows_status_and_recommendation_counts(client_for, internal_affairs_user, ward):
    inspection = ConcludedInspectionFactory(unit=ward, lead=internal_affairs_user)
    RecommendationFactory(inspection=inspection, due_on=datetime.date(2022, 12, 31))
    RecommendationFactory(
        inspection=inspection,
        status=Recommendation.Status.ACCEPTED,
        accepted_at=datetime.datetime(2022, 12, 1, tzinfo=datetime.UTC),
    )
    page = client_for(internal_affairs_user).get(reverse("inspections:inspection-list"))
    html = page.content.decode()
    assert "Phường Một" in html
    assert "đã kết luận" in html
    assert (
        '<td class="num"><span class="overdue"><i class="bi bi-exclamation-triangle-fill" aria-hidden="true"></i> 1</span></td>'
        in html
    )


def test_list_filters_by_year_status_and_kind(client_for, internal_affairs_user, ward, other_ward):
    InspectionFactory(unit=ward, lead=internal_affairs_user, start_on=datetime.date(2022, 5, 1))
    InspectionFactory(
        unit=other_ward,
        lead=internal_affairs_user,
        start_on=datetime.date(2023, 5, 1),
        kind=Inspection.Kind.PROCEDURE_CONTROL,
    )
    client = client_for(internal_affairs_user)
    url = reverse("inspections:inspection-list")
    by_year = client.get(url, {"year": "2023"}).content.decode()
    assert ">Phường Hai</a>" in by_year and ">Phường Một</a>" not in by_year
    by_kind = client.get(url, {"kind": "cchc"}).content.decode()
    assert ">Phường Một</a>" in by_kind and ">Phường Hai</a>" not in by_kind
    by_status = client.get(url, {"status": "closed"}).content.decode()
    assert "Không có cuộc kiểm tra nào phù hợp." in by_status


def test_list_queries_do_not_grow_with_rows(client_for, internal_affairs_user, ward):
    client = client_for(internal_affairs_user)
    url = reverse("inspections:inspection-list")

    def add(count):
        for day in range(count):
            inspection = ConcludedInspectionFactory(
                unit=ward, lead=internal_affairs_user, start_on=datetime.date(2022, 1, 1 + day)
            )
            RecommendationFactory(inspection=inspection)

    add(3)
    small = queries(client, url)
    add(27)
    assert queries(client, url) == small


def test_detail_queries_do_not_grow_with_recommendations(
    client_for, internal_affairs_user, ward, staff_user
):
    inspection = ConcludedInspectionFactory(unit=ward, lead=internal_affairs_user)
    client = client_for(internal_affairs_user)
    url = inspection.get_absolute_url()

    def add(count):
        for _ in range(count):
            finding = FindingFactory(inspection=inspection)
            recommendation = RecommendationFactory(inspection=inspection, finding=finding)
            RemediationReportFactory(recommendation=recommendation, submitted_by=staff_user)

    add(3)
    small = queries(client, url)
    add(27)
    assert queries(client, url) == small


# --- detail ---------------------------------------------------------------------------


def test_detail_shows_the_snapshot_findings_and_overdue_marks(
    client_for, leadership_user, ward, inspector_user
):
    inspection = ConcludedInspectionFactory(
        unit=ward,
        lead=inspector_user,
        snapshot_taken_at=datetime.datetime(2022, 11, 1, 8, tzinfo=datetime.UTC),
        snapshot_as_of=datetime.date(2022, 11, 1),
        tasks_total=24,
        tasks_done=23,
        task_completion_rate=Decimal("95.83"),
        intake_first_month=datetime.date(2022, 1, 1),
        intake_last_month=datetime.date(2022, 10, 1),
        intake_received=764,
        intake_received_online=9,
        intake_online_rate=Decimal("1.18"),
    )
    FindingFactory(inspection=inspection, kind="strength", text="Ban hành kế hoạch kịp thời.")
    FindingFactory(inspection=inspection, text="Tuyên truyền tại tổ dân phố còn ít.")
    RecommendationFactory(
        inspection=inspection, text="Tăng cường tuyên truyền.", due_on=datetime.date(2022, 12, 31)
    )
    html = client_for(leadership_user).get(inspection.get_absolute_url()).content.decode()
    assert 'class="num" data-testid="snapshot-tasks">23/24</td>' in html
    assert "95,83 %" in html
    assert 'class="num" data-testid="snapshot-received">764</td>' in html
    assert '9 <span class="text-muted">(1,18 %)</span>' in html
    assert "Ban hành kế hoạch kịp thời." in html
    assert "Tuyên truyền tại tổ dân phố còn ít." in html
    assert "Tăng cường tuyên truyền." in html
    assert "quá hạn" in html
    # Leadership reads only: no edit, start or review buttons.
    assert "Sửa lịch và thành phần đoàn" not in html
    assert "Thẩm định báo cáo" not in html
    assert 'action="/inspections/' not in html


def test_detail_without_snapshot_says_when_it_comes(client_for, inspector_user, ward):
    inspection = InspectionFactory(unit=ward, lead=inspector_user)
    html = client_for(inspector_user).get(inspection.get_absolute_url()).content.decode()
    assert "Số liệu được ghi nhận khi bắt đầu cuộc kiểm tra." in html
    assert "Bắt đầu kiểm tra" in html


# --- forms of the inspector -----------------------------------------------------------


def test_inspector_creates_an_inspection_on_the_plan(client_for, inspector_user, ward, city):
    plan = InspectionPlanFactory(unit=city, year=2022)
    response = client_for(inspector_user).post(
        reverse("inspections:inspection-create"),
        {
            "unit": ward.pk,
            "kind": "both",
            "plan": plan.pk,
            "is_scheduled": "on",
            "start_on": "2022-11-01",
            "lead": inspector_user.pk,
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inspection.get_absolute_url()
    assert (inspection.plan, inspection.kind, inspection.lead) == (plan, "both", inspector_user)
    assert inspection.history.get().history_user == inspector_user


def test_a_visit_outside_the_plans_year_is_refused(client_for, inspector_user, ward, city):
    plan = InspectionPlanFactory(unit=city, year=2022)
    response = client_for(inspector_user).post(
        reverse("inspections:inspection-create"),
        {
            "unit": ward.pk,
            "kind": "cchc",
            "plan": plan.pk,
            "start_on": "2023-01-05",
            "lead": inspector_user.pk,
        },
    )
    assert response.status_code == 200
    assert "Ngày kiểm tra phải thuộc năm của kế hoạch (2022)." in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_stale_edit_form_is_refused(client_for, inspector_user, ward):
    inspection = InspectionFactory(unit=ward, lead=inspector_user)
    data = {
        "unit": ward.pk,
        "kind": "cchc",
        "start_on": "2022-11-02",
        "lead": inspector_user.pk,
        "version": inspection.version,
    }
    client = client_for(inspector_user)
    url = reverse("inspections:inspection-edit", args=[inspection.pk])
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "start_on": "2022-11-03"})
    assert "Người khác đã lưu bản ghi này sau khi bạn mở trang." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.start_on == datetime.date(2022, 11, 2)


def test_the_snapshot_form_refuses_the_reports_8_48_percent(
    client_for, in_progress, inspector_user
):
    url = reverse("inspections:inspection-snapshot", args=[in_progress.pk])
    data = {
        "version": Inspection.objects.get(pk=in_progress.pk).version,
        "snapshot_as_of": "2022-11-01",
        "intake_received": "764",
        "intake_received_online": "9",
        "intake_online_rate": "8,48",
    }
    client = client_for(inspector_user)
    response = client.post(url, data)
    assert "Tỷ lệ 8,48 % không khớp với số liệu: 9/764 là 1,18 %." in response.content.decode()
    response = client.post(url, {**data, "intake_online_rate": ""})
    assert response.status_code == 302
    in_progress.refresh_from_db()
    assert in_progress.intake_online_rate == Decimal("1.18")
    assert in_progress.snapshot_is_edited is True


def test_finding_then_recommendation_from_it(client_for, in_progress, inspector_user, ward):
    client = client_for(inspector_user)
    response = client.post(
        reverse("inspections:finding-create", args=[in_progress.pk]),
        {
            "kind": "shortcoming",
            "area": area("procedures").pk,
            "shortcoming_type": shortcoming_type("extra-dossier-components").pk,
            "text": "Yêu cầu thêm giấy xác nhận cư trú.",
            "and_recommend": "1",
        },
    )
    finding = in_progress.findings.get()
    assert response["Location"] == (
        reverse("inspections:recommendation-create", args=[in_progress.pk])
        + f"?finding={finding.pk}"
    )
    form = client.get(response["Location"]).content.decode()
    assert "Yêu cầu thêm giấy xác nhận cư trú." in form
    client.post(
        reverse("inspections:recommendation-create", args=[in_progress.pk]),
        {
            "finding": finding.pk,
            "text": "Không yêu cầu thêm thành phần hồ sơ.",
            "responsible_unit": ward.pk,
            "due_on": "2022-12-15",
        },
    )
    recommendation = in_progress.recommendations.get()
    assert (recommendation.number, recommendation.finding) == (1, finding)


def test_conclusion_form_is_prefilled_and_issues(client_for, recommendation, inspector_user, city):
    inspection = recommendation.inspection
    url = reverse("inspections:inspection-conclude", args=[inspection.pk])
    client = client_for(inspector_user)
    form = client.get(url).content.decode()
    assert 'value="ĐOÀN KIỂM TRA CCHC"' in form
    assert 'value="TRƯỞNG ĐOÀN"' in form
    assert "1 kiến nghị sẽ được gửi đến đơn vị thực hiện:" in form
    response = client.post(
        url,
        {
            "notice_number": "7/TB-ĐKT",
            "notice_issued_on": "2022-11-04",
            "notice_place": "Thử",
            "notice_authority": "UBND THÀNH PHỐ THỬ",
            "notice_issuer": "ĐOÀN KIỂM TRA CCHC",
            "notice_recipients": "Phường Một",
            "signer_title": "TRƯỞNG ĐOÀN",
            "signer_name": "Nguyễn Văn",
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.notice_number) == ("concluded", "7/TB-ĐKT")


def test_checklist_mark_with_a_photo(client_for, in_progress, inspector_user, city):
    template = ChecklistTemplateFactory(unit=city)
    criterion = ChecklistCriterionFactory(
        template=template,
        text="Sổ theo dõi ghi đầy đủ",
        shortcoming_type=shortcoming_type("tracking-book-incomplete"),
    )
    Inspection.objects.filter(pk=in_progress.pk).update(checklist_template=template)
    client = client_for(inspector_user)
    page = client.get(reverse("inspections:inspection-checklist", args=[in_progress.pk]))
    assert "Sổ theo dõi ghi đầy đủ" in page.content.decode()
    url = reverse("inspections:checklist-mark", args=[in_progress.pk, criterion.pk])
    missing_note = client.post(url, {f"c{criterion.pk}-result": "not_met"})
    assert "Hãy ghi rõ điều phát hiện được" in missing_note.content.decode()
    photo = SimpleUploadedFile("so-theo-doi.png", png_bytes(), content_type="image/png")
    response = client.post(
        url,
        {
            f"c{criterion.pk}-result": "not_met",
            f"c{criterion.pk}-note": "Thiếu ngày trả kết quả",
            f"c{criterion.pk}-photo": photo,
        },
    )
    assert response.status_code == 302
    mark = ChecklistResult.objects.get()
    assert mark.finding.text == "Sổ theo dõi ghi đầy đủ: Thiếu ngày trả kết quả"
    image = client.get(reverse("inspections:checklist-photo", args=[mark.pk]))
    assert image["Content-Type"] == "image/png"


# --- remediation and review -----------------------------------------------------------


def test_the_ward_reports_with_a_file_and_a_bad_file_is_refused(client_for, issued, staff_user):
    client = client_for(staff_user)
    url = reverse("inspections:recommendation-report", args=[issued.pk])
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url, {"text": "Đã làm.", "files": [bad]})
    assert "Không chấp nhận tệp định dạng .exe." in response.content.decode()
    issued.refresh_from_db()
    assert issued.status == "open"
    good = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(url, {"text": "Đã giao phiếu hẹn.", "files": [good]})
    assert response.status_code == 302
    issued.refresh_from_db()
    evidence = issued.reports.get().files.get()
    download = client.get(reverse("inspections:evidence-download", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"


def test_remediation_list_puts_what_to_do_first(client_for, issued, staff_user):
    html = client_for(staff_user).get(reverse("inspections:remediation-list")).content.decode()
    assert "Giao phiếu hẹn cho mọi hồ sơ." in html
    assert "Báo cáo khắc phục" in html
    assert 'data-testid="overdue-count">1 kiến nghị đã quá hạn.' in html


def test_review_queue_and_return_needs_a_comment(client_for, submitted, internal_affairs_user):
    client = client_for(internal_affairs_user)
    queue = client.get(reverse("inspections:review-queue")).content.decode()
    assert "1 báo cáo khắc phục chờ thẩm định" in queue
    assert "Đã giao phiếu hẹn." in queue
    url = reverse("inspections:recommendation-review", args=[submitted.pk])
    response = client.post(url, {"decision": "returned", "comment": ""})
    assert "Hãy nêu rõ còn thiếu gì" in response.content.decode()
    response = client.post(url, {"decision": "accepted", "comment": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "accepted"
    queue = client.get(reverse("inspections:review-queue")).content.decode()
    assert "Không có báo cáo nào chờ thẩm định." in queue


def test_recommendation_list_filters_overdue(client_for, internal_affairs_user, ward):
    inspection = ConcludedInspectionFactory(unit=ward, lead=internal_affairs_user)
    RecommendationFactory(
        inspection=inspection, text="Đã quá hạn", due_on=datetime.date(2022, 12, 1)
    )
    RecommendationFactory(inspection=inspection, text="Còn hạn", due_on=datetime.date(2099, 1, 1))
    html = (
        client_for(internal_affairs_user)
        .get(reverse("inspections:recommendation-list"), {"overdue": "1"})
        .content.decode()
    )
    assert "Đã quá hạn" in html
    assert "Còn hạn" not in html


# --- the notice -----------------------------------------------------------------------


def pdf_text(content):
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def test_notice_pdf_has_the_vietnamese_title_and_every_recommendation(
    client_for, in_progress, shortcoming, inspector_user, ward, leadership_user
):
    texts = [
        "Thực hiện TTHC thuộc lĩnh vực đất đai trên phần mềm một cửa điện tử.",
        "Triển khai thực hiện TTHC “không chờ”.",
    ]
    for text in texts:
        services.recommendation_create(
            inspection=in_progress,
            acting_user=inspector_user,
            text=text,
            responsible_unit=ward,
            due_on=datetime.date(2022, 12, 31),
            finding=shortcoming,
        )
    conclude(in_progress, inspector_user)
    response = client_for(leadership_user).get(
        reverse("inspections:inspection-notice-pdf", args=[in_progress.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="thong-bao-ket-luan-kiem-tra-ward-one-20221104.pdf"'
    )
    text = pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "THÔNG BÁO" in text
    assert "Kết luận kiểm tra công tác cải cách hành chính tại Phường Một" in text
    assert "Số: 125/TB-ĐKT" in text
    assert "Thử, ngày 04 tháng 11 năm 2022" in text
    assert "Không giao phiếu hẹn trả kết quả." in text
    assert (
        "1. Thực hiện TTHC thuộc lĩnh vực đất đai trên phần mềm một cửa điện tử (thời hạn: 31/12/2022)."
        in text
    )
    assert "2. Triển khai thực hiện TTHC “không chờ” (thời hạn: 31/12/2022)." in text
    assert "Nơi nhận:" in text
    assert "Nguyễn Văn Kiểm" in text


def test_print_page_and_draft_preview(client_for, recommendation, inspector_user, staff_user):
    url = reverse("inspections:inspection-notice", args=[recommendation.inspection_id])
    draft = client_for(inspector_user).get(url).content.decode()
    assert "DỰ THẢO" in draft
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in draft
    # The ward does not see the team's draft.
    assert client_for(staff_user).get(url).status_code == 404


# --- plans and the catalogue ------------------------------------------------------------


def test_internal_affairs_keep_plans_and_inspectors_read_them(
    client_for, internal_affairs_user, inspector_user, city
):
    response = client_for(internal_affairs_user).post(
        reverse("inspections:plan-create"),
        {
            "unit": city.pk,
            "year": "2022",
            "title": "Kế hoạch kiểm tra CCHC năm 2022",
            "document_number": "12/KH-UBND",
        },
    )
    assert response.status_code == 302
    client = client_for(inspector_user)
    assert (
        "Kế hoạch kiểm tra CCHC năm 2022"
        in client.get(reverse("inspections:plan-list")).content.decode()
    )
    assert client.get(reverse("inspections:plan-create")).status_code == 403


def test_recurring_shortcomings_are_counted(client_for, internal_affairs_user, ward, other_ward):
    slip = shortcoming_type("no-appointment-slip")
    for unit in (ward, other_ward):
        inspection = ConcludedInspectionFactory(unit=unit, lead=internal_affairs_user)
        FindingFactory(inspection=inspection, shortcoming_type=slip)
    draft = InspectionFactory(unit=ward, lead=internal_affairs_user)
    FindingFactory(inspection=draft, shortcoming_type=slip)  # not concluded: not counted
    types = client_for(internal_affairs_user).get(reverse("inspections:shortcomingtype-list"))
    first_row = types.content.decode().split("<tbody>")[1].split("</tr>")[0]
    assert "Không gửi phiếu hẹn trả kết quả cho tổ chức, công dân" in first_row
    assert '<td class="num">2</td>\n    <td class="num">2</td>' in first_row


def test_checklists_are_edited_by_internal_affairs_only(
    client_for, internal_affairs_user, inspector_user, city
):
    template = ChecklistTemplateFactory(unit=city, name="Bộ tiêu chí thử")
    url = reverse("inspections:criterion-create", args=[template.pk])
    assert client_for(inspector_user).get(url).status_code == 403
    response = client_for(internal_affairs_user).post(
        url,
        {
            "area": area("procedures").pk,
            "text": "Có khảo sát sự hài lòng",
            "shortcoming_type": shortcoming_type("no-satisfaction-survey").pk,
            "order": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert list(template.criteria.values_list("text", "order")) == [("Có khảo sát sự hài lòng", 1)]


# --- home panels ----------------------------------------------------------------------


def test_home_shows_what_to_remediate_and_what_to_review(
    client_for, submitted, staff_user, internal_affairs_user, inspector_user
):
    staff_home = client_for(staff_user).get("/").content.decode()
    # The one recommendation has its report sent: not yet accepted, nothing left to remediate.
    assert "1 kiến nghị chưa được chấp nhận" in staff_home
    assert "0 cần khắc phục · 1 có báo cáo chờ thẩm định" in staff_home
    assert "1 thông báo mới" in staff_home
    review_home = client_for(internal_affairs_user).get("/").content.decode()
    assert "1 báo cáo khắc phục chờ thẩm định" in review_home


def test_home_lists_my_inspections(client_for, planned, inspector_user):
    home = client_for(inspector_user).get("/").content.decode()
    assert "Cuộc kiểm tra của tôi" in home
    assert "Phường Một" in home


def test_admin_pages_open(client, admin_user_, issued):
    client.force_login(admin_user_)
    for name in ("inspection", "recommendation", "remediationreport", "checklisttemplate"):
        assert client.get(reverse(f"admin:inspections_{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:inspections_inspection_change", args=[issued.inspection_id]))
    assert page.status_code == 200


def test_pages_switch_to_english_but_the_notice_stays_vietnamese(
    client_for, issued, internal_affairs_user
):
    client = client_for(internal_affairs_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("inspections:inspection-detail", args=[issued.inspection_id]))
    html = html.content.decode()
    assert "Inspection at Phường Một" in html
    assert "to remediate" in html
    notice = client.get(reverse("inspections:inspection-notice", args=[issued.inspection_id]))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in notice.content.decode()
    assert "Back to the inspection" in notice.content.decode()


def test_the_finding_form_offers_no_dashes(client_for, in_progress, inspector_user):
    html = (
        client_for(inspector_user)
        .get(reverse("inspections:finding-create", args=[in_progress.pk]))
        .content.decode()
    )
    assert "---------" not in html
    # The kind is required: two radios, no empty one; the optional lists say "(không chọn)".
    assert html.count('name="kind"') == 2
    assert 'name="kind" value=""' not in html
    assert "Tồn tại, hạn chế" in html
    assert html.count('<option value="" selected>(không chọn)</option>') == 2


def test_scheduled_follows_the_inspection_plan(client_for, inspector_user, ward, city):
    plan = InspectionPlanFactory(unit=city, year=2022)
    client = client_for(inspector_user)
    create = reverse("inspections:inspection-create")
    blank = client.get(create).content.decode()
    assert re.search(r'<input type="checkbox" name="is_scheduled"[^>]*>', blank).group(0) == (
        '<input type="checkbox" name="is_scheduled" class="checkboxinput form-check-input" '
        'aria-describedby="id_is_scheduled_helptext" id="id_is_scheduled">'
    )
    assert "---------" not in blank
    from_plan = client.get(create, {"plan": plan.pk}).content.decode()
    assert re.search(r'<input type="checkbox" name="is_scheduled"[^>]*checked', from_plan)

    data = {"unit": ward.pk, "kind": "cchc", "start_on": "2022-11-01", "lead": inspector_user.pk}
    response = client.post(create, {**data, "is_scheduled": "on"})
    assert response.status_code == 200
    assert (
        "Cuộc kiểm tra theo kế hoạch phải thuộc một kế hoạch kiểm tra: chọn kế hoạch, "
        "hoặc bỏ đánh dấu “Theo kế hoạch” nếu là kiểm tra đột xuất."
    ) in response.content.decode()
    response = client.post(create, {**data, "plan": plan.pk})
    assert response.status_code == 200
    assert (
        "Cuộc kiểm tra thuộc kế hoạch kiểm tra đã chọn: đánh dấu “Theo kế hoạch”, "
        "hoặc bỏ chọn kế hoạch nếu là kiểm tra đột xuất."
    ) in response.content.decode()
    assert not Inspection.objects.exists()

    assert client.post(create, data).status_code == 302
    assert Inspection.objects.get().is_scheduled is False


def test_a_draft_recommendation_is_not_to_remediate_until_the_conclusion(
    client_for, recommendation, inspector_user, django_capture_on_commit_callbacks
):
    client = client_for(inspector_user)
    badge = 'data-testid="recommendation-status">'
    pages = [recommendation.inspection.get_absolute_url(), recommendation.get_absolute_url()]
    for page in pages:
        html = client.get(page).content.decode()
        assert f"{badge}dự thảo, chưa ban hành</span>" in html, page
        assert "cần khắc phục" not in html, page
    with django_capture_on_commit_callbacks(execute=True):
        conclude(recommendation.inspection, inspector_user)
    for page in pages:
        html = client.get(page).content.decode()
        assert f"{badge}cần khắc phục</span>" in html, page
        assert "dự thảo, chưa ban hành" not in html, page


def pdf_pages(content):
    """Each page's text of a PDF, read page by page with pdftotext -f N -l N."""
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout.decode(), re.M).group(1))
    pages = []
    for number in range(1, count + 1):
        result = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-layout", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        )
        pages.append(" ".join(result.stdout.decode().split()))
    return pages


def page_of(pages, text):
    return [index for index, page in enumerate(pages, start=1) if text in page]


def test_the_notice_keeps_recipients_and_signature_with_the_last_paragraph(
    client_for, in_progress, shortcoming, inspector_user, ward, leadership_user
):
    last_paragraph = "kiểm tra lại kết quả khắc phục khi cần thiết."
    # With three or four recommendations the closing part no longer fits on page 1.
    for number in range(1, 5):
        services.recommendation_create(
            inspection=in_progress,
            acting_user=inspector_user,
            text=f"Kiến nghị {number}: thực hiện thủ tục hành chính đúng quy định hiện hành.",
            responsible_unit=ward,
            due_on=datetime.date(2022, 12, 31),
            finding=shortcoming,
        )
        pages = pdf_pages(notice.render_pdf(in_progress))
        assert page_of(pages, last_paragraph) == page_of(pages, "Nơi nhận:"), number
        assert page_of(pages, "Nơi nhận:") == page_of(pages, "(chưa ký: dự thảo)"), number
    conclude(in_progress, inspector_user)
    response = client_for(leadership_user).get(
        reverse("inspections:inspection-notice-pdf", args=[in_progress.pk])
    )
    pages = pdf_pages(response.content)
    assert len(pages) == 2
    assert page_of(pages, "4. Kiến nghị 4") == [1]
    assert page_of(pages, last_paragraph) == page_of(pages, "Nơi nhận:") == [2]
    assert page_of(pages, "Nguyễn Văn Kiểm") == [2]


def test_the_plan_and_catalogue_forms_offer_no_dashes(
    client, internal_affairs_user, admin_user_, city
):
    client.force_login(admin_user_)
    catalogue = client.get(reverse("inspections:shortcomingtype-create"))
    assert catalogue.status_code == 200
    assert "---------" not in catalogue.content.decode()
    client.force_login(internal_affairs_user)
    template = ChecklistTemplateFactory(unit=city)
    for url in [
        reverse("inspections:plan-create"),
        reverse("inspections:checklist-create"),
        reverse("inspections:criterion-create", args=[template.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "---------" not in response.content.decode(), url
    criterion = client.get(reverse("inspections:criterion-create", args=[template.pk]))
    assert '<option value="" selected>(không chọn)</option>' in criterion.content.decode()
