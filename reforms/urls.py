from django.urls import path

from . import views

app_name = "reforms"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan-copy"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan-export"),
    path("plans/<int:pk>/import/", views.plan_import, name="plan-import"),
    path("plans/import-template/", views.plan_import_template, name="plan-import-template"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task-create"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/update/", views.task_update, name="task-update"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task-delete"),
    path("tasks/<int:pk>/evidence/", views.task_evidence, name="task-evidence"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/new/", views.document_create, name="document-create"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("documents/<int:pk>/file/", views.document_file, name="document-file"),
    path("outreach/", views.outreach_list, name="outreach-list"),
    path("outreach/new/", views.outreach_create, name="outreach-create"),
    path("outreach/<int:pk>/edit/", views.outreach_edit, name="outreach-edit"),
    path("outreach/<int:pk>/delete/", views.outreach_delete, name="outreach-delete"),
    path("outreach/meetings/<int:year>/", views.outreach_meetings, name="outreach-meetings"),
    path("models/", views.model_list, name="model-list"),
    path("models/new/", views.model_create, name="model-create"),
    path("models/<int:pk>/", views.model_detail, name="model-detail"),
    path("models/<int:pk>/edit/", views.model_edit, name="model-edit"),
    path("models/<int:pk>/evaluate/", views.model_evaluate, name="model-evaluate"),
]
