"""The audit log: one row per change of a tracked record and per sign-in, never edited.

Why a table of its own rather than a union of the historical tables read at each page:
a country holds millions of history rows in some twenty-five tables, and a page of the log
would be twenty-five sorted queries (each with joins to find the record's unit, lost once
the parent is deleted) merged in Python, with a count over all of them. One narrow table,
written in the same transaction as the history row it points to (`audit.recording`), is one
indexed query per page, keeps the unit and label a deleted record had, and holds the
sign-ins too.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc_portal.models import ScopedQuerySet


class AuditEventQuerySet(ScopedQuerySet):
    """Scope: events of records of units in the user's subtree (users and their sign-ins
    count under their unit); administrators see every event, those without a unit too."""

    unit_field = "unit"

    def for_record(self, record_type, object_id):
        return self.filter(record_type=record_type, object_id=object_id)


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        LOGIN = "login", _("signed in")
        LOGOUT = "logout", _("signed out")
        LOGIN_FAILED = "login_failed", _("failed sign-in")

    RECORD_ACTIONS = (Action.CREATED, Action.CHANGED, Action.DELETED)

    occurred_at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The log outlives what it points to: no constraint, nothing cascades into it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # The acting user's name then; for a failed sign-in, the name that was typed.
    username = models.CharField(_("username"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "cchc_portal.Unit",
        verbose_name=_("unit"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    record_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.BigIntegerField(_("record number"), null=True, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    # The record's page when it was written (none for a deleted record or a sign-in).
    record_url = models.CharField(_("address"), max_length=255, blank=True)
    history_id = models.BigIntegerField(_("history row"), null=True, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["-occurred_at", "-id"], name="audit_event_time"),
            models.Index(fields=["unit", "-occurred_at"], name="audit_event_unit"),
            models.Index(fields=["username", "-occurred_at"], name="audit_event_username"),
            models.Index(fields=["record_type", "object_id"], name="audit_event_record"),
            models.Index(fields=["action", "-occurred_at"], name="audit_event_action"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Written once; a log that could be rewritten would prove nothing.
        if not self._state.adding:
            raise ValidationError(_("An audit event cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An audit event cannot be deleted."))

    @property
    def record_model(self):
        if not self.record_type:
            return None
        try:
            return apps.get_model(self.record_type)
        except (LookupError, ValueError):
            return None

    @property
    def record_type_label(self):
        model = self.record_model
        return str(model._meta.verbose_name) if model else self.record_type

    @property
    def field_labels(self):
        """The changed fields as people read them."""
        model = self.record_model
        labels = []
        for name in self.fields or ():
            try:
                labels.append(str(model._meta.get_field(name).verbose_name))
            except Exception:
                labels.append(name)
        return labels
