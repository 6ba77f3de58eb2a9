from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc_portal.finality import FinalRecordAdmin
from cchc_portal.versioning import VersionedAdminMixin

from . import finality
from .models import (
    ChecklistCriterion,
    ChecklistResult,
    ChecklistTemplate,
    EvidenceFile,
    Finding,
    Inspection,
    InspectionPlan,
    Recommendation,
    RecommendationSummary,
    RemediationReport,
    ShortcomingType,
)


@admin.register(ShortcomingType)
class ShortcomingTypeAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "area", "order", "is_active"]
    list_filter = ["area", "is_active"]
    search_fields = ["name", "code"]


class ChecklistCriterionInline(VersionedAdminMixin, admin.TabularInline):
    model = ChecklistCriterion
    extra = 0
    autocomplete_fields = ["shortcoming_type"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["unit"]
    inlines = [ChecklistCriterionInline]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "document_number"]
    list_filter = ["year"]
    search_fields = ["title", "document_number", "unit__name"]
    autocomplete_fields = ["unit"]


class FindingInline(VersionedAdminMixin, admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["kind", "area", "shortcoming_type", "text", "order"]


class RecommendationInline(VersionedAdminMixin, admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["number", "text", "responsible_unit", "due_on", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["responsible_unit"]


@admin.register(Inspection)
class InspectionAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["start_on", "unit", "kind", "status", "lead"]
    list_filter = ["status", "kind", "is_scheduled"]
    search_fields = ["unit__name", "notice_number"]
    date_hierarchy = "start_on"
    autocomplete_fields = ["unit", "plan", "lead", "members"]
    # Status moves only through the services (the state machine); not editable here.
    readonly_fields = [
        "status",
        "started_at",
        "started_by",
        "concluded_at",
        "concluded_by",
        "closed_at",
        "version",
    ]
    inlines = [FindingInline, RecommendationInline]

    def final_reason(self, obj):
        return finality.inspection_final_reason(obj)


class EvidenceFileInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0
    readonly_fields = ["file", "name", "size"]


@admin.register(Recommendation)
class RecommendationAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["inspection", "number", "responsible_unit", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["text", "responsible_unit__name"]
    readonly_fields = ["status", "accepted_at", "overdue_notified_on", "version"]
    autocomplete_fields = ["inspection", "finding", "responsible_unit"]

    def final_reason(self, obj):
        return finality.issued_content_final_reason(obj)


@admin.register(RemediationReport)
class RemediationReportAdmin(FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["recommendation", "submitted_by", "submitted_at", "decision", "reviewed_by"]
    list_filter = ["decision"]
    readonly_fields = ["decision", "reviewed_by", "reviewed_at", "submitted_by", "submitted_at"]
    inlines = [EvidenceFileInline]

    def final_reason(self, obj):
        return finality.report_final_reason(obj)


@admin.register(ChecklistResult)
class ChecklistResultAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["inspection", "criterion_text", "result", "recorded_by"]
    list_filter = ["result"]
    readonly_fields = ["finding", "recorded_by"]

    def final_reason(self, obj):
        return finality.issued_content_final_reason(obj)


@admin.register(Finding)
class FindingAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["inspection", "kind", "area", "shortcoming_type"]
    list_filter = ["kind", "area"]
    search_fields = ["text"]

    def final_reason(self, obj):
        return finality.issued_content_final_reason(obj)


@admin.register(RecommendationSummary)
class RecommendationSummaryAdmin(admin.ModelAdmin):
    """Derived from the recommendations and rebuilt on every write: shown, never edited."""

    list_display = ["responsible_unit", "held_on", "status", "due_on", "recommendations"]
    list_filter = ["status"]
    list_select_related = ["responsible_unit"]
    search_fields = ["responsible_unit__name"]
    date_hierarchy = "held_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
