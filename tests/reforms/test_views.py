"""Pages through the client: what each role reads, what they may post, and their scope."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc_portal.factories import UnitFactory, UserFactory, image_bytes, pdf_bytes
from cchc_portal.models import Role
from reforms.factories import (
    IssuedDocumentFactory,
    OutreachActivityFactory,
    OutreachYearFactory,
    ReformModelFactory,
    ReformPlanFactory,
    ReformTaskFactory,
    area,
)
from reforms.models import IssuedDocument, ReformModel, ReformPlan, ReformTask

D = datetime.date
S = ReformTask.Status


def url(name, *args):
    return reverse(f"reforms:{name}", args=args)


def update_data(task, **changes):
    data = {
        "version": task.version,
        "status": task.status,
        "completed_on": "",
        "note": "",
        "cancel_reason": "",
        "evidence_document": "",
    }
    data.update(changes)
    return data


# --- the plan page -------------------------------------------------------------------------


def test_plan_page_shows_the_computed_figures(client_for, staff_user, plan):
    response = client_for(staff_user).get(plan.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="display-6 fw-semibold" data-testid="plan-progress">2/3</span>' in html
    assert '<span class="fs-4" data-testid="plan-rate">66,67 %</span>' in html
    assert 'data-testid="plan-overdue">1</div>' in html
    assert "1 nhiệm vụ chung, 3 nhiệm vụ cụ thể" in html
    assert "Cải cách thủ tục hành chính" in html
    assert html.count(">Cập nhật</a>") == 3


def test_staff_updates_a_task_on_the_phone_form_and_the_figure_changes(
    client_for, staff_user, plan, open_task
):
    client = client_for(staff_user)
    evidence = SimpleUploadedFile("bien-ban-dat-dai.pdf", b"%PDF-1.4 ok", "application/pdf")
    response = client.post(
        url("task-update", open_task.pk),
        update_data(open_task, status="done", completed_on="2022-10-20", evidence_file=evidence),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == plan.get_absolute_url()
    html = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="plan-progress">3/3</span>' in html
    assert 'data-testid="plan-rate">100,00 %</span>' in html
    assert "Đã lưu. Kế hoạch hiện đạt 3/3 nhiệm vụ hoàn thành." in html

    page = client.get(open_task.get_absolute_url()).content.decode()
    assert "bien-ban-dat-dai.pdf" in page
    # History: who changed what.
    assert "Nguyễn Văn" in page
    assert "<del>đang thực hiện</del> → <ins>hoàn thành</ins>" in page
    assert "<del>—</del> → <ins>20/10/2022</ins>" in page
    assert "<del>—</del> → <ins>bien-ban-dat-dai.pdf</ins>" in page


def test_done_without_a_date_and_cancel_without_a_reason_are_refused(
    client_for, staff_user, open_task
):
    client = client_for(staff_user)
    response = client.post(url("task-update", open_task.pk), update_data(open_task, status="done"))
    assert response.status_code == 200
    assert "Nhập ngày hoàn thành nhiệm vụ." in response.content.decode()
    response = client.post(
        url("task-update", open_task.pk), update_data(open_task, status="cancelled")
    )
    assert "Nêu lý do hủy nhiệm vụ." in response.content.decode()
    open_task.refresh_from_db()
    assert open_task.status == S.IN_PROGRESS


def test_a_future_completion_date_is_refused_only_for_a_task_done(
    client_for, staff_user, open_task
):
    client = client_for(staff_user)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url("task-update", open_task.pk), update_data(open_task, status="done", completed_on=future)
    )
    assert response.status_code == 200
    assert "Ngày hoàn thành không được sau ngày hôm nay." in response.content.decode()
    # The form still holds a date (a task done earlier, say) but the task goes back in
    # progress: the date no longer counts and is not a reason to refuse.
    response = client.post(
        url("task-update", open_task.pk),
        update_data(open_task, status="in_progress", completed_on=future, note="Làm tiếp"),
    )
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert (open_task.status, open_task.completed_on, open_task.note) == (
        S.IN_PROGRESS,
        None,
        "Làm tiếp",
    )


def test_a_stale_update_form_is_refused_with_a_clear_message(client_for, staff_user, open_task):
    client = client_for(staff_user)
    data = update_data(open_task, status="in_progress", note="Lần 1")
    assert client.post(url("task-update", open_task.pk), data).status_code == 302
    response = client.post(url("task-update", open_task.pk), {**data, "note": "Lần 2"})
    assert response.status_code == 200
    assert "Nhiệm vụ vừa được người khác cập nhật" in response.content.decode()
    open_task.refresh_from_db()
    assert open_task.note == "Lần 1"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "virus.exe",
            b"MZ",
            "Không chấp nhận tệp định dạng .exe. Các định dạng được phép: "
            "pdf, docx, xlsx, jpg, jpeg, png.",
        ),
        (
            "scan.pdf",
            b"x" * (3 * 1024 * 1024 // 2),
            "Tệp có dung lượng 1,5 MB, vượt giới hạn 1 MB.",
        ),
    ],
)
def test_uploads_of_a_wrong_type_or_too_large_are_refused(
    client_for, staff_user, open_task, settings, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile(name, content)
    response = client_for(staff_user).post(
        url("task-update", open_task.pk),
        update_data(open_task, status="done", completed_on="2022-10-20", evidence_file=upload),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    open_task.refresh_from_db()
    assert (open_task.status, open_task.evidence_file.name) == (S.IN_PROGRESS, "")


def test_status_filter_shows_matching_tasks_under_their_general_task(client_for, staff_user, plan):
    client = client_for(staff_user)
    html = client.get(plan.get_absolute_url(), {"status": "overdue"}).content.decode()
    assert "Thực hiện TTHC đất đai trên phần mềm một cửa" in html
    assert "Công khai thủ tục hành chính" not in html
    assert "Cải cách thủ tục hành chính</a>" in html  # its general task
    html = client.get(plan.get_absolute_url(), {"status": "done"}).content.decode()
    assert "Công khai thủ tục hành chính" in html
    assert "Thực hiện TTHC đất đai" not in html
    other_area = area("direction").pk
    html = client.get(plan.get_absolute_url(), {"area": other_area}).content.decode()
    assert "Không có nhiệm vụ nào phù hợp bộ lọc." in html


def test_plan_page_queries_do_not_grow_with_tasks(client_for, staff_user, ward):
    client = client_for(staff_user)

    def build(year, specific_per_general):
        plan = ReformPlanFactory(unit=ward, year=year)
        for code in ("direction", "procedures", "digital-government"):
            general = ReformTaskFactory(plan=plan, area=area(code))
            for _ in range(specific_per_general):
                ReformTaskFactory(parent=general, deadline=D(year, 6, 30))
        return plan

    small, large = build(2022, 1), build(2023, 10)
    # Warm the caches (content types, the plans' figures).
    client.get(small.get_absolute_url())
    client.get(large.get_absolute_url())
    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as large_queries:
        response = client.get(large.get_absolute_url())
    assert response.content.decode().count('data-testid="task-row"') == 33
    assert len(large_queries) == len(small_queries)


# --- roles and scope ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["inspector_user", "internal_affairs_user", "leadership_user"])
def test_city_roles_see_the_plan_read_only(request, client_for, plan, open_task, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="plan-progress">2/3</span>' in html
    assert "Cập nhật" not in html and "Thêm nhiệm vụ" not in html
    assert client.get(url("task-update", open_task.pk)).status_code == 403
    post = client.post(
        url("task-update", open_task.pk),
        update_data(open_task, status="done", completed_on="2022-10-01"),
    )
    assert post.status_code == 403
    assert client.post(url("plan-copy", plan.pk)).status_code == 403
    open_task.refresh_from_db()
    assert open_task.status == S.IN_PROGRESS


def test_another_wards_staff_get_404_everywhere(client_for, other_staff_user, plan, open_task):
    client = client_for(other_staff_user)
    for name, pk in [
        ("plan-detail", plan.pk),
        ("plan-edit", plan.pk),
        ("plan-copy", plan.pk),
        ("plan-export", plan.pk),
        ("plan-import", plan.pk),
        ("task-create", plan.pk),
        ("task-detail", open_task.pk),
        ("task-edit", open_task.pk),
        ("task-update", open_task.pk),
        ("task-delete", open_task.pk),
        ("task-evidence", open_task.pk),
    ]:
        assert client.get(url(name, pk)).status_code == 404, name
    post = client.post(
        url("task-update", open_task.pk),
        update_data(open_task, status="done", completed_on="2022-10-01"),
    )
    assert post.status_code == 404
    open_task.refresh_from_db()
    assert open_task.status == S.IN_PROGRESS


def test_plan_list_hides_the_canary_and_the_city_sees_both(
    client_for, staff_user, internal_affairs_user, plan, canary_plan
):
    html = client_for(staff_user).get(url("plan-list")).content.decode()
    assert plan.get_absolute_url() in html
    assert canary_plan.get_absolute_url() not in html
    assert "Phường Hai" not in html
    assert client_for(staff_user).get(canary_plan.get_absolute_url()).status_code == 404
    html = client_for(internal_affairs_user).get(url("plan-list"), {"year": 2022}).content.decode()
    assert plan.get_absolute_url() in html and canary_plan.get_absolute_url() in html
    # Units of the city still without a 2022 plan are named.
    assert "Đơn vị chưa có kế hoạch năm 2022" in html


def test_plan_list_queries_do_not_grow_with_plans(client_for, internal_affairs_user, city):
    client = client_for(internal_affairs_user)

    def wards_with_plans(count, prefix):
        for index in range(count):
            unit = UnitFactory(code=f"{prefix}-{index}", parent=city)
            plan = ReformPlanFactory(unit=unit, year=2022)
            ReformTaskFactory(plan=plan)

    wards_with_plans(3, "a")
    client.get(url("plan-list"))
    with CaptureQueriesContext(connection) as three:
        client.get(url("plan-list"))
    wards_with_plans(27, "b")
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(url("plan-list"))
    assert response.content.decode().count("Kế hoạch năm 2022</a>") == 30
    assert len(thirty) == len(three)


def test_evidence_is_served_only_in_scope(
    client_for, staff_user, other_staff_user, internal_affairs_user, open_task
):
    client_for(staff_user).post(
        url("task-update", open_task.pk),
        update_data(
            open_task,
            status="in_progress",
            evidence_file=SimpleUploadedFile("anh.png", image_bytes(), "image/png"),
        ),
    )
    response = client_for(staff_user).get(url("task-evidence", open_task.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image_bytes()
    assert response.headers["Content-Type"] == "image/png"
    assert (
        client_for(internal_affairs_user).get(url("task-evidence", open_task.pk)).status_code == 200
    )
    assert client_for(other_staff_user).get(url("task-evidence", open_task.pk)).status_code == 404


# --- creating and editing ----------------------------------------------------------------


def test_staff_create_their_plan_and_a_second_one_for_the_year_is_refused(
    client_for, staff_user, ward
):
    client = client_for(staff_user)
    response = client.post(url("plan-create"), {"year": 2024, "document": "", "note": ""})
    plan = ReformPlan.objects.get(unit=ward, year=2024)
    assert response.headers["Location"] == plan.get_absolute_url()
    response = client.post(url("plan-create"), {"year": 2024, "document": "", "note": ""})
    assert "Đơn vị đã có kế hoạch CCHC của năm này." in response.content.decode()


def test_city_roles_cannot_create_a_plan(client_for, internal_affairs_user):
    assert (
        client_for(internal_affairs_user).post(url("plan-create"), {"year": 2024}).status_code
        == 403
    )


def test_staff_add_a_specific_task_under_a_general_task(client_for, staff_user, plan):
    general = plan.tasks.get(parent__isnull=True)
    client = client_for(staff_user)
    form = client.get(url("task-create", plan.pk), {"parent": general.pk}).content.decode()
    assert f'<option value="{general.pk}" selected>' in form
    response = client.post(
        url("task-create", plan.pk),
        {
            "parent": general.pk,
            "area": "",
            "title": "Tiếp nhận hồ sơ qua dịch vụ bưu chính công ích",
            "expected_output": "Hồ sơ qua bưu chính",
            "responsible": "Công chức Văn phòng – Thống kê",
            "deadline": "2022-12-15",
        },
    )
    assert response.status_code == 302
    task = plan.tasks.get(title="Tiếp nhận hồ sơ qua dịch vụ bưu chính công ích")
    assert (task.parent, task.area, task.deadline) == (general, general.area, D(2022, 12, 15))


def test_a_specific_task_without_deadline_is_refused_in_the_form(client_for, staff_user, plan):
    general = plan.tasks.get(parent__isnull=True)
    response = client_for(staff_user).post(
        url("task-create", plan.pk),
        {"parent": general.pk, "title": "Không có hạn", "deadline": ""},
    )
    assert "Nhiệm vụ cụ thể phải có thời hạn." in response.content.decode()
    assert not plan.tasks.filter(title="Không có hạn").exists()


def test_copy_to_next_year_through_the_page(client_for, staff_user, plan):
    client = client_for(staff_user)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Sao chép sang năm 2023" in page
    response = client.post(url("plan-copy", plan.pk))
    copy = ReformPlan.objects.get(unit=plan.unit, year=2023)
    assert response.headers["Location"] == copy.get_absolute_url()
    html = client.get(copy.get_absolute_url()).content.decode()
    assert "dự thảo" in html
    assert 'data-testid="plan-progress">0/3</span>' in html
    assert "Sao chép sang năm" not in client.get(plan.get_absolute_url()).content.decode()


def test_a_general_task_with_specific_tasks_has_no_status_on_its_update_form(
    client_for, staff_user, open_task
):
    general = open_task.parent
    html = client_for(staff_user).get(url("task-update", general.pk)).content.decode()
    assert "được tính từ các nhiệm vụ cụ thể" in html
    assert 'name="status"' not in html


# --- documents, outreach, reform models ---------------------------------------------------


def test_documents_are_counted_by_kind_and_scoped(client_for, staff_user, ward, other_ward):
    for number in range(8):
        IssuedDocumentFactory(unit=ward, number=f"{number + 1}/KH-UBND")
    IssuedDocumentFactory(unit=ward, kind=IssuedDocument.Kind.DECISION, number="9/QĐ-UBND")
    IssuedDocumentFactory(unit=ward, kind=IssuedDocument.Kind.NOTICE, number="3/TB-UBND")
    canary = IssuedDocumentFactory(unit=other_ward, number="CANARY/KH-UBND")
    client = client_for(staff_user)
    html = client.get(url("document-list"), {"year": 2022}).content.decode()
    assert "10 văn bản · kế hoạch 8 · quyết định 1 · thông báo 1" in html
    assert "CANARY" not in html
    assert client.get(canary.get_absolute_url()).status_code == 404


def test_document_with_file_is_saved_and_served_in_scope(
    client_for, staff_user, other_staff_user, ward
):
    response = client_for(staff_user).post(
        url("document-create"),
        {
            "kind": "plan",
            "number": "05/KH-UBND",
            "issued_on": "2022-01-10",
            "title": "Kế hoạch CCHC năm 2022",
            "file": SimpleUploadedFile("ke-hoach.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    document = IssuedDocument.objects.get(unit=ward, number="05/KH-UBND")
    assert response.headers["Location"] == document.get_absolute_url()
    served = client_for(staff_user).get(url("document-file", document.pk))
    assert b"".join(served.streaming_content) == pdf_bytes()
    assert client_for(other_staff_user).get(url("document-file", document.pk)).status_code == 404


def test_outreach_shows_meetings_with_reform_content_over_meetings_held(
    client_for, staff_user, internal_affairs_user, ward, other_ward
):
    for day in range(1, 10):
        OutreachActivityFactory(unit=ward, held_on=D(2022, 3, day), participants=34)
    OutreachYearFactory(unit=ward, year=2022, meetings_count=15)
    OutreachActivityFactory(
        unit=other_ward, held_on=D(2022, 3, 1), topic="CANARY", participants=500
    )
    html = client_for(staff_user).get(url("outreach-list"), {"year": 2022}).content.decode()
    assert 'data-testid="outreach-meetings">9/15</div>' in html
    assert 'data-testid="outreach-participants">306</div>' in html
    assert "CANARY" not in html
    html = (
        client_for(internal_affairs_user).get(url("outreach-list"), {"year": 2022}).content.decode()
    )
    assert 'data-testid="outreach-participants">806</div>' in html


def test_meetings_total_form_refuses_fewer_than_recorded(client_for, staff_user, ward):
    OutreachActivityFactory.create_batch(2, unit=ward, held_on=D(2022, 5, 5))
    response = client_for(staff_user).post(url("outreach-meetings", 2022), {"meetings_count": 1})
    assert "Đã ghi nhận 2 cuộc họp có nội dung CCHC trong năm 2022" in response.content.decode()


def test_internal_affairs_evaluate_a_model_and_staff_may_not(
    client_for, staff_user, internal_affairs_user, ward
):
    model = ReformModelFactory(unit=ward, name="Hẹn giờ thực hiện TTHC tại nhà")
    data = {"effectiveness": "effective", "reason": "Phát huy kết quả rõ rệt", "version": 1}
    assert client_for(staff_user).post(url("model-evaluate", model.pk), data).status_code == 403
    response = client_for(internal_affairs_user).post(url("model-evaluate", model.pk), data)
    assert response.status_code == 302
    model.refresh_from_db()
    assert (model.effectiveness, model.evaluated_by) == ("effective", internal_affairs_user)
    html = client_for(staff_user).get(model.get_absolute_url()).content.decode()
    assert 'data-testid="model-effectiveness">Hiệu quả</dd>' in html
    assert "Phát huy kết quả rõ rệt" in html


def test_an_evaluation_without_reasons_is_refused(client_for, internal_affairs_user, ward):
    model = ReformModelFactory(unit=ward)
    response = client_for(internal_affairs_user).post(
        url("model-evaluate", model.pk), {"effectiveness": "not_effective", "reason": " "}
    )
    assert "Nêu lý do đánh giá." in response.content.decode()
    model.refresh_from_db()
    assert model.effectiveness == ReformModel.Effectiveness.NOT_EVALUATED


def test_another_citys_internal_affairs_cannot_reach_a_model(client_for, ward, other_city):
    model = ReformModelFactory(unit=ward)
    outsider = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    assert client_for(outsider).get(model.get_absolute_url()).status_code == 404
    data = {"effectiveness": "effective", "reason": "x"}
    assert client_for(outsider).post(url("model-evaluate", model.pk), data).status_code == 404


@pytest.mark.parametrize("name", ["document-list", "outreach-list", "model-list"])
def test_record_lists_queries_do_not_grow_with_rows(client_for, internal_affairs_user, city, name):
    client = client_for(internal_affairs_user)

    def add(count, prefix):
        for index in range(count):
            unit = UnitFactory(code=f"{prefix}-{name}-{index}", parent=city)
            IssuedDocumentFactory(unit=unit)
            OutreachActivityFactory(unit=unit)
            ReformModelFactory(unit=unit)

    add(3, "a")
    client.get(url(name), {"year": 2022})
    with CaptureQueriesContext(connection) as three:
        client.get(url(name), {"year": 2022})
    add(27, "b")
    with CaptureQueriesContext(connection) as thirty:
        client.get(url(name), {"year": 2022})
    assert len(thirty) == len(three)


def test_home_panel_shows_the_units_latest_plan(client_for, staff_user, plan):
    html = client_for(staff_user).get(reverse("home")).content.decode()
    assert 'data-testid="home-plan-progress">2/3</span>' in html
    assert "Kế hoạch CCHC năm 2022" in html


def test_staff_edit_a_task_and_a_stale_edit_is_refused(client_for, staff_user, open_task):
    client = client_for(staff_user)
    data = {
        "version": open_task.version,
        "parent": open_task.parent_id,
        "title": "Thực hiện TTHC đất đai trên phần mềm một cửa điện tử",
        "expected_output": "100 % hồ sơ đất đai trên phần mềm",
        "responsible": "Công chức Địa chính – Xây dựng",
        "deadline": "2022-11-30",
    }
    assert client.post(url("task-edit", open_task.pk), data).status_code == 302
    open_task.refresh_from_db()
    assert (open_task.deadline, open_task.version) == (D(2022, 11, 30), 2)
    response = client.post(url("task-edit", open_task.pk), {**data, "title": "Cũ"})
    assert "Người khác đã lưu bản ghi này sau khi bạn mở trang." in response.content.decode()
    html = client.get(open_task.get_absolute_url()).content.decode()
    assert "<del>30/09/2022</del> → <ins>30/11/2022</ins>" in html


def test_recording_the_issuing_document_ends_the_draft(client_for, staff_user, plan, ward):
    document = IssuedDocumentFactory(unit=ward, number="05/KH-UBND", issued_on=D(2022, 1, 10))
    IssuedDocumentFactory(unit=ward, number="9/QĐ-UBND", kind=IssuedDocument.Kind.DECISION)
    client = client_for(staff_user)
    form = client.get(url("plan-edit", plan.pk)).content.decode()
    assert "05/KH-UBND" in form and "9/QĐ-UBND" not in form  # only the unit's plans
    response = client.post(
        url("plan-edit", plan.pk), {"document": document.pk, "note": "", "version": 1}
    )
    assert response.status_code == 302
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Ban hành kèm văn bản số 05/KH-UBND ngày 10/01/2022" in html


def test_home_panel_is_for_unit_staff_only(client_for, admin_user_, internal_affairs_user, plan):
    for user in (admin_user_, internal_affairs_user):
        html = client_for(user).get(reverse("home")).content.decode()
        assert "home-plan-progress" not in html
        assert "Đơn vị chưa có kế hoạch CCHC trên cổng." not in html


def test_the_phone_form_refuses_a_completion_date_of_another_year_without_a_reason(
    client_for, staff_user, open_task
):
    client = client_for(staff_user)
    page = client.get(url("task-update", open_task.pk)).content.decode()
    assert "Trong năm 2022 của kế hoạch; nếu ngoài năm này, ghi lý do vào ô Ghi chú." in page
    response = client.post(
        url("task-update", open_task.pk),
        update_data(open_task, status="done", completed_on="2021-12-20"),
    )
    assert response.status_code == 200
    assert (
        "Ngày hoàn thành 20/12/2021 không thuộc năm 2022 của kế hoạch: ghi lý do vào ô Ghi chú."
        in response.content.decode()
    )
    response = client.post(
        url("task-update", open_task.pk),
        update_data(
            open_task, status="done", completed_on="2021-12-20", note="Làm trước khi ban hành"
        ),
    )
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert (open_task.status, open_task.completed_on) == (S.DONE, D(2021, 12, 20))


def test_a_save_that_changes_nothing_visible_adds_no_history_entry(
    client_for, staff_user, open_task
):
    client = client_for(staff_user)
    entry = '<li class="list-group-item px-0">'
    before = client.get(open_task.get_absolute_url()).content.decode().count(entry)
    # Saving the form unchanged only moves the version and updated_at.
    data = update_data(open_task)
    assert client.post(url("task-update", open_task.pk), data).status_code == 302
    open_task.refresh_from_db()
    assert open_task.history.count() == 2
    page = client.get(open_task.get_absolute_url()).content.decode()
    assert page.count(entry) == before == 1
    assert (
        client.post(
            url("task-update", open_task.pk), update_data(open_task, note="Đã họp triển khai")
        ).status_code
        == 302
    )
    page = client.get(open_task.get_absolute_url()).content.decode()
    assert page.count(entry) == 2
    assert "<li>ghi chú: <del>—</del> → <ins>Đã họp triển khai</ins></li>" in page
