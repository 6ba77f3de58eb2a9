"""PAR index pages: rounds and each unit's scorecard (see par_index/urls.py)."""

from django.urls import path

from .views import rounds, scorecard

urlpatterns = [
    path("", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round-edit"),
    path("scorecards/<int:pk>/", scorecard.scorecard, name="scorecard"),
    path("scorecards/<int:pk>/submit/", scorecard.scorecard_submit, name="scorecard-submit"),
    path("scorecards/<int:pk>/explain/", scorecard.scorecard_explain, name="scorecard-explain"),
    path(
        "scorecards/<int:pk>/recompute/", scorecard.scorecard_recompute, name="scorecard-recompute"
    ),
    path("scores/<int:pk>/evidence/new/", scorecard.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/delete/", scorecard.evidence_delete, name="evidence-delete"),
    path("evidence/<int:pk>/file/", scorecard.evidence_file, name="evidence-file"),
]
