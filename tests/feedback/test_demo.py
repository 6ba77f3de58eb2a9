"""The survey's demo: Huyền Tụng's and An Lộc's counters and answers, one flagged burst."""

import datetime

import pytest

from cchc_portal import demo as core_demo
from cchc_portal.models import Unit
from feedback import demo, selectors
from feedback.models import Counter, Response

pytestmark = pytest.mark.django_db

YEAR_START, YEAR_END = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


@pytest.fixture
def loaded():
    core_demo.load()
    demo.load()


def test_the_demo_gives_both_wards_counters_and_plausible_answers(loaded):
    huyen_tung = Unit.objects.get(code="huyen-tung")
    an_loc = Unit.objects.get(code="an-loc")
    assert set(Counter.objects.filter(unit=huyen_tung).values_list("name", flat=True)) == {
        "Quầy Tư pháp – Hộ tịch",
        "Quầy Địa chính – Xây dựng",
    }
    assert Counter.objects.filter(unit=an_loc).count() == 2

    ht = selectors.satisfaction(huyen_tung, YEAR_START, YEAR_END)
    al = selectors.satisfaction(an_loc, YEAR_START, YEAR_END)
    assert ht.responses == 150  # the burst is left out
    assert al.responses == 320
    assert 70 < al.rate < 95 and 70 < ht.rate < 95
    assert not Response.objects.filter(unit=an_loc, answered_on__lt=datetime.date(2022, 7, 1))
    reasons = dict(selectors.reason_counts(an_loc, YEAR_START, YEAR_END))
    top = max(reasons, key=reasons.get)
    assert top in ("Phải chờ lâu", "Phải đi lại nhiều lần, bổ sung hồ sơ nhiều lần")
    assert selectors.flagged_count(huyen_tung) == 12
    burst = Response.objects.filter(unit=huyen_tung).flagged()
    assert set(burst.values_list("suspicion", "review")) == {("burst", "pending")}


def test_a_second_load_writes_nothing(loaded):
    before = (Response.objects.count(), Counter.objects.count())
    demo.load()
    assert (Response.objects.count(), Counter.objects.count()) == before


def test_an_loc_reports_its_survey_as_the_remediation(tmp_path, settings):
    import os

    from django.core.management import call_command

    from inspections.models import Recommendation, RemediationReport

    settings.MEDIA_ROOT = tmp_path
    with open(os.devnull, "w") as sink:
        call_command("load_demo", stdout=sink)
    an_loc = Unit.objects.get(code="an-loc")
    recommendation = Recommendation.objects.get(
        responsible_unit=an_loc, finding__shortcoming_type__code="no-satisfaction-survey"
    )
    assert recommendation.status == Recommendation.Status.ACCEPTED
    report = RemediationReport.objects.get(recommendation=recommendation)
    figures = selectors.satisfaction(an_loc, datetime.date(2022, 7, 1), datetime.date(2022, 10, 25))
    assert f"có {figures.responses} lượt đánh giá" in report.text
    assert f"{figures.rate:.1f}".replace(".", ",") + " %" in report.text
    assert report.files.get().name == "ket-qua-khao-sat-su-hai-long-2022.docx"
