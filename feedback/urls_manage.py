"""The survey's staff pages kept by units and internal affairs: counters, questionnaires,
the review of flagged responses."""

from django.urls import path

from .views import counters, questionnaires, review

urlpatterns = [
    path("counters/", counters.counter_list, name="counter-list"),
    path("counters/new/", counters.counter_create, name="counter-create"),
    path("counters/<int:pk>/", counters.counter_detail, name="counter-detail"),
    path("counters/<int:pk>/edit/", counters.counter_edit, name="counter-edit"),
    path("counters/<int:pk>/rotate/", counters.counter_rotate, name="counter-rotate"),
    path("counters/<int:pk>/poster.pdf", counters.counter_poster, name="counter-poster"),
    path("questionnaires/", questionnaires.questionnaire_list, name="questionnaire-list"),
    path(
        "questionnaires/<int:unit_pk>/<int:year>/",
        questionnaires.questionnaire_edit,
        name="questionnaire-edit",
    ),
    path("flagged/", review.response_review, name="response-review"),
    path("flagged/<int:pk>/", review.response_decide, name="response-decide"),
]
