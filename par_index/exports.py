"""A scorecard as Excel, Word and PDF in the customary table, and a round's ranking as Excel.

The Word and PDF files are a `reports.document.Document` (the Vietnamese administrative
header, the tables, the signature) rendered by reports' own renderers, so they look like the
periodic reports. Every total comes from `par_index.scoring`. Built in Vietnamese.
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc_portal import spreadsheets
from cchc_portal.figures.formatting import (
    DASH,
    EXCEL_RATE,
    EXCEL_SCORE,
    excel_rate,
    format_percent,
    format_score,
)
from reports.document import Column, Document, Heading, Paragraph, Table

from . import scoring
from .models import Criterion, Scorecard

Kind = Criterion.Kind
Status = Scorecard.Status
# The cards whose appraisal the export shows (the first appraisal is complete).
APPRAISED = (Status.APPRAISED, Status.EXPLAINED, Status.FINALISED)
# The parts of a scorecard, each a table of its own, in this order.
PARTS = (Kind.REGULAR, Kind.SURVEY, Kind.BONUS, Kind.PENALTY)

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD = Alignment(wrap_text=True, horizontal="center", vertical="center")


def _part_title(kind):
    return {
        Kind.REGULAR: _("Points of the areas"),
        Kind.SURVEY: _("Points from the citizen survey"),
        Kind.BONUS: _("Bonus points"),
        Kind.PENALTY: _("Penalty points (subtracted)"),
    }[kind]


def columns():
    """The customary table's columns (STT, Tiêu chí, Điểm tối đa, …, Ghi chú)."""
    return [
        Column("number", _("No."), "text"),
        Column("criterion", _("Criterion"), "text"),
        Column("max", _("Maximum points"), "score"),
        Column("self", _("Self score"), "score"),
        Column("appraised", _("Appraised score"), "score"),
        Column("evidence", pgettext("PAR index", "Evidence"), "text"),
        Column("note", _("Note"), "text"),
    ]


@dataclass
class Line:
    """One row of the table: a node of the tree with its points."""

    code: str
    text: str
    max_points: object
    self_points: object
    appraised_points: object
    evidence: str
    note: str
    depth: int
    is_leaf: bool

    def values(self):
        return [
            self.code,
            self.text,
            self.max_points,
            self.self_points,
            self.appraised_points,
            self.evidence,
            self.note,
        ]


@dataclass
class CardContent:
    """What a scorecard's export says, whatever the format."""

    card: Scorecard
    parts: list  # [(kind, [Line], (self subtotal, appraised subtotal, max))]
    totals: dict  # {"self": Totals, "appraised": Totals}
    shows_appraisal: bool


def _evidence_text(evidence):
    if not evidence.page:
        return evidence.label
    return _("%(label)s (p. %(page)s)") % {"label": evidence.label, "page": evidence.page}


def _note(score, shows_appraisal):
    if not shows_appraisal:
        return ""
    parts = []
    if score.appraisal_comment:
        parts.append(score.appraisal_comment)
    if score.explanation:
        parts.append(_("Explanation: %(text)s") % {"text": score.explanation})
    if score.final_comment:
        parts.append(_("Final appraisal: %(text)s") % {"text": score.final_comment})
    return "\n".join(parts)


def card_content(card):
    """The card's rows by part (regular areas, survey, bonus, penalty) with subtotals."""
    criteria_set = card.round.criteria_set
    t = scoring.tree(criteria_set)
    scores = {
        s.criterion_id: s
        for s in card.scores.prefetch_related("evidence").order_by("criterion__position", "pk")
    }
    rows = [
        {
            "criterion_id": s.criterion_id,
            "self_score": s.self_score,
            "appraised_score": s.appraised_score,
            "final_score": s.final_score,
        }
        for s in scores.values()
    ]
    totals = {stage: scoring.totals_from_rows(t, rows, stage) for stage in ("self", "appraised")}
    shows = card.status in APPRAISED
    self_points = scoring.node_points(t, rows, "self")
    appraised_points = scoring.node_points(t, rows, "appraised") if shows else {}
    lines = {kind: [] for kind in PARTS}
    for area in t.areas:
        stack = [area]
        while stack:
            node = stack.pop()
            c = node.criterion
            score = scores.get(c.pk) if node.is_leaf else None
            evidence = ""
            if score is not None:
                evidence = "\n".join(map(_evidence_text, score.evidence.all())) or score.self_note
            lines[area.criterion.kind].append(
                Line(
                    code=c.code,
                    text=c.text,
                    max_points=c.max_points,
                    self_points=self_points.get(c.pk),
                    appraised_points=appraised_points.get(c.pk),
                    evidence=evidence,
                    note=_note(score, shows) if score is not None else "",
                    depth=c.depth,
                    is_leaf=node.is_leaf,
                )
            )
            stack.extend(reversed(node.children))
    subtotal = {
        Kind.REGULAR: lambda x: x.regular,
        Kind.SURVEY: lambda x: x.survey,
        Kind.BONUS: lambda x: x.bonus,
        Kind.PENALTY: lambda x: x.penalty,
    }
    parts = []
    for kind in PARTS:
        if not lines[kind]:
            continue
        maximum = sum(
            (a.criterion.max_points for a in t.areas if a.criterion.kind == kind), scoring.ZERO
        )
        parts.append(
            (
                kind,
                lines[kind],
                (
                    subtotal[kind](totals["self"]),
                    subtotal[kind](totals["appraised"]) if shows else None,
                    maximum,
                ),
            )
        )
    return CardContent(card=card, parts=parts, totals=totals, shows_appraisal=shows)


def _summary_rows(content):
    """(label, max, self, appraised) of the summary: each part, then the index."""
    totals, shows = content.totals, content.shows_appraisal
    rows = []
    for kind, _lines, (own, appraised, maximum) in content.parts:
        label = _part_title(kind)
        rows.append((label, maximum if kind in scoring.COUNTED_KINDS else None, own, appraised))
    rows.append(
        (
            _("PAR index (total)"),
            totals["self"].max_total,
            totals["self"].total,
            totals["appraised"].total if shows else None,
        )
    )
    return rows


def _percent(totals):
    share = totals.percent
    return None if share is None else share * 100


def _last_move_on(card):
    moved = card.finalised_at or card.appraised_at or card.submitted_at
    return timezone.localtime(moved).date() if moved else None


def scorecard_document(card):
    """The card as a Vietnamese administrative document (reports' Document)."""
    content = card_content(card)
    rnd = card.round
    unit = card.unit
    criteria_set = rnd.criteria_set
    blocks = [
        Paragraph(
            _(
                "%(unit)s reports the results of scoring its administrative reform index "
                "(PAR index) of %(year)s, on the criteria set “%(set)s”, in the round “%(round)s” "
                "of %(appraiser)s, as follows:"
            )
            % {
                "unit": unit.name,
                "year": rnd.year,
                "set": criteria_set.name,
                "round": rnd.title,
                "appraiser": rnd.unit.name,
            }
        ),
        Paragraph(
            _("Status of the scorecard: %(status)s.") % {"status": card.get_status_display()},
            italic=True,
        ),
    ]
    if not content.shows_appraisal:
        blocks.append(
            Paragraph(
                _("The appraised scores are shown once the appraisal is complete."), italic=True
            )
        )
    cols = columns()
    for index, (kind, lines, (own, appraised, maximum)) in enumerate(content.parts, start=1):
        title = f"{index}. {_part_title(kind)}"
        blocks.append(
            Table(
                key=f"par-part-{kind}",
                title=title,
                columns=cols,
                rows=[line.values() for line in lines],
                total=["", _("Subtotal"), maximum, own, appraised, "", ""],
            )
        )
    blocks.append(Heading(_("Summary")))
    summary = content.totals
    blocks.append(
        Table(
            key="par-summary",
            title=_("Summary of the PAR index"),
            columns=[
                Column("part", _("Part"), "text"),
                Column("max", _("Maximum points"), "score"),
                Column("self", _("Self score"), "score"),
                Column("appraised", _("Appraised score"), "score"),
            ],
            rows=[list(row) for row in _summary_rows(content)],
        )
    )
    appraised_percent = (
        format_percent(_percent(summary["appraised"])) if content.shows_appraisal else DASH
    )
    blocks.append(
        Paragraph(
            _("Percentage of the maximum: self score %(self)s, appraised score %(appraised)s.")
            % {"self": format_percent(_percent(summary["self"])), "appraised": appraised_percent}
        )
    )
    parent = unit.parent
    return Document(
        authority=(parent.name if parent else "").upper(),
        issuer=unit.name.upper(),
        number="",
        place="",
        date=_last_move_on(card),
        subject=_("Results of scoring the administrative reform index of %(year)s of %(unit)s")
        % {"year": rnd.year, "unit": unit.name},
        blocks=blocks,
        appendix=[],
        recipients=[rnd.unit.name, _("Archive: VT")],
        signer_title="",
        signer_name="",
        is_draft=card.status != Status.FINALISED,
    )


# --- workbooks ---------------------------------------------------------------------------


def _header_row(sheet, row, labels):
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=str(label))
        cell.font, cell.alignment, cell.border = BOLD, HEAD, BORDER


def _score_cell(sheet, row, column, value, *, bold=False):
    cell = sheet.cell(row=row, column=column, value=value)
    if value is not None:
        cell.number_format = EXCEL_SCORE
    cell.border = BORDER
    if bold:
        cell.font = BOLD
    return cell


def _text_cell(sheet, row, column, value, *, bold=False):
    cell = sheet.cell(row=row, column=column, value=value or None)
    cell.border, cell.alignment = BORDER, WRAP
    if bold:
        cell.font = BOLD
    return cell


def _save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def scorecard_xlsx(card):
    """The card's table in one sheet: the header lines, each part with its subtotal, the
    summary. Scores are numbers with two decimals; texts are written literally."""
    content = card_content(card)
    rnd = card.round
    book = spreadsheets.workbook()
    sheet = book.active
    sheet.title = _("Scorecard")[:31]
    info = [
        (_("Unit"), card.unit.name),
        (_("Scoring round"), rnd.title),
        (_("Criteria set"), rnd.criteria_set.name),
        (_("Year scored"), rnd.year),
        (_("Status"), card.get_status_display()),
        (_("Downloaded on"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]
    row = 1
    for label, value in info:
        sheet.cell(row=row, column=1, value=str(label)).font = BOLD
        sheet.cell(row=row, column=2, value=value)
        row += 1
    row += 1
    labels = [column.label for column in columns()]
    for index, (kind, lines, (own, appraised, maximum)) in enumerate(content.parts, start=1):
        sheet.cell(row=row, column=1, value=f"{index}. {_part_title(kind)}").font = BOLD
        row += 1
        _header_row(sheet, row, labels)
        row += 1
        for line in lines:
            bold = not line.is_leaf
            _text_cell(sheet, row, 1, line.code, bold=bold)
            _text_cell(sheet, row, 2, line.text, bold=bold)
            _score_cell(sheet, row, 3, line.max_points, bold=bold)
            _score_cell(sheet, row, 4, line.self_points, bold=bold)
            _score_cell(sheet, row, 5, line.appraised_points, bold=bold)
            _text_cell(sheet, row, 6, line.evidence)
            _text_cell(sheet, row, 7, line.note)
            row += 1
        _text_cell(sheet, row, 1, "", bold=True)
        _text_cell(sheet, row, 2, _("Subtotal"), bold=True)
        _score_cell(sheet, row, 3, maximum, bold=True)
        _score_cell(sheet, row, 4, own, bold=True)
        _score_cell(sheet, row, 5, appraised, bold=True)
        _text_cell(sheet, row, 6, "")
        _text_cell(sheet, row, 7, "")
        row += 2
    sheet.cell(row=row, column=1, value=_("Summary of the PAR index")).font = BOLD
    row += 1
    _header_row(
        sheet, row, [_("Part"), "", _("Maximum points"), _("Self score"), _("Appraised score")]
    )
    row += 1
    for label, maximum, own, appraised in _summary_rows(content):
        _text_cell(sheet, row, 2, label, bold=True)
        _score_cell(sheet, row, 3, maximum)
        _score_cell(sheet, row, 4, own)
        _score_cell(sheet, row, 5, appraised)
        row += 1
    _text_cell(sheet, row, 2, _("Percentage of the maximum"), bold=True)
    for column, totals in ((4, content.totals["self"]), (5, content.totals["appraised"])):
        value = _percent(totals) if column == 4 or content.shows_appraisal else None
        cell = sheet.cell(row=row, column=column, value=excel_rate(value))
        cell.number_format, cell.border = EXCEL_RATE, BORDER
    for column, width in zip("ABCDEFG", (8, 60, 10, 10, 10, 40, 40), strict=True):
        sheet.column_dimensions[column].width = width
    return _save(book)


def ranking_xlsx(result):
    """A round's ranking (`selectors.ranking`) in one sheet, as the page shows it."""
    rnd = result.round
    book = spreadsheets.workbook()
    sheet = book.active
    sheet.title = _("Ranking")[:31]
    sheet.cell(row=1, column=1, value=rnd.title).font = BOLD
    sheet.cell(
        row=2,
        column=1,
        value=_("Appraised by %(unit)s · criteria set %(set)s · maximum %(max)s points")
        % {
            "unit": rnd.unit.name,
            "set": rnd.criteria_set.name,
            "max": format_score(result.max_total),
        },
    )
    labels = [
        _("Rank"),
        _("Unit"),
        _("Self total"),
        _("Appraised total"),
        *(f"{area.code}. {area.text}" for area in result.areas),
        _("Percentage of the maximum"),
        _("Change against last year"),
        _("Status"),
    ]
    _header_row(sheet, 4, labels)
    row = 5
    for line in result.rows:
        column = 1
        cell = sheet.cell(row=row, column=column, value=line.rank)
        cell.border = BORDER
        _text_cell(sheet, row, 2, line.unit.name)
        _score_cell(sheet, row, 3, line.self_total)
        _score_cell(sheet, row, 4, line.appraised_total)
        column = 5
        for _area, points in line.by_area:
            _score_cell(sheet, row, column, points)
            column += 1
        cell = sheet.cell(row=row, column=column, value=excel_rate(line.percent))
        cell.number_format, cell.border = EXCEL_RATE, BORDER
        _score_cell(sheet, row, column + 1, line.change)
        _text_cell(sheet, row, column + 2, line.card.get_status_display())
        row += 1
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 36
    for index in range(3, len(labels) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "C5"
    return _save(book)


def scorecard_stem(card):
    """ "chi-so-cchc-2022-ward-one": ASCII, so every browser keeps the name."""
    return f"chi-so-cchc-{card.round.year}-{card.unit.code}"


def ranking_stem(rnd):
    return f"xep-hang-chi-so-cchc-{rnd.year}-{rnd.unit.code}-{rnd.pk}"
