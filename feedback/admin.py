from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cchc_portal.versioning import VersionedAdminMixin

from .models import Answer, Counter, Question, Questionnaire, Reason, Response


@admin.register(Counter)
class CounterAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """The keys are never shown: the counter's page gives its addresses to those who may."""

    list_display = ["name", "unit", "is_active", "keys_rotated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit"]
    fields = ["unit", "name", "is_active", "keys_rotated_at"]
    readonly_fields = ["keys_rotated_at"]


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "kind", "text"]
    extra = 0


class ReasonInline(admin.TabularInline):
    model = Reason
    fields = ["order", "text"]
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "number"]
    list_filter = ["year"]
    search_fields = ["title", "unit__name"]
    raw_id_fields = ["unit"]
    inlines = [QuestionInline, ReasonInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "score"]
    readonly_fields = ["question", "score"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    """Citizens' answers are read, never added or changed here (reviews: the review page)."""

    list_display = ["submitted_at", "counter", "unit", "channel", "suspicion", "review"]
    list_filter = ["suspicion", "review", "channel"]
    search_fields = ["counter__name", "unit__name", "dossier_code"]
    date_hierarchy = "answered_on"
    fields = [
        "counter",
        "unit",
        "questionnaire",
        "channel",
        "submitted_at",
        "answered_on",
        "dossier_code",
        "procedure_field",
        "comment",
        "reasons",
        "seconds_on_page",
        "suspicion",
        "review",
        "reviewed_by",
        "reviewed_at",
    ]
    readonly_fields = fields
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
