from django.urls import path

from .views import rounds, unit_reports

app_name = "reports"

urlpatterns = [
    path("", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("calendar/", rounds.calendar, name="calendar"),
    path("calendar/<int:year>/", rounds.calendar, name="calendar-year"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round-edit"),
    path("rounds/<int:pk>/summary/", rounds.round_rollup, name="round-rollup"),
    path(
        "rounds/<int:pk>/summary/download/<str:fmt>/",
        rounds.round_rollup_download,
        name="round-rollup-download",
    ),
    path("<int:pk>/", unit_reports.report_detail, name="report-detail"),
    path("<int:pk>/edit/", unit_reports.report_edit, name="report-edit"),
    path("<int:pk>/submit/", unit_reports.report_submit, name="report-submit"),
    path("<int:pk>/return/", unit_reports.report_return, name="report-return"),
    path("<int:pk>/download/<str:fmt>/", unit_reports.report_download, name="report-download"),
    path(
        "submissions/<int:pk>/download/<str:fmt>/",
        unit_reports.submission_download,
        name="submission-download",
    ),
    path("submissions/<int:pk>/file/", unit_reports.submission_file, name="submission-file"),
]
