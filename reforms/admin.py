from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc_portal.finality import FinalRecordAdmin
from cchc_portal.versioning import VersionedAdminForm, VersionedAdminMixin

from . import services
from .models import (
    IssuedDocument,
    OutreachActivity,
    OutreachYear,
    ReformArea,
    ReformModel,
    ReformPlan,
    ReformTask,
    ReformTaskSummary,
)


@admin.register(ReformArea)
class ReformAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    ordering = ["order"]


class ReformTaskAdminForm(VersionedAdminForm):
    """The services' rule here too: a date a submitted report counted does not move."""

    def clean(self):
        data = super().clean()
        task = self.instance
        if task.pk:
            # `instance` still holds the saved values: the form applies its own after clean().
            services.refuse_reported_change(
                task.plan,
                (task.deadline, data.get("deadline", task.deadline)),
                (task.completed_on, data.get("completed_on", task.completed_on)),
            )
        return data


class ReformTaskInline(VersionedAdminMixin, admin.TabularInline):
    model = ReformTask
    form = ReformTaskAdminForm
    fields = ["parent", "area", "position", "title", "deadline", "status", "completed_on"]
    raw_id_fields = ["parent"]
    extra = 0
    show_change_link = True
    # A task is deleted on its own page, which refuses a task already counted.
    can_delete = False


@admin.register(ReformPlan)
class ReformPlanAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["unit", "year", "document"]
    list_filter = ["year", "unit__kind"]
    search_fields = ["unit__name", "document__number"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["document"]
    inlines = [ReformTaskInline]

    def final_reason(self, obj):
        return services.plan_final_reason(obj)

    def delete_refused_reason(self, obj):
        return services.plan_delete_refusal(obj)


@admin.register(ReformTask)
class ReformTaskAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    form = ReformTaskAdminForm
    list_display = ["title", "plan", "area", "status", "deadline", "completed_on"]
    list_filter = ["status", "area", "plan__year"]
    search_fields = ["title", "plan__unit__name"]
    raw_id_fields = ["plan", "parent", "evidence_document"]

    def final_reason(self, obj):
        return services.plan_final_reason(obj.plan)

    def delete_refused_reason(self, obj):
        return services.task_delete_refusal(obj)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "issued_on", "kind", "title", "unit"]
    list_filter = ["kind", "issued_on"]
    search_fields = ["number", "title", "unit__name"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "issued_on"


@admin.register(OutreachActivity)
class OutreachActivityAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["held_on", "form", "topic", "participants", "unit"]
    list_filter = ["form"]
    search_fields = ["topic", "unit__name"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "held_on"


@admin.register(OutreachYear)
class OutreachYearAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "year", "meetings_count"]
    list_filter = ["year"]
    autocomplete_fields = ["unit"]


@admin.register(ReformModel)
class ReformModelAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "unit", "year", "state", "effectiveness"]
    list_filter = ["year", "state", "effectiveness"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["evaluated_by"]


@admin.register(ReformTaskSummary)
class ReformTaskSummaryAdmin(admin.ModelAdmin):
    """The derived task summary, to look at: rebuilt from the tasks on every write, never edited."""

    list_display = ["plan", "area", "status", "deadline", "completed_on", "tasks"]
    list_filter = ["year", "status", "area"]
    search_fields = ["unit__name"]
    list_select_related = ["plan__unit", "area"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
