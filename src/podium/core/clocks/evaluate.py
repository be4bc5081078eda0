"""SLA (end to end) and OLA (per party) clocks over every case of an event log at once.

One implementation serves the batch report and the live ticket: :func:`case_clock_state`
runs :func:`evaluate_clocks` on one ticket's events, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from podium.core.clocks.business_time import (
    UTC_DATETIME,
    BusinessOffsets,
    BusinessTime,
    instants_of,
    utc_instant,
)
from podium.core.clocks.holders import case_slices, last_of_case
from podium.core.clocks.policy import ClockPolicy
from podium.core.clocks.segments import (
    NOT_STARTED,
    OFFSET,
    PAUSED,
    RUNNING,
    SEGMENT_SCHEMA,
    STATE_NAMES,
    event_states,
    segment_runs,
    with_business_seconds,
)
from podium.core.eventlog import EventLog

DEFAULT_POLICY = ClockPolicy()
CHUNK_EVENTS: Final = 2_000_000
"""Logs larger than this are evaluated a slice of whole cases at a time (see
`evaluate_clocks`): at 10M events the intermediate frames of the whole log took more memory
than the log itself."""
SMALL_LOG: Final = 100_000
"""Logs up to this many events run on Polars' in-memory engine: the default ("auto") picks the
streaming engine, whose start-up costs about a millisecond a query — more than a whole
ticket's clocks take in memory. Larger logs keep the default. Both give the same frames."""


EngineType = Literal["in-memory", "auto"]


def _engine(events: int) -> EngineType:
    return "in-memory" if events <= SMALL_LOG else "auto"


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
    offsets: BusinessOffsets | None = None,
) -> ClockResult:
    """Evaluate the policy's clocks over every case, as known at ``as_of``.

    A case's clocks depend on its own events alone, so a large log is evaluated in slices of
    whole cases (`CHUNK_EVENTS` events or so each) and the tables put end to end: the same
    rows in the same order, with the intermediate frames of one slice in memory at a time.
    """
    return _in_slices(log, calendar, policy, as_of, offsets, CHUNK_EVENTS)


def _in_slices(
    log: EventLog,
    calendar: BusinessTime,
    policy: ClockPolicy,
    as_of: dt.datetime | None,
    offsets: BusinessOffsets | None,
    chunk: int,
) -> ClockResult:
    moment = resolve_as_of(log, as_of)
    slices = case_slices(log.frame, chunk)
    if len(slices) == 1:
        return _evaluate(log, calendar, policy, moment, offsets)
    parts = []
    for start, length in slices:
        piece = replace(log, frame=log.frame.slice(start, length))
        shared = (
            None
            if offsets is None
            else replace(offsets, micros=offsets.micros.slice(start, length))
        )
        parts.append(_evaluate(piece, calendar, policy, moment, shared))
    return ClockResult(
        segments=pl.concat([part.segments for part in parts]),
        cases=pl.concat([part.cases for part in parts]),
        parties=pl.concat([part.parties for part in parts]),
        as_of=moment,
    )


def _evaluate(
    log: EventLog,
    calendar: BusinessTime,
    policy: ClockPolicy,
    as_of: dt.datetime,
    offsets: BusinessOffsets | None,
) -> ClockResult:
    """The clocks of every case of ``log`` (a whole log or a slice of whole cases).

    ``offsets``: the business offsets of the log's events on ``calendar``, when the caller
    shares them with other figures (`run_analysis`); the segments' business time is then
    read from them, to the same microsecond.

    Events after ``as_of`` are ignored, so the result is what a live system would have shown
    at that instant. See docs/metrics.md ("Clocks") for the exact semantics.

    The work is four Polars queries, each collected once with every frame it yields
    (`pl.collect_all`), and three calendar calls between them: segments and each case's first
    and last states; the running totals of both clock tables; then, after the calendar has
    placed breaches and due times, the two result tables. Per call the cost is mostly fixed
    (a ticket of 200 events is a few milliseconds), so the number of queries is what counts.
    """
    moment = resolve_as_of(log, as_of)
    frame = log.frame.lazy()
    columns = log.frame.columns
    if offsets is not None:
        if offsets.calendar is not calendar:
            raise ValueError("the offsets were counted on another calendar")
        frame = frame.with_columns(offsets.micros.alias(OFFSET))
        columns = [*columns, OFFSET]
    if log.frame.height and log.frame["timestamp"].max() > moment:  # type: ignore[operator]
        frame = frame.filter(pl.col("timestamp") <= pl.lit(moment, dtype=UTC_DATETIME))
    engine = _engine(log.frame.height)
    states = event_states(frame, columns, policy)
    runs, last_events, started = pl.collect_all(
        [
            segment_runs(states),
            states.filter(last_of_case()),
            states.filter(pl.col("state") != NOT_STARTED)
            .filter(pl.col("case_index").ne_missing(pl.col("case_index").shift(1)).fill_null(True))
            .select("case_index", pl.col("timestamp").alias("started_at")),
        ],
        engine=engine,
    )
    segments = with_business_seconds(runs, calendar, moment, offsets)
    end_to_end, by_party = _clock_tables(
        [
            segments.lazy()
            .select(pl.col("case_index").cast(pl.Int64).alias("clock"), *_CLOCK_INPUTS)
            .with_row_index("row"),
            _party_inputs(segments, policy),
        ],
        segments,
        calendar,
        moment,
        engine,
    )
    current = last_events.lazy().select(
        "case_index",
        pl.col("party").alias("current_holder"),
        pl.col("state").is_in([RUNNING, PAUSED]).alias("open"),
    )
    cases_query = (
        last_events.lazy()
        .join(started.lazy(), on="case_index", how="left", maintain_order="left")
        .join(
            end_to_end.lazy().drop("target_seconds"),
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
    parties_query = (
        by_party.lazy()
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
    cases, parties = pl.collect_all([cases_query, parties_query], engine=engine)
    return ClockResult(
        segments=pl.DataFrame([segments.get_column(name) for name in SEGMENT_SCHEMA]),
        cases=cases,
        parties=parties,
        as_of=moment,
    )


def _party_inputs(segments: pl.DataFrame, policy: ClockPolicy) -> pl.LazyFrame:
    """The party clocks' input to `_clock_tables`: one clock per (case, party)."""
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
    return (
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
    )


_CLOCK_INPUTS = ("running", "business_seconds", "target_seconds")


def _running_totals(inputs: pl.LazyFrame) -> pl.LazyFrame:
    """Per segment of each clock: whether it is the clock's last, what it ran, and the
    clock's totals after it, in integer microseconds."""
    clock = pl.col("clock")
    micros = (pl.col("business_seconds") * 1e6).round().cast(pl.Int64)
    ran, rested = pl.col("ran"), pl.col("rested")
    first = pl.col("first")
    return (
        inputs.with_columns(
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
    )


def _clock_tables(
    inputs: list[pl.LazyFrame],
    labels: pl.DataFrame,
    calendar: BusinessTime,
    moment: dt.datetime,
    engine: EngineType,
) -> list[pl.DataFrame]:
    """Elapsed, due and breach per clock, for each input: one row per value of ``clock``.

    Each input holds clock, row and ``_CLOCK_INPUTS`` only, each clock's segments together
    and in time order; ``row`` points into ``labels`` (the full segments), from which
    case_index, case_id, party and the end are gathered for each clock's last segment (the
    start for its crossing segment), so the wide columns are never sorted or carried through
    the running totals. Running totals are kept in integer microseconds so that a total
    exactly equal to the target is never misread through rounding. Breach: the first running
    segment where the running total passes the target; the breach instant is the target's
    remainder added to that segment's start in business time. Due: the breach instant, else
    the remainder added to the clock's last instant (``as_of`` while it is live, its stop or
    hand-over instant otherwise), so pauses push it later. Every input's breaches are placed
    in one calendar call and every input's due times in another.
    """
    frames = pl.collect_all([_running_totals(frame) for frame in inputs], engine=engine)
    # The rest is a few array operations per table: numpy, not a query each.
    starts = instants_of(labels.get_column("start"))
    anchors = instants_of(labels.get_column("end"))
    anchors[np.isnat(anchors)] = np.datetime64(moment.replace(tzinfo=None), "us")
    tables = [_ClockSteps.of(steps) for steps in frames]
    breaches = _deadlines(
        calendar,
        np.concatenate([starts[t.row[t.crossing]] for t in tables]),
        np.concatenate([t.left for t in tables]),
    )
    dues = _deadlines(
        calendar,
        np.concatenate([anchors[t.row[t.last][t.pending]] for t in tables]),
        np.concatenate([(t.target_seconds - t.elapsed_seconds)[t.pending] for t in tables]),
    )
    named = pl.DataFrame([labels.get_column(name) for name in ("case_index", "case_id", "party")])
    out = []
    crossed = due_from = 0
    for table in tables:
        breached_at = np.full(len(table.elapsed_seconds), np.datetime64("NaT"), "datetime64[us]")
        count = len(table.left)
        breached_at[table.crossed] = breaches[crossed : crossed + count]
        crossed += count
        due_at = breached_at.copy()
        count = int(table.pending.sum())
        due_at[table.pending] = dues[due_from : due_from + count]
        due_from += count
        out.append(
            named[table.row[table.last]].hstack(
                [
                    pl.Series("clock", table.clock[table.last], dtype=pl.Int64),
                    pl.Series("target_seconds", table.target_seconds, dtype=pl.Float64),
                    pl.Series("elapsed_seconds", table.elapsed_seconds, dtype=pl.Float64),
                    pl.Series("paused_seconds", table.paused_seconds, dtype=pl.Float64),
                    pl.Series("breached_at", breached_at, dtype=UTC_DATETIME),
                    pl.Series("due_at", due_at, dtype=UTC_DATETIME),
                ]
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class _ClockSteps:
    """One clock table's running totals as arrays, with its crossing and last segments."""

    clock: npt.NDArray[np.int64]
    row: npt.NDArray[np.int64]
    crossing: npt.NDArray[np.bool_]  # per segment: the running total passes the target here
    left: npt.NDArray[np.float64]  # per crossing: the target's remainder at its start
    last: npt.NDArray[np.bool_]  # per segment: the clock's last
    crossed: npt.NDArray[np.intp]  # per crossing: its clock's position among the last ones
    pending: npt.NDArray[np.bool_]  # per clock: not breached, so due after its last instant
    target_seconds: npt.NDArray[np.float64]  # per clock, as are the next two
    elapsed_seconds: npt.NDArray[np.float64]
    paused_seconds: npt.NDArray[np.float64]

    @classmethod
    def of(cls, steps: pl.DataFrame) -> _ClockSteps:
        clock = steps.get_column("clock").to_numpy()
        ran = steps.get_column("ran").to_numpy()
        ran_after = steps.get_column("ran_after").to_numpy()
        target = steps.get_column("target_us").to_numpy()
        last = steps.get_column("last").to_numpy()
        crossing = (ran > 0) & (ran_after - ran <= target) & (target < ran_after)
        crossed = np.searchsorted(clock[last], clock[crossing])  # clocks come in order
        pending = np.ones(int(last.sum()), dtype=bool)
        pending[crossed] = False
        return cls(
            clock=clock,
            row=steps.get_column("row").to_numpy(),
            crossing=crossing,
            left=(target - ran_after + ran)[crossing] / 1e6,
            last=last,
            crossed=crossed,
            pending=pending,
            target_seconds=steps.get_column("target_seconds").to_numpy()[last],
            elapsed_seconds=ran_after[last] / 1e6,
            paused_seconds=steps.get_column("rested_after").to_numpy()[last] / 1e6,
        )


def _deadlines(
    calendar: BusinessTime, starts: npt.NDArray[np.datetime64], seconds: npt.NDArray[np.float64]
) -> npt.NDArray[np.datetime64]:
    if not len(starts):
        return np.empty(0, dtype="datetime64[us]")
    found = calendar.add_business_seconds(starts, seconds.astype(np.float64))
    return np.asarray(found).astype("datetime64[us]")
