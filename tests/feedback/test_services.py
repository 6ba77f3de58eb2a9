import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cchc_portal.versioning import ChangedMeanwhile
from feedback import services, tokens
from feedback.factories import CounterFactory, QuestionnaireFactory, ResponseFactory, flagged
from feedback.models import Counter, Question, Questionnaire, Response

pytestmark = pytest.mark.django_db
K = Question.Kind
QUESTIONS = [(K.OVERALL, "Hài lòng chung?"), (K.ATTITUDE, "Thái độ?")]


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield


def _save(unit, version=0, **kw):
    values = {
        "unit": unit,
        "year": 2022,
        "title": "Phiếu riêng",
        "introduction": "",
        "comment_prompt": "Góp ý?",
        "questions": QUESTIONS,
        "reasons": ["Chờ lâu"],
        "by": None,
        "version": version,
    }
    values.update(kw)
    return services.questionnaire_save(**values)


def test_counter_create_and_update_with_version_guard(ward, staff_user):
    counter = services.counter_create(unit=ward, name="  Quầy Tư pháp – Hộ tịch ", by=staff_user)
    assert counter.name == "Quầy Tư pháp – Hộ tịch"
    assert counter.history.first().history_user == staff_user
    services.counter_update(counter=counter, version=1, name="Quầy 1", is_active=False, by=None)
    stored = Counter.objects.get(pk=counter.pk)
    assert (stored.name, stored.is_active, stored.version) == ("Quầy 1", False, 2)
    with pytest.raises(ChangedMeanwhile):
        services.counter_update(counter=stored, version=1, name="Quầy 2", is_active=True, by=None)
    assert Counter.objects.get(pk=counter.pk).name == "Quầy 1"


def test_counter_name_unique_in_unit(ward):
    services.counter_create(unit=ward, name="Quầy A", by=None)
    with pytest.raises(ValidationError) as exc:
        services.counter_create(unit=ward, name="Quầy A", by=None)
    assert exc.value.messages == ["Đơn vị đã có quầy mang tên này."]


def test_rotate_keys_voids_old_tokens(ward):
    counter = CounterFactory(unit=ward)
    old_qr, old_kiosk = tokens.counter_token(counter), tokens.counter_token(counter, tokens.KIOSK)
    rotated = services.counter_rotate_keys(counter=counter, by=None)
    assert rotated.keys_rotated_at is not None
    assert tokens.counter_for_token(old_qr) is None
    assert tokens.counter_for_token(old_kiosk, tokens.KIOSK) is None
    assert tokens.counter_for_token(tokens.counter_token(rotated)) == rotated


def test_questionnaire_edited_in_place_without_responses(ward):
    first = _save(ward)
    assert (first.number, first.questions.count(), first.reasons.count()) == (1, 2, 1)
    again = _save(ward, version=first.version, questions=[(K.OVERALL, "Chung?")], reasons=[])
    assert again.pk == first.pk and again.number == 1
    assert [q.text for q in again.questions.all()] == ["Chung?"]
    assert Questionnaire.objects.filter(unit=ward).count() == 1


def test_questionnaire_with_responses_gets_a_new_version(ward):
    first = _save(ward)
    response = ResponseFactory(counter=CounterFactory(unit=ward), questionnaire=first)
    second = _save(ward, version=first.version, title="Phiếu mới")
    assert (second.number, second.title) == (2, "Phiếu mới")
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.title == "Phiếu riêng" and first.questions.count() == 2
    response.refresh_from_db()
    assert response.questionnaire_id == first.pk
    assert response.answers.count() == 2


def test_questionnaire_stale_version_refused(ward):
    first = _save(ward)
    with pytest.raises(ChangedMeanwhile):
        _save(ward, version=first.version + 5, title="Khác")
    with pytest.raises(ChangedMeanwhile):
        _save(ward, version=0, title="Khác")  # opened before the first was saved


@pytest.mark.parametrize(
    ("questions", "reasons", "message"),
    [
        ([], [], "Phiếu khảo sát có từ 1 đến 10 câu hỏi."),
        ([(K.OVERALL, "a")] * 1 + [(K.OTHER, "b")] * 10, [], "Phiếu khảo sát có từ 1 đến 10"),
        ([(K.ATTITUDE, "a")], [], "Phiếu khảo sát có đúng một câu hỏi về mức độ hài lòng chung."),
        (
            [(K.OVERALL, "a"), (K.OVERALL, "b")],
            [],
            "Phiếu khảo sát có đúng một câu hỏi về mức độ hài lòng chung.",
        ),
        ([(K.OVERALL, "a"), (K.TRIPS, "b"), (K.TRIPS, "c")], [], "được dùng nhiều lần"),
        ([(K.OVERALL, "  ")], [], "Câu hỏi 1 chưa có nội dung."),
        ([(K.OVERALL, "a")], ["x"] * 11, "Phiếu khảo sát có tối đa 10 lý do."),
        ([(K.OVERALL, "a")], ["x", ""], "Lý do 2 chưa có nội dung."),
    ],
)
def test_questionnaire_rules(ward, questions, reasons, message):
    with pytest.raises(ValidationError) as exc:
        _save(ward, questions=questions, reasons=reasons)
    assert any(message in text for text in exc.value.messages), exc.value.messages
    assert not Questionnaire.objects.filter(unit=ward).exists()


def test_other_kind_may_repeat(ward):
    saved = _save(ward, questions=[(K.OVERALL, "a"), (K.OTHER, "b"), (K.OTHER, "c")])
    assert saved.questions.count() == 3


def test_own_questionnaire_beside_an_inherited_one(city, ward):
    QuestionnaireFactory(unit=city, year=2022, title="Phiếu của thành phố")
    own = _save(ward)
    assert own.unit == ward and own.number == 1


def test_decide_only_flagged_and_history_kept(ward, internal_affairs_user):
    counter = CounterFactory(unit=ward)
    plain = ResponseFactory(counter=counter)
    with pytest.raises(services.DecisionNotAllowed) as exc:
        services.response_decide(response=plain, decision="include", by=internal_affairs_user)
    assert exc.value.messages == ["Chỉ xem xét các phiếu bị gắn cờ."]
    burst = flagged(counter)
    services.response_decide(response=burst, decision="include", by=internal_affairs_user)
    burst.refresh_from_db()
    assert (burst.review, burst.reviewed_by) == (Response.Review.INCLUDED, internal_affairs_user)
    assert Response.objects.counted().filter(pk=burst.pk).exists()
    services.response_decide(response=burst, decision="exclude", by=internal_affairs_user)
    burst.refresh_from_db()
    assert burst.review == Response.Review.EXCLUDED
    assert not Response.objects.counted().filter(pk=burst.pk).exists()
    assert [h.review for h in burst.history.order_by("history_id")][-2:] == [
        "included",
        "excluded",
    ]


def test_decide_race_loses(ward):
    burst = flagged(CounterFactory(unit=ward))
    stale = Response.objects.get(pk=burst.pk)
    services.response_decide(response=burst, decision="exclude", by=None)
    with pytest.raises(services.DecisionNotAllowed) as exc:
        services.response_decide(response=stale, decision="include", by=None)
    assert "Người khác đã quyết định" in exc.value.messages[0]
