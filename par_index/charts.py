"""The ranking's charts, drawn on the server as SVG by `cchc_portal.charts` (as the dashboards'):
one bar chart per area (each ranked unit's appraised points) and the distribution of the units'
totals. The page prints the same numbers in its tables."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc_portal import charts
from cchc_portal.figures import formatting as fmt

# The distribution's classes, by percentage of the maximum: 90 % and more, 80–90 %, … below 50 %.
BANDS = (90, 80, 70, 60, 50)


def area_charts(result):
    """[(area, svg)]: per area, each ranked unit's appraised points out of the area's maximum."""
    rows = result.ranked_rows
    drawn = []
    for index, area in enumerate(result.areas):
        bars = []
        for row in rows:
            points = row.by_area[index][1]  # in the areas' order
            bars.append(
                charts.Bar(
                    row.unit.display_name,
                    float(points),
                    f"{fmt.format_score(points)} / {fmt.format_score(area.max_points)}",
                )
            )
        drawn.append(
            (
                area,
                charts.bar_chart(
                    bars,
                    chart_id=f"chart-area-{index + 1}",
                    title=_("%(code)s. %(area)s: appraised points by unit")
                    % {"code": area.code, "area": area.text},
                    description=_(
                        "Each appraised unit's points in the area, out of its maximum of "
                        "%(max)s points."
                    )
                    % {"max": fmt.format_score(area.max_points)},
                    axis_label=_("Appraised points"),
                    tick_format=fmt.tick_count,
                    max_value=float(area.max_points) or None,
                    empty_text=_("No scorecard has been appraised yet."),
                ),
            )
        )
    return drawn


def distribution(result):
    """[(label, count)] of the ranked units by their percentage of the maximum."""
    counts = dict.fromkeys((*BANDS, 0), 0)
    for row in result.ranked_rows:
        percent = row.percent if row.percent is not None else Decimal(0)
        band = next((low for low in BANDS if percent >= low), 0)
        counts[band] += 1
    labels = []
    for position, low in enumerate(BANDS):
        if position == 0:
            label = _("%(low)s %% and more") % {"low": low}
        else:
            label = _("%(low)s–%(high)s %%") % {"low": low, "high": BANDS[position - 1]}
        labels.append((label, counts[low]))
    labels.append((_("below %(high)s %%") % {"high": BANDS[-1]}, counts[0]))
    return labels


def distribution_chart(bands):
    bars = [
        charts.Bar(
            label,
            count,
            ngettext("%(count)s unit", "%(count)s units", count) % {"count": count},
            "hatch",
        )
        for label, count in bands
    ]
    return charts.bar_chart(
        bars,
        chart_id="chart-distribution",
        title=_("Distribution of the appraised totals"),
        description=_("How many appraised units reached each share of the index's maximum points."),
        axis_label=_("Units"),
        tick_format=fmt.tick_count,
        label_width=150,
        value_width=90,
    )
