"""The analysis as one self-contained HTML page: charts as inline SVG, tables, CSV downloads.

One file that opens offline and can be mailed or archived as evidence: no CDN, no script, no
external style sheet or font; CSV downloads are ``data:`` links. Every string that comes from
the data goes through :func:`html.escape` (table cells, captions, link names); chart text is
escaped by Vega itself.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping
from urllib.parse import quote

from podium.core.analysis import DEFAULT_TOP, AnalysisResult
from podium.core.csv_safety import csv_cell
from podium.core.reports.charts import chart_specs
from podium.core.reports.svg import render_svg
from podium.core.reports.tables import ReportTable, report_tables

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:72rem;padding:1rem 1.5rem 3rem;color:#1a202c;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.4rem;border-bottom:1px solid #cbd5e0}
nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;color:#4a5568}
dl.meta dt{font-weight:600}dl.meta dd{margin:0}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
caption{text-align:left;font-style:italic;color:#4a5568;padding:.3rem 0}
th,td{border-bottom:1px solid #e2e8f0;padding:.25rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f7fafc}
figure{margin:1rem 0;overflow-x:auto}figcaption{font-weight:600;margin-bottom:.3rem}
a.csv{font-size:.9rem}a{color:#2b6cb0}
"""

NUMERIC_KINDS = {"count", "share", "seconds", "number"}


def render_html_report(
    result: AnalysisResult,
    *,
    top: int = DEFAULT_TOP,
    details: Mapping[str, str] | None = None,
) -> str:
    """The whole report as an HTML document.

    ``details`` are shown under the title as label/value pairs (file, preset, calendar, ...):
    the caller knows how the log was read, the result does not.
    """
    tables = report_tables(result, top)
    specs = chart_specs(tables)
    title = f"Podium analysis of {result.source or 'an event log'}"
    meta = {"As of": result.as_of.isoformat(), **(details or {})}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{html.escape(title)}</h1>",
        _definition_list(meta),
        _navigation(tables),
        "</header>",
        "<main>",
    ]
    for key, table in tables.items():
        parts.append(_section(table, specs.get(key)))
    parts += [
        "</main>",
        "<footer><p>Every figure is defined in Podium's docs/metrics.md under its JSON name."
        "</p></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _definition_list(items: Mapping[str, str]) -> str:
    rows = "".join(
        f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>"
        for label, value in items.items()
    )
    return f'<dl class="meta">{rows}</dl>'


def _navigation(tables: Mapping[str, ReportTable]) -> str:
    links = "".join(
        f'<li><a href="#{html.escape(t.key)}">{html.escape(t.title)}</a></li>'
        for t in tables.values()
    )
    return f'<nav aria-label="Sections"><ul>{links}</ul></nav>'


def _section(table: ReportTable, spec: dict[str, object] | None) -> str:
    key = html.escape(table.key)
    parts = [f'<section id="{key}" aria-labelledby="{key}-heading">']
    parts.append(f'<h2 id="{key}-heading">{html.escape(table.title)}</h2>')
    if spec is not None:
        label = str(spec.get("description", table.title))
        parts.append(
            f'<figure aria-labelledby="{key}-figure">'
            f'<figcaption id="{key}-figure">{html.escape(table.title)} (chart; '
            "the same data follows as a table)</figcaption>"
            f"{render_svg(spec, label)}</figure>"
        )
    parts.append(_table_html(table))
    if table.rows:
        parts.append(_csv_link(table))
    parts.append("</section>")
    return "\n".join(parts)


def _table_html(table: ReportTable) -> str:
    if not table.rows:
        return f"<p>{html.escape(table.caption)}: nothing to show for this log.</p>"
    head = "".join(f'<th scope="col">{html.escape(c.label)}</th>' for c in table.columns)
    body = []
    for cells in table.text_rows():
        tds = "".join(
            f'<td class="n">{html.escape(text)}</td>'
            if column.kind in NUMERIC_KINDS
            else f"<td>{html.escape(text)}</td>"
            for column, text in zip(table.columns, cells, strict=True)
        )
        body.append(f"<tr>{tds}</tr>")
    return (
        f"<table><caption>{html.escape(table.caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def table_csv(table: ReportTable) -> str:
    """The table's raw values (seconds, fractions) as CSV, one header row of record keys.

    Numbers stay numbers; text that a spreadsheet would run as a formula (a party named
    ``=HYPERLINK(…)``) is quoted by :func:`podium.core.csv_safety.csv_cell`.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(row.get(c.key)) for c in table.columns])
    return buffer.getvalue()


def _csv_link(table: ReportTable) -> str:
    href = "data:text/csv;charset=utf-8," + quote(table_csv(table), safe="")
    name = f"podium-{table.key}.csv"
    return (
        f'<p><a class="csv" href="{html.escape(href)}" download="{html.escape(name)}">'
        f"Download {html.escape(table.title)} as CSV</a></p>"
    )
