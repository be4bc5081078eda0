"""The directly-follows graph on activities, defined exactly as process-mining tools do."""

from __future__ import annotations

import polars as pl

from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import ColumnCodes, LogCodes


def seconds_between(earlier: str, later: str) -> pl.Expr:
    """Wall-clock seconds from one Datetime column to another, as Float64."""
    return (pl.col(later) - pl.col(earlier)).dt.total_microseconds().cast(pl.Float64) / 1e6


def directly_follows(log: EventLog, codes: LogCodes | None = None) -> pl.DataFrame:
    """Edges (source, target, frequency, mean_seconds, median_seconds), most frequent first.

    An edge counts every pair of consecutive events within one case (log order: timestamp,
    then ``seq``), as pm4py's ``discover_dfg`` does; durations are wall-clock seconds between
    the two events, because the graph describes the process, not any party's contract.
    ``codes``: the log's shared codes (`run_analysis`), whose activity codes are used.

    >>> import datetime as dt
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c", "c", "c"],
    ...     "activity": ["a", "b", "a"],
    ...     "timestamp": [t, t + dt.timedelta(seconds=10), t + dt.timedelta(seconds=40)]}))
    >>> directly_follows(log).rows()
    [('a', 'b', 1, 10.0, 10.0), ('b', 'a', 1, 30.0, 30.0)]
    """
    # Group on one integer per edge, not on two strings: each activity's code (its rank
    # among the distinct activities, null last) is read once, and the names come back for
    # the edges only. At 10M events the string pairs took more memory than the log.
    coded = ColumnCodes.of(log.frame["activity"]) if codes is None else codes["activity"]
    names = coded.names
    width = names.len() + 1
    code = pl.col("activity").cast(pl.Int64).fill_null(names.len())
    case = pl.col("case_id")
    stamp = pl.col("timestamp")
    edges = (
        pl.DataFrame(
            [
                log.frame.get_column("case_id")
                if codes is None
                else codes.case_index.alias("case_id"),
                coded.codes.alias("activity"),
                log.frame.get_column("timestamp"),
            ]
        )
        .lazy()
        .select(
            (code * width + code.shift(-1)).alias("edge"),
            ((stamp.shift(-1) - stamp).dt.total_microseconds().cast(pl.Float64) / 1e6).alias(
                "seconds"
            ),
            (case == case.shift(-1)).alias("same_case"),
        )
        .filter(pl.col("same_case"))
        .group_by("edge")
        .agg(
            pl.len().cast(pl.Int64).alias("frequency"),
            pl.col("seconds").mean().alias("mean_seconds"),
            pl.col("seconds").median().alias("median_seconds"),
        )
        .collect()
    )
    named = pl.Series("name", [*names.to_list(), None], dtype=pl.String)
    edge = edges.get_column("edge")
    return edges.select(
        named.gather(edge // width).alias("source"),
        named.gather(edge % width).alias("target"),
        "frequency",
        "mean_seconds",
        "median_seconds",
    ).sort(["frequency", "source", "target"], descending=[True, False, False], nulls_last=True)
