"""Ping-pong: a case that comes back to a party (or team) it already left.

Two definitions, both reported because they answer different questions:

* ``direct`` — A→B→A: a hand-over A→B immediately followed by B→A in the sequence of
  holders. It catches the quick bounce that blame produces.
* ``return`` — any return to a holder the case already left (A→B→C→A counts once, for the
  pair {C, A}). It also catches the long loop that no single pair notices.

The sequence of holders is the case's non-null ``column`` values with repeats collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from podium.core.clocks.holders import case_index, case_value_key, new_case
from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import LogCodes

Definition = Literal["direct", "return"]


@dataclass(frozen=True, slots=True)
class PingPong:
    """Ping-pong under one definition.

    ``share`` is ``cases_with_ping_pong / cases`` over all cases of the log. ``pairs``: party_a,
    party_b (unordered, a < b), bounces, cases — most bounces first. ``events``: the bounces
    themselves (see :func:`bounce_events`).
    """

    definition: Definition
    cases: int
    cases_with_ping_pong: int
    bounces: int
    pairs: pl.DataFrame
    events: pl.DataFrame

    @property
    def share(self) -> float:
        return self.cases_with_ping_pong / self.cases if self.cases else 0.0


def holder_sequence(log: EventLog, column: str = "party") -> pl.LazyFrame:
    """Per case, the holders in order (case_id, case_index, holder, at), repeats collapsed."""
    holder = pl.col("holder")
    return (
        log.frame.lazy()
        .select(
            "case_id",
            case_index().alias("case_index"),
            pl.col(column).alias("holder"),
            pl.col("timestamp").alias("at"),
        )
        .filter(holder.is_not_null())
        .filter(new_case() | (holder != holder.shift(1)))
    )


def bounce_events(
    log: EventLog, column: str = "party", definition: Definition = "direct"
) -> pl.DataFrame:
    """One row per bounce: case_id, case_index, party_a, party_b (the unordered pair),
    returned_to, at.

    ``returned_to`` is the holder the case came back to; ``at`` is when it came back.
    """
    case = pl.col("case_id")
    holder = pl.col("holder")
    previous = holder.shift(1)
    if definition == "direct":
        bounce = (case == case.shift(2)) & (holder == holder.shift(2))
    else:
        bounce = ~pl.col("key").is_first_distinct()
    sequence = holder_sequence(log, column).collect()
    return (
        sequence.lazy()
        .with_columns(case_value_key(sequence, "holder").alias("key"))
        .with_columns(previous.alias("previous"), bounce.alias("bounce"))
        .filter(pl.col("bounce"))
        .select(
            "case_id",
            "case_index",
            pl.min_horizontal("holder", "previous").alias("party_a"),
            pl.max_horizontal("holder", "previous").alias("party_b"),
            holder.alias("returned_to"),
            "at",
        )
        .collect()
    )


def ping_pong(
    log: EventLog,
    column: str = "party",
    definition: Definition = "direct",
    codes: LogCodes | None = None,
) -> PingPong:
    """Ping-pong figures under one definition (see the module docstring).

    ``codes``: the log's shared codes (`run_analysis`): the same figures, worked out on
    integers, the names gathered for the bounces only.

    >>> import datetime as dt
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 4 + ["d"],
    ...     "activity": ["x"] * 5, "party": ["A", "B", "C", "A", "A"], "timestamp": [t] * 5}))
    >>> ping_pong(log, definition="direct").cases_with_ping_pong
    0
    >>> result = ping_pong(log, definition="return")
    >>> result.share, result.pairs.rows()
    (0.5, [('A', 'C', 1, 1)])
    """
    if codes is not None:
        return _coded_ping_pong(log, codes, column, definition)
    events = bounce_events(log, column, definition)
    pairs = _most_bounces_first(
        events.group_by("party_a", "party_b").agg(
            pl.len().cast(pl.Int64).alias("bounces"),
            pl.col("case_index").n_unique().cast(pl.Int64).alias("cases"),
        )
    )
    return PingPong(
        definition=definition,
        cases=log.case_count,
        cases_with_ping_pong=int(events["case_index"].n_unique()),
        bounces=events.height,
        pairs=pairs,
        events=events,
    )


def _most_bounces_first(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.sort(["bounces", "party_a", "party_b"], descending=[True, False, False])


def _coded_ping_pong(
    log: EventLog, codes: LogCodes, column: str, definition: Definition
) -> PingPong:
    """:func:`ping_pong` on codes: the holder sequence and its bounces as integers (a code's
    order is its name's, so the unordered pair's smaller code is its smaller name)."""
    coded = codes[column]
    holder = pl.col("holder")
    index = pl.col("case_index")
    previous = holder.shift(1)
    if definition == "direct":
        bounce = (index == index.shift(2)) & (holder == holder.shift(2))
    else:
        key = index.cast(pl.Int64) * max(coded.width, 1) + holder
        bounce = ~key.is_first_distinct()
    found = (
        pl.DataFrame(
            [
                codes.case_index,
                coded.codes.alias("holder"),
                log.frame.get_column("timestamp").alias("at"),
            ]
        )
        .lazy()
        .filter(holder.is_not_null())
        .filter(index.ne_missing(index.shift(1)).fill_null(True) | (holder != previous))
        .with_columns(previous.alias("previous"), bounce.alias("bounce"))
        .filter(pl.col("bounce"))
        .select(
            index,
            pl.min_horizontal(holder, "previous").alias("party_a"),
            pl.max_horizontal(holder, "previous").alias("party_b"),
            holder.alias("returned_to"),
            "at",
        )
        .collect()
    )
    case = found.get_column("case_index")
    events = pl.DataFrame(
        [
            codes.case_ids(log, case),
            case.cast(pl.Int64),
            *(coded.named(found.get_column(name), name) for name in ("party_a", "party_b")),
            coded.named(found.get_column("returned_to"), "returned_to"),
            found.get_column("at"),
        ]
    )
    pairs = found.group_by("party_a", "party_b").agg(
        pl.len().cast(pl.Int64).alias("bounces"),
        index.n_unique().cast(pl.Int64).alias("cases"),
    )
    return PingPong(
        definition=definition,
        cases=log.case_count,
        cases_with_ping_pong=int(case.n_unique()),
        bounces=events.height,
        pairs=_most_bounces_first(
            pairs.select(
                coded.named(pairs.get_column("party_a"), "party_a"),
                coded.named(pairs.get_column("party_b"), "party_b"),
                "bounces",
                "cases",
            )
        ),
        events=events,
    )


def bouncing_pairs(log: EventLog, limit: int, column: str = "party") -> pl.DataFrame:
    """Per case and unordered pair of holders, the direct bounces between them when there are
    at least ``limit`` (the ping-pong a ticket's parties are asked to stop by arbitration):
    case_id, party_a, party_b, bounces, last_at (when the latest bounce came back), one row per
    case and pair, by case then pair.

    The bounces are :func:`bounce_events` under the direct definition, so arbitration counts
    exactly what the ping-pong figures count.

    >>> import datetime as dt
    >>> t = [dt.datetime(2024, 1, 1, h, tzinfo=dt.UTC) for h in range(6)]
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 6, "activity": ["x"] * 6,
    ...     "party": ["A", "B", "A", "B", "A", "C"], "timestamp": t}))
    >>> bouncing_pairs(log, 3).rows()
    [('c', 'A', 'B', 3, datetime.datetime(2024, 1, 1, 4, 0, tzinfo=zoneinfo.ZoneInfo(key='UTC')))]
    >>> bouncing_pairs(log, 4).height
    0
    """
    if limit < 1:
        raise ValueError(f"the bounce limit must be at least 1, not {limit}")
    return (
        bounce_events(log, column, "direct")
        .group_by("case_id", "party_a", "party_b")
        .agg(pl.len().cast(pl.Int64).alias("bounces"), pl.col("at").max().alias("last_at"))
        .filter(pl.col("bounces") >= limit)
        .sort("case_id", "party_a", "party_b")
    )
