"""Vega-Lite specs for the report's charts, as plain dicts.

Specs, not pictures, are the shared product: the HTML report renders them to SVG, the web
cockpit hands the same dict to the browser, and PDFs render SVG again. Each spec carries its
data inline (``data.values``) — the same records as the table printed under the chart — so a
spec alone is enough to redraw it anywhere, and a title and description for screen readers.
"""

from __future__ import annotations

from typing import Any

from podium.core.reports.tables import ReportTable, Row

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
Spec = dict[str, Any]

WIDTH = 560
BAR_STEP = 18
MATRIX_STEP = 30
COLOR_SCHEME = "blues"


def _base(title: str, description: str, values: list[Row]) -> Spec:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "title": title,
        "description": description,
        "data": {"values": values},
        "config": {"font": "sans-serif", "view": {"stroke": None}},
    }


def _bar_chart(
    title: str,
    description: str,
    values: list[Row],
    label: str,
    label_title: str,
    measure: str,
    measure_title: str,
) -> Spec:
    """Horizontal bars in the order of ``values`` (already ranked), longest labels allowed."""
    order = [str(v[label]) for v in values]
    return {
        **_base(title, description, values),
        "width": WIDTH,
        "height": {"step": BAR_STEP},
        "mark": {"type": "bar", "color": "#2b6cb0"},
        "encoding": {
            "y": {
                "field": label,
                "type": "nominal",
                "title": label_title,
                "sort": order,
                "axis": {"labelLimit": 260},
            },
            "x": {"field": measure, "type": "quantitative", "title": measure_title},
        },
    }


def line_spec(
    title: str,
    description: str,
    values: list[Row],
    *,
    x: Spec,
    y: str,
    y_title: str,
    series: str,
    series_title: str | None,
    height: int,
    width: int = WIDTH,
) -> Spec:
    """A line per ``series`` with a point on each value, percentages on a 0–100 axis: every
    line chart of the cockpit, the party view and the monthly review. ``x`` is the axis's
    encoding (a temporal day, a month, an ordinal label kept in the rows' order).

    >>> spec = line_spec("T", "D", [], x={"field": "day", "type": "temporal"}, y="pct",
    ...                  y_title="%", series="who", series_title=None, height=100)
    >>> spec["mark"], spec["encoding"]["y"]["scale"], spec["encoding"]["color"]["title"]
    ({'type': 'line', 'point': True}, {'domain': [0, 100]}, None)
    """
    return {
        **_base(title, description, values),
        "width": width,
        "height": height,
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": x,
            "y": {
                "field": y,
                "type": "quantitative",
                "title": y_title,
                "scale": {"domain": [0, 100]},
            },
            "color": {"field": series, "type": "nominal", "title": series_title},
        },
    }


def handover_matrix_spec(table: ReportTable) -> Spec:
    """Hand-overs as a from × to heat-map with counts written in the cells.

    A matrix reads better than a network drawing once more than a handful of parties hand
    over to each other, and it renders without a layout algorithm.
    """
    values = [dict(row) for row in table.rows]
    return {
        **_base(
            table.title,
            "Heat-map of hand-overs between parties: rows are the party handing over, "
            "columns the party taking over; darker cells and the number show hand-overs.",
            values,
        ),
        "width": {"step": MATRIX_STEP},
        "height": {"step": MATRIX_STEP},
        "encoding": {
            "y": {
                "field": "source",
                "type": "nominal",
                "title": "From",
                "axis": {"labelLimit": 200},
            },
            "x": {
                "field": "target",
                "type": "nominal",
                "title": "To",
                "axis": {"labelAngle": -40, "labelLimit": 200},
            },
        },
        "layer": [
            {
                "mark": "rect",
                "encoding": {
                    "color": {
                        "field": "handovers",
                        "type": "quantitative",
                        "title": "Hand-overs",
                        "scale": {"scheme": COLOR_SCHEME},
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 9},
                "encoding": {
                    "text": {"field": "handovers", "type": "quantitative", "format": ","},
                },
            },
        ],
    }


def time_in_hands_spec(table: ReportTable) -> Spec:
    """Business hours each party held cases."""
    values = [{**row, "total_hours": _hours(row.get("total_seconds"))} for row in table.rows]
    return _bar_chart(
        table.title,
        "Bar chart of the business hours each party held cases, longest first.",
        values,
        "party",
        "Party",
        "total_hours",
        "Business hours in hands",
    )


def ping_pong_spec(table: ReportTable) -> Spec:
    """Bounces per pair of parties."""
    values = [{**row, "pair": f"{row['party_a']} ↔ {row['party_b']}"} for row in table.rows]
    return _bar_chart(
        table.title,
        "Bar chart of direct ping-pong bounces (A→B→A) per pair of parties, most first.",
        values,
        "pair",
        "Pair of parties",
        "bounces",
        "Bounces",
    )


def directly_follows_spec(table: ReportTable) -> Spec:
    """Frequency of the top directly-follows edges."""
    values = [{**row, "edge": f"{row['source']} → {row['target']}"} for row in table.rows]
    return _bar_chart(
        table.title,
        "Bar chart of how often one status directly follows another, most frequent first.",
        values,
        "edge",
        "Edge",
        "frequency",
        "Frequency",
    )


def waiting_states_spec(table: ReportTable) -> Spec:
    """Business hours spent in each waiting state."""
    values = [{**row, "total_hours": _hours(row.get("total_seconds"))} for row in table.rows]
    return _bar_chart(
        table.title,
        "Bar chart of the business hours cases spent in each waiting or pause state.",
        values,
        "state",
        "Waiting state",
        "total_hours",
        "Business hours",
    )


def _hours(seconds: Any) -> float | None:
    return None if seconds is None else round(float(seconds) / 3600, 2)


CHARTS = {
    "handovers": handover_matrix_spec,
    "time-in-hands": time_in_hands_spec,
    "ping-pong": ping_pong_spec,
    "waiting-states": waiting_states_spec,
    "directly-follows": directly_follows_spec,
}
"""Which report tables get a chart, and the spec builder for each."""


def chart_specs(tables: dict[str, ReportTable]) -> dict[str, Spec]:
    """The spec of every charted table that has rows, keyed like the tables."""
    return {
        key: build(tables[key])
        for key, build in CHARTS.items()
        if key in tables and tables[key].rows
    }
