"""Each rule at its thresholds, without data, with its evidence; the settings' validation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from inspections.factories import (
    ConcludedInspectionFactory,
    InspectionFactory,
    RecommendationFactory,
)
from inspections.models import Recommendation
from par_index import rules
from par_index.models import Evidence
from procedures.factories import intake
from reforms.factories import (
    IssuedDocumentFactory,
    OutreachActivityFactory,
    OutreachYearFactory,
    ReformPlanFactory,
    ReformTaskFactory,
)
from reforms.models import IssuedDocument, OutreachActivity, ReformTask
from reports.factories import ReportRoundFactory, UnitReportFactory
from reports.models import UnitReport

D = datetime.date
TODAY = D(2023, 1, 10)
DONE = ReformTask.Status.DONE


@pytest.fixture
def criterion(criteria_set):
    """Criterion 1.2 of the small set: 4 points, two decimals."""
    return criteria_set.criteria.get(code="1.2")


def run(key, unit, criterion, params=None, today=TODAY):
    return rules.REGISTRY[key].compute(unit, 2022, criterion, params, today=today)


def evidence_of(result):
    return [(e["kind"], e["label"], e["url"]) for e in result.evidence]


def test_the_registry_holds_the_eight_rules():
    assert list(rules.REGISTRY) == [
        "plan_issued_on_time",
        "plan_tasks_done",
        "online_dossier_rate",
        "on_time_rate",
        "reports_on_time",
        "recommendations_remediated",
        "outreach_meetings",
        "documents_issued",
        "satisfaction_rate",
    ]
    assert dict(rules.choices())["plan_tasks_done"] == "Mức độ hoàn thành kế hoạch CCHC"


# --- steps and rounding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "score"),
    [
        ("100.00", "4.00"),
        ("99.99", "2.00"),
        ("80.00", "2.00"),
        ("79.99", "0.00"),
        ("0.00", "0.00"),
    ],
)
def test_a_step_function_at_its_boundaries(criterion, rate, score):
    got, detail = rules.apply_steps(criterion, Decimal(rate), [[100, 100], [80, 50]])
    assert got == Decimal(score)


def test_the_step_applied_is_named(criterion):
    assert rules.apply_steps(criterion, Decimal("95.83"), [[100, 100], [80, 50]])[1] == (
        "95,83 % ≥ 80 % → 50 % điểm tối đa: 2,00 điểm."
    )
    assert rules.apply_steps(criterion, Decimal("79.99"), [[100, 100], [80, 50]])[1] == (
        "79,99 % < 80 % → 0 điểm."
    )


def test_points_are_rounded_down_to_the_sets_decimals(criteria_set):
    leaf = criteria_set.criteria.get(code="3.1")  # 1 point
    criteria_set.decimal_places = 0
    assert rules.points(leaf, 50) == Decimal("0.00")
    assert rules.points(leaf, 100) == Decimal("1.00")
    criteria_set.decimal_places = 1
    assert rules.points(leaf, Decimal(200) / 3) == Decimal("0.60")


# --- 1. plan issued on time ----------------------------------------------------------------


def _issued_plan(unit, issued_on, number="01/KH-UBND"):
    document = IssuedDocumentFactory(unit=unit, number=number, issued_on=issued_on)
    return ReformPlanFactory(unit=unit, year=2022, document=document)


def test_plan_issued_by_the_last_day_of_the_year_before(ward, criterion):
    plan = _issued_plan(ward, D(2021, 12, 31))
    result = run("plan_issued_on_time", ward, criterion)
    assert result.score == Decimal("4.00")
    assert result.value == "Kế hoạch số 01/KH-UBND ban hành ngày 31/12/2021."
    assert result.detail == "Ban hành đúng hạn (đến ngày 31/12/2021): đạt điểm tối đa (4,00)."
    assert result.evidence == [
        {
            "kind": Evidence.Kind.PLAN,
            "label": "Kế hoạch CCHC năm 2022 (số 01/KH-UBND ngày 31/12/2021)",
            "url": f"/reforms/plans/{plan.pk}/",
            "plan_id": plan.pk,
        },
        {
            "kind": Evidence.Kind.DOCUMENT,
            "label": f"01/KH-UBND — {plan.document.title}",
            "url": f"/reforms/documents/{plan.document.pk}/",
            "document_id": plan.document.pk,
        },
    ]


def test_plan_issued_a_day_late(ward, criterion):
    _issued_plan(ward, D(2022, 1, 1))
    result = run("plan_issued_on_time", ward, criterion)
    assert result.score == Decimal("0.00")
    assert result.detail == "Ban hành sau thời hạn ngày 31/12/2021: 0 điểm."


@pytest.mark.parametrize(
    ("issued_on", "score"), [(D(2022, 1, 31), "4.00"), (D(2022, 2, 1), "0.00")]
)
def test_plan_deadline_in_the_year_scored(ward, criterion, issued_on, score):
    _issued_plan(ward, issued_on)
    params = {"deadline": "31/01", "deadline_year": "same"}
    assert run("plan_issued_on_time", ward, criterion, params).score == Decimal(score)


def test_no_plan_is_left_by_hand(ward, criterion):
    result = run("plan_issued_on_time", ward, criterion)
    assert result.score is None
    assert result.value == "Chưa có kế hoạch CCHC năm 2022."
    assert result.detail == (
        "Đơn vị chưa có kế hoạch CCHC năm 2022 trên cổng: tự chấm tiêu chí này."
    )
    assert result.evidence == []


def test_a_draft_plan_scores_0_once_the_deadline_passed(ward, criterion):
    ReformPlanFactory(unit=ward, year=2022)
    late = run("plan_issued_on_time", ward, criterion)
    assert late.score == Decimal("0.00")
    assert late.detail == "Không có văn bản ban hành đến hạn ngày 31/12/2021: 0 điểm."
    early = run("plan_issued_on_time", ward, criterion, today=D(2021, 12, 1))
    assert early.score is None
    assert early.value == "Kế hoạch năm 2022 chưa có văn bản ban hành."


# --- 2. plan tasks done ----------------------------------------------------------------


def _plan_with_tasks(unit, done, not_done, *, year=2022):
    plan = ReformPlanFactory(unit=unit, year=year)
    general = ReformTaskFactory(plan=plan, title="Nhiệm vụ chung")
    for n in range(done):
        ReformTaskFactory(
            parent=general, title=f"Xong {n + 1}", status=DONE, completed_on=D(year, 6, 1)
        )
    for n in range(not_done):
        ReformTaskFactory(parent=general, title=f"Chưa xong {n + 1}")
    return plan


@pytest.mark.parametrize(
    ("done", "not_done", "score"),
    [(5, 0, "4.00"), (4, 1, "2.00"), (3, 1, "0.00"), (19, 1, "2.00")],
)
def test_plan_tasks_done_thresholds(ward, criterion, done, not_done, score):
    _plan_with_tasks(ward, done, not_done)
    assert run("plan_tasks_done", ward, criterion).score == Decimal(score)


def test_plan_tasks_done_counts_as_of_the_years_end(ward, criterion):
    plan = _plan_with_tasks(ward, 22, 1)
    general = plan.tasks.get(parent__isnull=True)
    # Done in January of the next year: not done by 31/12/2022.
    late = ReformTaskFactory(
        parent=general, title="Xong sang năm", status=DONE, completed_on=D(2023, 1, 5)
    )
    ReformTaskFactory(
        parent=general,
        title="Đã hủy",
        status=ReformTask.Status.CANCELLED,
        cancel_reason="Không còn phù hợp",
    )
    # 22 done of 24 counted (the general task has children, the cancelled one is left out).
    result = run("plan_tasks_done", ward, criterion)
    assert result.value == "22/24 nhiệm vụ (91,67 %) hoàn thành đến ngày 31/12/2022"
    assert result.score == Decimal("2.00")
    assert result.detail == "91,67 % ≥ 80 % → 50 % điểm tối đa: 2,00 điểm."
    not_done = plan.tasks.get(title="Chưa xong 1")
    assert evidence_of(result) == [
        (
            Evidence.Kind.PLAN,
            "Kế hoạch CCHC năm 2022 (dự thảo: chưa có văn bản ban hành)",
            f"/reforms/plans/{plan.pk}/",
        ),
        (Evidence.Kind.TASK, "Chưa hoàn thành: Chưa xong 1", f"/reforms/tasks/{not_done.pk}/"),
        (Evidence.Kind.TASK, "Chưa hoàn thành: Xong sang năm", f"/reforms/tasks/{late.pk}/"),
    ]
    assert [e.get("task_id") for e in result.evidence] == [None, not_done.pk, late.pk]


def test_plan_tasks_done_thresholds_are_editable(ward, criterion):
    _plan_with_tasks(ward, 9, 1)
    params = {"steps": "90: 100; 50: 25"}
    result = run("plan_tasks_done", ward, criterion, params)
    assert result.score == Decimal("4.00")


def test_plan_tasks_done_without_plan_or_tasks(ward, other_ward, criterion):
    assert run("plan_tasks_done", ward, criterion).score is None
    ReformPlanFactory(unit=other_ward, year=2022)
    result = run("plan_tasks_done", other_ward, criterion)
    assert result.score is None
    assert result.value == "Kế hoạch năm 2022 không có nhiệm vụ nào được tính."


def test_plan_tasks_done_matches_the_plan_page(ward, criterion, staff_user, client_for):
    plan = _plan_with_tasks(ward, 23, 1)
    html = client_for(staff_user).get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="plan-progress">23/24</span>' in html
    assert 'data-testid="plan-rate">95,83 %</span>' in html
    result = run("plan_tasks_done", ward, criterion)
    assert result.value.startswith("23/24 nhiệm vụ (95,83 %)")


# --- 3, 4. procedure rates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("online", "counter", "score"),
    [
        (50, 50, "4.00"),
        (4999, 5001, "2.00"),
        (20, 80, "2.00"),
        (1999, 8001, "0.00"),
    ],
)
def test_online_rate_thresholds(ward, criterion, online, counter, score):
    intake(ward, D(2022, 3, 1), received_online=online, received_counter=counter)
    assert run("online_dossier_rate", ward, criterion).score == Decimal(score)


def test_online_rate_over_the_year_matches_the_figures_page(
    ward, criterion, staff_user, client_for
):
    intake(ward, D(2022, 2, 1), received_online=4, received_counter=400)
    intake(ward, D(2022, 11, 1), received_online=5, received_counter=355)
    intake(ward, D(2021, 12, 1), received_online=300, received_counter=0)  # another year
    result = run("online_dossier_rate", ward, criterion)
    assert result.value == "9/764 hồ sơ tiếp nhận trực tuyến (1,18 %)"
    assert result.score == Decimal("0.00")
    assert result.detail == "1,18 % < 20 % → 0 điểm."
    url = f"/procedures/units/{ward.pk}/?period=year&year=2022"
    assert evidence_of(result) == [(Evidence.Kind.FIGURES, "Số liệu giải quyết TTHC năm 2022", url)]
    html = client_for(staff_user).get(url).content.decode()
    assert "1,18 %" in html


def test_on_time_rate_thresholds_and_no_figures(ward, other_ward, criterion):
    intake(ward, D(2022, 5, 1), received_counter=100, resolved_on_time=95, resolved_late=5)
    result = run("on_time_rate", ward, criterion)
    assert result.value == "95/100 hồ sơ giải quyết đúng hạn (95,00 %)"
    assert result.score == Decimal("2.00")
    empty = run("on_time_rate", other_ward, criterion)
    assert empty.score is None
    assert empty.value == "Không giải quyết hồ sơ nào trong năm 2022."
    assert empty.detail == "Không có số liệu để tính tỷ lệ: tự chấm tiêu chí này."


# --- 5. reports on time ----------------------------------------------------------------


def _submitted(rnd, unit, on):
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(16, 0)))
    return UnitReportFactory(
        round=rnd,
        unit=unit,
        status=UnitReport.Status.SUBMITTED,
        first_submitted_at=moment,
        submitted_at=moment,
    )


@pytest.fixture
def report_rounds(city):
    return {
        "q1": ReportRoundFactory(unit=city, kind="quarter", quarter=1, deadline=D(2022, 3, 15)),
        "nine": ReportRoundFactory(unit=city, deadline=D(2022, 10, 10)),
        "annual": ReportRoundFactory(unit=city, kind="annual", deadline=D(2023, 1, 20)),
        "old": ReportRoundFactory(unit=city, year=2021, deadline=D(2021, 10, 10)),
    }


def test_reports_all_on_time(ward, criterion, report_rounds):
    _submitted(report_rounds["q1"], ward, D(2022, 3, 15))
    _submitted(report_rounds["nine"], ward, D(2022, 10, 10))
    # The annual report is not due yet on 10/01/2023: left out.
    UnitReportFactory(round=report_rounds["annual"], unit=ward)
    UnitReportFactory(round=report_rounds["old"], unit=ward)
    result = run("reports_on_time", ward, criterion)
    assert result.value == "2/2 báo cáo nộp đúng hạn"
    assert result.score == Decimal("4.00")
    assert [e["label"] for e in result.evidence] == [
        "Báo cáo CCHC quý I năm 2022: nộp đúng hạn",
        "Báo cáo CCHC 9 tháng đầu năm 2022: nộp đúng hạn",
    ]
    assert [e["kind"] for e in result.evidence] == [Evidence.Kind.REPORT] * 2


def test_reports_one_late_names_it(ward, criterion, report_rounds):
    _submitted(report_rounds["q1"], ward, D(2022, 3, 15))
    late = _submitted(report_rounds["nine"], ward, D(2022, 10, 14))
    result = run("reports_on_time", ward, criterion)
    assert result.value == "1/2 báo cáo nộp đúng hạn"
    assert result.score == Decimal("0.00")
    assert result.detail == (
        "Muộn hoặc chưa nộp: Báo cáo CCHC 9 tháng đầu năm 2022 (muộn 4 ngày). "
        "Không phải tất cả báo cáo đều đúng hạn: 0 điểm."
    )
    assert result.evidence[1] == {
        "kind": Evidence.Kind.REPORT,
        "label": "Báo cáo CCHC 9 tháng đầu năm 2022: nộp muộn 4 ngày",
        "url": late.get_absolute_url(),
        "report_id": late.pk,
    }
    proportional = run("reports_on_time", ward, criterion, {"partial": "proportional"})
    assert proportional.score == Decimal("2.00")


def test_reports_missing_after_the_deadline_counts_as_late(ward, criterion, report_rounds):
    UnitReportFactory(round=report_rounds["q1"], unit=ward)
    result = run("reports_on_time", ward, criterion)
    assert result.value == "0/1 báo cáo nộp đúng hạn"
    assert "Báo cáo CCHC quý I năm 2022 (chưa nộp)" in result.detail


def test_reports_none_owed(ward, criterion):
    result = run("reports_on_time", ward, criterion)
    assert result.score is None
    assert result.value == "Chưa có báo cáo định kỳ nào đến hạn trong năm 2022."


# --- 6. recommendations remediated ---------------------------------------------------------


VISIT = D(2022, 11, 1)


def _recommendations(unit, accepted, others, start_on=VISIT, factory=None):
    inspection = (factory or ConcludedInspectionFactory)(unit=unit, start_on=start_on)
    for _n in range(accepted):
        RecommendationFactory(
            inspection=inspection,
            status=Recommendation.Status.ACCEPTED,
            accepted_at=timezone.now(),
        )
    for _n in range(others):
        RecommendationFactory(inspection=inspection)
    return inspection


@pytest.mark.parametrize(
    ("accepted", "others", "score"), [(3, 0, "4.00"), (4, 1, "2.00"), (2, 1, "0.00")]
)
def test_recommendations_thresholds(ward, criterion, accepted, others, score):
    _recommendations(ward, accepted, others)
    assert run("recommendations_remediated", ward, criterion).score == Decimal(score)


def test_recommendations_of_the_year_only_and_their_inspections(ward, other_ward, criterion):
    counted = _recommendations(ward, 2, 1)
    _recommendations(ward, 0, 5, start_on=D(2021, 11, 1))  # another year
    _recommendations(ward, 0, 5, factory=InspectionFactory)  # not concluded: never counted
    _recommendations(other_ward, 0, 5)  # another unit
    result = run("recommendations_remediated", ward, criterion)
    assert result.value == "2/3 kiến nghị được công nhận đã khắc phục (66,67 %)"
    assert result.score == Decimal("0.00")
    assert result.evidence == [
        {
            "kind": Evidence.Kind.INSPECTION,
            "label": f"{counted}: 2/3 kiến nghị được công nhận",
            "url": counted.get_absolute_url(),
            "inspection_id": counted.pk,
        }
    ]


def test_no_recommendations_by_hand_or_full(ward, criterion):
    assert run("recommendations_remediated", ward, criterion).score is None
    full = run("recommendations_remediated", ward, criterion, {"when_none": "full"})
    assert full.score == Decimal("4.00")
    assert full.detail == "Không có kiến nghị phải khắc phục: đạt điểm tối đa (4,00)."


# --- 7. outreach meetings --------------------------------------------------------------


@pytest.mark.parametrize(("meetings", "score"), [(4, "4.00"), (3, "0.00")])
def test_outreach_meetings(ward, criterion, meetings, score):
    for n in range(meetings):
        OutreachActivityFactory(
            unit=ward,
            held_on=D(2022, 1 + n, 10),
            form=OutreachActivity.Form.OWN_MEETING if n % 2 else OutreachActivity.Form.INTEGRATED,
        )
    OutreachActivityFactory(unit=ward, form=OutreachActivity.Form.WEBSITE)
    OutreachActivityFactory(unit=ward, held_on=D(2021, 5, 1))
    OutreachYearFactory(unit=ward, year=2022, meetings_count=15)
    result = run("outreach_meetings", ward, criterion)
    assert result.score == Decimal(score)
    assert result.value == f"{meetings}/15 cuộc họp có nội dung CCHC"
    assert evidence_of(result) == [
        (
            Evidence.Kind.FIGURES,
            "Hoạt động tuyên truyền CCHC năm 2022",
            f"/reforms/outreach/?year=2022&unit={ward.pk}",
        )
    ]


def test_outreach_without_records_scores_0(ward, criterion):
    result = run("outreach_meetings", ward, criterion, {"meetings": "1"})
    assert result.value == "0 cuộc họp có nội dung CCHC"
    assert result.score == Decimal("0.00")
    assert result.detail == "Dưới 1 cuộc họp: 0 điểm."


# --- 8. documents issued ---------------------------------------------------------------


def test_documents_issued(ward, criterion):
    plans = [
        IssuedDocumentFactory(unit=ward, issued_on=D(2022, 2, 1)),
        IssuedDocumentFactory(unit=ward, issued_on=D(2022, 3, 1)),
    ]
    decision = IssuedDocumentFactory(
        unit=ward, kind=IssuedDocument.Kind.DECISION, issued_on=D(2022, 4, 1)
    )
    IssuedDocumentFactory(unit=ward, issued_on=D(2021, 3, 1))
    result = run("documents_issued", ward, criterion, {"count": 2})
    assert result.score == Decimal("4.00")
    assert result.value == "2 văn bản ban hành năm 2022 (kế hoạch)"
    assert [e["document_id"] for e in result.evidence] == [d.pk for d in plans]
    assert run("documents_issued", ward, criterion, {"count": 3}).score == Decimal("0.00")
    both = run("documents_issued", ward, criterion, {"count": 3, "kinds": "plan, decision"})
    assert both.score == Decimal("4.00")
    assert both.evidence[-1]["document_id"] == decision.pk


# --- settings --------------------------------------------------------------------------


def test_validate_params_fills_defaults_and_reads_typed_text():
    rule = rules.REGISTRY["plan_tasks_done"]
    assert rules.validate_params(rule, {}) == {"steps": [[100, 100], [80, 50]]}
    assert rules.validate_params(rule, {"steps": "20: 50\n50,5: 100"}) == {
        "steps": [[50.5, 100], [20, 50]]
    }
    assert rules.validate_params(rule, {"steps": [[90, 100]]}) == {"steps": [[90, 100]]}
    documents = rules.REGISTRY["documents_issued"]
    assert rules.validate_params(documents, {"kinds": "decision, plan", "count": "3"}) == {
        "kinds": ["plan", "decision"],
        "count": 3,
    }
    plan = rules.REGISTRY["plan_issued_on_time"]
    assert rules.validate_params(plan, {"deadline": "1/2"}) == {
        "deadline": "01/02",
        "deadline_year": "previous",
    }


@pytest.mark.parametrize(
    ("key", "params", "message"),
    [
        (
            "plan_tasks_done",
            {"steps": "nhiều"},
            "Điểm theo ngưỡng: ghi mỗi mức gồm ngưỡng và tỷ lệ điểm tối đa, ví dụ “50: 100; "
            "20: 50”.",
        ),
        (
            "plan_tasks_done",
            {"steps": "120: 100"},
            "Điểm theo ngưỡng: tỷ lệ phần trăm phải từ 0 đến 100.",
        ),
        (
            "plan_tasks_done",
            {"steps": "80: 100; 90: 50"},
            "Điểm theo ngưỡng: ngưỡng thấp hơn không được hưởng tỷ lệ điểm cao hơn.",
        ),
        (
            "plan_tasks_done",
            {"steps": "80: 100; 80: 50"},
            "Điểm theo ngưỡng: có hai mức trùng ngưỡng.",
        ),
        (
            "plan_issued_on_time",
            {"deadline": "32/01"},
            "Thời hạn (ngày/tháng): “32/01” không phải là ngày dạng 31/01.",
        ),
        (
            "plan_issued_on_time",
            {"deadline_year": "later"},
            "Thời hạn thuộc: hãy chọn một trong các lựa chọn.",
        ),
        ("outreach_meetings", {"meetings": "-1"}, "Số cuộc họp tối thiểu: số không được âm."),
        (
            "outreach_meetings",
            {"meetings": "bốn"},
            "Số cuộc họp tối thiểu: “bốn” không phải là một số.",
        ),
        ("documents_issued", {"kinds": "memo"}, "Loại văn bản: hãy chọn ít nhất một lựa chọn."),
        (
            "outreach_meetings",
            {"minimum": 4},
            "Quy tắc “Tổ chức tuyên truyền CCHC qua hội nghị, cuộc họp” không có tham số minimum.",
        ),
    ],
)
def test_validate_params_refuses_in_vietnamese(key, params, message):
    with pytest.raises(ValidationError) as caught:
        rules.validate_params(rules.REGISTRY[key], params)
    assert caught.value.message_dict == {"rule_params": [message]}


def test_a_stored_setting_that_no_longer_validates_falls_back_to_its_default():
    rule = rules.REGISTRY["online_dossier_rate"]
    assert rule.settings({"steps": "rác"}) == {"steps": [[50, 100], [20, 50]]}
    assert rule.settings({"steps": [[60, 100]]}) == {"steps": [[60, 100]]}


def test_a_setting_reads_back_as_typed_and_as_a_page_shows_it():
    steps = rules.REGISTRY["plan_tasks_done"].params[0]
    assert rules.param_text(steps, [[100, 100], [80, 50]]) == "100: 100; 80: 50"
    assert rules.clean_param(steps, "100: 100; 80: 50") == [[100, 100], [80, 50]]
    assert rules.param_display(steps, [[50.5, 100]]) == "≥ 50,5 % → 100 %"
    kinds = rules.REGISTRY["documents_issued"].params[0]
    assert rules.param_display(kinds, ["plan", "decision"]) == "kế hoạch, quyết định"
