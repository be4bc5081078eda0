"""The clock engine as it was before its Polars queries were fused (commit 07daf6b): the
reference the fused engine must match frame for frame. Frozen; never imported by podium."""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

import datetime as dt

import polars as pl

from podium.core.clocks.business_time import (
    UTC_DATETIME,
    BusinessTime,
    add_business_seconds,
    business_seconds,
)
from podium.core.clocks.evaluate import ClockResult, resolve_as_of, DEFAULT_POLICY
from podium.core.clocks.holders import cumulative_within_case, holder, last_of_case, new_case
from podium.core.clocks.policy import ClockPolicy
from podium.core.clocks.segments import (
    NOT_STARTED,
    PAUSED,
    RUNNING,
    SEGMENT_SCHEMA,
    STATE_NAMES,
    STOPPED,
)
from podium.core.eventlog import EventLog


def event_states(frame: pl.DataFrame, policy: ClockPolicy) -> pl.DataFrame:
    """Per event (sorted log frame): case_index, case_id, timestamp, party holding, clock
    state, priority, and the case's end-to-end target (set by its last priority).

    The state an event sets holds until the next event of the case. ``case_index`` numbers the
    cases in log order so later steps join and group on integers, not strings.
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
    if column is not None and column in frame.columns:
        priority = holder(column).cast(pl.String)
    else:
        priority = pl.lit(None, dtype=pl.String)
    columns = ["case_id", "timestamp", "activity", "sub_status", "party"]
    if column is not None and column in frame.columns:
        columns.append(column)
    if policy.targets:
        target = pl.col("priority").replace_strict(
            dict(policy.targets), default=policy.default_target_seconds, return_dtype=pl.Float64
        )
    else:
        target = pl.lit(policy.default_target_seconds, dtype=pl.Float64)
    return (
        frame.lazy()
        .select(columns)
        .select(
            pl.col("case_id").rle_id().alias("case_index"),
            "case_id",
            "timestamp",
            holder("party").alias("party"),
            state.alias("state"),
            priority.alias("priority"),
        )
        .with_columns(pl.when(last_of_case()).then(target).backward_fill().alias("target_seconds"))
        .collect()
    )


def segments_from_states(
    states: pl.DataFrame, calendar: BusinessTime, as_of: dt.datetime
) -> pl.DataFrame:
    """Maximal stretches of one state under one holder; the last one open (null end) if live.

    Columns: those of ``SEGMENT_SCHEMA``, then case_index and target_seconds for the engine.
    Zero-length stretches (several events at one instant) are dropped; an open segment keeps
    ``end`` null and its business seconds run to ``as_of``.
    """
    state = pl.col("state")
    party = pl.col("party")
    case = pl.col("case_id")
    runs = (
        states.lazy()
        .filter(new_case() | state.ne_missing(state.shift(1)) | party.ne_missing(party.shift(1)))
        .with_columns(
            pl.when(case == case.shift(-1)).then(pl.col("timestamp").shift(-1)).alias("end")
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
        )
        .collect()
    )
    until = runs.select(pl.col("end").fill_null(pl.lit(as_of, dtype=UTC_DATETIME))).to_series()
    return runs.with_columns(business_seconds(calendar, runs["start"], until))


def evaluate_clocks(
    log: EventLog,
    calendar: BusinessTime,
    policy: ClockPolicy = DEFAULT_POLICY,
    as_of: dt.datetime | None = None,
) -> ClockResult:
    """Evaluate the policy's clocks over every case, as known at ``as_of``.

    Events after ``as_of`` are ignored, so the result is what a live system would have shown
    at that instant. See docs/metrics.md ("Clocks") for the exact semantics.
    """
    moment = resolve_as_of(log, as_of)
    frame = log.frame
    if frame.height and frame["timestamp"].max() > moment:  # type: ignore[operator]
        frame = frame.filter(pl.col("timestamp") <= pl.lit(moment, dtype=UTC_DATETIME))
    states = event_states(frame, policy)
    segments = segments_from_states(states, calendar, moment)
    last_events = states.filter(last_of_case())
    started = (
        states.lazy()
        .filter(pl.col("state") != NOT_STARTED)
        .filter(pl.col("case_index").ne_missing(pl.col("case_index").shift(1)).fill_null(True))
        .select("case_index", pl.col("timestamp").alias("started_at"))
        .collect()
    )
    end_to_end = _clock_table(
        segments.lazy()
        .select(
            pl.col("case_index").cast(pl.Int64).alias("clock"),
            *_CLOCK_INPUTS,
        )
        .with_row_index("row")
        .collect(),
        segments,
        calendar,
        moment,
    )
    cases = (
        last_events.join(started, on="case_index", how="left", maintain_order="left")
        .join(
            end_to_end.drop("target_seconds"),
            left_on=pl.col("case_index").cast(pl.Int64),
            right_on="clock",
            how="left",
            maintain_order="left",
        )
        .with_columns(
            pl.col("elapsed_seconds").fill_null(0.0),
            pl.col("paused_seconds").fill_null(0.0),
            pl.col("breached_at").is_not_null().alias("breached"),
            pl.when(pl.col("state").is_in([RUNNING, PAUSED]))
            .then(pl.col("target_seconds") - pl.col("elapsed_seconds").fill_null(0.0))
            .alias("remaining_seconds"),
            pl.col("state").replace_strict(STATE_NAMES, return_dtype=pl.String),
        )
        .select(
            "case_id",
            "priority",
            "state",
            "started_at",
            "target_seconds",
            "elapsed_seconds",
            "paused_seconds",
            "due_at",
            "breached_at",
            "breached",
            "remaining_seconds",
        )
    )
    parties = _party_clocks(segments, last_events, policy, calendar, moment)
    return ClockResult(
        segments=segments.select(list(SEGMENT_SCHEMA)), cases=cases, parties=parties, as_of=moment
    )


def _party_clocks(
    segments: pl.DataFrame,
    last_events: pl.DataFrame,
    policy: ClockPolicy,
    calendar: BusinessTime,
    moment: dt.datetime,
) -> pl.DataFrame:
    fallback = (
        pl.lit(policy.default_party_target_seconds, dtype=pl.Float64)
        if policy.default_party_target_seconds is not None
        else pl.col("target_seconds")
    )
    if policy.party_targets:
        target = pl.col("party").replace_strict(
            dict(policy.party_targets), default=None, return_dtype=pl.Float64
        )
        target = target.fill_null(fallback)
    else:
        target = fallback
    names = segments["party"].drop_nulls().unique().sort()
    code = pl.col("party").cast(pl.Enum(names.to_list())).to_physical().cast(pl.Int64)
    # Sort only the numeric columns the clock table needs; the strings are gathered later
    # for one row per clock.
    held = (
        segments.lazy()
        .with_row_index("row")
        .filter(pl.col("party").is_not_null())
        .select(
            (pl.col("case_index").cast(pl.Int64) * max(names.len(), 1) + code).alias("clock"),
            "row",
            "running",
            "business_seconds",
            target.alias("target_seconds"),
        )
        .sort("clock", maintain_order=True)
        .collect()
    )
    current = last_events.select(
        "case_index",
        pl.col("party").alias("current_holder"),
        pl.col("state").is_in([RUNNING, PAUSED]).alias("open"),
    )
    return (
        _clock_table(held, segments, calendar, moment)
        .join(current, on="case_index", how="left", maintain_order="left")
        .with_columns(
            pl.col("breached_at").is_not_null().alias("breached"),
            (pl.col("open") & (pl.col("party") == pl.col("current_holder"))).alias("holding"),
        )
        .with_columns(
            pl.when(pl.col("holding"))
            .then(pl.col("target_seconds") - pl.col("elapsed_seconds"))
            .alias("remaining_seconds")
        )
        .select(
            "case_id",
            "party",
            "target_seconds",
            "elapsed_seconds",
            "paused_seconds",
            "due_at",
            "breached_at",
            "breached",
            "holding",
            "remaining_seconds",
        )
    )


_CLOCK_INPUTS = ("running", "business_seconds", "target_seconds")


def _clock_table(
    segments: pl.DataFrame,
    labels: pl.DataFrame,
    calendar: BusinessTime,
    moment: dt.datetime,
) -> pl.DataFrame:
    """Elapsed, due and breach per clock: one row per value of ``clock``.

    ``segments`` holds clock, row and ``_CLOCK_INPUTS`` only, each clock's segments together
    and in time order; ``row`` points into ``labels`` (the full segments), from which
    case_index, case_id, party and the end are gathered for each clock's last segment (the
    start for its crossing segment), so the wide columns are never sorted or carried through
    the running totals. Running totals are kept in integer microseconds so that a total
    exactly equal to the target is never misread through rounding. Breach: the first running segment where the running total passes the
    target; the breach instant is the target's remainder added to that segment's start in
    business time. Due: the breach instant, else the remainder added to the clock's last
    instant (``as_of`` while it is live, its stop or hand-over instant otherwise), so pauses
    push it later.
    """
    clock = pl.col("clock")
    micros = (pl.col("business_seconds") * 1e6).round().cast(pl.Int64)
    ran, rested = pl.col("ran"), pl.col("rested")
    first = pl.col("first")
    steps = (
        segments.lazy()
        .with_columns(
            clock.ne_missing(clock.shift(1)).fill_null(True).alias("first"),
            clock.ne_missing(clock.shift(-1)).fill_null(True).alias("last"),
            pl.when(pl.col("running")).then(micros).otherwise(0).alias("ran"),
            pl.when(pl.col("running")).then(0).otherwise(micros).alias("rested"),
            (pl.col("target_seconds") * 1e6).round().cast(pl.Int64).alias("target_us"),
        )
        .with_columns(ran.cum_sum().alias("ran_total"), rested.cum_sum().alias("rested_total"))
        .with_columns(
            (
                pl.col("ran_total") - pl.when(first).then(pl.col("ran_total") - ran).forward_fill()
            ).alias("ran_after"),
            (
                pl.col("rested_total")
                - pl.when(first).then(pl.col("rested_total") - rested).forward_fill()
            ).alias("rested_after"),
        )
        .select(
            "clock",
            "row",
            "target_seconds",
            "last",
            "ran",
            "target_us",
            "ran_after",
            "rested_after",
        )
        .collect()
    )
    crossing = steps.filter(
        (pl.col("ran") > 0)
        & (pl.col("ran_after") - pl.col("ran") <= pl.col("target_us"))
        & (pl.col("target_us") < pl.col("ran_after"))
    )
    breached_at = add_business_seconds(
        calendar,
        labels["start"].gather(crossing["row"]),
        (crossing["target_us"] - crossing["ran_after"] + crossing["ran"]) / 1e6,
    )
    ends = steps.filter(pl.col("last"))
    rows = ends["row"]
    named = labels.select(
        pl.col("case_index", "case_id", "party").gather(rows),
        pl.col("end").gather(rows).fill_null(pl.lit(moment, dtype=UTC_DATETIME)).alias("anchor"),
    )
    totals = ends.select(
        "clock",
        *(named.get_column(name) for name in named.columns),
        "target_seconds",
        (pl.col("ran_after") / 1e6).alias("elapsed_seconds"),
        (pl.col("rested_after") / 1e6).alias("paused_seconds"),
    ).join(
        pl.DataFrame({"clock": crossing["clock"], "breached_at": breached_at}),
        on="clock",
        how="left",
        maintain_order="left",
    )
    pending = totals["breached_at"].is_null()
    due = add_business_seconds(
        calendar,
        totals["anchor"].filter(pending),
        (totals["target_seconds"] - totals["elapsed_seconds"]).filter(pending),
    )
    due_at = totals["breached_at"].scatter(pending.arg_true(), due)
    return totals.with_columns(due_at.alias("due_at")).drop("anchor")
