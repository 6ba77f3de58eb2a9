"""Template tags of the reform pages: what a page repeats per row, rendered in Python.

Django renders each <option> of a select, each included fragment and each row through the
template engine; on a list of fifty plans with a hundred units in its filter, or a plan of
thirty tasks, that was most of the page's time (issue 12). These tags build the same HTML
with `format_html`, which escapes every value as the templates did; the page templates keep
the layout around them.
"""

from django import template
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cchc_portal.figures.formatting import format_count, format_percent

from ..models import ReformTask

register = template.Library()

BADGE_CLASSES = {
    ReformTask.Status.DONE: "text-bg-success",
    ReformTask.Status.CANCELLED: "text-bg-secondary",
    ReformTask.Status.IN_PROGRESS: "text-bg-primary",
    ReformTask.Status.NOT_STARTED: "text-bg-light border",
}


@register.simple_tag
def select_field(field):
    """A bound field's <select>, as its widget would render it, without a template per option."""
    widget = field.field.widget
    if not hasattr(widget, "choices") or widget.allow_multiple_selected:
        return str(field)
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    if field.errors:
        attrs["aria-invalid"] = "true"
    attrs = widget.build_attrs(widget.attrs, attrs)
    chosen = set(widget.format_value(field.value()))
    options = []
    for value, label in widget.choices:
        value = "" if value is None else str(value)
        is_chosen = value in chosen
        if is_chosen:
            chosen = set()  # one selected option, as Select renders it
        options.append((value, mark_safe(" selected") if is_chosen else "", label))
    return format_html(
        '<select name="{}"{}>{}</select>',
        field.html_name,
        flatatt(attrs),
        format_html_join("", '<option value="{}"{}>{}</option>', options),
    )


@register.simple_tag
def status_badge(task):
    """The task's status badge, with "late" and "overdue" (`task.overdue`, set by the selector)."""
    parts = [
        format_html(
            '<span class="badge {}">{}</span>',
            BADGE_CLASSES.get(task.status, "text-bg-light border"),
            capfirst(task.get_status_display()),
        )
    ]
    if task.status == ReformTask.Status.DONE and task.is_late:
        parts.append(format_html(' <span class="badge text-bg-warning">{}</span>', _("late")))
    if getattr(task, "overdue", False):
        parts.append(format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue")))
    return mark_safe("".join(parts))


def _day(value):
    return value.strftime("%d/%m/%Y")


@register.simple_tag
def plan_row(plan, several):
    """A row of the plan list: year, unit (for users who see several), document, figures."""
    if plan.document_id:
        document = format_html("{}", plan.document.number)
    else:
        document = format_html('<span class="badge text-bg-warning">{}</span>', _("draft"))
    return format_html(
        '<tr>\n    <td><a href="{}">{}</a></td>\n    {}<td>{}</td>\n'
        '    <td class="num">{}/{}</td>\n    <td class="num">{}</td>\n'
        '    <td class="num{}">{}</td>\n  </tr>',
        plan.get_absolute_url(),
        _("Plan %(year)s") % {"year": plan.year},
        format_html("<td>{}</td>\n    ", plan.unit.display_name) if several else "",
        document,
        format_count(plan.tasks_done),
        format_count(plan.tasks_total),
        format_percent(plan.rate),
        " overdue" if plan.tasks_overdue else "",
        format_count(plan.tasks_overdue),
    )


@register.simple_tag
def task_item(task, plan, can_edit):
    """A task of the plan page: a general task (its number, deadline, actions) or a specific one
    (with its completion date and evidence), as numbered by `selectors.plan_tasks`."""
    badge = status_badge(task)
    details = [badge]
    if task.deadline:
        details.append(format_html(" · {} {}", _("deadline"), _day(task.deadline)))
    general = task.parent_id is None
    if not general and task.completed_on:
        details.append(format_html(" · {} {}", _("completed"), _day(task.completed_on)))
    if task.responsible:
        details.append(format_html(" · {}", task.responsible))
    if not general and (task.evidence_file or task.evidence_document_id):
        details.append(
            format_html(' · <i class="bi bi-paperclip" aria-hidden="true"></i> {}', _("evidence"))
        )
    actions = ""
    if can_edit:
        update_url = reverse("reforms:task-update", args=[task.pk])
        if general:
            buttons = []
            if not task.specific:
                buttons.append(
                    format_html(
                        '<a class="btn btn-sm btn-success" href="{}">{}</a>',
                        update_url,
                        _("Update"),
                    )
                )
            buttons.append(
                format_html(
                    '<a class="btn btn-sm btn-outline-secondary" href="{}?parent={}" '
                    'aria-label="{}"><i class="bi bi-plus-lg" aria-hidden="true"></i> {}</a>',
                    reverse("reforms:task-create", args=[plan.pk]),
                    task.pk,
                    _("Add a specific task under %(title)s") % {"title": task.title},
                    _("Specific task"),
                )
            )
            actions = format_html(
                '<div class="task-actions d-print-none">{}</div>', mark_safe(" ".join(buttons))
            )
        else:
            actions = format_html(
                '<div class="task-actions d-print-none"><a class="btn btn-sm btn-success" '
                'href="{}" aria-label="{}">{}</a></div>',
                update_url,
                _("Update: %(title)s") % {"title": task.title},
                _("Update"),
            )
    if general:
        number = format_html('<span class="task-number fw-semibold">{}.</span>', task.number)
        link = format_html(
            '<a class="fw-semibold" href="{}">{}</a>', task.get_absolute_url(), task.title
        )
    else:
        number = format_html('<span class="task-number">{}</span>', task.number)
        link = format_html('<a href="{}">{}</a>', task.get_absolute_url(), task.title)
    return format_html(
        '<li class="list-group-item {}" data-testid="task-row">'
        '<div class="d-flex flex-wrap gap-2 align-items-start">{}'
        '<div class="flex-grow-1">{}<div class="small text-muted">{}</div></div>{}</div></li>',
        "task-general" if general else "task-specific",
        number,
        link,
        mark_safe("".join(details)),
        actions,
    )
