"""The portal's home page ("/", URL name "home"): each role's landing, built by the dashboards."""

from django.urls import path

from . import views

urlpatterns = [path("", views.home, name="home")]
