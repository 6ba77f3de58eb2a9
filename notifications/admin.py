from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "text", "read_at"]
    list_filter = ["kind", "read_at"]
    search_fields = ["text", "recipient__username"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"
