import pytest
from django.urls import reverse

from feedback.factories import CounterFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def test_admin_pages(client_for, admin_user_, ward):
    counter = CounterFactory(unit=ward)
    response = ResponseFactory(counter=counter)
    client = client_for(admin_user_)
    page = client.get(reverse("admin:feedback_counter_change", args=[counter.pk]))
    assert page.status_code == 200
    assert counter.public_key not in page.content.decode()
    assert client.get(reverse("admin:feedback_response_changelist")).status_code == 200
    assert client.get(reverse("admin:feedback_response_add")).status_code == 403
    view = client.get(reverse("admin:feedback_response_change", args=[response.pk]))
    assert view.status_code == 200
    assert client.get(reverse("admin:feedback_questionnaire_changelist")).status_code == 200
