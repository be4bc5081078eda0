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
    seconds_between_offsets,
    utc_instant,
)
from podium.core.clocks.holders import case_slices, last_of_case
from podium.core.clocks.policy import ClockPolicy
from podium.core.clocks.segments import (
    END_OFFSET,
    NOT_STARTED,
    OFFSET,
    PAUSED,
    RUNNING,
    SEGMENT_SCHEMA,
    STATE_NAMES,
    event_states,
    policy_expressions,
    segment_runs,
)
from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import LogCodes

DEFAULT_POLICY = ClockPolicy()
CHUNK_EVENTS: Final = 1_000_000
"""Logs larger than this are evaluated a slice of whole cases at a time (see
`evaluate_clocks`): at 10M events the intermediate frames of the whole log took more memory
than the log itself. Slices of 1M rather than 2M events gave the 10M log a peak 80 MB lower and
0.7 s less processor time (one run each, docs/benchmarks.md); a 1M log is one slice."""
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
    codes: LogCodes | None = None,
) -> ClockResult:
    """Evaluate the policy's clocks over every case, as known at ``as_of``.

    A case's clocks depend on its own events alone, so a large log is evaluated in slices of
    whole cases (`CHUNK_EVENTS` events or so each) and the tables put end to end: the same
    rows in the same order, with the intermediate frames of one slice in memory at a time.
    ``codes``: the log's shared codes (`run_analysis`): the query then compares, carries and
    groups the case and the party as integers, and their names are gathered for the results
    (not with party targets, which name parties).
    """
    return _in_slices(log, calendar, policy, as_of, offsets, CHUNK_EVENTS, codes)


def _in_slices(
    log: EventLog,
    calendar: BusinessTime,
    policy: ClockPolicy,
    as_of: dt.datetime | None,
    offsets: BusinessOffsets | None,
    chunk: int,
    codes: LogCodes | None = None,
) -> ClockResult:
    moment = resolve_as_of(log, as_of)
    slices = case_slices(log.frame, chunk)
    if codes is not None and policy.party_targets:
        codes = None
    if len(slices) == 1:
        named = None if codes is None else _Names(log, codes, 0, log.frame.height)
        return _evaluate(log, calendar, policy, moment, offsets, named)
    parts = []
    for start, length in slices:
        piece = replace(log, frame=log.frame.slice(start, length))
        shared = (
            None
            if offsets is None
            else replace(offsets, micros=offsets.micros.slice(start, length))
        )
        named = None if codes is None else _Names(log, codes, start, length)
        parts.append(_evaluate(piece, calendar, policy, moment, shared, named))
    return ClockResult(
        segments=pl.concat([part.segments for part in parts]),
        cases=pl.concat([part.cases for part in parts]),
        parties=pl.concat([part.parties for part in parts]),
        as_of=moment,
    )


@dataclass(frozen=True, slots=True)
class _Names:
    """The shared codes of the whole ``log`` for the slice (``start``, ``length``) of it being
    evaluated: the slice's case and party as codes, and their names back."""

    log: EventLog
    codes: LogCodes
    start: int
    length: int

    def coded(self) -> tuple[pl.Series, pl.Series]:
        """The slice's ``case_id`` and ``party`` columns as codes."""
        return (
            self.codes.case_index.slice(self.start, self.length).alias("case_id"),
            self.codes["party"].codes.slice(self.start, self.length).alias("party"),
        )

    def case_ids(self, cases: pl.Series) -> pl.Series:
        return self.codes.case_ids(self.log, cases).alias("case_id")

    def parties(self, parties: pl.Series) -> pl.Series:
        return self.codes["party"].named(parties, "party")


def _evaluate(
    log: EventLog,
    calendar: BusinessTime,
    policy: ClockPolicy,
    moment: dt.datetime,
    offsets: BusinessOffsets | None,
    named: _Names | None = None,
) -> ClockResult:
    """The clocks of every case of ``log`` (a whole log or a slice of whole cases) at
    ``moment`` (in UTC).

    ``offsets``: the business offsets of the log's events on ``calendar``, when the caller
    shares them with other figures (`run_analysis`); the segments' business time is then
    the difference of their start's and end's offsets, to the same microsecond, instead of
    a calendar call over every segment.

    Events after ``moment`` are ignored, so the result is what a live system would have
    shown at that instant. See docs/metrics.md ("Clocks") for the exact semantics.

    The work is one Polars query over the events, collected with every frame it yields
    (`pl.collect_all`): the segments with their parties numbered, and each case's first
    started and last events. Everything after that is per segment or per case, on numpy
    arrays: the business time (one calendar call, or the shared offsets' differences), the running totals of both clock tables, two
    calendar calls that place every breach and due time, and the two result tables. On a
    ticket the cost is mostly fixed per query and per expression built (a policy's
    expressions are built once), so the one query is what counts; a small log's query runs
    unoptimised, as planning it costs more than it saves.
    """
    frame = log.frame.lazy()
    columns = log.frame.columns
    if named is not None:
        frame = frame.with_columns(*named.coded())
    if offsets is not None:
        if offsets.calendar is not calendar:
            raise ValueError("the offsets were counted on another calendar")
        frame = frame.with_columns(offsets.micros.alias(OFFSET))
        columns = [*columns, OFFSET]
    if log.frame.height and log.frame["timestamp"].max() > moment:  # type: ignore[operator]
        frame = frame.filter(pl.col("timestamp") <= pl.lit(moment, dtype=UTC_DATETIME))
    engine = _engine(log.frame.height)
    flags = _optimizations(log.frame.height)
    states = event_states(frame, columns, policy, coded=named is not None)
    party_target = policy_expressions(policy, columns=columns, coded=named is not None).party_target
    asked = _QUERIES
    runs, last_events, started = pl.collect_all(
        [
            segment_runs(states, shared=offsets is not None).with_columns(
                party_target, asked.party_code, asked.parties
            ),
            states.filter(asked.last_event).select(asked.last),
            states.filter(asked.not_started).filter(asked.first_of_case).select(asked.started),
        ],
        engine=engine,
        optimizations=flags,
    )
    if named is not None:
        runs = runs.with_columns(
            named.case_ids(runs.get_column("case_id")), named.parties(runs.get_column("party"))
        )
        last_events = last_events.with_columns(named.case_ids(last_events.get_column("case_id")))
    segments = _Segments.of(runs, calendar, moment, offsets)
    tables = [
        _ClockSteps.of(
            segments.case_index,
            np.arange(segments.count, dtype=np.int64),
            segments.running,
            segments.micros,
            segments.target_seconds,
        ),
        _party_clocks(segments),
    ]
    end_to_end, by_party = _place_deadlines(tables, segments, calendar, moment)
    cases = _cases_table(last_events, started, tables[0], end_to_end)
    parties = _parties_table(last_events, runs, segments, tables[1], by_party)
    return ClockResult(
        segments=pl.DataFrame(
            [
                *(runs.get_column(name) for name in SEGMENT_SCHEMA if name != "business_seconds"),
                pl.Series("business_seconds", segments.business_seconds, dtype=pl.Float64),
            ]
        ),
        cases=cases,
        parties=parties,
        as_of=moment,
    )


@dataclass(frozen=True, slots=True)
class _CaseQueries:
    """What the engine's query asks beside the segments, built once (Polars expressions are
    values): each case's first started event and its last event, and each segment's party
    numbered among the parties holding segments, in name order (-1: none), with how many
    there are."""

    not_started: pl.Expr
    first_of_case: pl.Expr  # among the started events
    started: tuple[pl.Expr, ...]
    last_event: pl.Expr
    last: tuple[pl.Expr, ...]
    party_code: pl.Expr
    parties: pl.Expr

    @classmethod
    def build(cls) -> _CaseQueries:
        index = pl.col("case_index")
        names = pl.col("party").drop_nulls().unique().sort()
        return cls(
            not_started=pl.col("state") != NOT_STARTED,
            first_of_case=index.ne_missing(index.shift(1)).fill_null(True),
            started=(index, pl.col("timestamp").alias("started_at")),
            last_event=last_of_case(),
            last=(
                index,
                pl.col("case_id"),
                pl.col("priority"),
                pl.col("state"),
                pl.col("state").replace_strict(STATE_NAMES, return_dtype=pl.String).alias("name"),
                pl.col("target_seconds"),
            ),
            party_code=pl.when(pl.col("party").is_null())
            .then(pl.lit(-1, dtype=pl.Int64))
            .otherwise(names.search_sorted(pl.col("party")).cast(pl.Int64))
            .alias("party_code"),
            parties=names.len().cast(pl.Int64).alias("parties"),
        )


_QUERIES = _CaseQueries.build()


def _optimizations(events: int) -> pl.QueryOptFlags:
    """A small log's queries run unoptimised: planning them costs more than it saves."""
    return pl.QueryOptFlags.none() if events <= SMALL_LOG else pl.QueryOptFlags()


@dataclass(frozen=True, slots=True)
class _Segments:
    """The segments as arrays: what the clock tables and the calendar read of them."""

    count: int
    case_index: npt.NDArray[np.int64]
    running: npt.NDArray[np.bool_]
    starts: npt.NDArray[np.datetime64]
    anchors: npt.NDArray[np.datetime64]  # the end, or `as_of` while open
    business_seconds: npt.NDArray[np.float64]
    micros: npt.NDArray[np.int64]  # business time in integer microseconds
    target_seconds: npt.NDArray[np.float64]  # the case's end-to-end target
    party_target_seconds: npt.NDArray[np.float64]
    party_code: npt.NDArray[np.int64]  # position of the party among `parties`; -1: none
    parties: int

    @classmethod
    def of(
        cls,
        runs: pl.DataFrame,
        calendar: BusinessTime,
        moment: dt.datetime,
        offsets: BusinessOffsets | None = None,
    ) -> _Segments:
        """With the log's ``offsets`` (the runs then carry their start's and end's), the
        business time is their difference (an open run's to the offset of ``moment``), the
        very float the calendar gives for the span."""
        starts = instants_of(runs.get_column("start"))
        ends = instants_of(runs.get_column("end"))
        anchors = np.where(np.isnat(ends), np.datetime64(moment.replace(tzinfo=None), "us"), ends)
        if offsets is not None and OFFSET in runs.columns:
            reached = runs.get_column(END_OFFSET).fill_null(offsets.at(moment))
            seconds = seconds_between_offsets(runs.get_column(OFFSET), reached).to_numpy()
        elif runs.height:
            seconds = np.asarray(
                calendar.business_seconds_between(starts, anchors), dtype=np.float64
            )
        else:
            seconds = np.empty(0, dtype=np.float64)
        return cls(
            count=runs.height,
            case_index=runs.get_column("case_index").to_numpy().astype(np.int64),
            running=runs.get_column("running").to_numpy().astype(bool),
            starts=starts,
            anchors=anchors,
            business_seconds=seconds,
            micros=np.round(seconds * 1e6).astype(np.int64),
            target_seconds=runs.get_column("target_seconds").to_numpy().astype(np.float64),
            party_target_seconds=runs.get_column("party_target_seconds")
            .to_numpy()
            .astype(np.float64),
            party_code=runs.get_column("party_code").to_numpy(),
            parties=int(runs.get_column("parties").to_numpy().max(initial=0)),
        )


def _party_clocks(segments: _Segments) -> _ClockSteps:
    """The party (OLA) clocks: one per (case, party holding), its segments in time order,
    the clocks in (case, party name) order."""
    held = np.flatnonzero(segments.party_code >= 0)
    clock = segments.case_index[held] * max(segments.parties, 1) + segments.party_code[held]
    order = np.argsort(clock, kind="stable")
    rows = held[order]
    return _ClockSteps.of(
        clock[order],
        rows,
        segments.running[rows],
        segments.micros[rows],
        segments.party_target_seconds[rows],
    )


@dataclass(frozen=True, slots=True)
class _ClockSteps:
    """One clock table's running totals, with its crossing and last segments.

    Totals are kept in integer microseconds so that a total exactly equal to the target is
    never misread through rounding. Breach: the first running segment where the running
    total passes the target; the breach instant is the target's remainder added to that
    segment's start in business time. Due: the breach instant, else the remainder added to
    the clock's last instant (``as_of`` while it is live, its stop or hand-over instant
    otherwise), so pauses push it later.
    """

    clock: npt.NDArray[np.int64]  # per segment, the clocks in order, as are the next three
    row: npt.NDArray[np.int64]  # the segment's position among all segments
    crossing: npt.NDArray[np.bool_]  # the running total passes the target here
    last: npt.NDArray[np.bool_]  # the clock's last
    left: npt.NDArray[np.float64]  # per crossing: the target's remainder at its start
    crossed: npt.NDArray[np.intp]  # per crossing: its clock's position among the last ones
    pending: npt.NDArray[np.bool_]  # per clock: not breached, so due after its last instant
    target_seconds: npt.NDArray[np.float64]  # per clock, as are the next two
    elapsed_seconds: npt.NDArray[np.float64]
    paused_seconds: npt.NDArray[np.float64]

    @classmethod
    def of(
        cls,
        clock: npt.NDArray[np.int64],
        row: npt.NDArray[np.int64],
        running: npt.NDArray[np.bool_],
        micros: npt.NDArray[np.int64],
        target_seconds: npt.NDArray[np.float64],
    ) -> _ClockSteps:
        """From each clock's segments, together and in time order."""
        size = len(clock)
        first = np.ones(size, dtype=bool)
        first[1:] = clock[1:] != clock[:-1]
        last = np.ones(size, dtype=bool)
        last[:-1] = first[1:]
        ran = np.where(running, micros, 0)
        rested = np.where(running, 0, micros)
        ran_total = np.cumsum(ran)
        rested_total = np.cumsum(rested)
        which = np.cumsum(first) - 1  # each segment's clock, 0, 1, …
        ran_after = ran_total - (ran_total - ran)[first][which]
        rested_after = rested_total - (rested_total - rested)[first][which]
        target = np.round(target_seconds * 1e6).astype(np.int64)
        crossing = (ran > 0) & (ran_after - ran <= target) & (target < ran_after)
        crossed = np.searchsorted(clock[last], clock[crossing])  # clocks come in order
        pending = np.ones(int(last.sum()), dtype=bool)
        pending[crossed] = False
        return cls(
            clock=clock,
            row=row,
            crossing=crossing,
            last=last,
            left=(target - ran_after + ran)[crossing] / 1e6,
            crossed=crossed,
            pending=pending,
            target_seconds=target_seconds[last],
            elapsed_seconds=ran_after[last] / 1e6,
            paused_seconds=rested_after[last] / 1e6,
        )


@dataclass(frozen=True, slots=True)
class _Deadlines:
    """Per clock of a table: when it was breached and when it is due (NaT: none)."""

    breached_at: npt.NDArray[np.datetime64]
    due_at: npt.NDArray[np.datetime64]


def _place_deadlines(
    tables: list[_ClockSteps], segments: _Segments, calendar: BusinessTime, moment: dt.datetime
) -> list[_Deadlines]:
    """Every table's breaches placed in one calendar call and its due times in another."""
    breaches = _deadlines(
        calendar,
        np.concatenate([segments.starts[t.row[t.crossing]] for t in tables]),
        np.concatenate([t.left for t in tables]),
    )
    dues = _deadlines(
        calendar,
        np.concatenate([segments.anchors[t.row[t.last]][t.pending] for t in tables]),
        np.concatenate([(t.target_seconds - t.elapsed_seconds)[t.pending] for t in tables]),
    )
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
        out.append(_Deadlines(breached_at, due_at))
    return out


def _cases_table(
    last_events: pl.DataFrame,
    started: pl.DataFrame,
    table: _ClockSteps,
    deadlines: _Deadlines,
) -> pl.DataFrame:
    """One row per case (in log order, which is case_index order): its last event's
    priority, state and target, when its clock started and its end-to-end clock."""
    count = last_events.height
    cases = table.clock[table.last]  # the cases that have segments
    elapsed = np.zeros(count, dtype=np.float64)
    elapsed[cases] = table.elapsed_seconds
    paused = np.zeros(count, dtype=np.float64)
    paused[cases] = table.paused_seconds
    due_at = np.full(count, np.datetime64("NaT"), "datetime64[us]")
    due_at[cases] = deadlines.due_at
    breached_at = np.full(count, np.datetime64("NaT"), "datetime64[us]")
    breached_at[cases] = deadlines.breached_at
    started_at = np.full(count, np.datetime64("NaT"), "datetime64[us]")
    started_at[started.get_column("case_index").to_numpy()] = instants_of(
        started.get_column("started_at")
    )
    state = last_events.get_column("state").to_numpy()
    target = last_events.get_column("target_seconds").to_numpy().astype(np.float64)
    remaining = np.where((state == RUNNING) | (state == PAUSED), target - elapsed, np.nan)
    return pl.DataFrame(
        [
            last_events.get_column("case_id"),
            last_events.get_column("priority"),
            last_events.get_column("name").alias("state"),
            pl.Series("started_at", started_at, dtype=UTC_DATETIME),
            last_events.get_column("target_seconds"),
            pl.Series("elapsed_seconds", elapsed, dtype=pl.Float64),
            pl.Series("paused_seconds", paused, dtype=pl.Float64),
            pl.Series("due_at", due_at, dtype=UTC_DATETIME),
            pl.Series("breached_at", breached_at, dtype=UTC_DATETIME),
            pl.Series("breached", ~np.isnat(breached_at), dtype=pl.Boolean),
            pl.Series("remaining_seconds", remaining, dtype=pl.Float64, nan_to_null=True),
        ]
    )


def _parties_table(
    last_events: pl.DataFrame,
    runs: pl.DataFrame,
    segments: _Segments,
    table: _ClockSteps,
    deadlines: _Deadlines,
) -> pl.DataFrame:
    """One row per party clock, in (case, party name) order. A party holds the case when the
    case is open (running or paused at its last event) and the party holds its last segment
    (which, the case being open, is the stretch of its last event)."""
    rows = table.row[table.last]
    case = segments.case_index[rows]
    state = last_events.get_column("state").to_numpy()
    open_case = (state == RUNNING) | (state == PAUSED)
    final = np.ones(segments.count, dtype=bool)  # each case's last segment
    final[:-1] = segments.case_index[1:] != segments.case_index[:-1]
    holder = np.full(len(open_case), -1, dtype=np.int64)
    holder[segments.case_index[final]] = segments.party_code[final]
    holding = open_case[case] & (segments.party_code[rows] == holder[case])
    remaining = np.where(holding, table.target_seconds - table.elapsed_seconds, np.nan)
    labels = pl.DataFrame([runs.get_column("case_id"), runs.get_column("party")])[rows]
    return labels.hstack(
        [
            pl.Series("target_seconds", table.target_seconds, dtype=pl.Float64),
            pl.Series("elapsed_seconds", table.elapsed_seconds, dtype=pl.Float64),
            pl.Series("paused_seconds", table.paused_seconds, dtype=pl.Float64),
            pl.Series("due_at", deadlines.due_at, dtype=UTC_DATETIME),
            pl.Series("breached_at", deadlines.breached_at, dtype=UTC_DATETIME),
            pl.Series("breached", ~np.isnat(deadlines.breached_at), dtype=pl.Boolean),
            pl.Series("holding", holding, dtype=pl.Boolean),
            pl.Series("remaining_seconds", remaining, dtype=pl.Float64, nan_to_null=True),
        ]
    )


def _deadlines(
    calendar: BusinessTime, starts: npt.NDArray[np.datetime64], seconds: npt.NDArray[np.float64]
) -> npt.NDArray[np.datetime64]:
    if not len(starts):
        return np.empty(0, dtype="datetime64[us]")
    found = calendar.add_business_seconds(starts, seconds.astype(np.float64))
    return np.asarray(found).astype("datetime64[us]")
