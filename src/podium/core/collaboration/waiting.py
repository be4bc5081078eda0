"""Use of waiting states: which "Wait - …" sub-statuses parties use, how often and how long."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import polars as pl

from podium.core.clocks.business_time import BusinessTime, business_seconds
from podium.core.clocks.holders import case_index, holder
from podium.core.eventlog import EventLog


@dataclass(frozen=True, slots=True)
class WaitingStateUse:
    """``by_state``: sub_status, events, cases, total_seconds, median_seconds.
    ``by_party``: the same per (sub_status, party)."""

    by_state: pl.DataFrame
    by_party: pl.DataFrame


def default_waiting_state() -> pl.Expr:
    """A sub-status is a waiting state when it starts with "Wait" (BPIC 2013, ServiceNow)."""
    return pl.col("sub_status").str.starts_with("Wait").fill_null(False)


def waiting_state_use(
    log: EventLog,
    calendar: BusinessTime,
    waiting_states: Collection[str] | None = None,
) -> WaitingStateUse:
    """Events, cases and business time per waiting sub-status, overall and per party.

    An event in a waiting state waits until the case's next event (a case's last event adds
    no time). The party is the case's holder at that event. ``median_seconds`` is the median
    over the cases that used the state of each case's total time in it.

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 3, "activity": ["x"] * 3,
    ...     "sub_status": ["Wait - User", "Wait - User", None], "party": ["A"] * 3,
    ...     "timestamp": [t + dt.timedelta(seconds=s) for s in (0, 10, 30)]}))
    >>> waiting_state_use(log, WallClockTime()).by_state.rows()
    [('Wait - User', 2, 1, 30.0, 30.0)]
    """
    if waiting_states is None:
        waiting = default_waiting_state()
    else:
        waiting = pl.col("sub_status").is_in(sorted(waiting_states)).fill_null(False)
    case = pl.col("case_id")
    events = (
        log.frame.lazy()
        .select(
            case_index().alias("case_index"),
            "sub_status",
            holder("party").alias("party"),
            pl.col("timestamp").alias("start"),
            pl.when(case == case.shift(-1)).then(pl.col("timestamp").shift(-1)).alias("end"),
            waiting.alias("waiting"),
        )
        .filter(pl.col("waiting"))
        .collect()
    )
    until = events.select(pl.coalesce("end", "start")).to_series()
    events = events.with_columns(
        business_seconds(calendar, events["start"], until).alias("seconds")
    )
    return WaitingStateUse(
        by_state=_summarise(events, ["sub_status"]),
        by_party=_summarise(events, ["sub_status", "party"]),
    )


def _summarise(events: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    per_case = events.group_by(*keys, "case_index").agg(
        pl.len().alias("events"), pl.col("seconds").sum()
    )
    return (
        per_case.group_by(keys)
        .agg(
            pl.col("events").sum().cast(pl.Int64),
            pl.len().cast(pl.Int64).alias("cases"),
            pl.col("seconds").sum().alias("total_seconds"),
            pl.col("seconds").median().alias("median_seconds"),
        )
        .sort(["total_seconds", *keys], descending=[True] + [False] * len(keys), nulls_last=True)
    )
