"""The dashboards' SVG charts: drawn by `cchc_portal.charts`, which the PAR index shares."""

from cchc_portal.charts import (  # noqa: F401 - the dashboards' modules and tests use them here
    Bar,
    Series,
    as_float,
    bar_chart,
    line_chart,
    nice_ceiling,
)
