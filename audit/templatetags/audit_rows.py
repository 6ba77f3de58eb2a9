"""The audit log's rows, written in Python as the other long lists' are (a template loop
over 50 rows of six cells was most of the page's time). Every value is escaped."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cchc_portal.rows import escaped as _e

from ..models import AuditEvent

register = template.Library()


def _unit_name(event):
    try:
        unit = event.unit
    except ObjectDoesNotExist:  # a unit deleted since: the event keeps its id only
        return ""
    return unit.display_name if unit is not None else ""


def _who(event, system):
    try:
        user = event.user
    except ObjectDoesNotExist:  # an account deleted since
        user = None
    if user is not None:
        return f'{_e(user)} <span class="text-muted">({_e(event.username)})</span>'
    if event.username:
        return _e(event.username)
    return f'<span class="text-muted">{system}</span>'


def _record(event, list_url, history):
    if not event.record_type:
        return "—"
    shown = _e(event.object_repr)
    if event.record_url and not getattr(event, "record_gone", False):
        shown = f'<a href="{_e(event.record_url)}">{shown}</a>'
    query = urlencode({"record_type": event.record_type, "object_id": event.object_id or ""})
    return (
        f'<span class="text-muted">{_e(capfirst(event.record_type_label))}</span> · {shown}\n'
        f'      · <a href="{_e(list_url)}?{_e(query)}">{history}</a>'
    )


def _details(event):
    parts = ", ".join(_e(label) for label in event.field_labels) if event.fields else ""
    if event.reason:
        parts += (" · " if event.fields else "") + _e(event.reason)
    if event.ip_address:
        parts += _e(event.ip_address)
    return parts


@register.simple_tag
def event_rows(events):
    """The log's table rows (`audit/event_list.html`), newest first."""
    list_url = reverse("audit:event-list")
    history, system = _e(_("history")), _e(_("system"))
    actions = {value: _e(capfirst(label)) for value, label in AuditEvent.Action.choices}
    rows = []
    for event in events:
        when = timezone.localtime(event.occurred_at).strftime("%d/%m/%Y %H:%M:%S")
        rows.append(
            '<tr data-testid="event-row">\n'
            f'    <td class="text-nowrap">{when}</td>\n'
            f"    <td>{_who(event, system)}</td>\n"
            f"    <td>{_e(_unit_name(event)) or '—'}</td>\n"
            f"    <td>{actions.get(event.action, _e(event.action))}</td>\n"
            f"    <td>{_record(event, list_url, history)}</td>\n"
            f'    <td class="small">{_details(event)}</td>\n  </tr>'
        )
    return mark_safe("\n  ".join(rows))  # noqa: S308 (every value is escaped)
