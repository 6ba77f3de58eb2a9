"""A criteria set in and out of Excel, in the layout provinces publish.

Columns: code (STT/Mã), criterion, maximum points, scoring guidance, and optionally the kind
of points (on an area: thường, thưởng, trừ, khảo sát), the rule computing it and the rule's
settings ("name=value; name=value"). The hierarchy comes from the code: "1" is an area, "1.1"
a criterion under it, "1.1.2" a sub-criterion. Every row is checked before anything is
saved; an export reads back as the same tree.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from cchc_portal import spreadsheets

from . import criteria, rules, scoring
from .models import MAX_DEPTH, Criterion

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 1000
HEADER_SEARCH_ROWS = 10
MAX_POINTS = Decimal("9999.99")
Kind = Criterion.Kind

# (key, label, width, required)
COLUMNS = [
    ("code", gettext_lazy("Code"), 10, True),
    ("text", gettext_lazy("Criterion"), 60, True),
    ("max_points", gettext_lazy("Maximum points"), 12, True),
    ("guidance", gettext_lazy("Scoring guidance"), 50, True),
    ("kind", gettext_lazy("Kind of points"), 14, False),
    ("rule", gettext_lazy("Rule"), 24, False),
    ("rule_params", gettext_lazy("Rule settings"), 24, False),
]
# Other headings provinces use for the same columns.
ALIASES = {
    "code": {"stt", "tt", "mã", "mã số", "số tt", "no."},
    "max_points": {"điểm", "điểm chuẩn", "điểm tối đa"},
    "guidance": {"hướng dẫn", "hướng dẫn chấm điểm", "cách chấm"},
}
KIND_WORDS = {
    Kind.REGULAR: gettext_lazy("regular"),
    Kind.BONUS: gettext_lazy("bonus"),
    Kind.PENALTY: gettext_lazy("penalty"),
    Kind.SURVEY: gettext_lazy("survey"),
}
TOTAL_LABEL = gettext_lazy("Total maximum of the index")
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
AREA_FILL = PatternFill("solid", fgColor="F2F5F9")
BOLD = Font(bold=True)
POINTS_FORMAT = "0.00"


class SheetUnreadable(Exception):
    """The file cannot be read as a criteria sheet at all (not a row-level problem)."""


@dataclass
class Row:
    row: int
    code: str
    text: str
    max_points: Decimal
    guidance: str
    kind: str
    rule: str
    rule_params: dict

    def as_dict(self):
        return {
            "code": self.code,
            "text": self.text,
            "max_points": self.max_points,
            "guidance": self.guidance,
            "kind": self.kind,
            "rule": self.rule,
            "rule_params": self.rule_params,
        }


def _in_every_language(label):
    words = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.add(str(label).strip().lower())
    return words


def _heading_words():
    """{column key: the headings accepted for it, lower-cased, in every language}."""
    words = {}
    for key, label, _width, _required in COLUMNS:
        words[key] = _in_every_language(label) | ALIASES.get(key, set())
    return words


def _kind_words():
    words = {}
    for kind, word in KIND_WORDS.items():
        for text in _in_every_language(word) | _in_every_language(Kind(kind).label) | {kind}:
            words[text] = kind
    return words


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _code(value):
    # A code typed as a number: 1.1 arrives as the float 1.1, 2 as 2.0.
    return _text(value).rstrip(".").replace(",", ".")


def _points(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = _text(value).replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    number = Decimal(text)  # InvalidOperation for what is not a number
    if not number.is_finite():
        raise InvalidOperation
    return number


def _params(text):
    """ "steps=100: 100; 80: 50; due=31/01" → {"steps": "100: 100; 80: 50", "due": "31/01"}:
    a setting starts at a name and "=" (a step list has ";" inside it)."""
    params = {}
    for part in re.split(r"\n|;\s*(?=\w+\s*=)", text):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(part.strip())
        name, value = part.split("=", 1)
        params[name.strip()] = value.strip()
    return params


def _open_sheet(upload):
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetUnreadable(_("The file cannot be read as an Excel workbook (.xlsx).")) from exc
    return workbook.worksheets[0]


def _find_header(rows_iter):
    """(row number, {column key: index}) of the heading row among the first rows."""
    words = _heading_words()
    for number, values in enumerate(rows_iter, start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        found = {}
        for index, value in enumerate(values or ()):
            heading = _text(value).lower()
            for key, accepted in words.items():
                if heading in accepted and key not in found:
                    found[key] = index
        if all(key in found for key, _label, _width, required in COLUMNS if required):
            return number, found
    raise SheetUnreadable(
        _("No row of the sheet holds the headings %(headings)s.")
        % {
            "headings": ", ".join(
                str(label) for _key, label, _width, required in COLUMNS if required
            )
        }
    )


def read_rows(upload):
    """Read and check every row: (rows, errors), errors as (row number or None, message).
    Rows come parents first, as in the sheet; nothing is saved here."""
    sheet = _open_sheet(upload)
    rows_iter = sheet.iter_rows(values_only=True)
    header_row, columns = _find_header(rows_iter)
    kinds = _kind_words()
    totals = _in_every_language(TOTAL_LABEL)
    rows, errors, seen = [], [], {}
    data_rows = 0
    for number, values in enumerate(rows_iter, start=header_row + 1):
        values = list(values or ())
        cell = {
            key: values[index] if index < len(values) else None for key, index in columns.items()
        }
        texts = {key: _text(value) for key, value in cell.items()}
        if not any(texts.values()):
            continue
        if not texts["code"] and texts["text"].lower() in totals:
            continue
        data_rows += 1
        if data_rows > MAX_ROWS:
            errors.append((number, _("At most %(max)s criteria per file.") % {"max": MAX_ROWS}))
            break
        row_errors = []
        code = _code(cell["code"])
        if not code:
            row_errors.append(_("The code is empty."))
        elif code.count(".") >= MAX_DEPTH:
            row_errors.append(
                _(
                    "Code %(code)s is more than three levels deep: a set has areas, criteria "
                    "and sub-criteria."
                )
                % {"code": code}
            )
        elif not criteria.CODE.match(code):
            row_errors.append(
                _("Code “%(code)s” is not 1 (area), 1.2 (criterion) or 1.2.3 (sub-criterion).")
                % {"code": code}
            )
        elif code in seen:
            row_errors.append(
                _("Code %(code)s is also on row %(row)s.") % {"code": code, "row": seen[code]}
            )
        else:
            parent = criteria.parent_code(code)
            if parent is not None and parent not in seen:
                row_errors.append(
                    _("%(code)s: its parent %(parent)s is not on a row above it.")
                    % {"code": code, "parent": parent}
                )
            seen[code] = number
        if not texts["text"]:
            row_errors.append(_("The criterion's text is empty."))
        max_points = None
        if not texts["max_points"]:
            row_errors.append(_("The maximum points are empty."))
        else:
            try:
                max_points = _points(cell["max_points"])
            except (InvalidOperation, ValueError):
                row_errors.append(
                    _("Maximum points “%(value)s” is not a number.")
                    % {"value": texts["max_points"]}
                )
            else:
                if max_points < 0:
                    row_errors.append(_("The maximum points cannot be negative."))
                elif max_points > MAX_POINTS:
                    row_errors.append(_("The maximum points are above 9999."))
                elif max_points.as_tuple().exponent < -2:
                    row_errors.append(_("The maximum points have at most 2 decimal places."))
                else:
                    max_points = max_points.quantize(Decimal("0.01"))
        kind = Kind.REGULAR
        kind_text = texts.get("kind", "")
        if kind_text:
            kind = kinds.get(kind_text.lower())
            if kind is None:
                row_errors.append(
                    _("Kind of points “%(value)s” is not one of: %(kinds)s.")
                    % {
                        "value": kind_text,
                        "kinds": ", ".join(str(word) for word in KIND_WORDS.values()),
                    }
                )
        rule_key, rule_params = texts.get("rule", ""), {}
        try:
            rule_params = _params(texts.get("rule_params", ""))
        except ValueError as exc:
            row_errors.append(
                _("Rule setting “%(value)s” is not name=value.") % {"value": exc.args[0]}
            )
        else:
            try:
                rule_key, rule_params = criteria.clean_rule(rule_key, rule_params)
            except ValidationError as exc:
                row_errors.extend(exc.messages)
        if row_errors:
            errors.extend((number, message) for message in row_errors)
            continue
        rows.append(
            Row(
                row=number,
                code=code,
                text=texts["text"],
                max_points=max_points,
                guidance=texts.get("guidance", ""),
                kind=kind,
                rule=rule_key,
                rule_params=rule_params,
            )
        )
    if not rows and not errors:
        raise SheetUnreadable(_("The sheet has no criteria under its headings."))
    if not errors:
        errors.extend(_tree_errors(rows))
    return rows, errors


def _tree_errors(rows):
    """What the rows make as a tree: a rule on a criterion with sub-criteria, and the
    maxima that do not add up (`scoring.set_problems`, on the rows not yet saved)."""
    errors = []
    parents = {criteria.parent_code(row.code) for row in rows}
    for row in rows:
        if row.rule and row.code in parents:
            errors.append(
                (
                    row.row,
                    _(
                        "%(code)s has sub-criteria: only a criterion without sub-criteria can "
                        "be computed by a rule."
                    )
                    % {"code": row.code},
                )
            )
    ids = {row.code: index for index, row in enumerate(rows, start=1)}
    area_kind = {}
    unsaved = []
    for row in rows:
        parent = criteria.parent_code(row.code)
        area = row.code.split(".", 1)[0]
        if parent is None:
            area_kind[row.code] = row.kind
        unsaved.append(
            Criterion(
                pk=ids[row.code],
                parent_id=ids.get(parent),
                area_id=ids[area],
                code=row.code,
                text=row.text,
                max_points=row.max_points,
                kind=area_kind[area],
                position=ids[row.code],
            )
        )
    rows_by_code = {row.code: row.row for row in rows}
    for problem in scoring.set_problems(None, criteria=unsaved):
        code = problem.split(":", 1)[0]
        errors.append((rows_by_code.get(code), problem))
    for row in rows:
        row.kind = area_kind[row.code.split(".", 1)[0]]
    return errors


# --- export ----------------------------------------------------------------------------


def _params_text(criterion):
    rule = rules.REGISTRY.get(criterion.rule)
    params = {p.name: p for p in rule.params} if rule else {}
    return "; ".join(
        f"{name}={rules.param_text(params[name], value) if name in params else value}"
        for name, value in (criterion.rule_params or {}).items()
    )


def export_set(criteria_set):
    """The set as a workbook in the import's layout, its areas in bold, the total below."""
    book = spreadsheets.workbook()
    sheet = book.active
    sheet.title = _("Criteria set")
    sheet.cell(row=1, column=1, value=criteria_set.name).font = Font(bold=True, size=13)
    about = [
        str(criteria_set.year),
        str(criteria_set.get_level_display()),
        criteria_set.decision,
        str(criteria_set.unit),
    ]
    sheet.cell(row=2, column=1, value=" · ".join(part for part in about if part))
    header = 4
    for index, (_key, label, width, _required) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=header, column=index, value=str(label))
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    t = scoring.tree(criteria_set)
    row = header
    for node in t.walk():
        c = node.criterion
        row += 1
        sheet.cell(row=row, column=1, value=c.code).number_format = "@"
        text = sheet.cell(row=row, column=2, value=c.text)
        text.alignment = Alignment(wrap_text=True, indent=c.depth)
        points = sheet.cell(row=row, column=3, value=float(c.max_points))
        points.number_format = POINTS_FORMAT
        sheet.cell(row=row, column=4, value=c.guidance).alignment = Alignment(wrap_text=True)
        if c.is_area:
            sheet.cell(row=row, column=5, value=str(KIND_WORDS[Kind(c.kind)]))
            for column in range(1, len(COLUMNS) + 1):
                sheet.cell(row=row, column=column).font = BOLD
                sheet.cell(row=row, column=column).fill = AREA_FILL
        sheet.cell(row=row, column=6, value=c.rule)
        sheet.cell(row=row, column=7, value=_params_text(c))
    row += 1
    sheet.cell(row=row, column=2, value=str(TOTAL_LABEL)).font = BOLD
    total = sheet.cell(row=row, column=3, value=float(t.max_total))
    total.number_format = POINTS_FORMAT
    total.font = BOLD
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def known_rules():
    """The rules' keys and labels, for the import page's help."""
    return list(rules.choices())
