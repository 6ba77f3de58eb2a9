from django.urls import path

from .views import results

urlpatterns = [
    path("results/", results.results_page, name="results"),
    path("results/export.xlsx", results.results_export, name="results-export"),
    path("results/comments/", results.comments_page, name="comments"),
]
