"""Writes the audit log: every history row django-simple-history records, and sign-ins.

A change is logged by `post_create_historical_record`, in the transaction that writes the
history row, so the log never holds a change that was rolled back nor misses one that was
kept. Rows written by `bulk_create_with_history` send no signal (a report round's unit
reports, the demo's figures): `manage.py audit_backfill` adds those, and any history kept
before the log existed.
"""

from functools import cache
from ipaddress import ip_address

from django.apps import apps
from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ObjectDoesNotExist
from django.urls import NoReverseMatch
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from cchc_portal.history import HIDDEN_FIELDS

from .models import AuditEvent

ACTIONS = {
    "+": AuditEvent.Action.CREATED,
    "~": AuditEvent.Action.CHANGED,
    "-": AuditEvent.Action.DELETED,
}

# The unit a record belongs to, where its queryset's `unit_field` does not say it.
UNIT_LOOKUPS = {
    "cchc_portal.unit": "",  # a unit is its own
    "cchc_portal.user": "unit",
    "inspections.remediationreport": "recommendation__responsible_unit",
    "inspections.evidencefile": "report__recommendation__responsible_unit",
    "inspections.checklistcriterion": "template__unit",
    "inspections.checklistresult": "inspection__unit",
    "reports.reportsubmission": "report__unit",
    "feedback.question": "questionnaire__unit",
    "feedback.reason": "questionnaire__unit",
}


def tracked_models():
    """Every model whose history django-simple-history keeps, by verbose name."""
    found = [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]
    return sorted(found, key=lambda model: str(model._meta.verbose_name))


def _valid_lookup(model, lookup):
    current = model
    for name in lookup.split("__"):
        try:
            field = current._meta.get_field(name)
        except Exception:
            return False
        if not field.many_to_one:
            return False
        current = field.related_model
    return current._meta.label_lower == "cchc_portal.unit"


@cache
def unit_lookup(model):
    """The path from `model` to its unit ("plan__unit"), "" for a unit, None for a shared list."""
    label = model._meta.label_lower
    if label in UNIT_LOOKUPS:
        return UNIT_LOOKUPS[label]
    candidates = [getattr(model._default_manager.get_queryset(), "unit_field", None), "unit"]
    for lookup in candidates:
        if lookup and _valid_lookup(model, lookup):
            return lookup
    return None


def unit_id_of(instance):
    """The id of the unit `instance` belongs to: related rows already loaded are used, else
    one query for the rest of the path (the record itself may already be deleted)."""
    lookup = unit_lookup(type(instance))
    if lookup is None:
        return None
    if lookup == "":
        return instance.pk
    current = instance
    parts = lookup.split("__")
    for index, name in enumerate(parts):
        field = current._meta.get_field(name)
        if field.is_cached(current):
            current = getattr(current, name)
            if current is None:
                return None
            continue
        related_id = getattr(current, field.attname)
        rest = parts[index + 1 :]
        if related_id is None or not rest:
            return related_id
        return (
            field.related_model._base_manager.filter(pk=related_id)
            .values_list(f"{'__'.join(rest)}_id", flat=True)
            .first()
        )
    return current.pk


def changed_fields(history_instance, previous):
    """The names of the visible fields this change moved; [] when only bookkeeping moved;
    None when there is no earlier record to compare with."""
    if previous is None:
        return None
    delta = history_instance.diff_against(previous)
    model = history_instance.instance_type
    names = []
    for name in delta.changed_fields:
        try:
            field = model._meta.get_field(name)
        except Exception:
            continue
        if field.name in HIDDEN_FIELDS or not (field.editable or field.many_to_many):
            continue
        names.append(name)
    return names


def label(instance):
    try:
        return str(instance)[:200]
    except ObjectDoesNotExist:
        return f"#{instance.pk}"


def page_url(instance):
    if not hasattr(instance, "get_absolute_url"):
        return ""
    try:
        return instance.get_absolute_url()[:255]
    except (NoReverseMatch, ObjectDoesNotExist):
        return ""


def record_history(sender, *, instance, history_instance, **kwargs):
    action = ACTIONS[history_instance.history_type]
    fields = []
    if action == AuditEvent.Action.CHANGED:
        changed = changed_fields(history_instance, history_instance.prev_record)
        if changed == []:
            # A save that moved only hidden fields (the version, a sign-in's last_login).
            return
        fields = changed or []
    user = history_instance.history_user
    AuditEvent.objects.create(
        occurred_at=history_instance.history_date,
        action=action,
        user=user,
        username=user.get_username() if user is not None else "",
        unit_id=unit_id_of(instance),
        record_type=instance._meta.label_lower,
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr=label(instance),
        record_url="" if action == AuditEvent.Action.DELETED else page_url(instance),
        history_id=history_instance.pk,
        fields=fields,
        reason=(history_instance.history_change_reason or "")[:255],
    )


def client_address(request):
    """The client's address as the login throttle sees it (axes: the proxy header only when
    it is configured to trust one), or None."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    address = get_client_ip_address(request)
    try:
        return str(ip_address(address)) if address else None
    except ValueError:
        return None


def _sign_in_event(action, request, user, username):
    AuditEvent.objects.create(
        occurred_at=timezone.now(),
        action=action,
        user=user,
        username=(username or "")[:150],
        unit_id=getattr(user, "unit_id", None),
        ip_address=client_address(request),
    )


def record_login(sender, request, user, **kwargs):
    _sign_in_event(AuditEvent.Action.LOGIN, request, user, user.get_username())


def record_logout(sender, request, user, **kwargs):
    if user is None or not user.is_authenticated:
        return
    _sign_in_event(AuditEvent.Action.LOGOUT, request, user, user.get_username())


def record_login_failed(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or "").replace("\x00", "")[:150]
    # Under the account's unit, so that its unit's internal affairs see attempts against it.
    user = User._default_manager.filter(username=username).only("pk", "unit_id").first()
    _sign_in_event(AuditEvent.Action.LOGIN_FAILED, request, user, username)


def connect():
    post_create_historical_record.connect(record_history, dispatch_uid="audit-history")
    user_logged_in.connect(record_login, dispatch_uid="audit-login")
    user_logged_out.connect(record_logout, dispatch_uid="audit-logout")
    user_login_failed.connect(record_login_failed, dispatch_uid="audit-login-failed")
