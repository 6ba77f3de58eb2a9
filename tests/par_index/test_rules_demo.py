"""The rules on the demo data: Huyền Tụng's 2022 as the portal's pages and reports tell it."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from cchc_portal.models import Unit, User
from par_index import rules
from par_index.models import CriteriaSet, Criterion

TODAY = datetime.date(2023, 1, 10)


@pytest.fixture
def huyen_tung(db):
    call_command("load_demo", stdout=io.StringIO())
    return Unit.objects.get(code="huyen-tung")


def test_huyen_tung_2022_scored_from_its_records(huyen_tung, client):
    # A criterion worth 4 points, not saved: the demo's own sets stay untouched.
    criterion = Criterion(criteria_set=CriteriaSet(decimal_places=2), max_points=Decimal(4))
    results = {
        key: rule.compute(huyen_tung, 2022, criterion, today=TODAY)
        for key, rule in rules.REGISTRY.items()
    }
    summary = {key: (r.score, r.value) for key, r in results.items()}
    assert summary == {
        "plan_issued_on_time": (
            Decimal("0.00"),
            "Kế hoạch số 05/KH-UBND ban hành ngày 10/01/2022.",
        ),
        "plan_tasks_done": (
            Decimal("2.00"),
            "23/24 nhiệm vụ (95,83 %) hoàn thành đến ngày 31/12/2022",
        ),
        "online_dossier_rate": (Decimal("0.00"), "9/764 hồ sơ tiếp nhận trực tuyến (1,18 %)"),
        "on_time_rate": (Decimal("4.00"), "764/764 hồ sơ giải quyết đúng hạn (100,00 %)"),
        "reports_on_time": (Decimal("0.00"), "2/3 báo cáo nộp đúng hạn"),
        "recommendations_remediated": (
            Decimal("0.00"),
            "7/12 kiến nghị được công nhận đã khắc phục (58,33 %)",
        ),
        "outreach_meetings": (Decimal("4.00"), "9/15 cuộc họp có nội dung CCHC"),
        "documents_issued": (Decimal("4.00"), "8 văn bản ban hành năm 2022 (kế hoạch)"),
        # The counter survey of feedback.demo: 150 counted answers (the burst left out).
        "satisfaction_rate": (
            Decimal("2.00"),
            "76,67 % hài lòng trên 150 lượt khảo sát tại Bộ phận Một cửa",
        ),
    }
    # Issued on 10/01/2022: on time when the province's deadline is 31 January.
    on_time = rules.REGISTRY["plan_issued_on_time"].compute(
        huyen_tung, 2022, criterion, {"deadline": "31/01", "deadline_year": "same"}, today=TODAY
    )
    assert on_time.score == Decimal("4.00")
    assert results["reports_on_time"].detail == (
        "Muộn hoặc chưa nộp: Báo cáo CCHC 9 tháng đầu năm 2022 (muộn 4 ngày). "
        "Không phải tất cả báo cáo đều đúng hạn: 0 điểm."
    )
    assert [e["label"] for e in results["plan_tasks_done"].evidence] == [
        "Kế hoạch CCHC năm 2022 (số 05/KH-UBND ngày 10/01/2022)",
        "Chưa hoàn thành: Thực hiện TTHC lĩnh vực đất đai trên phần mềm một cửa điện tử",
    ]
    # The pages the evidence links to show the same numbers.
    client.force_login(User.objects.get(username="huyentung"))
    figures = results["online_dossier_rate"].evidence[0]["url"]
    assert figures == f"/procedures/units/{huyen_tung.pk}/?period=year&year=2022"
    html = client.get(figures).content.decode()
    assert "1,18 %" in html and "764" in html
    plan_page = client.get(results["plan_tasks_done"].evidence[0]["url"]).content.decode()
    assert 'data-testid="plan-progress">23/24</span>' in plan_page
    assert 'data-testid="plan-rate">95,83 %</span>' in plan_page
    outreach = client.get(results["outreach_meetings"].evidence[0]["url"]).content.decode()
    assert "9/15" in outreach
