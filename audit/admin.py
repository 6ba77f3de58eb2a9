from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: the log is written by the portal itself and nobody rewrites it."""

    list_display = ("occurred_at", "action", "username", "unit", "record_type", "object_repr")
    list_filter = ("action", "record_type")
    search_fields = ("username", "object_repr")
    date_hierarchy = "occurred_at"
    list_select_related = ("unit",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
