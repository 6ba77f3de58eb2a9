"""The SVG charts: accessible, values printed, meaning not by colour alone, text escaped."""

import re

from dashboards import charts


def _bar_chart(bars, **extra):
    return charts.bar_chart(
        bars,
        chart_id="c1",
        title="Tỷ lệ hoàn thành",
        description="Mô tả biểu đồ",
        axis_label="Nhiệm vụ hoàn thành (%)",
        tick_format=lambda v: f"{v:g} %",
        max_value=100,
        **extra,
    )


def test_a_bar_chart_is_an_accessible_image_with_its_values_printed():
    svg = str(
        _bar_chart(
            [
                charts.Bar("Phường Một", 66.7, "66,7 % (2/3)", href="/plans/1/"),
                charts.Bar("Phường Hai", None, "chưa có kế hoạch"),
            ],
            reference=(75.0, "Chung: 75 %"),
        )
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Tỷ lệ hoàn thành</title>' in svg
    assert '<desc id="c1-desc">Mô tả biểu đồ</desc>' in svg
    assert ">66,7 % (2/3)</text>" in svg
    assert ">chưa có kế hoạch</text>" in svg
    assert ">Nhiệm vụ hoàn thành (%)</text>" in svg
    assert ">Chung: 75 %</text>" in svg
    assert '<a href="/plans/1/">' in svg
    # Only one bar is drawn: the unit without a plan has its text and no bar.
    assert len(re.findall(r'<rect x="190" y="\d+" width=', svg)) == 1
    # No inline style: the content security policy would block it.
    assert "style=" not in svg and "<style" not in svg


def test_bars_differ_by_pattern_not_only_colour():
    svg = str(
        _bar_chart(
            [
                charts.Bar("Chưa khắc phục", 3, "3", "plain"),
                charts.Bar("Chờ thẩm định", 2, "2", "dots"),
                charts.Bar("Đã chấp nhận", 7, "7", "hatch"),
                charts.Bar("Quá hạn", 5, "5", "cross"),
            ]
        )
    )
    for name in ("dots", "hatch", "cross"):
        assert f'<pattern id="c1-{name}"' in svg
        assert f'fill="url(#c1-{name})"' in svg


def test_text_from_the_database_is_escaped():
    svg = str(_bar_chart([charts.Bar('<script>alert("x")</script>', 10, "10 %")]))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_a_line_chart_breaks_where_a_month_has_no_figure():
    svg = str(
        charts.line_chart(
            ["01/2022", "02/2022", "03/2022", "04/2022"],
            [
                charts.Series("Phường Một", [2.0, None, 1.0, 1.5], ["2 %", "—", "1 %", "1,5 %"]),
                charts.Series(
                    "Chung thành phố",
                    [3.0, 2.5, 2.0, 2.2],
                    ["3 %", "2,5 %", "2 %", "2,2 %"],
                    dashed=True,
                    marker="square",
                    print_values=False,
                ),
            ],
            chart_id="c2",
            title="Tỷ lệ trực tuyến",
            description="Theo tháng",
            x_label="Tháng",
            y_label="Hồ sơ trực tuyến (%)",
            tick_format=lambda v: f"{v:g} %",
            reference=(2.4, "Cả kỳ: 2,4 %"),
        )
    )
    # The first series: one point alone (January), then a line from March to April.
    assert svg.count("<polyline") == 2
    assert 'stroke-dasharray="6,4"' in svg
    assert ">1,5 %</text>" in svg and ">2,2 %</text>" not in svg
    assert "<title>Chung thành phố, 04/2022: 2,2 %</title>" in svg
    assert ">Cả kỳ: 2,4 %</text>" in svg
    assert ">Hồ sơ trực tuyến (%)</text>" in svg


def test_nice_ceiling():
    assert [charts.nice_ceiling(v) for v in (0, 0.7, 3.11, 4.2, 13, 100)] == [1, 1, 5, 5, 20, 100]
