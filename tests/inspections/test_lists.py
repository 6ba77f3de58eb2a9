"""The list pages' rows, rendered in Python (inspections/templatetags/inspection_lists.py)."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from inspections import selectors, services
from inspections.factories import (
    ConcludedInspectionFactory,
    InspectionFactory,
    RecommendationFactory,
)
from inspections.models import Recommendation


def returned_then_resubmitted(recommendation, staff_user, internal_affairs_user, capture):
    """A report returned with a comment, then a second one with a file, awaiting review."""
    with capture(execute=True):
        services.recommendation_submit_report(
            recommendation=recommendation, acting_user=staff_user, text="Lần 1.\nĐã họp."
        )
        recommendation.refresh_from_db()
        services.recommendation_review(
            recommendation=recommendation,
            reviewer=internal_affairs_user,
            decision="returned",
            comment="Thiếu <biên bản> & ảnh.",
        )
        recommendation.refresh_from_db()
        services.recommendation_submit_report(
            recommendation=recommendation,
            acting_user=staff_user,
            text="Lần 2.",
            files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", "application/pdf")],
        )
    recommendation.refresh_from_db()
    return recommendation


def test_review_queue_shows_the_whole_exchange_escaped(
    client_for, issued, staff_user, internal_affairs_user, django_capture_on_commit_callbacks
):
    recommendation = returned_then_resubmitted(
        issued, staff_user, internal_affairs_user, django_capture_on_commit_callbacks
    )
    evidence = recommendation.reports.order_by("pk").last().files.get()
    html = client_for(internal_affairs_user).get(reverse("inspections:review-queue")).content
    html = html.decode()
    card = re.search(r'<article class="card mb-3[^"]*" id="recommendation-(\d+)">', html)
    assert card.group(1) == str(recommendation.pk)
    assert html.count('<li class="timeline-item') == 5  # issued, report, return, report, wait
    assert "gửi báo cáo khắc phục" in html
    assert "trả lại báo cáo" in html
    assert "Lần 1.<br>Đã họp." in html
    assert (
        '<blockquote class="timeline-body fst-italic mb-1">Thiếu &lt;biên bản&gt; &amp; ảnh.'
        "</blockquote>"
    ) in html
    assert f'href="{reverse("inspections:evidence-download", args=[evidence.pk])}"' in html
    assert "Chờ Phòng Nội vụ thẩm định" in html
    review = reverse("inspections:recommendation-review", args=[recommendation.pk])
    assert f'href="{review}"><i class="bi bi-clipboard-check" aria-hidden="true"></i> ' in html


def test_the_timeline_tag_renders_what_the_recommendation_page_shows(
    issued, staff_user, internal_affairs_user, django_capture_on_commit_callbacks
):
    recommendation = returned_then_resubmitted(
        issued, staff_user, internal_affairs_user, django_capture_on_commit_callbacks
    )
    loaded = selectors.review_queue(internal_affairs_user).get(pk=recommendation.pk)
    html = Template("{% load inspection_lists %}{% remediation_timeline r %}").render(
        Context({"r": loaded})
    )
    assert html.startswith('<ol class="timeline list-unstyled small mb-0" aria-label="')
    assert html.count('<li class="timeline-item') == 5 and html.endswith("</ol>")


def test_recommendation_rows_mark_drafts_overdue_and_truncate(
    client_for, internal_affairs_user, ward
):
    issued = ConcludedInspectionFactory(unit=ward, lead=internal_affairs_user)
    RecommendationFactory(
        inspection=issued, text="Quá hạn " + "x" * 200, due_on=datetime.date(2022, 12, 1)
    )
    RecommendationFactory(
        inspection=issued,
        text="<b>Còn hạn</b>",
        due_on=datetime.date(2099, 1, 1),
        status=Recommendation.Status.ACCEPTED,
        accepted_at=datetime.datetime(2022, 12, 1, tzinfo=datetime.UTC),
    )
    html = (
        client_for(internal_affairs_user)
        .get(reverse("inspections:recommendation-list"))
        .content.decode()
    )
    assert (
        '<td class="text-nowrap overdue">01/12/2022 <i class="bi bi-alarm" aria-hidden="true">'
        '</i><span class="visually-hidden">quá hạn</span></td>'
    ) in html
    assert "Quá hạn " + "x" * 101 + "…</a>" in html
    assert "&lt;b&gt;Còn hạn&lt;/b&gt;" in html
    assert '<span class="badge text-bg-success">đã chấp nhận</span>' in html


def test_inspection_rows_show_unscheduled_and_no_recommendations(
    client_for, internal_affairs_user, ward
):
    inspection = InspectionFactory(
        unit=ward,
        lead=internal_affairs_user,
        is_scheduled=False,
        start_on=datetime.date(2024, 3, 5),
    )
    html = (
        client_for(internal_affairs_user)
        .get(reverse("inspections:inspection-list"))
        .content.decode()
    )
    url = inspection.get_absolute_url()
    assert f'<td class="text-nowrap"><a href="{url}">05/03/2024</a> <span class="badge' in html
    assert '<td class="num">0</td>' in html
