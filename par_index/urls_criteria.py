"""PAR index pages: criteria sets (see par_index/urls.py)."""

from django.urls import path

from .views import criteria

urlpatterns = [
    path("sets/", criteria.set_list, name="set-list"),
    path("sets/import/", criteria.set_import, name="set-import"),
    path("sets/<int:pk>/", criteria.set_detail, name="set-detail"),
    path("sets/<int:pk>/edit/", criteria.set_edit, name="set-edit"),
    path("sets/<int:pk>/export/", criteria.set_export, name="set-export"),
    path("sets/<int:pk>/copy/", criteria.set_copy, name="set-copy"),
    path("sets/<int:pk>/criteria/add/", criteria.criterion_add, name="criterion-add"),
    path("criteria/<int:pk>/edit/", criteria.criterion_edit, name="criterion-edit"),
    path("criteria/<int:pk>/delete/", criteria.criterion_delete, name="criterion-delete"),
    path("criteria/<int:pk>/move/", criteria.criterion_move, name="criterion-move"),
]
