from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc_portal.finality import FinalRecordAdmin
from cchc_portal.versioning import VersionedAdminMixin

from . import finality
from .models import ReportRound, ReportSubmission, UnitReport


class UnitReportInline(VersionedAdminMixin, admin.TabularInline):
    model = UnitReport
    fields = ["unit", "status", "first_submitted_at", "submitted_at"]
    # Shown, not edited: the round's services add and remove the units that owe it, and a
    # submitted report is never moved or deleted (its own page says why).
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportRound)
class ReportRoundAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "unit",
        "year",
        "kind",
        "quarter",
        "starts_on",
        "ends_on",
        "deadline",
    ]
    list_filter = ["year", "kind"]
    raw_id_fields = ["unit", "created_by"]
    readonly_fields = ["starts_on", "ends_on"]
    inlines = [UnitReportInline]


class ReportSubmissionInline(admin.TabularInline):
    model = ReportSubmission
    fields = ["number", "submitted_at", "submitted_by", "source", "returned_at", "return_comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(UnitReport)
class UnitReportAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["round", "unit", "status", "first_submitted_at", "submitted_at"]
    list_filter = ["status", "round__year", "round__kind"]
    search_fields = ["unit__name"]
    raw_id_fields = ["round", "unit", "submitted_by", "narrative_edited_by"]
    readonly_fields = ["first_submitted_at", "submitted_at"]
    inlines = [ReportSubmissionInline]

    def final_reason(self, obj):
        return finality.report_final_reason(obj)
