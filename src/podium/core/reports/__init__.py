"""Reports of an analysis: shared tables, Vega-Lite chart specs, and the HTML page.

>>> from podium.core.reports import render_html_report
>>> render_html_report  # doctest: +ELLIPSIS
<function render_html_report at ...>
"""

from podium.core.reports.charts import VEGA_LITE_SCHEMA, chart_specs
from podium.core.reports.html import render_html_report, table_csv
from podium.core.reports.svg import render_svg
from podium.core.reports.tables import Column, ReportTable, format_value, report_tables

__all__ = [
    "VEGA_LITE_SCHEMA",
    "Column",
    "ReportTable",
    "chart_specs",
    "format_value",
    "render_html_report",
    "render_svg",
    "report_tables",
    "table_csv",
]
