"""Final records stay final: what a report counted or a conclusion issued is never deleted or
edited in place, the Django admin included; it changes only after a reopening that records
its reason in history (each app's `*_reopen` service).

- `RecordIsFinal`: the refusal, with a message that says which reopening to ask for.
- `refuse_delete(model, reason_of)`: a `pre_delete` guard, so `Model.delete()`,
  `QuerySet.delete()`, cascades and the admin's bulk action are refused alike.
- `reported_through(unit_id, year)`: the last day of a period whose figures the unit already
  reported (the reports app registers the answer; the apps below it ask here, as the layers
  forbid them to import it).
- `FinalRecordAdmin`: a ModelAdmin mixin that shows a final record read-only and refuses its
  change, its delete and a bulk delete that includes it, with the reason.
"""

import contextlib
import contextvars

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models.signals import pre_delete
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import roles


class RecordIsFinal(ValidationError):
    """A change or a delete of a record that a report counted or a conclusion issued."""


_unguarded = contextvars.ContextVar("finality_unguarded", default=False)


@contextlib.contextmanager
def unguarded():
    """Let deletes of final rows through: a repair in `manage.py shell`, and the tests that
    prove the summaries stay exact whatever deletes a row. Never used by the portal itself."""
    token = _unguarded.set(True)
    try:
        yield
    finally:
        _unguarded.reset(token)


def refuse_delete(model, reason_of):
    """Refuse every delete of a `model` row for which `reason_of(row)` gives a message."""

    def guard(sender, instance, **kwargs):
        if _unguarded.get():
            return
        reason = reason_of(instance)
        if reason:
            raise RecordIsFinal(reason, code="final")

    pre_delete.connect(guard, sender=model, weak=False, dispatch_uid=f"final-{model._meta.label}")


# --- what the reports app has counted ---------------------------------------------------

_reported_through = []


def register_reported_through(function):
    """`function(unit_id, year)` → the last day already reported for that unit and year."""
    if function not in _reported_through:
        _reported_through.append(function)


def reported_through(unit_id, year):
    """The last day of the periods of `year` whose figures `unit_id` has reported, or None."""
    days = [day for function in _reported_through if (day := function(unit_id, year))]
    return max(days, default=None)


def can_reopen(user, unit):
    """A reopening is for internal affairs whose scope covers the unit, or an administrator."""
    if not user.is_authenticated:
        return False
    return user.is_administrator or roles.can_manage_units(user, unit)


def clean_reason(reason):
    """The reason of a reopening, required (it is what the history keeps)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    return reason


class ReopenForm(forms.Form):
    """The reason for a reopening: required, and short enough for the history's note."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for reopening"),
        max_length=80,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the record's history, with your name and the time."),
        error_messages={"required": gettext_lazy("Give the reason for reopening.")},
    )


# --- the admin ---------------------------------------------------------------------------


class FinalRecordAdmin(admin.ModelAdmin):
    """A mixin for the ModelAdmin of a model with final rows; `final_reason(obj)` says why."""

    def final_reason(self, obj):
        """None, or why `obj` cannot be changed or deleted here (and how to reopen it)."""
        return None

    def delete_refused_reason(self, obj):
        """None, or why `obj` cannot be deleted (by default: it is final)."""
        return self.final_reason(obj)

    def _refusal(self, request, obj, reason):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "reason": reason,
            "title": _("This record is final"),
        }
        return TemplateResponse(request, "admin/final_record.html", context, status=403)

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.final_reason(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.delete_refused_reason(obj):
            return False
        return super().has_delete_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None and (reason := self.final_reason(obj)):
            if request.method == "POST":
                return self._refusal(request, obj, reason)
            self.message_user(request, reason, messages.WARNING)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and (reason := self.delete_refused_reason(obj)):
            return self._refusal(request, obj, reason)
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (self._guarded_delete(function), name, description)
        return actions

    def _guarded_delete(self, delete_selected):
        def guarded(modeladmin, request, queryset):
            for obj in queryset:
                if reason := self.delete_refused_reason(obj):
                    self.message_user(
                        request,
                        _("Nothing was deleted: %(record)s is final. %(reason)s")
                        % {"record": obj, "reason": reason},
                        messages.ERROR,
                    )
                    return None
            return delete_selected(modeladmin, request, queryset)

        return guarded
