"""Charts drawn on the server as SVG, so they show without JavaScript, in print and in PDF.

Each chart is an inline <svg role="img"> with a <title> and a <desc>, axis labels, the value
printed beside every bar (and every point of the main line), and a fill pattern or a dash
style beside each colour, so that no meaning rests on colour alone. Only presentation
attributes are used: the content security policy forbids inline <style>. The dashboards and
the PAR index draw with it (the class "dashboard-chart" is styled by each app's stylesheet).
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
TEXT = "#212529"
MUTED = "#5c636a"
GRID = "#dee2e6"

# Fill styles: a colour and a pattern drawn over a light tint of it.
STYLES = {
    "solid": ("#1f4e79", None),
    "hatch": ("#2e7d32", "hatch"),
    "dots": ("#8a5300", "dots"),
    "cross": ("#b02a37", "cross"),
    "plain": ("#6c757d", None),
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # the bar's length; None draws no bar
    text: str  # what is printed beside the bar ("95,8 % (23/24)")
    style: str = "solid"
    href: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    values: list  # floats or None (no figure that month: the line breaks)
    texts: list  # printed values, same length
    dashed: bool = False
    marker: str = "circle"  # or "square"
    color: str = "#1f4e79"
    print_values: bool = True


def _n(value):
    """A coordinate with at most one decimal, so the markup stays short and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _attr(value):
    return escape(str(value))


def nice_ceiling(value):
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (1 for nothing)."""
    if value is None or value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-9:
            return step * power
    return 10 * power


def _defs(chart_id):
    parts = []
    for name, (color, pattern) in STYLES.items():
        if pattern == "hatch":
            body = (
                f'<rect width="6" height="6" fill="#ffffff"/>'
                f'<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="{color}" stroke-width="2"/>'
            )
        elif pattern == "dots":
            body = (
                f'<rect width="6" height="6" fill="#ffffff"/>'
                f'<circle cx="3" cy="3" r="1.6" fill="{color}"/>'
            )
        elif pattern == "cross":
            body = (
                f'<rect width="6" height="6" fill="#ffffff"/>'
                f'<path d="M0,0 L6,6 M6,0 L0,6" stroke="{color}" stroke-width="1.4"/>'
            )
        else:
            continue
        parts.append(
            f'<pattern id="{chart_id}-{name}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f"{body}</pattern>"
        )
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


def _fill(chart_id, style):
    color, pattern = STYLES.get(style, STYLES["solid"])
    return (f"url(#{chart_id}-{style})" if pattern else color), color


def _open(chart_id, width, height, title, description):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dashboard-chart" id="{chart_id}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="{FONT}" font-size="12" '
        f'fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{_defs(chart_id)}"
    )


def _shorten(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(
    bars,
    *,
    chart_id,
    title,
    description,
    axis_label,
    tick_format,
    max_value=None,
    reference=None,
    empty_text="",
    width=680,
    label_width=190,
    value_width=150,
):
    """Horizontal bars, one per item, with the value printed at the end of each bar.

    `tick_format(number)` writes the axis ticks; `reference` = (value, text) draws a dashed
    line across the bars (the scope's average) with its text at the top.
    """
    bar_height, gap, top, bottom, right = 20, 8, 26 if reference else 10, 44, value_width
    plot_width = width - label_width - right
    values = [bar.value for bar in bars if bar.value is not None]
    if reference is not None and reference[0] is not None:
        values.append(float(reference[0]))
    scale_max = max_value or nice_ceiling(max(values) if values else 0)
    height = top + max(len(bars), 1) * (bar_height + gap) + bottom
    x0 = label_width
    parts = [_open(chart_id, width, height, title, description)]
    plot_bottom = height - bottom
    for index in range(6):
        tick = scale_max * index / 5
        x = x0 + plot_width * index / 5
        parts.append(
            f'<line x1="{_n(x)}" y1="{top - 4}" x2="{_n(x)}" y2="{plot_bottom}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{_n(x)}" y="{plot_bottom + 14}" text-anchor="middle" font-size="10" '
            f'fill="{MUTED}">{escape(tick_format(tick))}</text>'
        )
    parts.append(
        f'<text x="{_n(x0 + plot_width / 2)}" y="{height - 8}" text-anchor="middle" '
        f'font-size="11" fill="{MUTED}">{escape(axis_label)}</text>'
    )
    if not bars:
        parts.append(
            f'<text x="{x0 + 6}" y="{top + 14}" fill="{MUTED}">{escape(empty_text)}</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * (bar_height + gap)
        fill, stroke = _fill(chart_id, bar.style)
        length = 0 if bar.value is None else plot_width * min(bar.value, scale_max) / scale_max
        label = (
            f'<text x="{x0 - 8}" y="{_n(y + bar_height / 2 + 4)}" text-anchor="end">'
            f"<title>{escape(bar.label)}</title>"
            f"{escape(_shorten(bar.label, max(int(label_width / 6.6), 12)))}</text>"
        )
        rect = ""
        if bar.value is not None:
            rect = (
                f'<rect x="{x0}" y="{y}" width="{_n(max(length, 1))}" height="{bar_height}" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="1">'
                f"<title>{escape(bar.label)}: {escape(bar.text)}</title></rect>"
            )
        value = (
            f'<text x="{_n(x0 + length + 6)}" y="{_n(y + bar_height / 2 + 4)}" '
            f'font-weight="bold">{escape(bar.text)}</text>'
        )
        group = f"{label}{rect}{value}"
        if bar.href:
            group = f'<a href="{_attr(bar.href)}">{group}</a>'
        parts.append(f"<g>{group}</g>")
    parts.append(
        f'<line x1="{x0}" y1="{top - 4}" x2="{x0}" y2="{plot_bottom}" stroke="{TEXT}" '
        f'stroke-width="1"/>'
    )
    if reference is not None and reference[0] is not None:
        x = x0 + plot_width * min(float(reference[0]), scale_max) / scale_max
        parts.append(
            f'<line x1="{_n(x)}" y1="{top - 6}" x2="{_n(x)}" y2="{plot_bottom}" '
            f'stroke="{TEXT}" stroke-width="1.5" stroke-dasharray="5,3"/>'
            f'<text x="{_n(min(x, x0 + plot_width))}" y="{top - 10}" text-anchor="middle" '
            f'font-size="11">{escape(reference[1])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _marker(kind, x, y, color, label):
    tip = f"<title>{escape(label)}</title>"
    if kind == "square":
        return (
            f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" fill="#ffffff" '
            f'stroke="{color}" stroke-width="2">{tip}</rect>'
        )
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="{color}">{tip}</circle>'


def line_chart(
    x_labels,
    series,
    *,
    chart_id,
    title,
    description,
    x_label,
    y_label,
    tick_format,
    reference=None,
    width=680,
    height=280,
):
    """Lines over months; the first series' values are printed above its points.

    A series with None breaks its line there. `reference` = (value, text) draws a dashed
    horizontal line (the period's average) with its text at the right end. The legend
    shows each series' dash style and marker, not only its colour.
    """
    left, right, top, bottom = 58, 20, 34, 58
    plot_width, plot_height = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    if reference is not None and reference[0] is not None:
        values.append(float(reference[0]))
    scale_max = nice_ceiling(max(values) if values else 0)
    count = max(len(x_labels), 1)
    step = plot_width / count

    def x_of(index):
        return left + step * (index + 0.5)

    def y_of(value):
        return top + plot_height - plot_height * min(float(value), scale_max) / scale_max

    parts = [_open(chart_id, width, height, title, description)]
    for index in range(6):
        tick = scale_max * index / 5
        y = top + plot_height - plot_height * index / 5
        parts.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="{GRID}" '
            f'stroke-width="1"/><text x="{left - 6}" y="{_n(y + 4)}" text-anchor="end" '
            f'font-size="10" fill="{MUTED}">{escape(tick_format(tick))}</text>'
        )
    every = max(1, math.ceil(count / 12))
    for index, label in enumerate(x_labels):
        if index % every:
            continue
        parts.append(
            f'<text x="{_n(x_of(index))}" y="{top + plot_height + 16}" text-anchor="middle" '
            f'font-size="10" fill="{MUTED}">{escape(label)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - right}" '
        f'y2="{top + plot_height}" stroke="{TEXT}" stroke-width="1"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="{TEXT}" '
        f'stroke-width="1"/>'
        f'<text x="{_n(left + plot_width / 2)}" y="{height - 8}" text-anchor="middle" '
        f'font-size="11" fill="{MUTED}">{escape(x_label)}</text>'
        f'<text x="14" y="{_n(top + plot_height / 2)}" text-anchor="middle" font-size="11" '
        f'fill="{MUTED}" transform="rotate(-90 14 {_n(top + plot_height / 2)})">'
        f"{escape(y_label)}</text>"
    )
    if reference is not None and reference[0] is not None:
        y = y_of(reference[0])
        parts.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="{MUTED}" '
            f'stroke-width="1.5" stroke-dasharray="2,3"><title>{escape(reference[1])}</title>'
            f"</line>"
        )
    for item in series:
        dash = ' stroke-dasharray="6,4"' if item.dashed else ""
        run = []
        runs = []
        for index, value in enumerate(item.values):
            if value is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(f"{_n(x_of(index))},{_n(y_of(value))}")
        if run:
            runs.append(run)
        for points in runs:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{item.color}" '
                    f'stroke-width="2"{dash}/>'
                )
        for index, (value, text) in enumerate(zip(item.values, item.texts, strict=True)):
            if value is None:
                continue
            x, y = x_of(index), y_of(value)
            parts.append(
                _marker(item.marker, x, y, item.color, f"{item.name}, {x_labels[index]}: {text}")
            )
            if item.print_values:
                parts.append(
                    f'<text x="{_n(x)}" y="{_n(y - 8)}" text-anchor="middle" font-size="10" '
                    f'font-weight="bold">{escape(text)}</text>'
                )
    legend_x = left
    for item in series:
        dash = ' stroke-dasharray="6,4"' if item.dashed else ""
        parts.append(
            f'<line x1="{legend_x}" y1="12" x2="{legend_x + 28}" y2="12" stroke="{item.color}" '
            f'stroke-width="2"{dash}/>'
            + _marker(item.marker, legend_x + 14, 12, item.color, item.name)
            + f'<text x="{legend_x + 34}" y="16" font-size="11">{escape(item.name)}</text>'
        )
        legend_x += 44 + 7 * len(item.name)
    if reference is not None and reference[0] is not None:
        # The reference line is named in the legend, where it cannot hide a point.
        parts.append(
            f'<line x1="{legend_x}" y1="12" x2="{legend_x + 28}" y2="12" stroke="{MUTED}" '
            f'stroke-width="1.5" stroke-dasharray="2,3"/>'
            f'<text x="{legend_x + 34}" y="16" font-size="11">{escape(reference[1])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def as_float(value):
    """A Decimal rate as a float for drawing (None stays None)."""
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | int | float) else None
