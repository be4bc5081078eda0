"""The tables of an analysis report, built once for every way of showing them.

The terminal (``podium analyze``), the HTML report and later the cockpit and PDFs show the same
tables; defining each one here (columns, labels, units, which rows) keeps them from drifting
apart. Values stay raw (seconds, shares as fractions) so CSV downloads and charts get exact
numbers; :func:`format_value` turns them into text only at the edge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from podium.core.analysis import AnalysisResult

Kind = Literal["text", "count", "share", "seconds", "number"]
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the record key, the heading a person reads, and how to format its values."""

    key: str
    label: str
    kind: Kind = "text"


@dataclass(frozen=True, slots=True)
class ReportTable:
    """A titled table of raw records; ``key`` is a stable slug for ids and file names."""

    key: str
    title: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def text_rows(self) -> list[list[str]]:
        """Every cell formatted for reading, column order kept."""
        return [[format_value(row.get(c.key), c.kind) for c in self.columns] for row in self.rows]


def format_value(value: Any, kind: Kind) -> str:
    """Text for one cell: counts with thousands separators, shares as %, seconds as hours.

    Seconds show as business hours (or minutes below an hour) because days are ambiguous on a
    business calendar: a "day" of office hours is 8 hours, not 24.

    >>> format_value(12345, "count"), format_value(0.1169, "share"), format_value(None, "share")
    ('12,345', '11.7 %', '–')
    >>> format_value(5400.0, "seconds"), format_value(90.0, "seconds"), format_value(4.0, "seconds")
    ('1.5 h', '1.5 min', '4 s')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "count":
        return f"{int(value):,}"
    if kind == "share":
        return f"{100 * float(value):.1f} %"
    if kind == "seconds":
        seconds = float(value)
        if abs(seconds) >= 3600:
            return f"{seconds / 3600:,.1f} h"
        if abs(seconds) >= 60:
            return f"{seconds / 60:.1f} min"
        return f"{seconds:.0f} s"
    if kind == "number":
        return f"{float(value):,.2f}"
    return str(value)


def _records(frame: pl.DataFrame, keys: Sequence[str]) -> tuple[Row, ...]:
    return tuple(frame.select(list(keys)).to_dicts())


def _table(key: str, title: str, caption: str, columns: Sequence[Column], rows: Any) -> ReportTable:
    return ReportTable(key, title, caption, tuple(columns), tuple(rows))


def summary_table(result: AnalysisResult) -> ReportTable:
    """The headline figures, each with the JSON name under which docs/metrics.md defines it."""
    figures = result.to_dict(top=0)
    shown: list[tuple[str, str, Kind]] = [
        ("events", "Events", "count"),
        ("cases", "Cases", "count"),
        ("parties", "Parties", "count"),
        ("teams", "Teams", "count"),
        ("party_handovers", "Hand-overs between parties", "count"),
        ("team_handovers", "Hand-overs between teams", "count"),
        ("ping_pong_share", "Cases with ping-pong (A→B→A)", "share"),
        ("return_ping_pong_share", "Cases returning to a party they left", "share"),
        ("team_ping_pong_share", "Cases with ping-pong between teams", "share"),
        ("push_to_front_share", "Solved within the first line", "share"),
        ("sla_breach_share", "End-to-end clocks breached", "share"),
        ("ola_attainment", "Party (OLA) clocks met", "share"),
        ("watermelon_cases", "Watermelon cases (all parties green, case red)", "count"),
    ]
    rows = [
        {"figure": label, "value": format_value(figures[name], kind), "name": name}
        for name, label, kind in shown
    ]
    columns = [Column("figure", "Figure"), Column("value", "Value"), Column("name", "JSON name")]
    return _table(
        "summary",
        "Summary",
        f"Headline figures of {result.source or 'the log'} as of {result.as_of.isoformat()}",
        columns,
        rows,
    )


def party_table(result: AnalysisResult) -> ReportTable:
    """Per party: cases, time in hands, OLA attainment, hand-overs and bounces."""
    columns = [
        Column("party", "Party"),
        Column("cases_touched", "Cases touched", "count"),
        Column("time_in_hands_seconds", "Time in hands", "seconds"),
        Column("median_time_in_hands_seconds", "Median per case", "seconds"),
        Column("ola_clocks", "OLA clocks", "count"),
        Column("ola_attainment", "OLA met", "share"),
        Column("handovers_out", "Hand-overs out", "count"),
        Column("handovers_in", "Hand-overs in", "count"),
        Column("bounces", "Ping-pong bounces", "count"),
    ]
    rows = _records(result.party_summary, [c.key for c in columns])
    return _table("parties", "Parties", "Per party, most cases touched first", columns, rows)


def handover_table(result: AnalysisResult, top: int) -> ReportTable:
    """The busiest party-to-party hand-over edges with their median delay."""
    columns = [
        Column("source", "From"),
        Column("target", "To"),
        Column("handovers", "Hand-overs", "count"),
        Column("cases", "Cases", "count"),
        Column("median_delay_seconds", "Median delay", "seconds"),
    ]
    rows = _records(result.party_handovers.head(top), [c.key for c in columns])
    return _table(
        "handovers",
        "Hand-overs between parties",
        f"Top {top} hand-over pairs, busiest first; delay in wall-clock time",
        columns,
        rows,
    )


def ping_pong_table(result: AnalysisResult, top: int) -> ReportTable:
    """The pairs of parties that bounce cases between them most (direct definition)."""
    columns = [
        Column("party_a", "Party"),
        Column("party_b", "and party"),
        Column("bounces", "Bounces", "count"),
        Column("cases", "Cases", "count"),
    ]
    rows = _records(result.ping_pong.pairs.head(top), [c.key for c in columns])
    share = format_value(result.ping_pong.share, "share")
    return _table(
        "ping-pong",
        "Ping-pong pairs",
        f"Top {top} pairs bouncing cases A→B→A; {share} of cases bounce at least once",
        columns,
        rows,
    )


def time_in_hands_table(result: AnalysisResult, top: int) -> ReportTable:
    """Business time each party held cases, longest total first."""
    columns = [
        Column("party", "Party"),
        Column("cases", "Cases", "count"),
        Column("total_seconds", "Total time in hands", "seconds"),
        Column("median_seconds", "Median per case", "seconds"),
    ]
    frame = result.time_in_hands.per_party.sort(
        ["total_seconds", "party"], descending=[True, False], nulls_last=True
    )
    return _table(
        "time-in-hands",
        "Time in hands",
        f"Top {top} parties by business time holding cases",
        columns,
        _records(frame.head(top), [c.key for c in columns]),
    )


def directly_follows_table(result: AnalysisResult, top: int) -> ReportTable:
    """The most frequent directly-follows edges between statuses."""
    columns = [
        Column("source", "From"),
        Column("target", "To"),
        Column("frequency", "Frequency", "count"),
        Column("mean_seconds", "Mean time", "seconds"),
        Column("median_seconds", "Median time", "seconds"),
    ]
    rows = _records(result.directly_follows.head(top), [c.key for c in columns])
    return _table(
        "directly-follows",
        "Directly-follows graph",
        f"Top {top} edges between consecutive statuses; times in wall-clock time",
        columns,
        rows,
    )


def push_to_front_table(result: AnalysisResult) -> ReportTable:
    """How far up the support lines cases went."""
    push = result.push_to_front
    rows = [
        {
            "line": "Solved within the 1st line",
            "cases": push.first_line_only,
            "share": push.first_line_share,
        },
        {"line": "Reached the 2nd line", "cases": push.reached_line_2, "share": push.line_2_share},
        {"line": "Reached the 3rd line", "cases": push.reached_line_3, "share": push.line_3_share},
    ]
    columns = [
        Column("line", "Highest line"),
        Column("cases", "Cases", "count"),
        Column("share", "Share", "share"),
    ]
    caption = f"Of {push.cases_with_line:,} cases whose events name a support line"
    return _table("push-to-front", "Push-to-front", caption, columns, rows)


def waiting_table(result: AnalysisResult) -> ReportTable:
    """Which waiting and pause states are used, how often and for how long, and what each
    counted as: waiting, and pausing the clocks."""
    columns = [
        Column("state", "Waiting state"),
        Column("field", "Read from"),
        Column("waiting", "Waiting"),
        Column("pauses", "Pauses SLA and OLA clocks"),
        Column("events", "Events", "count"),
        Column("cases", "Cases", "count"),
        Column("total_seconds", "Total time", "seconds"),
        Column("median_seconds", "Median per case", "seconds"),
    ]
    frame = result.waiting.by_state.with_columns(
        pl.col("waiting", "pauses").replace_strict(
            {True: "yes", False: "no"}, return_dtype=pl.String
        )
    )
    rules = result.conventions
    caption = (
        f"Business time; waiting: {_listed(rules.waiting.describe())} ({rules.waiting_from}); "
        f"pausing the end-to-end and party clocks: {_listed(rules.pause.describe())} "
        f"({rules.pause_from})"
    )
    return _table(
        "waiting-states",
        "Waiting states",
        caption,
        columns,
        _records(frame, [c.key for c in columns]),
    )


def _listed(states: list[str]) -> str:
    return ", ".join(states) if states else "none"


def rules_table(result: AnalysisResult) -> ReportTable:
    """How the log's states and priorities were read: the rules applied and where each came
    from (given, a preset's default, or built-in)."""
    rules = result.conventions
    targets = ", ".join(
        f"{priority} {format_value(seconds, 'seconds')}"
        for priority, seconds in sorted(rules.targets.items())
    )
    default = format_value(rules.default_target_seconds, "seconds")
    rows = [
        {
            "rule": "Waiting states",
            "applied": _listed(rules.waiting.describe()),
            "source": rules.waiting_from,
        },
        {
            "rule": "Pause the end-to-end (SLA) and party (OLA) clocks",
            "applied": _listed(rules.pause.describe()),
            "source": rules.pause_from,
        },
        {
            "rule": "Stop the clocks",
            "applied": _listed(rules.stop.describe()),
            "source": rules.stop_from,
        },
        {
            "rule": f"Targets per priority ({rules.priority_column}, {rules.target_clock} time)",
            "applied": targets or "none",
            "source": rules.targets_from if targets else "–",
        },
        {
            "rule": "Target of any other case",
            "applied": default,
            "source": rules.default_target_from,
        },
    ]
    columns = [Column("rule", "Rule"), Column("applied", "Applied"), Column("source", "From")]
    caption = "; ".join(result.notes) or "Given: on the command line or in the mapping file"
    return _table("rules", "How states and targets were read", caption, columns, rows)


def verdict_table(result: AnalysisResult, top: int) -> ReportTable:
    """Where the source tool's own SLA verdict and Podium's differ, and why."""
    columns = [
        Column("case_id", "Case"),
        Column("tool", "Tool says"),
        Column("podium", "Podium says"),
        Column("reason", "Why"),
        Column("target_seconds", "Target", "seconds"),
        Column("elapsed_seconds", "Elapsed", "seconds"),
        Column("paused_seconds", "Paused", "seconds"),
        Column("wall_running_seconds", "Running, wall clock", "seconds"),
    ]
    verdict = result.verdict
    if verdict is None:
        caption = "The log carries no SLA verdict of the tool's own (e.g. ServiceNow made_sla)"
        return _table("tool-verdict", "The tool's own verdict", caption, columns, [])
    words = {True: "breached", False: "met"}
    frame = verdict.disagreements.head(top).with_columns(
        pl.col("tool_breached").replace_strict(words, return_dtype=pl.String).alias("tool"),
        pl.col("podium_breached").replace_strict(words, return_dtype=pl.String).alias("podium"),
    )
    share = format_value(verdict.agreement, "share")
    reasons = "; ".join(f"{reason}: {count:,}" for reason, count in verdict.reasons().items())
    caption = (
        f"Podium agrees with the tool's {verdict.column} on {share} of {verdict.compared:,} "
        f"cases ({verdict.agreed:,}); top {top} disagreements shown"
        + (f" — {reasons}" if reasons else "")
    )
    return _table(
        "tool-verdict",
        "The tool's own verdict",
        caption,
        columns,
        _records(frame, [c.key for c in columns]),
    )


def targets_table(result: AnalysisResult) -> ReportTable:
    """The end-to-end targets the clocks ran against, with their cases and breaches."""
    columns = [
        Column("priority", "Priority"),
        Column("target_seconds", "Target", "seconds"),
        Column("source", "From"),
        Column("cases", "Cases", "count"),
        Column("breached", "Breached", "count"),
    ]
    rows = _records(result.targets, [c.key for c in columns])
    caption = f"Clocked in {result.conventions.target_clock} time; 'other': cases whose priority has no target"
    return _table("targets", "Targets applied", caption, columns, rows)


def clocks_table(result: AnalysisResult) -> ReportTable:
    """The end-to-end (SLA) clock against the parties' (OLA) clocks, side by side."""
    rows = [
        _clock_row("End to end (SLA)", result.clocks.cases),
        _clock_row("Parties (OLA)", result.clocks.parties),
    ]
    columns = [
        Column("clock", "Clock"),
        Column("clocks", "Clocks", "count"),
        Column("breached", "Breached", "count"),
        Column("met_share", "Met", "share"),
        Column("median_elapsed_seconds", "Median elapsed", "seconds"),
    ]
    caption = (
        f"{result.watermelon.count:,} watermelon cases: every party met its OLA, "
        "the case missed its end-to-end target"
    )
    return _table("clocks", "End-to-end versus parties' clocks", caption, columns, rows)


def _clock_row(label: str, clocks: pl.DataFrame) -> Row:
    if "started_at" in clocks.columns:
        clocks = clocks.filter(pl.col("started_at").is_not_null())
    count = clocks.height
    breached = int(clocks["breached"].sum()) if count else 0
    median = clocks["elapsed_seconds"].median() if count else None
    return {
        "clock": label,
        "clocks": count,
        "breached": breached,
        "met_share": (count - breached) / count if count else None,
        "median_elapsed_seconds": median,
    }


def report_tables(result: AnalysisResult, top: int) -> dict[str, ReportTable]:
    """Every table of the report by key, in reading order."""
    tables = [
        summary_table(result),
        rules_table(result),
        targets_table(result),
        party_table(result),
        handover_table(result, top),
        time_in_hands_table(result, top),
        ping_pong_table(result, top),
        push_to_front_table(result),
        waiting_table(result),
        clocks_table(result),
        verdict_table(result, top),
        directly_follows_table(result, top),
    ]
    return {table.key: table for table in tables}
