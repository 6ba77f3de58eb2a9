"""Template tags of the inspections lists: what a page repeats per row, rendered in Python.

The inspections list, the recommendations list and the review queue rendered every row
through the template engine: a URL resolved per link, Django's `get_..._display` translating
every label of a field per call, `{% translate %}` and `|date` per row (issue 12, most of those
pages' time). These tags write the same HTML in one pass per page: labels translated once,
URL patterns resolved once (`object_url`), every value from the database escaped (`_e`, what
the templates' autoescape did). Translations keep the templates' semantics: a `translate`
label is escaped, a `blocktranslate` message is not but its values are.
"""

import unicodedata
from functools import cache

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cchc_portal.figures.formatting import format_count
from cchc_portal.rows import escaped as _e
from cchc_portal.rows import object_url

from ..models import Inspection, Recommendation
from .inspections_tags import STATUS_CLASSES

register = template.Library()


def _day(value):
    """`|date:"d/m/Y"` of a date ("" for none)."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def _moment(value):
    """`|date:"d/m/Y H:i"` of a datetime, in the current time zone ("" for none)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def _truncated(text, length):
    """`|truncatechars:length`, without walking the text when it is short enough."""
    text = unicodedata.normalize("NFC", str(text))
    if len(text) <= length:
        return text
    return Truncator(text).chars(length)


def _badge_class(status):
    return STATUS_CLASSES.get(status, "text-bg-light")


def _labels(choices):
    """A field's choice labels by value, translated once for the page."""
    return {value: str(label) for value, label in choices}


def _count(value):
    return _e(format_count(value))


@register.simple_tag
def inspection_rows(inspections):
    """The inspection list's rows (`inspections/inspection_list.html`)."""
    kinds = _labels(Inspection.Kind.choices)
    statuses = _labels(Inspection.Status.choices)
    unscheduled = (
        f' <span class="badge text-bg-light border" title="{_e(_("Not in the plan"))}">'
        f"{_e(_('unscheduled'))}</span>"
    )
    overdue_icon = '<i class="bi bi-exclamation-triangle-fill" aria-hidden="true"></i>'
    rows = []
    for inspection in inspections:
        url = _e(object_url("inspections:inspection-detail", inspection.pk))
        status = inspection.status
        total = (
            f'<a href="{url}#recommendations">{_count(inspection.rec_total)}</a>'
            if inspection.rec_total
            else "0"
        )
        overdue = (
            f'<span class="overdue">{overdue_icon} {_count(inspection.rec_overdue)}</span>'
            if inspection.rec_overdue
            else "0"
        )
        rows.append(
            f'<tr>\n    <td class="text-nowrap"><a href="{url}">{_day(inspection.start_on)}</a>'
            f"{'' if inspection.is_scheduled else unscheduled}</td>\n"
            f'    <td><a href="{url}">{_e(inspection.unit.name)}</a></td>\n'
            f"    <td>{_e(kinds.get(inspection.kind, inspection.kind))}</td>\n"
            f"    <td>{_e(inspection.lead)}</td>\n"
            f'    <td><span class="badge {_badge_class(status)}">'
            f"{_e(statuses.get(status, status))}</span></td>\n"
            f'    <td class="num">{total}</td>\n'
            f'    <td class="num">{_count(inspection.rec_accepted)}</td>\n'
            f'    <td class="num">{overdue}</td>\n  </tr>'
        )
    return mark_safe("\n  ".join(rows))


class _Recommendations:
    """What every recommendation row shares, worked out once for the page."""

    def __init__(self):
        self.today = timezone.localdate()
        self.statuses = _labels(Recommendation.Status.choices)
        self.draft = _("draft, not issued")

    def is_overdue(self, recommendation):
        """`Recommendation.is_overdue`, with today taken once for the page."""
        return recommendation.is_overdue_on(self.today)

    def status_badge(self, recommendation):
        if recommendation.inspection.is_issued:
            status = recommendation.status
            label = self.statuses.get(status, status)
        else:
            status, label = "draft", self.draft
        return f'<span class="badge {_badge_class(status)}">{_e(label)}</span>'


@register.simple_tag
def recommendation_rows(recommendations):
    """The recommendation list's rows (`inspections/_recommendation_list_rows.html`)."""
    shared = _Recommendations()
    overdue = (
        ' <i class="bi bi-alarm" aria-hidden="true"></i>'
        f'<span class="visually-hidden">{_e(_("overdue"))}</span>'
    )
    rows = []
    for recommendation in recommendations:
        inspection = recommendation.inspection
        is_overdue = shared.is_overdue(recommendation)
        rows.append(
            f"<tr>\n    <td>{_e(recommendation.responsible_unit.display_name)}</td>\n"
            f'    <td class="num">{_e(recommendation.number)}</td>\n'
            f'    <td><a href="{_e(object_url("inspections:recommendation-detail", recommendation.pk))}">'
            f"{_e(_truncated(recommendation.text, 110))}</a></td>\n"
            f'    <td class="text-nowrap{" overdue" if is_overdue else ""}">'
            f"{_day(recommendation.due_on)}{overdue if is_overdue else ''}</td>\n"
            f"    <td>{shared.status_badge(recommendation)}</td>\n"
            f'    <td class="text-nowrap"><a href="{_e(object_url("inspections:inspection-detail", inspection.pk))}">'
            f"{_e(inspection.unit.display_name)}, {_day(inspection.start_on)}</a></td>\n  </tr>"
        )
    return mark_safe("\n  ".join(rows))


class _Timeline:
    """A recommendation's remediation exchange (issued, each report and its review), with its
    labels translated once for every timeline of the page."""

    def __init__(self):
        self.label = _e(_("Remediation timeline"))
        self.issued = _e(_("Recommendation issued with the conclusion"))
        self.submitted = _("%(who)s submitted a remediation report")
        self.accepted = _("%(who)s accepted the remediation")
        self.returned = _("%(who)s returned the report")
        self.awaiting = _e(_("Awaiting review by internal affairs"))

    def html(self, recommendation):
        inspection = recommendation.inspection
        items = []
        if inspection.is_issued:
            items.append(
                '\n  <li class="timeline-item">\n    <i class="bi bi-flag" aria-hidden="true"></i>\n'
                f'    <span class="text-muted">{_day(inspection.notice_issued_on)}</span>\n'
                f"    {self.issued}\n  </li>\n  "
            )
        for report in recommendation.reports.all():
            items.append(self.report(report))
        return (
            f'<ol class="timeline list-unstyled small mb-0" aria-label="{self.label}">\n  '
            f"{''.join(items)}\n</ol>"
        )

    def report(self, report):
        files = list(report.files.all())
        if files:
            links = "\n      ".join(
                '<li class="list-inline-item"><a href="'
                f'{_e(object_url("inspections:evidence-download", evidence.pk))}">'
                f'<i class="bi bi-paperclip" aria-hidden="true"></i> {_e(evidence.name)}</a></li>'
                for evidence in files
            )
            files_html = f'\n    <ul class="list-inline mb-1">\n      {links}\n    </ul>\n    '
        else:
            files_html = ""
        submitted = self.submitted % {"who": _e(report.submitted_by)}
        html = (
            '\n  <li class="timeline-item">\n    <i class="bi bi-send" aria-hidden="true"></i>\n'
            f'    <span class="text-muted">{_moment(report.submitted_at)}</span>\n'
            f"    {submitted}\n"
            f'    <div class="timeline-body">{linebreaksbr(report.text, autoescape=True)}</div>\n'
            f"    {files_html}\n  </li>\n  "
        )
        if report.reviewed_at:
            who = {"who": _e(report.reviewed_by)}
            if report.decision == "accepted":
                head = (
                    '<i class="bi bi-check-circle-fill text-success" aria-hidden="true"></i>\n'
                    f'    <span class="text-muted">{_moment(report.reviewed_at)}</span>\n'
                    f"    {self.accepted % who}\n    "
                )
            else:
                head = (
                    '<i class="bi bi-arrow-return-left text-danger" aria-hidden="true"></i>\n'
                    f'    <span class="text-muted">{_moment(report.reviewed_at)}</span>\n'
                    f"    {self.returned % who}\n    "
                )
            comment = (
                '<blockquote class="timeline-body fst-italic mb-1">'
                f"{_e(report.review_comment)}</blockquote>"
                if report.review_comment
                else ""
            )
            html += f'<li class="timeline-item">\n    \n    {head}\n    {comment}\n  </li>\n  '
        else:
            html += (
                '<li class="timeline-item text-muted"><i class="bi bi-hourglass-split"'
                f' aria-hidden="true"></i> {self.awaiting}</li>\n  '
            )
        return html


@register.simple_tag
def remediation_timeline(recommendation):
    """One recommendation's remediation timeline (needs its inspection and reports loaded)."""
    return mark_safe(_Timeline().html(recommendation))


@register.simple_tag
def review_cards(recommendations):
    """The review queue's cards (`inspections/review_queue.html`), oldest report first."""
    shared = _Recommendations()
    timeline = _Timeline()
    recommendation_of = _("Recommendation %(number)s")
    inspection_of = _("inspection of %(date)s")
    past_deadline = (
        '<span class="badge text-bg-danger"><i class="bi bi-alarm" aria-hidden="true"></i> '
        f"{_e(_('past the deadline'))}</span>"
    )
    deadline = _e(_("Deadline"))
    review = _e(_("Review the report"))
    cards = []
    for recommendation in recommendations:
        is_overdue = shared.is_overdue(recommendation)
        pk = recommendation.pk
        number = recommendation_of % {"number": _e(recommendation.number)}
        visit = inspection_of % {"date": _e(_day(recommendation.inspection.start_on))}
        cards.append(
            f'<article class="card mb-3{" border-danger" if is_overdue else ""}"'
            f' id="recommendation-{_e(pk)}">\n  <div class="card-body">\n'
            '    <div class="d-flex flex-wrap gap-2 align-items-start">\n'
            '      <h2 class="h6 mb-0 me-auto"><a href="'
            f'{_e(object_url("inspections:recommendation-detail", pk))}">'
            f"{_e(recommendation.responsible_unit.name)} · {number}</a>"
            f' <span class="fw-normal text-muted small">· {visit}</span></h2>\n'
            f"      {past_deadline if is_overdue else ''}\n    </div>\n"
            f'    <p class="mb-1 mt-1">{linebreaksbr(recommendation.text, autoescape=True)}</p>\n'
            f'    <p class="small text-muted mb-2">{deadline}: {_day(recommendation.due_on)}</p>\n'
            f"    {timeline.html(recommendation)}\n"
            '    <a class="btn btn-sm btn-primary mt-2" href="'
            f'{_e(object_url("inspections:recommendation-review", pk))}">'
            f'<i class="bi bi-clipboard-check" aria-hidden="true"></i> {review}</a>\n'
            "  </div>\n</article>"
        )
    return mark_safe("\n".join(cards))


@cache
def _page_url(name, script_prefix):
    return reverse(name)


_TABS = (
    ("inspections", "inspections:inspection-list", gettext_lazy("Inspections")),
    ("plans", "inspections:plan-list", gettext_lazy("Inspection plans")),
    ("recommendations", "inspections:recommendation-list", gettext_lazy("Recommendations")),
    ("queue", "inspections:review-queue", gettext_lazy("Review queue")),
    ("types", "inspections:shortcomingtype-list", gettext_lazy("Recurring shortcomings")),
    ("checklists", "inspections:checklist-list", gettext_lazy("Checklists")),
)


@register.simple_tag
def inspection_tabs(tab, show_queue):
    """The tabs between the inspections pages, `tab` the current one; the review queue's
    only when `show_queue`."""
    prefix = get_script_prefix()
    items = []
    for code, name, label in _TABS:
        if code == "queue" and not show_queue:
            continue
        current = ' active" aria-current="page"' if code == tab else '" '
        items.append(
            f'<li class="nav-item"><a class="nav-link text-nowrap{current}'
            f' href="{_e(_page_url(name, prefix))}">{_e(label)}</a></li>'
        )
    return mark_safe(
        '<ul class="nav nav-underline flex-nowrap overflow-auto mb-3 small"'
        f' aria-label="{_e(_("Inspection pages"))}">\n  ' + "\n  ".join(items) + "\n</ul>"
    )


def _csrf_input(context):
    """What `{% csrf_token %}` writes, from the page's context."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(token)}">'


def _checklist_result(finding):
    """The checklist mark the finding came from (a reverse one-to-one), or None."""
    try:
        return finding.checklist_result
    except ObjectDoesNotExist:
        return None


@register.simple_tag(takes_context=True)
def finding_items(context, findings):
    """An inspection's findings as list items (the detail page), with the team's buttons
    when `can_record` is in the context."""
    can_record = context.get("can_record")
    inspection = context["inspection"]
    csrf = _csrf_input(context) if can_record else ""
    type_title = _e(_("shortcoming type"))
    from_checklist = _e(_("from the checklist"))
    draft_text = _e(_("Draft a recommendation"))
    edit_text, delete_text = _e(_("Edit")), _e(_("Delete"))
    confirm = _e(_("Delete this finding?"))
    draft_url = _e(reverse("inspections:recommendation-create", args=[inspection.pk]))
    items = []
    for finding in findings:
        from_results = _checklist_result(finding) is not None
        notes = []
        if finding.area_id:
            notes.append(f"<span>{_e(finding.area.name)}</span>")
        if finding.shortcoming_type_id:
            notes.append(
                f'<span class="badge text-bg-light border ms-1" title="{type_title}">'
                '<i class="bi bi-tag" aria-hidden="true"></i> '
                f"{_e(finding.shortcoming_type.name)}</span>"
            )
        if from_results:
            notes.append(
                '<span class="badge text-bg-light border ms-1">'
                f'<i class="bi bi-ui-checks" aria-hidden="true"></i> {from_checklist}</span>'
            )
        buttons = ""
        if can_record:
            parts = []
            if finding.kind == "shortcoming":
                parts.append(
                    f'<a class="btn btn-sm btn-outline-primary" href="{draft_url}?finding='
                    f'{int(finding.pk)}">{draft_text}</a>'
                )
            edit_url = _e(object_url("inspections:finding-edit", finding.pk))
            parts.append(
                f'<a class="btn btn-sm btn-outline-secondary" href="{edit_url}">{edit_text}</a>'
            )
            if not from_results:
                delete_url = _e(object_url("inspections:finding-delete", finding.pk))
                parts.append(
                    f'<form method="post" action="{delete_url}" data-confirm="{confirm}">{csrf}'
                    f'<button class="btn btn-sm btn-outline-danger" type="submit">{delete_text}'
                    "</button></form>"
                )
            buttons = f'\n    <div class="d-flex flex-wrap gap-1">{"".join(parts)}</div>'
        items.append(
            f'<li class="list-group-item" id="finding-{int(finding.pk)}">\n'
            '  <div class="d-flex flex-wrap gap-2 align-items-start">\n'
            f'    <div class="me-auto">\n      {linebreaksbr(finding.text, autoescape=True)}\n'
            f'      <div class="small text-muted mt-1">{" ".join(notes)}</div>\n    </div>'
            f"{buttons}\n  </div>\n</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 (every text and address is escaped)


@register.simple_tag(takes_context=True)
def recommendation_cards(context, recommendations):
    """An inspection's recommendations as cards (the detail page): status, deadline,
    responsible unit, the finding answered, the remediation timeline and the buttons the
    user may use (`user_can_submit`, `user_can_review` set by the view, `can_record`)."""
    can_record = context.get("can_record")
    csrf = _csrf_input(context) if can_record else ""
    shared = _Recommendations()
    timeline = _Timeline()
    recommendation_of = _("Recommendation %(number)s")
    labels = {
        "deadline": _e(_("Deadline")),
        "unit": _e(_("Responsible unit")),
        "finding": _e(_("Finding")),
        "report": _e(_("Report remediation")),
        "review": _e(_("Review the report")),
        "edit": _e(_("Edit")),
        "delete": _e(_("Delete")),
        "confirm": _e(_("Delete this recommendation?")),
    }
    cards = []
    for rec in recommendations:
        pk = int(rec.pk)
        inspection = rec.inspection
        overdue = shared.is_overdue(rec)
        status = "draft" if not inspection.is_issued else rec.status
        label = shared.draft if status == "draft" else shared.statuses.get(status, status)
        mark = ""
        if overdue:
            days = (shared.today - rec.due_on).days
            text = ngettext("overdue by %(days)s day", "overdue by %(days)s days", days) % {
                "days": days
            }
            mark = (
                '<span class="badge text-bg-danger" data-testid="overdue-mark">'
                f'<i class="bi bi-alarm" aria-hidden="true"></i> {_e(text)}</span>'
            )
        finding = ""
        if rec.finding_id:
            finding = (
                f'<dt class="col-sm-3 col-lg-2">{labels["finding"]}</dt>'
                '<dd class="col-sm-9 col-lg-10"><a href="'
                f'{_e(inspection.get_absolute_url())}#finding-{int(rec.finding_id)}">'
                f"{_e(_truncated(rec.finding.text, 140))}</a></dd>"
            )
        buttons = []
        if rec.user_can_submit:
            buttons.append(
                '<a class="btn btn-sm btn-primary" href="'
                f'{_e(object_url("inspections:recommendation-report", pk))}">'
                f'<i class="bi bi-send" aria-hidden="true"></i> {labels["report"]}</a>'
            )
        if rec.user_can_review:
            buttons.append(
                '<a class="btn btn-sm btn-primary" href="'
                f'{_e(object_url("inspections:recommendation-review", pk))}">'
                f'<i class="bi bi-clipboard-check" aria-hidden="true"></i> {labels["review"]}</a>'
            )
        if can_record:
            buttons.append(
                '<a class="btn btn-sm btn-outline-secondary" href="'
                f'{_e(object_url("inspections:recommendation-edit", pk))}">{labels["edit"]}</a>'
                f'<form method="post" action="{_e(object_url("inspections:recommendation-delete", pk))}"'
                f' class="d-inline" data-confirm="{labels["confirm"]}">{csrf}'
                f'<button class="btn btn-sm btn-outline-danger" type="submit">{labels["delete"]}'
                "</button></form>"
            )
        cards.append(
            f'<article class="card mb-2{" border-danger" if overdue else ""}"'
            f' id="recommendation-{pk}">\n  <div class="card-body">\n'
            '    <div class="d-flex flex-wrap align-items-start gap-2">\n'
            '      <h3 class="h6 mb-0 me-auto"><a href="'
            f'{_e(object_url("inspections:recommendation-detail", pk))}"'
            f' class="text-decoration-none">{recommendation_of % {"number": _e(rec.number)}}</a>'
            "</h3>\n"
            f'      <span class="badge {_badge_class(status)}"'
            f' data-testid="recommendation-status">{_e(label)}</span>\n      {mark}\n    </div>\n'
            f'    <p class="mb-2 mt-1">{linebreaksbr(rec.text, autoescape=True)}</p>\n'
            '    <dl class="row small mb-2">\n'
            f'      <dt class="col-sm-3 col-lg-2">{labels["deadline"]}</dt>'
            f'<dd class="col-sm-9 col-lg-10{" overdue" if overdue else ""}">{_day(rec.due_on)}</dd>\n'
            f'      <dt class="col-sm-3 col-lg-2">{labels["unit"]}</dt>'
            f'<dd class="col-sm-9 col-lg-10">{_e(rec.responsible_unit.name)}</dd>\n'
            f"      {finding}\n    </dl>\n"
            f"    {timeline.html(rec) if inspection.is_issued else ''}\n"
            f'    <div class="d-flex flex-wrap gap-2 mt-2">{"".join(buttons)}</div>\n'
            "  </div>\n</article>"
        )
    return mark_safe("\n".join(cards))  # noqa: S308 (every text and address is escaped)
