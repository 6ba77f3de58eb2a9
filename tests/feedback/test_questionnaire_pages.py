import pytest
from django.urls import reverse

from feedback.factories import CounterFactory, QuestionnaireFactory, ResponseFactory
from feedback.models import Questionnaire

pytestmark = pytest.mark.django_db


def _post(header, questions, reasons, version=0):
    data = {
        "title": header,
        "introduction": "",
        "comment_prompt": "Góp ý?",
        "version": version,
        "seen": "",
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": 0,
        "reasons-TOTAL_FORMS": len(reasons),
        "reasons-INITIAL_FORMS": 0,
    }
    for i, (kind, text, order, delete) in enumerate(questions):
        data[f"questions-{i}-kind"] = kind
        data[f"questions-{i}-text"] = text
        data[f"questions-{i}-ORDER"] = order
        if delete:
            data[f"questions-{i}-DELETE"] = "on"
    for i, (text, order) in enumerate(reasons):
        data[f"reasons-{i}-text"] = text
        data[f"reasons-{i}-ORDER"] = order
    return data


def test_inherited_questionnaire_and_own_one_made(client_for, staff_user, city, ward):
    QuestionnaireFactory(unit=city, year=2022, title="Phiếu của thành phố")
    client = client_for(staff_user)
    url = reverse("feedback:questionnaire-edit", args=[ward.pk, 2022])
    page = client.get(url).content.decode()
    assert "dùng phiếu khảo sát của Thành phố Thử (phiên bản 1)" in page
    assert "Tạo phiếu riêng của đơn vị" in page
    form = client.get(url + "?own=1").content.decode()
    assert 'value="Phiếu của thành phố"' in form
    data = _post(
        "Phiếu riêng",
        [
            ("attitude", "Thái độ?", 2, False),
            ("overall", "Hài lòng?", 1, False),
            ("trips", "Bỏ đi", 3, True),
        ],
        [("Chờ lâu", 1)],
    )
    done = client.post(url, data)
    assert done.status_code == 302
    own = Questionnaire.objects.get(unit=ward)
    assert own.title == "Phiếu riêng"
    assert [q.kind for q in own.questions.all()] == ["overall", "attitude"]
    assert [r.text for r in own.reasons.all()] == ["Chờ lâu"]


def test_rules_shown_in_vietnamese_and_nothing_saved(client_for, staff_user, ward):
    url = reverse("feedback:questionnaire-edit", args=[ward.pk, 2022])
    data = _post("Phiếu", [("attitude", "Thái độ?", 1, False)], [])
    page = client_for(staff_user).post(url, data)
    assert page.status_code == 200
    assert "Phiếu khảo sát có đúng một câu hỏi về mức độ hài lòng chung." in page.content.decode()
    assert not Questionnaire.objects.filter(unit=ward).exists()


def test_saving_with_answers_makes_version_two(client_for, internal_affairs_user, ward):
    first = QuestionnaireFactory(unit=ward, year=2022)
    ResponseFactory(counter=CounterFactory(unit=ward), questionnaire=first)
    client = client_for(internal_affairs_user)
    url = reverse("feedback:questionnaire-edit", args=[ward.pk, 2022])
    assert (
        "Phiếu đã có người trả lời: khi lưu sẽ tạo phiên bản mới."
        in client.get(url).content.decode()
    )
    data = _post("Phiếu mới", [("overall", "Chung?", 1, False)], [], version=first.version)
    assert client.post(url, data).status_code == 302
    assert list(Questionnaire.objects.filter(unit=ward).values_list("number", "title")) == [
        (2, "Phiếu mới"),
        (1, first.title),
    ]
    assert "Phiên bản 2 của phiếu riêng của đơn vị." in client.get(url).content.decode()


def test_scope_and_roles(client_for, staff_user, leadership_user, other_ward, ward):
    url = reverse("feedback:questionnaire-edit", args=[other_ward.pk, 2022])
    assert client_for(staff_user).get(url).status_code == 404
    own_url = reverse("feedback:questionnaire-edit", args=[ward.pk, 2022])
    client = client_for(leadership_user)
    page = client.get(own_url)
    assert page.status_code == 200
    assert "Lưu phiếu khảo sát" not in page.content.decode()
    assert client.post(own_url, _post("X", [("overall", "a", 1, False)], [])).status_code == 403


def test_list_own_and_inherited(client_for, internal_affairs_user, city, ward, other_city):
    QuestionnaireFactory(unit=city, year=2022, title="Phiếu thành phố")
    QuestionnaireFactory(unit=other_city, year=2022, title="Phiếu Canary")
    page = client_for(internal_affairs_user).get(
        reverse("feedback:questionnaire-list") + "?year=2022"
    )
    text = page.content.decode()
    assert "Phiếu thành phố" in text
    assert "dùng phiếu của Thành phố Thử" in text
    assert "Phiếu Canary" not in text
