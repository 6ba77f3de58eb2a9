"""The remediation board's cached panels are never older than the last write.

The review queue, the recurring shortcomings, the acceptance and review times and the
overdue units are kept in the shared cache under the units' figures versions
(`dashboards.board`): every write of a finding, a remediation report, a recommendation or
an inspection, one by one or in bulk, gives its units a new version, so the next request
computes them again. The shortcoming types' and the units' names are read live.
"""

import datetime
import re

import pytest
from django.urls import reverse

from cchc_portal import finality
from inspections import services
from inspections.factories import shortcoming_type
from inspections.models import Finding, Recommendation, RemediationReport

from .test_views import text_of


def _board(client):
    response = client.get(reverse("dashboards:remediation"))
    assert response.status_code == 200
    return response.content.decode()


def _slip_row(html):
    slip = shortcoming_type("no-appointment-slip")
    recurring = re.search(r'data-testid="recurring">(.*?)</table>', html, re.S).group(1)
    match = re.search(rf'<tr data-type="{slip.pk}">(.*?)</tr>', recurring, re.S)
    return text_of(match.group(1)) if match else None


def _review_average(html):
    return re.search(r'data-testid="review-average">([^<]*)<', html).group(1)


def _acceptance_average(html):
    return re.search(r'data-testid="acceptance-average">([^<]*)<', html).group(1)


def _overdue_units(html):
    overdue = re.search(r'data-testid="overdue-units">(.*?)</table>', html, re.S).group(1)
    return [text_of(row) for row in re.findall(r"<tr data-unit=.*?</tr>", overdue, re.S)]


@pytest.fixture
def board(client_for, internal_affairs_user, city_data):
    """The board's client, its cache filled by a first request."""
    client = client_for(internal_affairs_user)
    html = _board(client)
    slip = shortcoming_type("no-appointment-slip")
    assert _slip_row(html) == f"{slip.name} 2 2 2 14/02/2022 0/0"
    assert _review_average(html) == "4,0 ngày"
    assert _acceptance_average(html) == "40,0 ngày"
    return client


def test_the_second_request_reads_the_cache(board, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        html = _board(board)
    assert _review_average(html) == "4,0 ngày"


def test_a_finding_saved_deleted_or_written_in_bulk_changes_the_board_at_once(
    board, city_data, other_ward
):
    slip = shortcoming_type("no-appointment-slip")
    finding = Finding.objects.get(inspection__unit=other_ward)
    finding.shortcoming_type = shortcoming_type("no-self-inspection")
    finding.save()
    assert _slip_row(_board(board)) == f"{slip.name} 1 1 1 14/02/2022 0/0"
    Finding.objects.filter(pk=finding.pk).update(shortcoming_type=slip)
    assert _slip_row(_board(board)) == f"{slip.name} 2 2 2 14/02/2022 0/0"
    # An issued finding is final (cchc_portal/finality.py): only a repair deletes it.
    with finality.unguarded():
        Finding.objects.filter(pk=finding.pk).delete()
    assert _slip_row(_board(board)) == f"{slip.name} 1 1 1 14/02/2022 0/0"
    Finding.objects.bulk_create(
        [
            Finding(
                inspection_id=finding.inspection_id,
                kind="shortcoming",
                text="Lại thiếu",
                shortcoming_type=slip,
            )
        ]
    )
    assert _slip_row(_board(board)) == f"{slip.name} 2 2 2 14/02/2022 0/0"


def test_a_recommendation_answering_a_finding_changes_the_board_at_once(board, city_data):
    slip = shortcoming_type("no-appointment-slip")
    finding = Finding.objects.get(inspection=city_data)
    accepted = Recommendation.objects.get(inspection=city_data, status="accepted")
    accepted.finding = finding
    accepted.save()
    assert _slip_row(_board(board)) == f"{slip.name} 2 2 2 14/02/2022 1/1"
    Recommendation.objects.filter(inspection=city_data, status="open").update(finding=finding)
    assert _slip_row(_board(board)) == f"{slip.name} 2 2 2 14/02/2022 1/2"


def test_a_report_saved_or_updated_in_bulk_changes_the_review_time_at_once(board):
    report = RemediationReport.objects.get(
        decision="accepted", recommendation__text="Khảo sát sự hài lòng"
    )
    report.reviewed_at = report.submitted_at + datetime.timedelta(days=6)
    report.save()
    assert _review_average(_board(board)) == "6,0 ngày"
    RemediationReport.objects.filter(pk=report.pk).update(
        reviewed_at=report.submitted_at + datetime.timedelta(days=2, hours=12)
    )
    assert _review_average(_board(board)) == "2,5 ngày"


def test_an_acceptance_changes_the_times_and_the_overdue_units_at_once(board, ward):
    assert len(_overdue_units(_board(board))) == 1
    rec = Recommendation.objects.get(text="Giao phiếu hẹn cho mọi hồ sơ")
    rec.status = Recommendation.Status.ACCEPTED
    rec.accepted_at = rec.inspection.concluded_at + datetime.timedelta(days=20)
    rec.save()
    html = _board(board)
    # (40 + 20) / 2 days from the conclusion to the acceptance; nothing overdue any more.
    assert _acceptance_average(html) == "30,0 ngày"
    assert _overdue_units(html) == []


def test_names_are_read_live(board, ward):
    slip = shortcoming_type("no-appointment-slip")
    slip.name = "Không giao phiếu hẹn (đổi tên)"
    slip.save()
    ward.name = "Phường Một Mới"
    ward.save()
    html = _board(board)
    assert _slip_row(html) == "Không giao phiếu hẹn (đổi tên) 2 2 2 14/02/2022 0/0"
    assert _overdue_units(html)[0].startswith("Phường Một Mới 1 ")


def test_an_inspection_concluded_again_changes_the_acceptance_time_at_once(board, city_data):
    city_data.concluded_at = city_data.concluded_at - datetime.timedelta(days=10)
    city_data.save()
    assert _acceptance_average(_board(board)) == "50,0 ngày"


def _queue(html):
    queue = re.search(r'data-testid="review-queue">(.*?)</table>', html, re.S).group(1)
    return [text_of(row) for row in re.findall(r"<tr data-recommendation=.*?</tr>", queue, re.S)]


def test_the_review_queue_follows_each_submission_and_review_at_once(
    board, ward, staff_user, internal_affairs_user
):
    # Submitted, days waiting (they grow with today), unit, recommendation, deadline, action.
    (row,) = _queue(_board(board))
    assert re.fullmatch(
        r"20/12/2022 \d+ ngày Phường Một \d+\. Cập nhật sổ 31/12/2099 Thẩm định", row
    )
    waiting = Recommendation.objects.get(text="Giao phiếu hẹn cho mọi hồ sơ")
    services.recommendation_submit_report(
        recommendation=waiting, acting_user=staff_user, text="Đã giao phiếu hẹn từ tháng 3."
    )
    queue = _queue(_board(board))
    assert len(queue) == 2 and "Giao phiếu hẹn cho mọi hồ sơ" in queue[1]

    services.recommendation_accept(
        recommendation=Recommendation.objects.get(text="Cập nhật sổ"),
        reviewer=internal_affairs_user,
    )
    queue = _queue(_board(board))
    assert len(queue) == 1 and "Giao phiếu hẹn cho mọi hồ sơ" in queue[0]

    ward.short_name = "P. Một (mới)"
    ward.save()
    assert "P. Một (mới)" in _queue(_board(board))[0]
