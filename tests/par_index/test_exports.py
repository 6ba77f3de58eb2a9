"""A scorecard as .xlsx, .docx and PDF in the customary table, with the administrative
header; who may download it."""

import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from cchc_portal.factories import UserFactory
from cchc_portal.models import Role
from par_index.models import Evidence, Score, Scorecard

from .results_builders import open_round, set_scores

S = Scorecard.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised(city, ward, other_ward, internal_affairs_user):
    rnd = open_round(city, internal_affairs_user, 2022)
    card = set_scores(
        rnd.scorecards.get(unit=ward),
        S.FINALISED,
        ("2", "3.5", "0", "2", "1"),
        ("2", "2", "0", "2", "1"),
        final={"1.2": "3"},
    )
    score = Score.objects.get(scorecard=card, criterion__code="1.2")
    Score.objects.filter(pk=score.pk).update(
        appraisal_comment="Chưa đủ tài liệu", explanation="Bổ sung báo cáo"
    )
    Evidence.objects.create(
        score=score, kind=Evidence.Kind.FILE, label='=HYPERLINK("http://x")', page="3"
    )
    Evidence.objects.create(
        score=Score.objects.get(scorecard=card, criterion__code="1.1"),
        kind=Evidence.Kind.DOCUMENT,
        label="Kế hoạch số 01/KH-UBND",
        page="2",
    )
    return card


def url(card, fmt):
    return reverse("par_index:scorecard-export", args=[card.pk, fmt])


def docx_text(content):
    word = WordDocument(io.BytesIO(content))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_workbook_holds_the_customary_table(client_for, internal_affairs_user, finalised):
    response = client_for(internal_affairs_user).get(url(finalised, "xlsx"))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="chi-so-cchc-2022-ward-one.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["Đơn vị", "Phường Một"]
    assert rows[4][:2] == ["Trạng thái", "đã chốt điểm"]
    header = rows[8]
    assert header == [
        "STT",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm tự chấm",
        "Điểm thẩm định",
        "Tài liệu kiểm chứng",
        "Ghi chú",
    ]
    by_code = {row[0]: row for row in rows if row[0] in ("1", "1.1", "1.2", "2", "3", "3.1")}
    assert by_code["1"][1:5] == ["Công tác chỉ đạo, điều hành CCHC", 6, 5.5, 5]
    assert by_code["1.1"][2:6] == [2, 2, 2, "Kế hoạch số 01/KH-UBND (tr. 2)"]
    assert by_code["1.2"][2:5] == [4, 3.5, 3]
    # An evidence label that reads as a formula stays literal text.
    assert by_code["1.2"][5] == '=HYPERLINK("http://x") (tr. 3)'
    cell = next(c for c in sheet["F"] if c.value == '=HYPERLINK("http://x") (tr. 3)')
    assert cell.data_type == "s"
    assert by_code["1.2"][6] == "Chưa đủ tài liệu\nGiải trình: Bổ sung báo cáo"
    # The bonus area is a part of its own.
    assert by_code["3"][1:5] == ["Điểm thưởng", 1, 1, 1]
    subtotals = [row for row in rows if row[1] == "Cộng"]
    assert [row[2:5] for row in subtotals] == [[10, 7.5, 7], [1, 1, 1]]
    summary = {row[1]: row[2:5] for row in rows if row[1] and row[0] is None}
    assert summary["Chỉ số CCHC (tổng điểm)"] == [10, 8.5, 8]
    assert summary["Điểm các lĩnh vực"] == [10, 7.5, 7]
    assert summary["Điểm thưởng"] == [None, 1, 1]
    assert summary["Tỷ lệ so với điểm tối đa"] == [None, 0.85, 0.8]


def test_the_word_file_has_the_header_and_the_table(client_for, internal_affairs_user, finalised):
    response = client_for(internal_affairs_user).get(url(finalised, "docx"))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="chi-so-cchc-2022-ward-one.docx"'
    )
    text = docx_text(response.content)
    assert "THÀNH PHỐ THỬ" in text and "PHƯỜNG MỘT" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Kết quả chấm điểm Chỉ số cải cách hành chính năm 2022 của Phường Một" in text
    assert (
        "STT | Tiêu chí | Điểm tối đa | Điểm tự chấm | Điểm thẩm định | Tài liệu kiểm chứng | Ghi chú"
        in text
    )
    assert "1.2 | Mức độ hoàn thành kế hoạch CCHC | 4,00 | 3,50 | 3,00 |" in text
    assert "— | Cộng | 10,00 | 7,50 | 7,00 | — | —" in text
    assert "Chỉ số CCHC (tổng điểm) | 10,00 | 8,50 | 8,00" in text
    assert "Tỷ lệ so với điểm tối đa: tự chấm 85,00 %, thẩm định 80,00 %." in text
    assert "DỰ THẢO" not in text


def test_the_pdf_is_the_same_document(client_for, internal_affairs_user, finalised, tmp_path):
    response = client_for(internal_affairs_user).get(url(finalised, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "card.pdf"
    path.write_bytes(response.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Điểm thẩm định" in text and "Tài liệu kiểm chứng" in text
    assert "8,50" in text and "8,00" in text


def test_before_the_appraisal_is_complete_no_appraised_score_shows(
    client_for, staff_user, city, ward, internal_affairs_user
):
    rnd = open_round(city, internal_affairs_user, 2022)
    card = set_scores(
        rnd.scorecards.get(unit=ward),
        S.SUBMITTED,
        ("2", "3.5", "0", "2", "1"),
        ("1", "1", "0", "0", "0"),
    )
    sheet = load_workbook(io.BytesIO(client_for(staff_user).get(url(card, "xlsx")).content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    line = next(row for row in rows if row[0] == "1.1")
    assert line[3:5] == [2, None]
    text = docx_text(client_for(staff_user).get(url(card, "docx")).content)
    assert "Điểm thẩm định được ghi khi hoàn thành thẩm định." in text
    assert "DỰ THẢO" in text


def test_the_unit_downloads_its_own_card_not_its_neighbour_s(
    client_for, staff_user, other_staff_user, finalised
):
    assert client_for(staff_user).get(url(finalised, "xlsx")).status_code == 200
    assert client_for(other_staff_user).get(url(finalised, "xlsx")).status_code == 404
    assert client_for(other_staff_user).get(url(finalised, "pdf")).status_code == 404


def test_out_of_scope_and_an_unknown_format_are_not_found(
    client_for, other_city, finalised, leadership_user
):
    canary = UserFactory(unit=other_city, roles=[Role.Code.INTERNAL_AFFAIRS])
    assert client_for(canary).get(url(finalised, "docx")).status_code == 404
    assert client_for(leadership_user).get(url(finalised, "docx")).status_code == 200
    assert client_for(leadership_user).get(url(finalised, "csv")).status_code == 404


def test_a_criterion_s_row_adds_its_sub_criteria(city):
    """Three levels: an area's criterion shows the sum of its scored sub-criteria; a bonus
    area stays capped at its maximum."""
    from decimal import Decimal

    from par_index import scoring
    from par_index.factories import CriteriaSetFactory
    from par_index.models import Criterion

    criteria_set = CriteriaSetFactory(unit=city)

    def node(code, max_points, parent=None, kind=Criterion.Kind.REGULAR):
        return Criterion.objects.create(
            criteria_set=criteria_set,
            code=code,
            text=code,
            max_points=Decimal(max_points),
            parent=parent,
            kind=kind,
            position=Criterion.objects.count(),
        )

    area = node("1", "6")
    criterion = node("1.1", "4", area)
    leaves = [node("1.1.1", "2", criterion), node("1.1.2", "2", criterion), node("1.2", "2", area)]
    bonus = node("2", "1", kind=Criterion.Kind.BONUS)
    extra = [node("2.1", "1", bonus), node("2.2", "1", bonus)]
    rows = [
        {
            "criterion_id": c.pk,
            "self_score": Decimal(v),
            "appraised_score": None,
            "final_score": None,
        }
        for c, v in zip([*leaves, *extra], ["1.5", "2", "1", "1", "1"], strict=True)
    ]
    points = scoring.node_points(scoring.tree(criteria_set), rows, "self")
    assert points[criterion.pk] == Decimal("3.5")
    assert points[area.pk] == Decimal("4.5")
    assert points[bonus.pk] == Decimal("1")
    assert scoring.node_points(scoring.tree(criteria_set), rows, "appraised")[area.pk] is None
