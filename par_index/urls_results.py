"""PAR index pages: results (see par_index/urls.py)."""

from django.urls import path

from .views import results

urlpatterns = [
    path("rounds/<int:pk>/ranking/", results.ranking, name="ranking"),
    path("rounds/<int:pk>/ranking.xlsx", results.ranking_export, name="ranking-export"),
    path(
        "scorecards/<int:pk>/export/<str:fmt>/",
        results.scorecard_export,
        name="scorecard-export",
    ),
]
