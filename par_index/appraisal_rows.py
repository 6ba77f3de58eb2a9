"""The appraisal table's rows, written in Python (labels translated once, every value escaped),
as the other long lists' are: a scorecard has some fifty rows with a dozen parts each, which
the template language took most of the page's time to write."""

from django.utils import formats, timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cchc_portal.figures.formatting import format_score


def _lines(text):
    """`linebreaksbr`: the text escaped, its line breaks as <br>."""
    return escape(text).replace("\r\n", "\n").replace("\n", "<br>")


class Labels:
    """The rows' fixed texts, translated once per page."""

    def __init__(self):
        self.accept = escape(_("Accept all unchanged"))
        self.changed = escape(_("≠ changed"))
        self.guidance = escape(_("Scoring guidance"))
        self.computed = escape(_("Computed"))
        self.note = escape(_("Unit's note"))
        self.source = escape(_("Source of the points"))
        self.page = escape(_("p."))
        self.automatic = escape(_("linked automatically"))
        self.new = escape(_("new, with the explanation"))
        self.no_evidence = escape(_("No evidence."))
        self.explanation = escape(_("Unit's explanation"))
        self.history = escape(_("History"))
        self.system = escape(_("system"))
        self.differs_self = escape(_("≠ self score"))


def _group_row(row, stage, labels):
    c = row.criterion
    is_area = not c.parent_id
    css = "table-secondary par-area" if is_area else "par-criterion"
    accept = ""
    if is_area and stage["editable"]:
        accept = (
            f'<button type="submit" form="accept-area-{c.pk}" class="btn btn-outline-primary '
            f'btn-sm ms-2 par-accept" data-testid="accept-area-{escape(c.code)}">'
            f"{labels.accept}</button>"
        )
    parts = [
        f'<tr class="{css}"><th scope="row" colspan="1" class="par-depth-{c.depth}">'
        f"{escape(c.code)}. {escape(c.text)}{accept}</th>",
        f'<td class="text-end">{format_score(c.max_points)}</td>',
        f'<td class="text-end">{format_score(row.self_points) if is_area else ""}</td>',
    ]
    appraised = format_score(row.appraised_points) if is_area else ""
    if stage["shows_first"]:
        parts.append(f"<td>{appraised if stage['status'] == 'appraised' else ''}</td>")
    if stage["first_stage"] or stage["second_stage"]:
        parts.append(f"<td>{appraised}</td><td></td>")
    if stage["locked"]:
        parts.append(f"<td>{appraised}</td>")
    parts.append("</tr>")
    return "".join(parts)


def _evidence(row, labels):
    if not row.evidence:
        return f'<div class="small text-body-secondary mt-1">{labels.no_evidence}</div>'
    items = []
    for item in row.evidence:
        label = escape(item.label)
        text = (
            f'<a href="{escape(item.link)}" target="_blank" rel="noopener">{label}</a>'
            if item.link
            else label
        )
        if item.page:
            text += f" ({labels.page} {escape(item.page)})"
        text += f' <span class="text-body-secondary">· {escape(item.get_kind_display())}</span>'
        if item.automatic:
            text += f' <span class="badge text-bg-light border">{labels.automatic}</span>'
        if item.stage == "explanation":
            text += f' <span class="badge text-bg-info">{labels.new}</span>'
        items.append(f"<li>{text}</li>")
    return f'<ul class="small mb-0 mt-1 par-evidence">{"".join(items)}</ul>'


def _history(row, labels):
    if not row.changes:
        return ""
    entries = []
    for entry in row.changes:
        who = labels.system if entry["who"] is None else escape(entry["who"])
        changes = "; ".join(
            f"{escape(label)} <del>{format_score(old)}</del> → <ins>{format_score(new)}</ins>"
            for label, old, new in entry["changes"]
        )
        when = timezone.localtime(entry["when"])
        entries.append(f"<li>{when:%d/%m/%Y %H:%M} · {who}: {changes}</li>")
    return (
        f'<details class="small mt-1 par-history"><summary>{labels.history} '
        f'({len(row.changes)})</summary><ul class="mb-0">{"".join(entries)}</ul></details>'
    )


def _errors(errors, css):
    return "".join(f'<div class="{css}">{escape(error)}</div>' for error in errors)


def _leaf_row(row, stage, labels):
    c, score = row.criterion, row.score
    css = "par-leaf"
    if row.difference:
        css += " par-differs table-warning"
    if row.errors:
        css += " par-refused table-danger"
    baseline = score.appraised_score if stage["second_stage"] else score.self_score
    head = f"<div><strong>{escape(c.code)}</strong> {escape(c.text)}"
    if row.difference:
        head += (
            f' <span class="badge text-bg-warning par-marker">{labels.changed}'
            f'<span class="visually-hidden">: {escape(row.difference)}</span></span>'
        )
    head += "</div>"
    if c.guidance:
        head += (
            f'<details class="small"><summary>{labels.guidance}</summary>'
            f'<div class="text-body-secondary">{_lines(c.guidance)}</div></details>'
        )
    if row.rule_label or score.computed_score is not None:
        rule = f" ({escape(row.rule_label)})" if row.rule_label else ""
        detail = f" — {escape(score.computed_detail)}" if score.computed_detail else ""
        head += (
            f'<div class="small mt-1"><i class="bi bi-calculator" aria-hidden="true"></i> '
            f"{labels.computed}{rule}: <strong>{format_score(score.computed_score)}</strong>"
            f"{detail}</div>"
        )
    if score.self_note:
        head += (
            f'<div class="small mt-1"><span class="fw-semibold">{labels.note}:</span> '
            f"{_lines(score.self_note)}</div>"
        )
    if score.source:
        head += (
            f'<div class="small"><span class="fw-semibold">{labels.source}:</span> '
            f"{escape(score.source)}</div>"
        )
    head += _evidence(row, labels)
    if score.explanation:
        head += (
            f'<div class="small mt-1 border-start border-3 border-info ps-2">'
            f'<span class="fw-semibold">{labels.explanation}:</span> '
            f"{_lines(score.explanation)}</div>"
        )
    head += _history(row, labels)
    parts = [
        f'<tr class="{css}" data-testid="row-{escape(c.code)}" '
        f'data-baseline="{"" if baseline is None else formats.localize(baseline)}">',
        f'<td class="par-depth-{c.depth}">{head}</td>',
        f'<td class="text-end">{format_score(c.max_points)}</td>',
        f'<td class="text-end">{format_score(score.self_score)}</td>',
    ]
    if stage["shows_first"]:
        cell = (
            f'<span class="{"fw-semibold" if row.first_difference else ""}">'
            f"{format_score(score.appraised_score)}</span>"
        )
        if row.first_difference:
            cell += f' <span class="badge text-bg-light border">{labels.differs_self}</span>'
        if score.appraisal_comment:
            cell += (
                f'<div class="small text-body-secondary">{_lines(score.appraisal_comment)}</div>'
            )
        parts.append(f"<td>{cell}</td>")
    if stage["first_stage"] or stage["second_stage"]:
        second = stage["second_stage"]
        if stage["editable"]:
            value = conditional_escape(row.score_input)
            comment = conditional_escape(row.comment_input)
        else:
            value = format_score(score.final_score if second else score.appraised_score)
            comment = _lines(score.final_comment if second else score.appraisal_comment)
        score_errors = row.score_input.errors if row.score_input is not None else []
        comment_errors = row.comment_input.errors if row.comment_input is not None else []
        parts.append(
            f"<td>{value}"
            + "".join(
                f'<div class="text-danger small fw-semibold" data-testid="row-error">'
                f"{escape(error)}</div>"
                for error in row.errors
            )
            + _errors(score_errors, "text-danger small")
            + "</td>"
        )
        parts.append(f"<td>{comment}{_errors(comment_errors, 'text-danger small')}</td>")
    if stage["locked"]:
        cell = f"<strong>{format_score(score.final_score)}</strong>"
        if score.final_comment:
            cell += f'<div class="small text-body-secondary">{_lines(score.final_comment)}</div>'
        parts.append(f"<td>{cell}</td>")
    parts.append("</tr>")
    return "".join(parts)


def rows_html(rows, **stage):
    """The table body's rows; `stage`: editable, first_stage, second_stage, shows_first,
    locked, status (as the template had them)."""
    labels = Labels()
    out = []
    for row in rows:
        if not row.is_leaf:
            out.append(_group_row(row, stage, labels))
        elif row.score:
            out.append(_leaf_row(row, stage, labels))
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
