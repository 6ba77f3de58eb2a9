from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit_figures, name="unit-figures"),
    path("units/<int:pk>/export.xlsx", views.unit_export, name="unit-export"),
    path("units/<int:pk>/bieu-06.xlsx", views.settlement_form, name="settlement-form"),
    path("units/<int:pk>/enter/", views.month_go, name="month-go"),
    path("units/<int:pk>/import/", views.unit_import, name="unit-import"),
    path("units/<int:pk>/import/template.xlsx", views.import_template, name="import-template"),
    path("units/<int:pk>/<int:year>/<int:month>/", views.month_detail, name="month-detail"),
    path("units/<int:pk>/<int:year>/<int:month>/edit/", views.month_edit, name="month-edit"),
]
