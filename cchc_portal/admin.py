from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import inputs
from .models import FiguresVersion, Role, Unit, User
from .versioning import VersionedAdminMixin

admin.site.site_header = _("CCHC Portal administration")
admin.site.site_title = _("CCHC Portal")
admin.site.index_title = _("Administration")


@admin.register(Unit)
class UnitAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    list_filter = ["roles", "is_active", "unit__kind"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["roles", "groups", "user_permissions"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Unit and roles"), {"fields": ("unit", "roles", "position", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Unit and roles"), {"fields": ("unit", "roles", "first_name", "last_name", "email")}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A 40-digit id posted for a role is an invalid choice, not a database overflow.
        kwargs.setdefault("form_class", inputs.ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(FiguresVersion)
class FiguresVersionAdmin(admin.ModelAdmin):
    """Derived (see `cchc_portal.summaries`): shown, never edited by hand."""

    list_display = ("unit", "stamp")
    search_fields = ("unit__name", "unit__code")
    list_select_related = ("unit",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
