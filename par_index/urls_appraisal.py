"""PAR index pages: the appraisal team's (see par_index/urls.py)."""

from django.urls import path

from .views import appraisal

urlpatterns = [
    path(
        "scorecards/<int:pk>/appraise/",
        appraisal.scorecard_appraise,
        name="scorecard-appraise",
    ),
    path(
        "scorecards/<int:pk>/appraise/areas/<int:area_pk>/",
        appraisal.appraise_area,
        name="appraise-area",
    ),
    path("scorecards/<int:pk>/complete/", appraisal.scorecard_complete, name="scorecard-complete"),
    path("scorecards/<int:pk>/finalise/", appraisal.scorecard_finalise, name="scorecard-finalise"),
    path("scorecards/<int:pk>/reopen/", appraisal.scorecard_reopen, name="scorecard-reopen"),
]
