"""The cockpit's tables and Vega-Lite specs: built here once, for the web cockpit, the party
view and the monthly report's PDF alike.

Each chart is a `ReportTable` (its "view data" table and its CSV) and a spec drawn from exactly
those rows, so what a reader downloads is what the chart shows. Builders take plain rows —
names already resolved, values raw (percent as 0–100, hours as hours) — never database rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from podium.core.reports.charts import (
    MATRIX_STEP,
    WIDTH,
    Spec,
    _base,
    line_spec,
    ping_pong_spec,
)
from podium.core.reports.tables import Column, ReportTable, Row

HEALTH_COLOR = {"domain": [80, 95, 100], "range": ["#d63939", "#f59f00", "#2fb344"]}
"""Attainment below 80 % red, to 95 % amber, above green (the console's tones)."""


def _table(
    key: str, title: str, caption: str, columns: Sequence[Column], rows: Iterable[Row]
) -> ReportTable:
    return ReportTable(key, title, caption, tuple(columns), tuple(rows))


# --- health per business service ---------------------------------------------------------------


def service_health_table(rows: Iterable[Row]) -> ReportTable:
    """Rows: service, attainment (%), basis, breaches, availability (%), direction."""
    return _table(
        "service-health",
        "End-to-end health per business service",
        "SLA attainment of the tickets whose clock stopped in the period, availability "
        "(the period without an open P1 on the service) and the trend of the attainment",
        (
            Column("service", "Service"),
            Column("attainment", "SLA attainment (%)", "number"),
            Column("basis", "Tickets measured", "count"),
            Column("breaches", "Breaches", "count"),
            Column("availability", "Availability (%)", "number"),
            Column("direction", "Trend"),
        ),
        rows,
    )


def service_trend_table(rows: Iterable[Row]) -> ReportTable:
    """Rows: service, bucket (the first day, ISO), attainment (%) or None, basis."""
    return _table(
        "service-trend",
        "SLA attainment over the period",
        "SLA attainment per business service in each part of the period",
        (
            Column("service", "Service"),
            Column("bucket", "From"),
            Column("attainment", "SLA attainment (%)", "number"),
        ),
        rows,
    )


def service_trend_spec(table: ReportTable) -> Spec:
    """One line per service across the period's buckets; a gap where nothing was measured."""
    return line_spec(
        table.title,
        "Line chart of the SLA attainment of each business service over the period, in "
        "percent; the table holds the same figures.",
        [dict(row) for row in table.rows if row.get("attainment") is not None],
        x={"field": "bucket", "type": "temporal", "title": "From"},
        y="attainment",
        y_title="SLA attainment (%)",
        series="service",
        series_title="Service",
        height=220,
    )


# --- the ecosystem map: who runs what, and where the open work sits ---------------------------


def ecosystem_map_table(rows: Iterable[Row]) -> ReportTable:
    """Rows: service, party, components (the party runs for it), open_tickets (it holds on
    it), attainment (%) of the service or None."""
    return _table(
        "ecosystem-map",
        "Ecosystem map",
        "Each business service against the parties that run its components: the components "
        "each runs for it and the open tickets each holds on it",
        (
            Column("service", "Service"),
            Column("party", "Party"),
            Column("components", "Components", "count"),
            Column("open_tickets", "Open tickets held", "count"),
            Column("attainment", "Service SLA attainment (%)", "number"),
        ),
        rows,
    )


def ecosystem_map_spec(table: ReportTable) -> Spec:
    """Service × party, a cell where the party runs part of the service, coloured by the
    service's attainment, the open tickets the party holds on it written in the cell."""
    values = [dict(row) for row in table.rows]
    return {
        **_base(
            table.title,
            "Grid of business services (rows) against the parties running their components "
            "(columns); the colour is the service's SLA attainment, the number the open "
            "tickets that party holds on it.",
            values,
        ),
        "width": {"step": MATRIX_STEP * 2},
        "height": {"step": MATRIX_STEP},
        "encoding": {
            "y": {"field": "service", "type": "nominal", "title": "Service"},
            "x": {
                "field": "party",
                "type": "nominal",
                "title": "Party",
                "axis": {"labelAngle": -30, "labelLimit": 140},
            },
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "#ffffff"},
                "encoding": {
                    "color": {
                        "field": "attainment",
                        "type": "quantitative",
                        "title": "SLA %",
                        "scale": HEALTH_COLOR,
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11},
                "encoding": {"text": {"field": "open_tickets", "type": "quantitative"}},
            },
        ],
    }


# --- ping-pong, shared goals, trust ------------------------------------------------------------


def ping_pong_pairs_table(rows: Iterable[Row]) -> ReportTable:
    """Rows: party_a, party_b, bounces, cases (hottest first)."""
    return _table(
        "ping-pong",
        "Hottest ping-pong pairs",
        "Pairs of parties whose tickets went straight back (A → B → A) in the period",
        (
            Column("party_a", "Party"),
            Column("party_b", "Other party"),
            Column("bounces", "Bounces", "count"),
            Column("cases", "Tickets", "count"),
        ),
        rows,
    )


def ping_pong_pairs_spec(table: ReportTable) -> Spec:
    return ping_pong_spec(table)


def shared_goals_table(rows: Iterable[Row]) -> ReportTable:
    """Rows: objective, key_result, progress (0–100) or None, value, target, unit, standing."""
    return _table(
        "shared-goals",
        "Shared goals' progress",
        "Each key result's way from its baseline to its target, as last measured",
        (
            Column("objective", "Objective"),
            Column("key_result", "Key result"),
            Column("progress", "Progress (%)", "number"),
            Column("value", "Now", "number"),
            Column("target", "Target", "number"),
            Column("unit", "Unit"),
        ),
        rows,
    )


def shared_goals_spec(table: ReportTable) -> Spec:
    values = [
        {**row, "label": f"{row['key_result']}"}
        for row in table.rows
        if row.get("progress") is not None
    ]
    return {
        **_base(
            table.title,
            "Bar chart of each key result's progress from baseline to target, in percent.",
            values,
        ),
        "width": WIDTH,
        "height": {"step": 18},
        "mark": {"type": "bar", "color": "#2b6cb0"},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "title": "Key result",
                "sort": [v["label"] for v in values],
                "axis": {"labelLimit": 260},
            },
            "x": {
                "field": "progress",
                "type": "quantitative",
                "title": "Progress (%)",
                "scale": {"domain": [0, 100]},
            },
        },
    }


def trust_map_table(rows: Iterable[Row]) -> ReportTable:
    """Rows: rater, rated, score (1–5) or None, change since the wave before or None."""
    return _table(
        "trust-map",
        "Trust map",
        "How each party rates each other party in the latest survey wave (1–5), shown only "
        "above the anonymity threshold",
        (
            Column("rater", "Rating party"),
            Column("rated", "Rated party"),
            Column("score", "Score (1–5)", "number"),
            Column("change", "Change", "number"),
        ),
        rows,
    )


def trust_map_spec(table: ReportTable) -> Spec:
    values = [dict(row) for row in table.rows if row.get("score") is not None]
    return {
        **_base(
            table.title,
            "Heat-map of trust scores: rows rate columns, 1 to 5; the number is the score.",
            values,
        ),
        "width": {"step": MATRIX_STEP * 2},
        "height": {"step": MATRIX_STEP},
        "encoding": {
            "y": {"field": "rater", "type": "nominal", "title": "Rating party"},
            "x": {
                "field": "rated",
                "type": "nominal",
                "title": "Rated party",
                "axis": {"labelAngle": -30, "labelLimit": 140},
            },
        },
        "layer": [
            {
                "mark": "rect",
                "encoding": {
                    "color": {
                        "field": "score",
                        "type": "quantitative",
                        "title": "Score",
                        "scale": {"domain": [1, 5], "scheme": "blues"},
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 11},
                "encoding": {"text": {"field": "score", "type": "quantitative", "format": ".1f"}},
            },
        ],
    }


# --- one party: its scorecard over the months --------------------------------------------------


def scorecard_trend_table(rows: Iterable[Row]) -> ReportTable:
    """Rows: month (ISO first day), figure (its label), value or None."""
    return _table(
        "scorecard-trend",
        "Scorecard over the months",
        "The party's OLA and SLA attainment and its prompt hand-offs, month by month",
        (
            Column("month", "Month"),
            Column("figure", "Figure"),
            Column("value", "Value (%)", "number"),
        ),
        rows,
    )


def scorecard_trend_spec(table: ReportTable) -> Spec:
    return line_spec(
        table.title,
        "Line chart of the party's attainment figures per month, in percent.",
        [dict(row) for row in table.rows if row.get("value") is not None],
        x={"field": "month", "type": "temporal", "title": "Month", "timeUnit": "yearmonth"},
        y="value",
        y_title="Percent",
        series="figure",
        series_title="Figure",
        height=200,
    )


COCKPIT_CHARTS: dict[str, Any] = {
    "service-trend": service_trend_spec,
    "ecosystem-map": ecosystem_map_spec,
    "ping-pong": ping_pong_pairs_spec,
    "shared-goals": shared_goals_spec,
    "trust-map": trust_map_spec,
    "scorecard-trend": scorecard_trend_spec,
}
"""The spec builder of every charted cockpit table, by the table's key."""


def cockpit_spec(table: ReportTable) -> Spec | None:
    """The chart of `table`, or None when it has no chart or nothing to draw."""
    build = COCKPIT_CHARTS.get(table.key)
    if build is None or not table.rows:
        return None
    spec: Spec = build(table)
    if not spec["data"]["values"]:
        return None
    return {**spec, "background": "transparent"}  # the page's or the paper's own
