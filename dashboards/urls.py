from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("overview/", views.overview, name="overview"),
    path("overview/export.xlsx", views.overview_export, name="overview-export"),
    path("my/", views.my_dashboard, name="my-dashboard"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/summary/", views.unit_summary, name="unit-summary"),
    path("units/<int:pk>/summary.pdf", views.unit_summary_pdf, name="unit-summary-pdf"),
    path("remediation/", views.remediation, name="remediation"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("shortcomings/<int:pk>/", views.shortcoming, name="shortcoming"),
]
