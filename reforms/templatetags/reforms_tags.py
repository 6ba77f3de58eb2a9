"""Template tags of the reform pages: what a page repeats per row, rendered in Python.

Django renders each <option> of a select, each included fragment and each row through the
template engine; on a list of fifty plans with a hundred units in its filter, or a plan of
thirty tasks, that was most of the page's time (issue 12). These tags build the same HTML in
one pass per list: labels translated once, numbers formatted once per value (through
cchc_portal/figures/formatting.py), every value from the database escaped (`_e`, what the
templates' autoescape did). The page templates keep the layout around them.
"""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cchc_portal.figures.formatting import format_count, format_percent
from cchc_portal.rows import escaped as _e
from cchc_portal.rows import object_url

from ..models import ReformTask

register = template.Library()

Status = ReformTask.Status
BADGE_CLASSES = {
    Status.DONE: "text-bg-success",
    Status.CANCELLED: "text-bg-secondary",
    Status.IN_PROGRESS: "text-bg-primary",
    Status.NOT_STARTED: "text-bg-light border",
}


def _day(value):
    return value.strftime("%d/%m/%Y")


class _Memo(dict):
    """A function's results by argument, for one list (a page repeats the same few numbers)."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __missing__(self, key):
        self[key] = value = self.function(key)
        return value


class _Badges:
    """Status badges of tasks, their labels translated once."""

    def __init__(self):
        self.status = {
            value: f'<span class="badge {BADGE_CLASSES[value]}">{_e(capfirst(str(label)))}</span>'
            for value, label in Status.choices
        }
        self.late = f' <span class="badge text-bg-warning">{_e(_("late"))}</span>'
        self.overdue = f' <span class="badge text-bg-danger">{_e(_("overdue"))}</span>'

    def of(self, task):
        html = self.status.get(task.status) or _e(task.status)
        if task.status == Status.DONE and task.is_late:
            html += self.late
        if getattr(task, "overdue", False):
            html += self.overdue
        return html


@register.simple_tag
def status_badge(task):
    """The task's status badge, with "late" and "overdue" (`task.overdue`, set by the selector)."""
    return mark_safe(_Badges().of(task))


@register.simple_tag
def plan_rows(plans, several):
    """The plan list's rows: year, unit (for users who see several), document, figures."""
    count, percent = _Memo(format_count), _Memo(format_percent)
    draft = f'<span class="badge text-bg-warning">{_e(_("draft"))}</span>'
    plan_label = _("Plan %(year)s")
    rows = []
    for plan in plans:
        unit = f"<td>{_e(plan.unit.display_name)}</td>\n    " if several else ""
        document = _e(plan.document.number) if plan.document_id else draft
        overdue = " overdue" if plan.tasks_overdue else ""
        rows.append(
            f'<tr>\n    <td><a href="{_e(plan.get_absolute_url())}">'
            f"{_e(plan_label % {'year': plan.year})}</a></td>\n    {unit}<td>{document}</td>\n"
            f'    <td class="num">{count[plan.tasks_done]}/{count[plan.tasks_total]}</td>\n'
            f'    <td class="num">{percent[plan.rate]}</td>\n'
            f'    <td class="num{overdue}">{count[plan.tasks_overdue]}</td>\n  </tr>'
        )
    return mark_safe("\n  ".join(rows))


class _TaskItems:
    """The plan page's task rows, with what every row shares worked out once."""

    def __init__(self, plan, can_edit):
        self.can_edit = can_edit
        self.badges = _Badges()
        self.deadline = _e(_("deadline"))
        self.completed = _e(_("completed"))
        self.evidence = _e(_("evidence"))
        self.update = _e(_("Update"))
        self.specific = _e(_("Specific task"))
        self.add_under = _("Add a specific task under %(title)s")
        self.update_of = _("Update: %(title)s")
        self.create_url = _e(reverse("reforms:task-create", args=[plan.pk]))

    def item(self, task):
        general = task.parent_id is None
        title = _e(task.title)
        details = self.badges.of(task)
        if task.deadline:
            details += f" · {self.deadline} {_day(task.deadline)}"
        if not general and task.completed_on:
            details += f" · {self.completed} {_day(task.completed_on)}"
        if task.responsible:
            details += f" · {_e(task.responsible)}"
        if not general and (task.evidence_file or task.evidence_document_id):
            details += f' · <i class="bi bi-paperclip" aria-hidden="true"></i> {self.evidence}'
        actions = ""
        if self.can_edit:
            update_url = _e(object_url("reforms:task-update", task.pk))
            if general:
                update = (
                    f'<a class="btn btn-sm btn-success" href="{update_url}">{self.update}</a> '
                    if not task.specific
                    else ""
                )
                label = _e(self.add_under % {"title": task.title})
                actions = (
                    f'<div class="task-actions d-print-none">{update}<a class="btn btn-sm '
                    f'btn-outline-secondary" href="{self.create_url}?parent={task.pk}" '
                    f'aria-label="{label}"><i class="bi bi-plus-lg" aria-hidden="true"></i> '
                    f"{self.specific}</a></div>"
                )
            else:
                label = _e(self.update_of % {"title": task.title})
                actions = (
                    f'<div class="task-actions d-print-none"><a class="btn btn-sm btn-success" '
                    f'href="{update_url}" aria-label="{label}">{self.update}</a></div>'
                )
        url = _e(task.get_absolute_url())
        if general:
            kind = "task-general"
            head = (
                f'<span class="task-number fw-semibold">{_e(task.number)}.</span>'
                f'<div class="flex-grow-1"><a class="fw-semibold" href="{url}">{title}</a>'
            )
        else:
            kind = "task-specific"
            head = (
                f'<span class="task-number">{_e(task.number)}</span>'
                f'<div class="flex-grow-1"><a href="{url}">{title}</a>'
            )
        return (
            f'<li class="list-group-item {kind}" data-testid="task-row">'
            f'<div class="d-flex flex-wrap gap-2 align-items-start">{head}'
            f'<div class="small text-muted">{details}</div></div>{actions}</div></li>'
        )


@register.simple_tag
def task_items(generals, plan, can_edit):
    """A reform area's tasks on the plan page: each general task, then its specific tasks shown
    (`generals` as `selectors.plan_task_groups` gives them, numbered by `plan_tasks`)."""
    items = _TaskItems(plan, can_edit)
    rows = []
    for entry in generals:
        rows.append(items.item(entry["task"]))
        rows.extend(items.item(task) for task in entry["specific"])
    return mark_safe("\n    ".join(rows))
