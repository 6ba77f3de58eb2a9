from django.urls import path

from .views import catalogue, inspections, plans, remediation, visit

app_name = "inspections"

urlpatterns = [
    path("", inspections.inspection_list, name="inspection-list"),
    path("new/", inspections.inspection_create, name="inspection-create"),
    path("<int:pk>/", inspections.inspection_detail, name="inspection-detail"),
    path("<int:pk>/edit/", inspections.inspection_edit, name="inspection-edit"),
    path("<int:pk>/delete/", inspections.inspection_delete, name="inspection-delete"),
    path("<int:pk>/start/", inspections.inspection_start, name="inspection-start"),
    path("<int:pk>/snapshot/", inspections.inspection_snapshot, name="inspection-snapshot"),
    path(
        "<int:pk>/snapshot/refresh/",
        inspections.inspection_snapshot_refresh,
        name="inspection-snapshot-refresh",
    ),
    path("<int:pk>/conclude/", inspections.inspection_conclude, name="inspection-conclude"),
    path("<int:pk>/reopen/", inspections.inspection_reopen, name="inspection-reopen"),
    path("<int:pk>/notice/", inspections.inspection_notice, name="inspection-notice"),
    path("<int:pk>/notice.pdf", inspections.inspection_notice_pdf, name="inspection-notice-pdf"),
    path("<int:pk>/checklist/", visit.inspection_checklist, name="inspection-checklist"),
    path("<int:pk>/checklist/<int:criterion_pk>/", visit.checklist_mark, name="checklist-mark"),
    path("checklist-photos/<int:pk>/", visit.checklist_photo, name="checklist-photo"),
    path("<int:pk>/findings/new/", visit.finding_create, name="finding-create"),
    path("findings/<int:pk>/edit/", visit.finding_edit, name="finding-edit"),
    path("findings/<int:pk>/delete/", visit.finding_delete, name="finding-delete"),
    path(
        "<int:pk>/recommendations/new/", visit.recommendation_create, name="recommendation-create"
    ),
    path("recommendations/", remediation.recommendation_list, name="recommendation-list"),
    path(
        "recommendations/<int:pk>/",
        remediation.recommendation_detail,
        name="recommendation-detail",
    ),
    path("recommendations/<int:pk>/edit/", visit.recommendation_edit, name="recommendation-edit"),
    path(
        "recommendations/<int:pk>/delete/",
        visit.recommendation_delete,
        name="recommendation-delete",
    ),
    path(
        "recommendations/<int:pk>/report/",
        remediation.recommendation_report,
        name="recommendation-report",
    ),
    path(
        "recommendations/<int:pk>/review/",
        remediation.recommendation_review,
        name="recommendation-review",
    ),
    path(
        "recommendations/<int:pk>/reopen/",
        remediation.recommendation_reopen,
        name="recommendation-reopen",
    ),
    path("remediation/", remediation.remediation_list, name="remediation-list"),
    path("review/", remediation.review_queue, name="review-queue"),
    path("evidence/<int:pk>/", remediation.evidence_download, name="evidence-download"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/new/", plans.plan_edit, name="plan-create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path("shortcoming-types/", catalogue.shortcoming_type_list, name="shortcomingtype-list"),
    path("shortcoming-types/new/", catalogue.shortcoming_type_edit, name="shortcomingtype-create"),
    path(
        "shortcoming-types/<int:pk>/edit/",
        catalogue.shortcoming_type_edit,
        name="shortcomingtype-edit",
    ),
    path("checklists/", catalogue.checklist_list, name="checklist-list"),
    path("checklists/new/", catalogue.checklist_edit, name="checklist-create"),
    path("checklists/<int:pk>/", catalogue.checklist_detail, name="checklist-detail"),
    path("checklists/<int:pk>/edit/", catalogue.checklist_edit, name="checklist-edit"),
    path(
        "checklists/<int:template_pk>/criteria/new/",
        catalogue.criterion_edit,
        name="criterion-create",
    ),
    path("criteria/<int:pk>/edit/", catalogue.criterion_edit, name="criterion-edit"),
]
