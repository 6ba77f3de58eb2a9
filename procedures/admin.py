from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc_portal.versioning import VersionedAdminMixin

from .models import (
    DataFlag,
    DigitalGovernmentReport,
    IntakeReport,
    IntakeSummary,
    MonthlyReport,
    ProcedureField,
)


@admin.register(ProcedureField)
class ProcedureFieldAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    ordering = ["order"]

    def has_delete_permission(self, request, obj=None):
        # A field with figures cannot be deleted (PROTECT); deactivate it instead.
        return obj is None or not obj.intake_reports.exists()


@admin.register(IntakeReport)
class IntakeReportAdmin(SimpleHistoryAdmin):
    list_display = [
        "unit",
        "month",
        "field",
        "carried_over",
        "received_online",
        "received_counter",
        "received_postal",
        "processed_electronically",
    ]
    list_filter = ["field", "month"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "field"]
    date_hierarchy = "month"


@admin.register(DigitalGovernmentReport)
class DigitalGovernmentReportAdmin(SimpleHistoryAdmin):
    list_display = [
        "unit",
        "month",
        "documents_total",
        "documents_signed",
        "documents_interconnected",
        "documents_internal",
    ]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    date_hierarchy = "month"


@admin.register(MonthlyReport)
class MonthlyReportAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "month", "window", "submitted_by", "updated_at"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "submitted_by"]
    readonly_fields = ["version", "submitted_by", "window"]
    date_hierarchy = "month"


@admin.register(DataFlag)
class DataFlagAdmin(admin.ModelAdmin):
    """Flags are derived from the figures: read them here, correct the figures to clear them."""

    list_display = ["unit", "month", "kind", "message", "detected_at", "resolved_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "field"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IntakeSummary)
class IntakeSummaryAdmin(admin.ModelAdmin):
    """Derived from the intake reports on every write: read it here, never edit it."""

    list_display = [
        "unit",
        "month",
        "previous_month",
        "next_month",
        "report_count",
        "carried_over",
        "received_online",
        "received_counter",
        "received_postal",
        "pending_within_deadline",
        "pending_overdue",
        "processed_electronically",
    ]
    list_filter = ["month"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit"]
    date_hierarchy = "month"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
