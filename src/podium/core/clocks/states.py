"""Time in waiting and pause states, with which rule each state matched.

Which states are waiting and which pause the clocks come from the tool's conventions (a
preset's defaults, or what the user gave): see :mod:`podium.core.eventlog.conventions`. This
counts, per state actually met in the log, its events, cases and business time, and says
whether it counted as waiting and whether it paused the clocks, so a report can show both.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from podium.core.clocks.business_time import (
    BusinessOffsets,
    BusinessTime,
    business_seconds,
    seconds_between_offsets,
)
from podium.core.clocks.holders import case_index, holder
from podium.core.clocks.segments import END_OFFSET, OFFSET
from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import LogCodes
from podium.core.eventlog.conventions import StateSet


@dataclass(frozen=True, slots=True)
class StateUse:
    """``by_state``: state, field (activity or sub_status), waiting, pauses, events, cases,
    total_seconds, median_seconds — waiting states first, longest first. ``by_party``: the
    same per (state, party) holding the case."""

    by_state: pl.DataFrame
    by_party: pl.DataFrame

    @property
    def waiting(self) -> pl.DataFrame:
        return self.by_state.filter(pl.col("waiting"))


def state_use(
    log: EventLog,
    calendar: BusinessTime,
    waiting: StateSet,
    pause: StateSet,
    pauses: pl.Expr | None = None,
    offsets: BusinessOffsets | None = None,
    codes: LogCodes | None = None,
) -> StateUse:
    """Events, cases and business time per waiting or pausing state, overall and per party.

    An event in such a state lasts until the case's next event (a case's last event adds no
    time). ``pauses`` is the clock policy's own pause condition (default: ``pause``'s). The
    state is named by its sub-status when that matched a rule (a hold reason is
    finer than "On Hold"), else by its activity. ``median_seconds`` is the median over the cases
    that used the state of each case's total time in it. ``codes``: the log's shared codes
    (`run_analysis`): the rules are then matched once per distinct (activity, sub-status)
    pair and the holder carried forward as an integer, the names gathered for the matches.

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 3,
    ...     "activity": ["Awaiting User Info", "Active", "Resolved"], "party": ["A"] * 3,
    ...     "timestamp": [t + dt.timedelta(seconds=s) for s in (0, 10, 30)]}))
    >>> rule = StateSet(frozenset({"Awaiting User Info"}))
    >>> state_use(log, WallClockTime(), rule, rule).by_state.rows()
    [('Awaiting User Info', 'activity', True, True, 1, 1, 10.0, 10.0)]
    """
    if offsets is not None and offsets.calendar is not calendar:
        raise ValueError("the offsets were counted on another calendar")
    pausing = (pause.expr() if pauses is None else pauses).fill_null(False)
    sub_matched = waiting.matches("sub_status") | pause.matches("sub_status")
    if codes is not None:
        events = _coded_events(log, calendar, codes, (waiting, pausing, sub_matched), offsets)
        state, party = ["state", "field"], ["state", "field", "party"]
        return StateUse(
            by_state=_named_states(_summarise_coded(events, state, codes), codes, state),
            by_party=_named_states(_summarise_coded(events, party, codes), codes, party),
        )
    case = pl.col("case_id")
    frame = log.frame.lazy()
    carried: list[pl.Expr] = []
    if offsets is not None:
        frame = frame.with_columns(offsets.micros.alias(OFFSET))
        following = pl.when(case == case.shift(-1)).then(pl.col(OFFSET).shift(-1))
        carried = [pl.col(OFFSET), following.alias(END_OFFSET)]
    events = (
        frame.select(
            case_index().alias("case_index"),
            "activity",
            "sub_status",
            waiting.expr().alias("waiting"),
            pausing.alias("pauses"),
            holder("party").alias("party"),
            pl.col("timestamp").alias("start"),
            pl.when(case == case.shift(-1)).then(pl.col("timestamp").shift(-1)).alias("end"),
            *carried,
        )
        .filter(pl.col("waiting") | pl.col("pauses"))
        .with_columns(sub_matched.alias("__sub"))
        .select(
            "case_index",
            pl.when("__sub").then("sub_status").otherwise("activity").alias("state"),
            pl.when("__sub")
            .then(pl.lit("sub_status"))
            .otherwise(pl.lit("activity"))
            .alias("field"),
            "waiting",
            "pauses",
            "party",
            "start",
            "end",
            *([OFFSET, END_OFFSET] if carried else []),
        )
        .collect()
    )
    if carried:
        start = events.get_column(OFFSET)
        seconds = seconds_between_offsets(start, events.get_column(END_OFFSET).fill_null(start))
        events = events.drop(OFFSET, END_OFFSET).with_columns(seconds.alias("seconds"))
    else:
        until_at = events.select(pl.coalesce("end", "start")).to_series()
        events = events.with_columns(
            business_seconds(calendar, events["start"], until_at).alias("seconds")
        )
    return StateUse(
        by_state=_summarise(events, ["state", "field"]),
        by_party=_summarise(events, ["state", "field", "party"]),
    )


def _coded_events(
    log: EventLog,
    calendar: BusinessTime,
    codes: LogCodes,
    rules: tuple[StateSet, pl.Expr, pl.Expr],
    offsets: BusinessOffsets | None,
) -> pl.DataFrame:
    """The events in a waiting or pausing state (case_index, state, field, waiting, pauses,
    party, seconds), as :func:`state_use` reads them, on codes.

    The rules read an event's activity and sub-status only, so they are matched once per
    distinct pair met (a code per pair), and an event's flags are a look-up of its pair's.
    ``rules``: the waiting states, the pause condition and whether the sub-status matched."""
    waiting, pausing, sub_matched = rules
    activity, sub = codes["activity"], codes["sub_status"]
    subs = sub.width + 1  # a null sub-status is the last code
    pair = (
        activity.codes.cast(pl.Int64).fill_null(activity.width) * subs
        + sub.codes.cast(pl.Int64).fill_null(sub.width)
    ).rename("pair")
    met = pair.unique().sort()
    named = pl.Series([*activity.names.to_list(), None], dtype=pl.String)
    sub_named = pl.Series([*sub.names.to_list(), None], dtype=pl.String)
    flags = pl.DataFrame(
        [
            met,
            named.gather(met // subs).alias("activity"),
            sub_named.gather(met % subs).alias("sub_status"),
        ]
    ).with_columns(
        waiting.expr().alias("waiting"),
        pausing.alias("pauses"),
        sub_matched.alias("sub"),
    )

    def pairs_where(flag: str) -> list[int]:
        return flags.filter(pl.col(flag)).get_column("pair").to_list()

    index = pl.col("case_index")
    party = pl.col("party")
    first = index.ne_missing(index.shift(1)).fill_null(True)
    # The holder carried forward within each case, as `holder("party")` does on names.
    seeded = pl.when(first & party.is_null()).then(pl.lit(-1, pl.Int32)).otherwise(party)
    held = seeded.forward_fill()
    columns = [
        codes.case_index,
        pair,
        codes["party"].codes.alias("party"),
        log.frame.get_column("timestamp").alias("start"),
    ]
    if offsets is not None:
        columns.append(offsets.micros.alias(OFFSET))
    following = index == index.shift(-1)
    carried = (
        [
            pl.col(OFFSET),
            pl.when(following).then(pl.col(OFFSET).shift(-1)).alias(END_OFFSET),
        ]
        if offsets is not None
        else []
    )
    found = (
        pl.DataFrame(columns)
        .lazy()
        .select(
            index,
            "pair",
            pl.col("pair").is_in(pairs_where("waiting")).alias("waiting"),
            pl.col("pair").is_in(pairs_where("pauses")).alias("pauses"),
            pl.when(held == -1).then(None).otherwise(held).alias("party"),
            "start",
            pl.when(following).then(pl.col("start").shift(-1)).alias("end"),
            *carried,
        )
        .filter(pl.col("waiting") | pl.col("pauses"))
        .collect()
    )
    if offsets is not None:
        start = found.get_column(OFFSET)
        seconds = seconds_between_offsets(start, found.get_column(END_OFFSET).fill_null(start))
    else:
        until_at = found.select(pl.coalesce("end", "start")).to_series()
        seconds = business_seconds(calendar, found["start"], until_at)
    met_pair = found.get_column("pair")
    by_sub = met_pair.is_in(pairs_where("sub"))
    # The state as a code: the activity's, or past them the sub-status's when that matched.
    state = (
        (met_pair % subs + activity.width + 1)
        .zip_with(by_sub, met_pair // subs)
        .set(~by_sub & (met_pair // subs == activity.width), None)
    )
    return pl.DataFrame(
        [
            found.get_column("case_index"),
            state.alias("state"),
            by_sub.alias("field"),
            found.get_column("waiting"),
            found.get_column("pauses"),
            found.get_column("party"),
            seconds.rename("seconds"),
        ]
    )


def _summarise_coded(events: pl.DataFrame, keys: list[str], codes: LogCodes) -> pl.DataFrame:
    """:func:`_summarise` of coded events, each grouping on one integer: the keys and the
    case (in that order of significance) packed into an Int64, unpacked for the result."""
    cases = max(codes.case_starts.len(), 1)
    states = codes["activity"].width + codes["sub_status"].width + 2  # a null state last
    parties = codes["party"].width + 1  # no holder last
    group = (pl.col("state").fill_null(states - 1) * 2 + pl.col("field").cast(pl.Int64)).cast(
        pl.Int64
    )
    if "party" in keys:
        group = group * parties + pl.col("party").cast(pl.Int64).fill_null(parties - 1)
    per_case = (
        events.lazy()
        .group_by((group * cases + pl.col("case_index").cast(pl.Int64)).alias("key"))
        .agg(
            pl.len().alias("events"),
            pl.col("seconds").sum(),
            pl.col("waiting").all(),
            pl.col("pauses").all(),
        )
        .sort("key")
    )
    summary = (
        per_case.group_by((pl.col("key") // cases).alias("group"))
        .agg(
            *_per_group(),
        )
        .collect()
    )
    group_of = summary.get_column("group")
    unpacked = []
    if "party" in keys:
        party = group_of % parties
        unpacked.append(party.set(party == parties - 1, None).cast(pl.Int32).alias("party"))
        group_of = group_of // parties
    state = group_of // 2
    unpacked = [
        state.set(state == states - 1, None).alias("state"),
        (group_of % 2 == 1).alias("field"),
        *unpacked,
    ]
    return summary.with_columns(unpacked).select(
        *keys, "waiting", "pauses", "events", "cases", "total_seconds", "median_seconds"
    )


def _named_states(summary: pl.DataFrame, codes: LogCodes, keys: list[str]) -> pl.DataFrame:
    """A summary of coded events (:func:`_coded_events`) with its states, fields and parties
    named, in the order of a summary on names."""
    activity, sub = codes["activity"], codes["sub_status"]
    states = pl.Series([*activity.names.to_list(), None, *sub.names.to_list()], dtype=pl.String)
    fields = pl.Series(["activity", "sub_status"], dtype=pl.String)
    named = [
        states.gather(summary.get_column("state")).alias("state"),
        fields.gather(summary.get_column("field").cast(pl.Int64)).alias("field"),
    ]
    if "party" in keys:
        named.append(codes["party"].named(summary.get_column("party"), "party"))
    return _ordered(summary.with_columns(named), keys)


def _summarise(events: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    per_case = events.group_by(*keys, "case_index").agg(
        pl.len().alias("events"),
        pl.col("seconds").sum(),
        pl.col("waiting").all(),
        pl.col("pauses").all(),
    )
    return (
        per_case.group_by(keys)
        .agg(
            *_per_group(),
        )
        .select(*keys, "waiting", "pauses", "events", "cases", "total_seconds", "median_seconds")
        .pipe(_ordered, keys)
    )


def _ordered(summary: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return summary.sort(
        ["waiting", "total_seconds", *keys],
        descending=[True, True] + [False] * len(keys),
        nulls_last=True,
    )


def _per_group() -> list[pl.Expr]:
    """What a summary row holds of its cases: the same on names and on codes."""
    return [
        pl.col("waiting").all(),
        pl.col("pauses").all(),
        pl.col("events").sum().cast(pl.Int64),
        pl.len().cast(pl.Int64).alias("cases"),
        pl.col("seconds").sum().alias("total_seconds"),
        pl.col("seconds").median().alias("median_seconds"),
    ]
