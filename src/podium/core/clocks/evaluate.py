"""SLA (end to end) and OLA (per party) clocks over every case of an event log at once.

One implementation serves the batch report and the live ticket: :func:`case_clock_state`
runs :func:`evaluate_clocks` on one ticket's events, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from podium.core.clocks.business_time import (
    UTC_DATETIME,
    BusinessTime,
    add_business_seconds,
    utc_instant,
)
from podium.core.clocks.holders import last_of_case, new_case
from podium.core.clocks.policy import ClockPolicy
from podium.core.clocks.segments import (
    NOT_STARTED,
    PAUSED,
    RUNNING,
    STATE_NAMES,
    event_states,
    segments_from_states,
)
from podium.core.eventlog import EventLog

DEFAULT_POLICY = ClockPolicy()


@dataclass(frozen=True, slots=True)
class ClockResult:
    """Clock segments and the end-to-end and per-party clocks of every case, at ``as_of``.

    ``cases``: case_id, priority, state, started_at, target_seconds, elapsed_seconds,
    paused_seconds, due_at, breached_at, breached, remaining_seconds.
    ``parties``: case_id, party, target_seconds, elapsed_seconds, paused_seconds, due_at,
    breached_at, breached, holding, remaining_seconds.
    """

    segments: pl.DataFrame
    cases: pl.DataFrame
    parties: pl.DataFrame
    as_of: dt.datetime


def resolve_as_of(log: EventLog, as_of: dt.datetime | None) -> dt.datetime:
    """``as_of`` in UTC, or the log's last event when none is given (a log is its own "now")."""
    if as_of is not None:
        return utc_instant(as_of)
    latest = log.frame["timestamp"].max()
    if isinstance(latest, dt.datetime):
        return utc_instant(latest)
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


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
    frame = log.frame.filter(pl.col("timestamp") <= pl.lit(moment, dtype=UTC_DATETIME))
    states = event_states(frame, policy)
    segments = segments_from_states(states, calendar, moment)
    cases = _case_frame(states, policy)
    case_segments = segments.join(
        cases.select("case_id", "target_seconds"), on="case_id", how="left", maintain_order="left"
    )
    end_to_end = _clock_table(case_segments, ["case_id"], calendar, moment).drop("target_seconds")
    cases = (
        cases.join(end_to_end, on="case_id", how="left", maintain_order="left")
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
    parties = _party_clocks(segments, states, cases, policy, calendar, moment)
    return ClockResult(segments=segments, cases=cases, parties=parties, as_of=moment)


def _case_frame(states: pl.DataFrame, policy: ClockPolicy) -> pl.DataFrame:
    started = (
        states.lazy()
        .filter(pl.col("state") != NOT_STARTED)
        .filter(new_case())
        .select("case_id", pl.col("timestamp").alias("started_at"))
    )
    if policy.targets:
        target = pl.col("priority").replace_strict(
            dict(policy.targets), default=policy.default_target_seconds, return_dtype=pl.Float64
        )
    else:
        target = pl.lit(policy.default_target_seconds, dtype=pl.Float64)
    return (
        states.lazy()
        .filter(last_of_case())
        .select(
            "case_id",
            "priority",
            "state",
            pl.col("party").alias("holder"),
            target.alias("target_seconds"),
        )
        .join(started, on="case_id", how="left", maintain_order="left")
        .collect()
    )


def _party_clocks(
    segments: pl.DataFrame,
    states: pl.DataFrame,
    cases: pl.DataFrame,
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
    held = (
        segments.filter(pl.col("party").is_not_null())
        .join(cases.select("case_id", "target_seconds"), on="case_id", how="left")
        .with_columns(target.alias("target_seconds"))
        .sort(["case_id", "party", "start"], maintain_order=True)
    )
    current = states.filter(last_of_case()).select(
        "case_id",
        pl.col("party").alias("current_holder"),
        pl.col("state").is_in([RUNNING, PAUSED]).alias("open"),
    )
    table = _clock_table(held, ["case_id", "party"], calendar, moment)
    return (
        table.join(current, on="case_id", how="left")
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
        .sort(["case_id", "party"])
    )


def _clock_table(
    segments: pl.DataFrame, keys: list[str], calendar: BusinessTime, moment: dt.datetime
) -> pl.DataFrame:
    """Elapsed, due and breach per clock; ``segments`` sorted by keys then start.

    Breach: the first running segment where the running total passes the target; the breach
    instant is the target's remainder added to that segment's start in business time. Due:
    the breach instant, else the remainder added to the clock's last instant (``as_of`` while
    the clock is live, the stop or hand-over instant otherwise), so pauses push it later.
    """
    bs = pl.col("business_seconds")
    running = pl.col("running")
    until = pl.col("end").fill_null(pl.lit(moment, dtype=UTC_DATETIME))
    totals = segments.group_by(keys, maintain_order=True).agg(
        bs.filter(running).sum().alias("elapsed_seconds"),
        bs.filter(~running).sum().alias("paused_seconds"),
        until.max().alias("anchor"),
        pl.col("target_seconds").first(),
    )
    runs = segments.filter(running).with_columns((bs.cum_sum().over(keys) - bs).alias("before"))
    crossing = runs.filter(
        (pl.col("before") <= pl.col("target_seconds"))
        & (pl.col("target_seconds") < pl.col("before") + bs)
    )
    breached = crossing.select(
        *keys,
        add_business_seconds(
            calendar, crossing["start"], crossing["target_seconds"] - crossing["before"]
        ).alias("breached_at"),
    )
    table = totals.join(breached, on=keys, how="left", maintain_order="left")
    pending = table.filter(pl.col("breached_at").is_null())
    due = pending.select(
        *keys,
        add_business_seconds(
            calendar,
            pending["anchor"],
            pending["target_seconds"] - pending["elapsed_seconds"],
        ).alias("pending_due"),
    )
    return (
        table.join(due, on=keys, how="left", maintain_order="left")
        .with_columns(pl.coalesce("breached_at", "pending_due").alias("due_at"))
        .select(
            *keys, "target_seconds", "elapsed_seconds", "paused_seconds", "due_at", "breached_at"
        )
    )
