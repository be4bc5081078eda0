"""Hand-overs of work between parties, teams or resources, and pm4py's variant of the network."""

from __future__ import annotations

import polars as pl

from podium.core.clocks.holders import case_index
from podium.core.collaboration.dfg import seconds_between
from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import LogCodes


def handover_events(log: EventLog, column: str = "party") -> pl.DataFrame:
    """One row per hand-over: case_id, case_index, source, target, at (when ``target`` took
    it), delay_seconds.

    Events whose ``column`` is null are skipped: they neither hand over nor take a case, so
    A, null, B is one hand-over A→B whose delay runs from A's last event to B's first.
    """
    case = pl.col("case_id")
    holder = pl.col(column)
    return (
        log.frame.lazy()
        .select("case_id", case_index().alias("case_index"), "timestamp", holder.alias("target"))
        .filter(pl.col("target").is_not_null())
        .with_columns(
            pl.col("target").shift(1).alias("source"),
            pl.col("timestamp").shift(1).alias("released"),
            (case == case.shift(1)).alias("same_case"),
        )
        .filter(pl.col("same_case") & (pl.col("source") != pl.col("target")))
        .select(
            "case_id",
            "case_index",
            "source",
            "target",
            pl.col("timestamp").alias("at"),
            seconds_between("released", "timestamp").alias("delay_seconds"),
        )
        .collect()
    )


def handover_network(log: EventLog, column: str = "party") -> pl.DataFrame:
    """Edges (source, target, handovers, cases, median_delay_seconds), busiest first.

    ``handovers`` counts every occurrence; ``cases`` counts the cases with at least one.

    >>> import datetime as dt
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 4,
    ...     "activity": ["x"] * 4, "party": ["A", None, "B", "A"],
    ...     "timestamp": [t + dt.timedelta(seconds=s) for s in (0, 5, 20, 30)]}))
    >>> handover_network(log).rows()
    [('A', 'B', 1, 1, 20.0), ('B', 'A', 1, 1, 10.0)]
    """
    return network_of(handover_events(log, column))


def network_of(handovers: pl.DataFrame) -> pl.DataFrame:
    """The network of already computed :func:`handover_events`."""
    return _busiest_first(
        handovers.group_by("source", "target").agg(
            pl.len().cast(pl.Int64).alias("handovers"),
            pl.col("case_index").n_unique().cast(pl.Int64).alias("cases"),
            pl.col("delay_seconds").median().alias("median_delay_seconds"),
        )
    )


def coded_network(log: EventLog, codes: LogCodes, column: str = "party") -> pl.DataFrame:
    """:func:`handover_network` on the log's shared codes: the same edges, grouped on one
    integer per edge (the two holders' codes) instead of two strings of every hand-over, the
    names gathered for the edges only."""
    coded = codes[column]
    width = max(coded.width, 1)
    holder = pl.col("holder")
    index = pl.col("case_index")
    stamp = pl.col("timestamp")
    edges = (
        pl.DataFrame(
            [codes.case_index, coded.codes.alias("holder"), log.frame.get_column("timestamp")]
        )
        .lazy()
        .filter(holder.is_not_null())
        .select(
            index,
            (holder.shift(1).cast(pl.Int64) * width + holder).alias("edge"),
            ((stamp - stamp.shift(1)).dt.total_microseconds().cast(pl.Float64) / 1e6).alias(
                "delay_seconds"
            ),
            ((index == index.shift(1)) & (holder.shift(1) != holder)).alias("moved"),
        )
        .filter(pl.col("moved"))
        .group_by("edge")
        .agg(
            pl.len().cast(pl.Int64).alias("handovers"),
            index.n_unique().cast(pl.Int64).alias("cases"),
            pl.col("delay_seconds").median().alias("median_delay_seconds"),
        )
        .collect()
    )
    edge = edges.get_column("edge")
    return _busiest_first(
        edges.select(
            coded.named(edge // width, "source"),
            coded.named(edge % width, "target"),
            "handovers",
            "cases",
            "median_delay_seconds",
        )
    )


def _busiest_first(network: pl.DataFrame) -> pl.DataFrame:
    return network.sort(["handovers", "source", "target"], descending=[True, False, False])


def pm4py_handover_of_work(log: EventLog, column: str = "resource") -> pl.DataFrame:
    """pm4py's handover-of-work network (beta = 0): source, target, count, value.

    pm4py counts every pair of consecutive events of a case, the same resource twice in a row
    included, and ``value`` is each pair's count over all pairs. Events without a resource are
    dropped first (pm4py cannot order a missing resource among names). Kept for cross-checks.

    >>> import datetime as dt
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 3, "activity": ["x"] * 3,
    ...     "resource": ["r1", "r1", "r2"], "timestamp": [t] * 3}))
    >>> pm4py_handover_of_work(log).rows()
    [('r1', 'r1', 1, 0.5), ('r1', 'r2', 1, 0.5)]
    """
    case = pl.col("case_id")
    pairs = (
        log.frame.lazy()
        .select("case_id", pl.col(column).alias("source"))
        .filter(pl.col("source").is_not_null())
        .with_columns(
            pl.col("source").shift(-1).alias("target"),
            (case == case.shift(-1)).alias("same_case"),
        )
        .filter(pl.col("same_case"))
        .group_by("source", "target")
        .agg(pl.len().cast(pl.Int64).alias("count"))
    )
    return (
        pairs.with_columns((pl.col("count") / pl.col("count").sum()).alias("value"))
        .sort(["source", "target"])
        .collect()
    )
