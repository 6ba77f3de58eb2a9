"""The citizens' pages as an anonymous client: answer, refuse, limit, flag."""

import json
import re
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse

from feedback import abuse, tokens
from feedback.factories import CounterFactory
from feedback.models import Answer, Question, Response
from feedback.recording import questionnaire_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


@pytest.fixture
def counter():
    return CounterFactory(name="Quầy Tư pháp – Hộ tịch", unit__name="Phường Huyền Tụng")


def form_url(counter):
    return reverse("survey:form", kwargs={"token": tokens.counter_token(counter)})


def kiosk_url(counter):
    return reverse("survey:kiosk", kwargs={"token": tokens.counter_token(counter, tokens.KIOSK)})


def answers_url(counter):
    return reverse(
        "survey:kiosk-answers", kwargs={"token": tokens.counter_token(counter, tokens.KIOSK)}
    )


def filled(client, counter, *, score=5, low_reason=False, backdate=10, **extra):
    """The form as a citizen sends it, `backdate` seconds after the page was shown."""
    page = client.get(form_url(counter))
    assert page.status_code == 200
    questionnaire = questionnaire_now(counter)
    data = {f"q{q.pk}": score for q in questionnaire.questions.all()}
    stamp = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    data["started"] = stamp
    if backdate:
        data["started"] = _backdated(counter, backdate)
    if low_reason:
        data["reasons"] = [questionnaire.reasons.first().pk]
    data.update(extra)
    return data


def _backdated(counter, seconds):
    from django.core import signing
    from django.utils import timezone

    return signing.dumps(
        int(timezone.now().timestamp()) - seconds, salt=f"{abuse.STARTED_SALT}.{counter.pk}"
    )


def test_page_says_whose_counter_it_is_and_is_small(client, counter):
    page = client.get(form_url(counter))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Quầy Tư pháp – Hộ tịch" in text and "Phường Huyền Tụng" in text
    assert "Rất hài lòng" in text and "Rất không hài lòng" in text
    assert "không hỏi họ tên, số điện thoại" in text
    assert "<script" not in text  # no JavaScript needed to answer
    assert len(page.content) < 15_000
    assert page["Cache-Control"] == "no-store"
    assert "sessionid" not in page.cookies


def test_anonymous_answer_is_stored_with_its_version(client, counter):
    data = filled(client, counter, score=4, dossier_code=" 000.00.12.h05-221005-0001 ")
    answered = client.post(form_url(counter), data)
    assert answered.status_code == 302
    assert answered["Location"].endswith("/thanks/")
    response = Response.objects.get()
    assert response.channel == Response.Channel.QR
    assert response.dossier_code == "000.00.12.H05-221005-0001"
    assert response.questionnaire == questionnaire_now(counter)
    assert response.suspicion == ""
    assert sorted(Answer.objects.values_list("score", flat=True)) == [4] * 5
    assert response.address_hash and "127.0.0.1" not in response.address_hash
    thanks = client.get(answered["Location"])
    assert "Xin cảm ơn!" in thanks.content.decode()


@pytest.mark.parametrize("which", ["garbage", "kiosk_on_phone", "rotated", "inactive"])
def test_bad_tokens_are_404(client, counter, which):
    token = tokens.counter_token(counter)
    if which == "garbage":
        token = token[:-3] + "xyz"
    elif which == "kiosk_on_phone":
        token = tokens.counter_token(counter, tokens.KIOSK)
    elif which == "rotated":
        counter.public_key = "new-key-123"
        counter.save()
    else:
        counter.is_active = False
        counter.save()
    page = client.get(reverse("survey:form", kwargs={"token": token}))
    assert page.status_code == 404
    assert "Quầy Tư pháp" not in page.content.decode()


def test_missing_answer_shows_a_vietnamese_error_and_stores_nothing(client, counter):
    data = filled(client, counter)
    overall = Question.objects.get(kind=Question.Kind.OVERALL)
    del data[f"q{overall.pk}"]
    page = client.post(form_url(counter), data)
    assert page.status_code == 400
    assert "Xin chọn điểm cho câu hỏi này." in page.content.decode()
    assert Response.objects.count() == 0


def test_duplicate_dossier_code_is_refused(client, counter):
    client.post(form_url(counter), filled(client, counter, dossier_code="HS-1"))
    page = client.post(form_url(counter), filled(client, counter, dossier_code="hs-1"))
    assert page.status_code == 400
    assert "Hồ sơ này đã được đánh giá." in page.content.decode()
    assert Response.objects.count() == 1


def test_honeypot_gets_thanks_and_stores_nothing(client, counter):
    page = client.post(form_url(counter), filled(client, counter, website="http://spam"))
    assert page.status_code == 302 and page["Location"].endswith("/thanks/")
    assert Response.objects.count() == 0


def test_altered_stamp_is_refused(client, counter):
    data = filled(client, counter)
    data["started"] = "forged"
    page = client.post(form_url(counter), data)
    assert page.status_code == 400
    assert "Mở lại trang khảo sát" in page.content.decode()
    assert Response.objects.count() == 0


def test_too_fast_is_stored_flagged_and_not_counted(client, counter):
    client.post(form_url(counter), filled(client, counter, backdate=1))
    response = Response.objects.get()
    assert response.suspicion == Response.Suspicion.TOO_FAST
    assert Response.objects.counted().count() == 0


def test_third_answer_from_one_address_is_flagged_burst(client, counter):
    for _ in range(3):
        client.post(form_url(counter), filled(client, counter))
    assert list(Response.objects.order_by("pk").values_list("suspicion", flat=True)) == [
        "",
        "",
        "burst",
    ]
    assert Response.objects.counted().count() == 2


def test_rate_limit_per_address(client, counter, settings):
    settings.FEEDBACK_RATE_ADDRESS = "2/h"
    settings.FEEDBACK_BURST_ADDRESS = (99, 600)
    for _ in range(2):
        assert client.post(form_url(counter), filled(client, counter)).status_code == 302
    refused = client.post(form_url(counter), filled(client, counter))
    assert refused.status_code == 429
    assert "đang nhận quá nhiều phiếu" in refused.content.decode()
    assert Response.objects.count() == 2


def test_rate_limit_per_counter_across_addresses(client, counter, settings):
    settings.FEEDBACK_RATE_COUNTER = "2/h"
    for n in range(2):
        data = filled(client, counter)
        assert client.post(form_url(counter), data, REMOTE_ADDR=f"10.0.0.{n}").status_code == 302
    refused = client.post(form_url(counter), filled(client, counter), REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert Response.objects.count() == 2


def test_comment_is_escaped_where_shown(client, counter, admin_client):
    client.post(form_url(counter), filled(client, counter, score=5, comment="<script>x</script>"))
    assert Response.objects.get().comment == "<script>x</script>"
    page = admin_client.get(reverse("admin:feedback_response_changelist"))
    assert "<script>x</script>" not in page.content.decode()


# --- the kiosk -------------------------------------------------------------------------------


def kiosk_item(counter, score=5, ref=None):
    questionnaire = questionnaire_now(counter)
    return {
        "client_ref": str(ref or uuid.uuid4()),
        "scores": {str(q.pk): score for q in questionnaire.questions.all()},
        "reasons": [],
    }


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_kiosk_page_starts_without_a_session(client, counter):
    page = client.get(kiosk_url(counter))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="kiosk-config"' in text and "feedback/kiosk.js" in text
    assert "sessionid" not in page.cookies


def test_kiosk_refuses_to_start_in_a_signed_in_browser(client, counter, django_user_model):
    user = django_user_model.objects.create_user("canbo", password="x-long-pass-123")
    client.force_login(user)
    text = client.get(kiosk_url(counter)).content.decode()
    assert "đăng xuất trước khi đặt máy tại quầy" in text.lower()
    assert 'id="kiosk-config"' not in text


def test_kiosk_batch_is_stored_once_even_when_resent(client, counter):
    items = [kiosk_item(counter, 5), kiosk_item(counter, 2)]
    first = post_json(client, answers_url(counter), {"answers": items})
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["stored", "stored"]
    again = post_json(client, answers_url(counter), {"answers": items})
    assert [r["status"] for r in again.json()["results"]] == ["duplicate", "duplicate"]
    assert Response.objects.filter(channel=Response.Channel.KIOSK).count() == 2


def test_kiosk_refuses_malformed_and_oversized(client, counter):
    bad = client.post(answers_url(counter), "{not json", content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["error"] == "Không đọc được các câu trả lời."
    big = post_json(client, answers_url(counter), {"answers": [kiosk_item(counter)] * 51})
    assert big.status_code == 413
    incomplete = kiosk_item(counter)
    incomplete["scores"].popitem()
    result = post_json(client, answers_url(counter), {"answers": [incomplete]}).json()
    assert result["results"][0]["status"] == "refused"
    assert result["results"][0]["message"] == "Xin trả lời tất cả các câu hỏi."
    assert Response.objects.count() == 0


def test_kiosk_answers_need_the_kiosk_token(client, counter):
    url = reverse("survey:kiosk-answers", kwargs={"token": tokens.counter_token(counter)})
    assert post_json(client, url, {"answers": [kiosk_item(counter)]}).status_code == 404
