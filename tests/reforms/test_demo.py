"""The demo data tells the reports' story: Huyền Tụng's 23/24, Hồng Ngự's five effective models."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc_portal import demo as core_demo
from cchc_portal.models import Unit, User
from reforms import demo
from reforms.models import IssuedDocument, ReformModel, ReformPlan, ReformTask
from reforms.selectors import documents_by_kind, outreach_summary, task_progress


@pytest.fixture
def demo_data(db):
    core_demo.load()
    demo.load()


def test_huyen_tung_plan_matches_the_inspection_report(demo_data):
    unit = Unit.objects.get(code="huyen-tung")
    progress = task_progress(unit, 2022, as_of=datetime.date(2022, 11, 1))
    assert (progress["done"], progress["total"], progress["overdue"]) == (23, 24, 1)
    assert progress["rate"] == Decimal("95.83")
    plan = progress["plan"]
    assert plan.tasks.filter(parent__isnull=True).count() == 7
    assert plan.tasks.filter(parent__isnull=False).count() == 24
    assert plan.tasks.values("area").distinct().count() == 7
    assert plan.document.number == "05/KH-UBND"
    counts = documents_by_kind(unit, 2022)
    assert (counts["plan"], counts["decision"], counts["notice"], counts["total"]) == (8, 1, 1, 10)
    outreach = outreach_summary(unit, 2022)
    assert (outreach["meetings_with_reform"], outreach["meetings_held"]) == (9, 15)
    assert outreach["participants"] > 300


def test_other_wards_have_smaller_plans(demo_data):
    plans = ReformPlan.objects.filter(year=2022).exclude(unit__code="huyen-tung")
    assert plans.count() == 7
    for plan in plans:
        assert 0 < plan.tasks.count() < 31


def test_hong_ngu_has_twelve_models_five_effective(demo_data):
    models = ReformModel.objects.filter(
        year=2022, unit__path__startswith=Unit.objects.get(code="hong-ngu-city").path
    )
    assert models.count() == 12
    assert sorted(models.effective().values_list("name", flat=True)) == [
        "Công dân không viết gắn với dịch vụ công trực tuyến trong giải quyết thủ tục hành chính",
        "Hẹn giờ thực hiện thủ tục hành chính tại nhà",
        "Kết hợp dịch vụ công trực tuyến và dịch vụ bưu chính công ích trong giải quyết thủ tục hành chính",
        "Tiếp nhận thông tin phản ánh qua ứng dụng TPHồngNgựSmart",
        "Tổng đài trí tuệ nhân tạo 19008996",
    ]
    assert models.filter(effectiveness=ReformModel.Effectiveness.NOT_EVALUATED).count() == 7


def test_loading_twice_changes_nothing(demo_data):
    counts = [
        model.history.count() for model in (ReformPlan, ReformTask, IssuedDocument, ReformModel)
    ]
    demo.load()
    assert [
        model.history.count() for model in (ReformPlan, ReformTask, IssuedDocument, ReformModel)
    ] == counts


def test_huyentung_edits_and_noivu_backan_reads_the_same_plan(demo_data, client):
    plan = ReformPlan.objects.get(unit__code="huyen-tung", year=2022)
    client.force_login(User.objects.get(username="huyentung"))
    html = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="plan-progress">23/24</span>' in html
    assert 'data-testid="plan-rate">95,83 %</span>' in html
    assert "9/15 cuộc họp có nội dung CCHC" in html
    assert ">Cập nhật</a>" in html
    client.force_login(User.objects.get(username="noivu.backan"))
    html = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="plan-progress">23/24</span>' in html
    assert ">Cập nhật</a>" not in html
    client.force_login(User.objects.get(username="noivu.hongngu"))
    assert client.get(plan.get_absolute_url()).status_code == 404
    html = client.get(reverse("reforms:model-list"), {"year": 2022}).content.decode()
    assert "12 mô hình · chưa đánh giá 7 · hiệu quả 5" in html
