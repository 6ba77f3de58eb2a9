from django.urls import path

from . import people_import_views as views

urlpatterns = [
    path("people/import/", views.people_import, name="people-import"),
    path("people/import/template.xlsx", views.people_template, name="people-template"),
    path("people/export.xlsx", views.people_export, name="people-export"),
]
