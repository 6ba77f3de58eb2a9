from django.contrib import admin
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from cchc_portal.finality import FinalRecordAdmin
from cchc_portal.versioning import VersionedAdminMixin

from .models import CriteriaSet, Criterion, Evidence, Score, Scorecard, ScoringRound


def _set_in_use_reason(criteria_set):
    if criteria_set is not None and criteria_set.is_in_use:
        return _(
            "This criteria set is used by a scoring round and can no longer be changed. "
            "Copy it to make a new version."
        )
    return None


def _card_final_reason(card):
    if card is not None and card.is_locked:
        return _(
            "This scorecard is finalised: its scores are locked. Internal affairs can reopen "
            "it on its page."
        )
    return None


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["position", "code", "parent", "text", "max_points", "kind", "rule"]
    raw_id_fields = ["parent"]
    extra = 0
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["name", "unit", "year", "level", "is_sample"]
    list_filter = ["year", "level", "is_sample"]
    search_fields = ["name", "decision", "unit__name"]
    raw_id_fields = ["unit"]
    readonly_fields = ["copied_from"]
    inlines = [CriterionInline]

    def final_reason(self, obj):
        return _set_in_use_reason(obj)


@admin.register(Criterion)
class CriterionAdmin(FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["code", "text", "criteria_set", "max_points", "kind", "rule"]
    list_filter = ["kind", "criteria_set__year"]
    search_fields = ["code", "text", "criteria_set__name"]
    raw_id_fields = ["criteria_set", "parent"]
    readonly_fields = ["depth", "area"]

    def final_reason(self, obj):
        return _set_in_use_reason(obj.criteria_set if obj is not None else None)


@admin.register(ScoringRound)
class ScoringRoundAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "criteria_set", "self_scoring_due"]
    list_filter = ["year"]
    search_fields = ["title", "unit__name"]
    raw_id_fields = ["unit", "criteria_set", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        # Its scorecards' scores rest on the set and the unit: open another round instead.
        fixed = ["unit", "criteria_set"] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]


class ScoreInline(admin.TabularInline):
    model = Score
    fields = [
        "criterion",
        "self_score",
        "computed_score",
        "appraised_score",
        "final_score",
        "appraisal_comment",
    ]
    # Shown, not edited: the scores move with the card's state machine, on its pages.
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


# The state machine's fields: moved only by par_index.services.
CARD_STATE_FIELDS = [
    "status",
    "extended_until",
    "submitted_at",
    "submitted_by",
    "appraised_at",
    "appraised_by",
    "explained_at",
    "explained_by",
    "finalised_at",
    "finalised_by",
]


@admin.register(Scorecard)
class ScorecardAdmin(VersionedAdminMixin, FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["unit", "round", "status", "submitted_at", "finalised_at"]
    list_filter = ["status", "round__year"]
    search_fields = ["unit__name", "round__title"]
    raw_id_fields = ["round", "unit"]
    readonly_fields = CARD_STATE_FIELDS
    inlines = [ScoreInline]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["round", "unit"] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]

    def final_reason(self, obj):
        return _card_final_reason(obj)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["kind", "stage", "label", "page", "automatic"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Score)
class ScoreAdmin(FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["scorecard", "criterion", "self_score", "appraised_score", "final_score"]
    list_filter = ["scorecard__status", "scorecard__round__year"]
    search_fields = ["scorecard__unit__name", "criterion__code"]
    raw_id_fields = ["scorecard", "criterion"]
    readonly_fields = ["computed_score", "computed_detail", "computed_at"]
    inlines = [EvidenceInline]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["scorecard", "criterion"] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]

    def final_reason(self, obj):
        return _card_final_reason(obj.scorecard if obj is not None else None)


@admin.register(Evidence)
class EvidenceAdmin(FinalRecordAdmin, SimpleHistoryAdmin):
    list_display = ["label", "kind", "stage", "score", "automatic", "added_by"]
    list_filter = ["kind", "stage", "automatic"]
    search_fields = ["label", "score__scorecard__unit__name"]
    raw_id_fields = ["score", "document", "plan", "task", "report", "inspection", "added_by"]
    readonly_fields = ["url", "automatic"]

    def final_reason(self, obj):
        return _card_final_reason(obj.score.scorecard if obj is not None else None)
