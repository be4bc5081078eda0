"""Events to clock states to run/pause segments: the part of a clock that needs no calendar."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from podium.core.clocks.business_time import UTC_DATETIME
from podium.core.clocks.holders import (
    coded_holder,
    cumulative_within_case,
    holder,
    last_of_case,
    new_case,
)
from podium.core.clocks.policy import ClockPolicy

NOT_STARTED, RUNNING, PAUSED, STOPPED = 0, 1, 2, 3
STATE_NAMES: dict[int, str] = {
    NOT_STARTED: "not_started",
    RUNNING: "running",
    PAUSED: "paused",
    STOPPED: "stopped",
}

SEGMENT_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.String(),
    "party": pl.String(),
    "start": UTC_DATETIME,
    "end": UTC_DATETIME,
    "running": pl.Boolean(),
    "business_seconds": pl.Float64(),
}

OFFSET = "__offset"
"""The column of a log frame with each event's business offset (`BusinessOffsets`), when
the engine shares them; `END_OFFSET`: a run's end's."""
END_OFFSET = "__end_offset"


def event_states(
    frame: pl.LazyFrame, columns: Sequence[str], policy: ClockPolicy, *, coded: bool = False
) -> pl.LazyFrame:
    """Per event (sorted log frame with these ``columns``): case_index, case_id, timestamp,
    party holding, clock state, priority, and the case's end-to-end target (set by its last
    priority), and each event's business offset when the columns hold ``OFFSET``.

    The state an event sets holds until the next event of the case. ``case_index`` numbers the
    cases in log order so later steps join and group on integers, not strings. Lazy, so the
    engine collects it together with the steps that read it. ``coded``: the frame's
    ``case_id`` and ``party`` are the log's integer codes (`LogCodes`), not names.
    """
    column = policy.priority_column
    built = policy_expressions(policy, columns=columns, coded=coded)
    states = frame.select(built.wanted).select(built.states)
    if column is not None and column in built.wanted and policy.priority_keys:
        # Read each distinct priority once, not once per event.
        written = (
            frame.select(pl.col(column).cast(pl.String).drop_nulls().unique()).collect().to_series()
        )
        keys = pl.select(policy.priority_of(pl.lit(written))).to_series()
        states = states.with_columns(pl.col("priority").replace(written.to_list(), keys.to_list()))
    return states.with_columns(built.target)


@dataclass(frozen=True, slots=True)
class PolicyExpressions:
    """A policy's expressions, built once per policy: building them (literals, the
    replacement tables of targets) costs about as much as a small log's whole query."""

    wanted: tuple[str, ...]  # the log's columns the states read
    states: tuple[pl.Expr, ...]  # per event: case_index, case_id, timestamp, party, state, priority
    target: pl.Expr  # the case's end-to-end target, set by its last priority
    party_target: pl.Expr  # per segment: its party's (OLA) target


_BUILT: dict[tuple[object, ...], PolicyExpressions] = {}
_BUILT_MOST = 256


def policy_expressions(
    policy: ClockPolicy, *, columns: Sequence[str], coded: bool = False
) -> PolicyExpressions:
    """The policy's expressions over a log of these ``columns``, from a small memo keyed by
    the policy's values (Polars expressions are immutable values); ``coded``: the party is
    an integer code (no party targets then: they name parties)."""
    if coded and policy.party_targets:
        raise ValueError("party targets name parties: they need the party names, not codes")
    with_priority = policy.priority_column is not None and policy.priority_column in columns
    with_offset = OFFSET in columns
    key = (
        policy.start_activities,
        policy.start_sub_statuses,
        policy.pause_activities,
        policy.pause_sub_statuses,
        policy.stop_activities,
        policy.stop_sub_statuses,
        policy.reopen,
        policy.priority_column,
        tuple(sorted(policy.targets.items())),
        policy.default_target_seconds,
        tuple(sorted(policy.party_targets.items())),
        policy.default_party_target_seconds,
        policy.pause_states,
        with_priority,
        with_offset,
        coded,
    )
    found = _BUILT.get(key)
    if found is None:
        if len(_BUILT) >= _BUILT_MOST:
            _BUILT.clear()
        found = _BUILT[key] = _build_expressions(
            policy, with_priority=with_priority, with_offset=with_offset, coded=coded
        )
    return found


def _build_expressions(
    policy: ClockPolicy, *, with_priority: bool, with_offset: bool, coded: bool
) -> PolicyExpressions:
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
    wanted = ["case_id", "timestamp", "activity", "sub_status", "party"]
    offset = [pl.col(OFFSET)] if with_offset else []
    if with_offset:
        wanted.append(OFFSET)
    if with_priority and column is not None:
        priority = holder(column).cast(pl.String)
        wanted.append(column)
    else:
        priority = pl.lit(None, dtype=pl.String)
    if policy.targets:
        target = pl.col("priority").replace_strict(
            dict(policy.targets), default=policy.default_target_seconds, return_dtype=pl.Float64
        )
    else:
        target = pl.lit(policy.default_target_seconds, dtype=pl.Float64)
    fallback = (
        pl.lit(policy.default_party_target_seconds, dtype=pl.Float64)
        if policy.default_party_target_seconds is not None
        else pl.col("target_seconds")
    )
    if policy.party_targets:
        party_target = pl.col("party").replace_strict(
            dict(policy.party_targets), default=None, return_dtype=pl.Float64
        )
        party_target = party_target.fill_null(fallback)
    else:
        party_target = fallback
    return PolicyExpressions(
        wanted=tuple(wanted),
        states=(
            pl.col("case_id").rle_id().alias("case_index"),
            pl.col("case_id"),
            pl.col("timestamp"),
            (coded_holder("party") if coded else holder("party")).alias("party"),
            state.alias("state"),
            priority.alias("priority"),
            *offset,
        ),
        target=pl.when(last_of_case()).then(target).backward_fill().alias("target_seconds"),
        party_target=party_target.alias("party_target_seconds"),
    )


def segment_runs(states: pl.LazyFrame, *, shared: bool = False) -> pl.LazyFrame:
    """Maximal stretches of one state under one holder; the last one open (null end) if live.

    Columns: those of ``SEGMENT_SCHEMA`` but business_seconds, then case_index and
    target_seconds for the engine, and with ``shared`` (the states carry the events'
    business offsets, ``OFFSET``) each run's start's and end's offsets (``OFFSET``,
    ``END_OFFSET``). Zero-length stretches (several events at one instant) are dropped; an
    open segment keeps ``end`` null (the engine adds the business time).
    """
    starts, ends, kept, columns = _runs_expressions(shared)
    return states.filter(starts).with_columns(*ends).filter(kept).select(columns)


@functools.cache
def _runs_expressions(
    shared: bool,
) -> tuple[pl.Expr, tuple[pl.Expr, ...], pl.Expr, tuple[pl.Expr, ...]]:
    state = pl.col("state")
    party = pl.col("party")
    case = pl.col("case_id")
    following = case == case.shift(-1)
    end = pl.when(following).then(pl.col("timestamp").shift(-1)).alias("end")
    end_offset = pl.when(following).then(pl.col(OFFSET).shift(-1)).alias(END_OFFSET)
    return (
        new_case() | state.ne_missing(state.shift(1)) | party.ne_missing(party.shift(1)),
        (end, end_offset) if shared else (end,),
        state.is_in([RUNNING, PAUSED])
        & (pl.col("end").is_null() | (pl.col("end") > pl.col("timestamp"))),
        (
            pl.col("case_id"),
            pl.col("party"),
            pl.col("timestamp").alias("start"),
            pl.col("end"),
            (state == RUNNING).alias("running"),
            pl.col("case_index"),
            pl.col("target_seconds"),
            *((pl.col(OFFSET), pl.col(END_OFFSET)) if shared else ()),
        ),
    )
