"""Events to clock states to run/pause segments: the part of a clock that needs no calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from podium.core.clocks.business_time import (
    UTC_DATETIME,
    BusinessOffsets,
    BusinessTime,
    business_seconds,
    seconds_between_offsets,
)
from podium.core.clocks.holders import cumulative_within_case, holder, last_of_case, new_case
from podium.core.clocks.policy import ClockPolicy

NOT_STARTED, RUNNING, PAUSED, STOPPED = 0, 1, 2, 3
STATE_NAMES: dict[int, str] = {
    NOT_STARTED: "not_started",
    RUNNING: "running",
    PAUSED: "paused",
    STOPPED: "stopped",
}

OFFSET = "__offset"
"""The column of a log frame with each event's business offset (`BusinessOffsets`), when
the engine shares them; `END_OFFSET`: a run's end's."""
END_OFFSET = "__end_offset"

SEGMENT_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.String(),
    "party": pl.String(),
    "start": UTC_DATETIME,
    "end": UTC_DATETIME,
    "running": pl.Boolean(),
    "business_seconds": pl.Float64(),
}


def event_states(frame: pl.LazyFrame, columns: Sequence[str], policy: ClockPolicy) -> pl.LazyFrame:
    """Per event (sorted log frame with these ``columns``): case_index, case_id, timestamp,
    party holding, clock state, priority, and the case's end-to-end target (set by its last
    priority).

    The state an event sets holds until the next event of the case. ``case_index`` numbers the
    cases in log order so later steps join and group on integers, not strings. Lazy, so the
    engine collects it together with the steps that read it.
    """
    if policy.starts_with_case:
        started: pl.Expr = pl.lit(True)
    else:
        started = cumulative_within_case(policy.starts()) > 0
    stops = policy.stops() & started
    stopped = cumulative_within_case(stops) > 0 if policy.reopen == "stay_stopped" else stops
    state = (
        pl.when(~started)
        .then(NOT_STARTED)
        .when(stopped)
        .then(STOPPED)
        .when(policy.pauses())
        .then(PAUSED)
        .otherwise(RUNNING)
        .cast(pl.Int8)
    )
    column = policy.priority_column
    if column is not None and column in columns:
        priority = holder(column).cast(pl.String)
        if policy.priority_keys:
            # Read each distinct priority once, not once per event.
            written = (
                frame.select(pl.col(column).cast(pl.String).drop_nulls().unique())
                .collect()
                .to_series()
            )
            keys = pl.select(policy.priority_of(pl.lit(written))).to_series()
            priority = priority.replace(written.to_list(), keys.to_list())
    else:
        priority = pl.lit(None, dtype=pl.String)
    wanted = ["case_id", "timestamp", "activity", "sub_status", "party"]
    offset = [OFFSET] if OFFSET in columns else []
    wanted += offset
    if column is not None and column in columns:
        wanted.append(column)
    if policy.targets:
        target = pl.col("priority").replace_strict(
            dict(policy.targets), default=policy.default_target_seconds, return_dtype=pl.Float64
        )
    else:
        target = pl.lit(policy.default_target_seconds, dtype=pl.Float64)
    return (
        frame.select(wanted)
        .select(
            pl.col("case_id").rle_id().alias("case_index"),
            "case_id",
            "timestamp",
            holder("party").alias("party"),
            state.alias("state"),
            priority.alias("priority"),
            *offset,
        )
        .with_columns(pl.when(last_of_case()).then(target).backward_fill().alias("target_seconds"))
    )


def segment_runs(states: pl.LazyFrame) -> pl.LazyFrame:
    """Maximal stretches of one state under one holder; the last one open (null end) if live.

    Columns: those of ``SEGMENT_SCHEMA`` but business_seconds, then case_index and
    target_seconds for the engine. Zero-length stretches (several events at one instant) are
    dropped; an open segment keeps ``end`` null. `with_business_seconds` adds the time.
    """
    state = pl.col("state")
    party = pl.col("party")
    case = pl.col("case_id")
    shared = OFFSET in states.collect_schema().names()
    end_offset = pl.when(case == case.shift(-1)).then(pl.col(OFFSET).shift(-1)).alias(END_OFFSET)
    return (
        states.filter(
            new_case() | state.ne_missing(state.shift(1)) | party.ne_missing(party.shift(1))
        )
        .with_columns(
            pl.when(case == case.shift(-1)).then(pl.col("timestamp").shift(-1)).alias("end"),
            *([end_offset] if shared else []),
        )
        .filter(state.is_in([RUNNING, PAUSED]))
        .filter(pl.col("end").is_null() | (pl.col("end") > pl.col("timestamp")))
        .select(
            "case_id",
            "party",
            pl.col("timestamp").alias("start"),
            "end",
            (state == RUNNING).alias("running"),
            "case_index",
            "target_seconds",
            *([OFFSET, END_OFFSET] if shared else []),
        )
    )


def with_business_seconds(
    runs: pl.DataFrame,
    calendar: BusinessTime,
    as_of: dt.datetime,
    offsets: BusinessOffsets | None = None,
) -> pl.DataFrame:
    """The runs with their business seconds; an open segment's run to ``as_of``.

    With the log's ``offsets`` (the runs then carry each start's and end's), the seconds are
    differences of offsets rather than a calendar look-up per run: the same figures.
    """
    if offsets is not None and OFFSET in runs.columns:
        reached = runs.get_column(END_OFFSET).fill_null(offsets.at(as_of))
        seconds = seconds_between_offsets(runs.get_column(OFFSET), reached)
        return runs.drop(OFFSET, END_OFFSET).hstack([seconds])
    until = runs["end"].fill_null(pl.lit(as_of, dtype=UTC_DATETIME))
    return runs.hstack([business_seconds(calendar, runs["start"], until)])
