"""Time in hands: the business time each party held each case."""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from podium.core.clocks.business_time import (
    BusinessOffsets,
    BusinessTime,
    business_seconds,
    seconds_between_offsets,
)
from podium.core.clocks.evaluate import CHUNK_EVENTS
from podium.core.clocks.holders import (
    case_index,
    case_slices,
    case_value_key,
    holder,
    last_of_case,
    new_case,
)
from podium.core.clocks.segments import END_OFFSET, OFFSET
from podium.core.eventlog import EventLog
from podium.core.eventlog.codes import LogCodes


@dataclass(frozen=True, slots=True)
class TimeInHands:
    """``per_case``: case_id, party, seconds. ``per_party``: party, cases, total_seconds,
    median_seconds (median over the cases it touched), most total time first."""

    per_case: pl.DataFrame
    per_party: pl.DataFrame


def holding_spans(
    log: EventLog, column: str = "party", offsets: BusinessOffsets | None = None
) -> pl.DataFrame:
    """Stretches where one holder had a case: case_id, case_index, party, start, end.

    A holder takes the case at its first event and keeps it until the next event of another
    holder (events with a null ``column`` change nothing); the last holder keeps it until the
    case's last event. Time before the first known holder belongs to nobody. With the log's
    business ``offsets``, each stretch also carries its start's and end's (``OFFSET``,
    ``END_OFFSET``).
    """
    case = pl.col("case_id")
    who = pl.col("party")
    frame = log.frame.lazy()
    carried: list[str] = []
    if offsets is not None:
        frame = frame.with_columns(offsets.micros.alias(OFFSET))
        carried = [OFFSET]

    def ending(value: str) -> pl.Expr:
        """The value at the stretch's end: the next stretch's start, else the case's end."""
        return (
            pl.when(case == case.shift(-1))
            .then(pl.col(value).shift(-1))
            .otherwise(pl.col(f"__case_end{value}"))
        )

    return (
        frame.select(
            "case_id",
            case_index().alias("case_index"),
            "timestamp",
            holder(column).alias("party"),
            *carried,
        )
        .with_columns(
            pl.when(last_of_case())
            .then(pl.col(name))
            .otherwise(None)
            .backward_fill()
            .alias(f"__case_end{name}")
            for name in ("timestamp", *carried)
        )
        .filter(new_case() | who.ne_missing(who.shift(1)))
        .filter(who.is_not_null())
        .select(
            "case_id",
            "case_index",
            "party",
            pl.col("timestamp").alias("start"),
            ending("timestamp").alias("end"),
            *carried,
            *([ending(OFFSET).alias(END_OFFSET)] if carried else []),
        )
        .collect()
    )


def time_in_hands(
    log: EventLog,
    calendar: BusinessTime,
    column: str = "party",
    offsets: BusinessOffsets | None = None,
    codes: LogCodes | None = None,
) -> TimeInHands:
    """Business seconds each party held each case, and per party over all cases.

    ``offsets``: the log's business offsets on ``calendar`` when the caller shares them
    (`run_analysis`): the same seconds, read as differences of offsets. ``codes``: the log's
    shared codes (`run_analysis`): the stretches are found and grouped on integers, the ids
    and names gathered once per (case, party).

    >>> import datetime as dt
    >>> from podium.core.clocks import WallClockTime
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> log = EventLog.from_frame(pl.DataFrame({"case_id": ["c"] * 4, "activity": ["x"] * 4,
    ...     "party": ["A", "B", None, "A"],
    ...     "timestamp": [t + dt.timedelta(seconds=s) for s in (0, 10, 15, 30)]}))
    >>> time_in_hands(log, WallClockTime()).per_case.rows()
    [('c', 'A', 10.0), ('c', 'B', 20.0)]
    """
    if offsets is not None and offsets.calendar is not calendar:
        raise ValueError("the offsets were counted on another calendar")
    # Case by case, so a large log runs a slice of whole cases at a time (as the clocks do).
    parts = []
    for start, length in case_slices(log.frame, CHUNK_EVENTS):
        whole = start == 0 and length == log.frame.height
        piece = log if whole else replace(log, frame=log.frame.slice(start, length))
        shared = (
            offsets
            if offsets is None or whole
            else replace(offsets, micros=offsets.micros.slice(start, length))
        )
        if codes is None:
            parts.append(_per_case(piece, calendar, column, shared))
        else:
            parts.append(_coded_per_case(log, codes, (start, length), calendar, column, shared))
    per_case = parts[0] if len(parts) == 1 else pl.concat(parts, rechunk=True)
    per_party = (
        per_case.group_by("party")
        .agg(
            pl.len().cast(pl.Int64).alias("cases"),
            pl.col("seconds").sum().alias("total_seconds"),
            pl.col("seconds").median().alias("median_seconds"),
        )
        .sort(["total_seconds", "party"], descending=[True, False])
    )
    return TimeInHands(per_case=per_case, per_party=per_party)


def _per_case(
    log: EventLog, calendar: BusinessTime, column: str, offsets: BusinessOffsets | None
) -> pl.DataFrame:
    """case_id, party, seconds: per (case, party), in case then party order."""
    spans = holding_spans(log, column, offsets)
    seconds = (
        seconds_between_offsets(spans.get_column(OFFSET), spans.get_column(END_OFFSET))
        if offsets is not None
        else business_seconds(calendar, spans["start"], spans["end"])
    )
    spans = spans.with_columns(
        seconds.alias("seconds"),
        case_value_key(spans, "party").alias("key"),
    )
    # Group and sort integers only; the two strings are gathered once per (case, party).
    totals = (
        spans.lazy()
        .select("key", "seconds")
        .with_row_index("row")
        .group_by("key")
        .agg(pl.col("row").first(), pl.col("seconds").sum())
        .sort("key")
        .collect()
    )
    return spans.select(pl.col("case_id", "party").gather(totals["row"])).with_columns(
        totals["seconds"]
    )


def _coded_per_case(
    log: EventLog,
    codes: LogCodes,
    part: tuple[int, int],
    calendar: BusinessTime,
    column: str,
    offsets: BusinessOffsets | None,
) -> pl.DataFrame:
    """:func:`_per_case` of the slice ``part`` (offset, length) of whole cases of ``log``, on
    its codes: the same stretches as :func:`holding_spans`, the holder carried forward as an
    integer."""
    start, length = part
    coded = codes[column]
    index = pl.col("case_index")
    who = pl.col("party")
    first = index.ne_missing(index.shift(1)).fill_null(True)
    last = index.ne_missing(index.shift(-1)).fill_null(True)
    seeded = pl.when(first & who.is_null()).then(pl.lit(-1, pl.Int32)).otherwise(who)
    held = seeded.forward_fill()
    columns = [
        codes.case_index.slice(start, length),
        coded.codes.slice(start, length).alias("party"),
        log.frame.get_column("timestamp").slice(start, length),
    ]
    carried: list[str] = []
    if offsets is not None:
        columns.append(offsets.micros.alias(OFFSET))
        carried = [OFFSET]

    def ending(value: str) -> pl.Expr:
        return (
            pl.when(index == index.shift(-1))
            .then(pl.col(value).shift(-1))
            .otherwise(pl.col(f"__case_end{value}"))
        )

    spans = (
        pl.DataFrame(columns)
        .lazy()
        .select(
            index,
            pl.when(held == -1).then(None).otherwise(held).alias("party"),
            "timestamp",
            *carried,
        )
        .with_columns(
            pl.when(last)
            .then(pl.col(name))
            .otherwise(None)
            .backward_fill()
            .alias(f"__case_end{name}")
            for name in ("timestamp", *carried)
        )
        .filter(first | who.ne_missing(who.shift(1)))
        .filter(who.is_not_null())
        .select(
            index,
            "party",
            pl.col("timestamp").alias("start"),
            ending("timestamp").alias("end"),
            *carried,
            *([ending(OFFSET).alias(END_OFFSET)] if carried else []),
        )
        .collect()
    )
    seconds = (
        seconds_between_offsets(spans.get_column(OFFSET), spans.get_column(END_OFFSET))
        if offsets is not None
        else business_seconds(calendar, spans["start"], spans["end"])
    )
    totals = (
        pl.DataFrame(
            [
                (
                    spans.get_column("case_index").cast(pl.Int64) * max(coded.width, 1)
                    + spans.get_column("party")
                ).alias("key"),
                seconds.alias("seconds"),
            ]
        )
        .lazy()
        .with_row_index("row")
        .group_by("key")
        .agg(pl.col("row").first(), pl.col("seconds").sum())
        .sort("key")
        .collect()
    )
    rows = totals.get_column("row")
    return pl.DataFrame(
        [
            codes.case_ids(log, spans.get_column("case_index").gather(rows)),
            coded.named(spans.get_column("party").gather(rows), "party"),
            totals.get_column("seconds"),
        ]
    )
