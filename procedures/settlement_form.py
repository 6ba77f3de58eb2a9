"""The procedure-settlement form "Biểu số 06/VPCP/KSTT" as an Excel workbook.

Form 06 of Circular 01/2020/TT-VPCP of 21/10/2020 (Văn phòng Chính phủ, on the reporting of
administrative-procedure control): "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ
TRỰC TIẾP GIẢI QUYẾT TTHC", the dossiers received, resolved and pending, by level (province,
district, commune) and procedure field, filled from the portal's monthly intake figures.

The numbers follow the portal's period rule (`procedures.selectors`): flows summed over the
months, the carried-over of each (unit, field) series' first month in the period, the
pending of its last. Per level `selectors.intake_by_field` over the level's units (the
figures page's numbers), the grand total `selectors.intake_summary` over all of them: a
fixed number of queries per level, whatever the number of units.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc_portal import spreadsheets
from cchc_portal.figures import excel
from cchc_portal.models import Unit

from . import selectors
from .models import INTAKE_COLUMNS, IntakeSummary, add_intake_totals

# --- the levels ----------------------------------------------------------------------------

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
COMMUNE_KINDS = (Unit.Kind.WARD, Unit.Kind.COMMUNE, Unit.Kind.TOWNSHIP)
# Which units each level holds. A department belongs to the level of its parent; one whose
# parent is neither a city/district nor a ward/commune (a province, another department, or
# none) counts at the province level, so the three levels hold every unit exactly once and
# the levels' totals add up to the whole.
_DEPARTMENT = Q(kind=Unit.Kind.DEPARTMENT)
LEVEL_FILTERS = {
    PROVINCE: Q(kind=Unit.Kind.PROVINCE)
    | (_DEPARTMENT & ~Q(parent__kind__in=(Unit.Kind.CITY, *COMMUNE_KINDS))),
    DISTRICT: Q(kind=Unit.Kind.CITY) | (_DEPARTMENT & Q(parent__kind=Unit.Kind.CITY)),
    COMMUNE: Q(kind__in=COMMUNE_KINDS) | (_DEPARTMENT & Q(parent__kind__in=COMMUNE_KINDS)),
}
LEVELS = tuple(LEVEL_FILTERS)

# The official form's own fixed texts are Vietnamese literals on purpose (not gettext): the
# circular prescribes them, and the form is filed in Vietnamese whatever the reader's language.
LEVEL_LABELS = {
    PROVINCE: ("Cấp tỉnh", "Sở, ban, ngành"),
    DISTRICT: ("Cấp huyện", "UBND huyện, thành phố và các phòng, ban"),
    COMMUNE: ("Cấp xã", "Xã, phường, thị trấn"),
}
ROMAN = ("I", "II", "III")
FORM_CODE = "Biểu số 06/VPCP/KSTT"
ISSUED_BY = "Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
PERIOD_LINE = "(Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y})"
REPORTING_UNIT = "- Đơn vị báo cáo: {name}"
RECEIVING_UNIT = "- Đơn vị nhận báo cáo: {name}"
MEASURE = "Đơn vị tính: Số hồ sơ TTHC"
NO_FIGURES = "Không có số liệu trong kỳ"
SUBTOTAL = "Cộng {label}"
GRAND_TOTAL = "TỔNG CỘNG"
SOURCE_LINE = "Số liệu lấy từ Cổng CCHC ngày {today:%d/%m/%Y}; {count} đơn vị có số liệu."
SIGNATURES = ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ")

# The header: (first row, first column, last row, last column, text), rows 1–3 of the header.
STT_LABEL = "STT"
FIELD_LABEL = "Lĩnh vực, công việc giải quyết theo cấp"
RECEIVED_GROUP = "Số hồ sơ nhận giải quyết"
RESOLVED_GROUP = "Số hồ sơ đã giải quyết"
PENDING_GROUP = "Số lượng hồ sơ đang giải quyết"
OF_WHICH = "Trong đó"
HEADER_CELLS = (
    (1, 1, 3, 1, STT_LABEL),
    (1, 2, 3, 2, FIELD_LABEL),
    (1, 3, 1, 6, RECEIVED_GROUP),
    (2, 3, 3, 3, "Tổng số"),
    (2, 4, 2, 5, OF_WHICH),
    (3, 4, 3, 4, "Trực tuyến"),
    (3, 5, 3, 5, "Trực tiếp, dịch vụ bưu chính"),
    (2, 6, 3, 6, "Từ kỳ trước"),
    (1, 7, 1, 10, RESOLVED_GROUP),
    (2, 7, 3, 7, "Tổng số"),
    (2, 8, 3, 8, "Trước hạn"),
    (2, 9, 3, 9, "Đúng hạn"),
    (2, 10, 3, 10, "Quá hạn"),
    (1, 11, 1, 13, PENDING_GROUP),
    (2, 11, 3, 11, "Tổng số"),
    (2, 12, 3, 12, "Trong hạn"),
    (2, 13, 3, 13, "Quá hạn"),
)
COLUMN_COUNT = 13

# The form's numbers, columns (3) to (13), from the portal's figures: each a figure of
# `add_intake_totals` (INTAKE_TOTALS) or a column, or the sum of the columns given.
FORM_FIGURES = (
    ("total", ("total",)),  # (3) = carried over + received (INTAKE_TOTALS["total"])
    ("received_online", ("received_online",)),  # (4)
    ("received_direct", ("received_counter", "received_postal")),  # (5) counter + postal
    ("carried_over", ("carried_over",)),  # (6)
    ("resolved_total", ("resolved_total",)),  # (7)
    ("resolved_early", ("resolved_early",)),  # (8)
    ("resolved_on_time", ("resolved_on_time",)),  # (9)
    ("resolved_late", ("resolved_late",)),  # (10)
    ("pending_total", ("pending_total",)),  # (11)
    ("pending_within_deadline", ("pending_within_deadline",)),  # (12)
    ("pending_overdue", ("pending_overdue",)),  # (13)
)
FORM_KEYS = tuple(key for key, _parts in FORM_FIGURES)
FIRST_NUMBER_COLUMN = 3


def form_figures(figures):
    """{FORM_KEYS: int} of the form's columns (3)–(13) from a dict of `add_intake_totals`."""
    return {key: sum(figures[part] for part in parts) for key, parts in FORM_FIGURES}


# --- the numbers ---------------------------------------------------------------------------


@dataclass
class FieldLine:
    number: int
    field: object  # the ProcedureField
    figures: dict  # FORM_KEYS


@dataclass
class Level:
    key: str
    roman: str
    label: str
    description: str
    units: object  # the level's Unit queryset
    lines: list = field(default_factory=list)
    total: dict = field(default_factory=dict)  # FORM_KEYS

    @property
    def heading(self):
        return f"{self.label} ({self.description})"

    @property
    def subtotal_label(self):
        return SUBTOTAL.format(label=self.label[:1].lower() + self.label[1:])


@dataclass
class Settlement:
    levels: list
    total: dict  # FORM_KEYS, from `selectors.intake_summary` over every unit of the form
    summary: dict  # that `intake_summary` itself
    units_with_figures: int


def _as_queryset(units):
    if isinstance(units, Unit):
        return Unit.objects.filter(pk=units.pk)
    return units


def level_from(data, name="level"):
    """The level a query asks for (`data[name]`, exactly a LEVELS key), or None: the whole
    form when the parameter is absent or anything else (ignored, never an error)."""
    value = data.get(name)
    return value if isinstance(value, str) and value in LEVELS else None


def levels_of(units):
    """[(level key, label, Unit queryset)] of the levels that hold units of `units` (a Unit
    or a queryset), province first: one query."""
    units = _as_queryset(units)
    counts = units.order_by().aggregate(
        **{key: Count("pk", filter=condition) for key, condition in LEVEL_FILTERS.items()}
    )
    return [
        (key, LEVEL_LABELS[key][0], units.filter(LEVEL_FILTERS[key]))
        for key in LEVELS
        if counts[key]
    ]


def settlement_rows(units, period, *, level=None):
    """The form's numbers for `units` (a Unit or a queryset) over `period`: a Settlement
    whose levels hold one FieldLine per procedure field with dossiers in the level
    (reference order) and their total; `level` (a LEVELS key) keeps that level only."""
    first, last = period.first, period.last
    chosen = [entry for entry in levels_of(units) if level is None or entry[0] == level]
    levels = []
    for index, (key, label, level_units) in enumerate(chosen):
        entry = Level(key, ROMAN[index], label, LEVEL_LABELS[key][1], level_units)
        summed = dict.fromkeys(INTAKE_COLUMNS, 0)
        for row in selectors.intake_by_field(level_units, first, last):
            figures = form_figures(row)
            # A field without rows, or whose rows are all 0 (units enter every field each
            # month), has no dossiers to report: no line.
            if not row["has_figures"] or not any(figures.values()):
                continue
            entry.lines.append(FieldLine(len(entry.lines) + 1, row["field"], figures))
            for column in INTAKE_COLUMNS:
                summed[column] += row[column]
        entry.total = form_figures(add_intake_totals(summed))
        levels.append(entry)
    if level is None:
        everything = _as_queryset(units)
    elif levels:
        everything = levels[0].units
    else:
        everything = Unit.objects.none()
    summary = selectors.intake_summary(everything, first, last)
    reporting = (
        IntakeSummary.objects.for_units(everything)
        .in_period(first, last)
        .order_by()
        .values("unit")
        .distinct()
        .count()
    )
    return Settlement(levels, form_figures(summary), summary, reporting)


# --- the workbook --------------------------------------------------------------------------

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TITLE_ROWS = (1, 2)
MEASURE_ROW = 3
HEADER_TOP = 4
NUMBER_ROW = HEADER_TOP + 3
FIRST_BODY_ROW = NUMBER_ROW + 1
WIDTHS = {1: 6, 2: 40, **dict.fromkeys(range(3, COLUMN_COUNT + 1), 11)}
LAST_LETTER = get_column_letter(COLUMN_COUNT)


def _merged(ws, row, first, last, text, *, font=None, alignment=None, last_row=None):
    ws.merge_cells(start_row=row, start_column=first, end_row=last_row or row, end_column=last)
    cell = ws.cell(row, first, text)
    if font is not None:
        cell.font = font
    cell.alignment = alignment or LEFT
    return cell


def _title_block(ws, unit, period):
    parent = unit.parent.name if unit.parent_id else ""
    top, bottom = TITLE_ROWS
    _merged(ws, top, 1, 3, FORM_CODE, font=BOLD)
    _merged(ws, bottom, 1, 3, ISSUED_BY, font=Font(italic=True, size=9))
    _merged(ws, top, 4, 10, TITLE, font=Font(bold=True, size=12), alignment=CENTER)
    _merged(
        ws,
        bottom,
        4,
        10,
        PERIOD_LINE.format(first=period.starts_on, last=period.ends_on),
        font=Font(italic=True),
        alignment=CENTER,
    )
    _merged(ws, top, 11, COLUMN_COUNT, REPORTING_UNIT.format(name=unit.name))
    _merged(ws, bottom, 11, COLUMN_COUNT, RECEIVING_UNIT.format(name=parent))
    ws.row_dimensions[top].height = 45
    ws.row_dimensions[bottom].height = 30
    _merged(
        ws,
        MEASURE_ROW,
        1,
        COLUMN_COUNT,
        MEASURE,
        font=Font(italic=True),
        alignment=Alignment(horizontal="right"),
    )


def _table_header(ws):
    for first_row, first_col, last_row, last_col, text in HEADER_CELLS:
        top = HEADER_TOP + first_row - 1
        ws.merge_cells(
            start_row=top,
            start_column=first_col,
            end_row=HEADER_TOP + last_row - 1,
            end_column=last_col,
        )
        ws.cell(top, first_col, text)
    for column in range(1, COLUMN_COUNT + 1):
        for row in range(HEADER_TOP, NUMBER_ROW):
            cell = ws.cell(row, column)
            cell.font, cell.alignment, cell.border = BOLD, CENTER, BORDER
        number = ws.cell(NUMBER_ROW, column, f"({column})")
        number.font, number.alignment, number.border = Font(italic=True, size=9), CENTER, BORDER
    ws.row_dimensions[HEADER_TOP + 2].height = 45


def _row(ws, row, number, label, figures, *, bold=False):
    ws.cell(row, 1, number)
    ws.cell(row, 2, label)
    for offset, key in enumerate(FORM_KEYS):
        if figures is not None:
            excel.write_count(ws, row, FIRST_NUMBER_COLUMN + offset, figures[key])
    for column in range(1, COLUMN_COUNT + 1):
        cell = ws.cell(row, column)
        cell.border = BORDER
        if column <= 2:
            cell.alignment = CENTER if column == 1 else LEFT
        if bold:
            cell.font = BOLD
    return row + 1


def _body(ws, settlement):
    row = FIRST_BODY_ROW
    if not settlement.levels:
        row = _row(ws, row, None, NO_FIGURES, None)
    for level in settlement.levels:
        row = _row(ws, row, level.roman, level.heading, None, bold=True)
        if not level.lines:
            row = _row(ws, row, None, NO_FIGURES, None)
        for line in level.lines:
            row = _row(ws, row, line.number, line.field.name, line.figures)
        row = _row(ws, row, None, level.subtotal_label, level.total, bold=True)
    return _row(ws, row, None, GRAND_TOTAL, settlement.total, bold=True)


def _footer(ws, row, settlement, today):
    row += 1
    _merged(
        ws,
        row,
        1,
        COLUMN_COUNT,
        SOURCE_LINE.format(today=today, count=settlement.units_with_figures),
        font=Font(italic=True, size=9),
    )
    row += 2
    left, right = SIGNATURES
    _merged(ws, row, 1, 5, left, font=BOLD, alignment=CENTER)
    _merged(ws, row, 9, COLUMN_COUNT, right, font=BOLD, alignment=CENTER)


def _page_setup(ws):
    for column, width in WIDTHS.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(FIRST_BODY_ROW, FIRST_NUMBER_COLUMN)
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_TOP}:{NUMBER_ROW}"
    ws.print_options.horizontalCentered = True


def settlement_workbook(unit, units, period, today=None, *, level=None):
    """The workbook of Form 06/VPCP/KSTT for `unit` (the reporting unit) over `units` (it or
    its subtree) and `period`; `level` (a LEVELS key) exports that level only."""
    settlement = settlement_rows(units, period, level=level)
    workbook = spreadsheets.workbook()
    ws = workbook.active
    ws.title = "Biểu 06"
    _title_block(ws, unit, period)
    _table_header(ws)
    last_row = _body(ws, settlement)
    _footer(ws, last_row, settlement, today or timezone.localdate())
    _page_setup(ws)
    return workbook
