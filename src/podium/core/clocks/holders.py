"""Who holds a case after each event, computed without grouping.

Every engine function relies on the log being sorted by case: a case starts where ``case_id``
differs from the row above, so running values per case are global running values reset at
those rows. This avoids ``over("case_id")`` windows, which hash every row.
"""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl

_NO_HOLDER = "\x00"


def new_case() -> pl.Expr:
    """True on the first event of each case (the frame must be sorted by case)."""
    case = pl.col("case_id")
    return case.ne_missing(case.shift(1)).fill_null(True)


def last_of_case() -> pl.Expr:
    """True on the last event of each case."""
    case = pl.col("case_id")
    return case.ne_missing(case.shift(-1)).fill_null(True)


def holder(column: str) -> pl.Expr:
    """``column`` carried forward within each case: an event without a value keeps the holder.

    A case has no holder (null) until its first event with a value.
    """
    value = pl.col(column)
    seeded = pl.when(new_case() & value.is_null()).then(pl.lit(_NO_HOLDER)).otherwise(value)
    filled = seeded.forward_fill()
    return pl.when(filled == _NO_HOLDER).then(None).otherwise(filled)


def coded_holder(column: str) -> pl.Expr:
    """:func:`holder` of a column of non-negative integer codes (`LogCodes`)."""
    value = pl.col(column)
    seeded = pl.when(new_case() & value.is_null()).then(pl.lit(-1, pl.Int32)).otherwise(value)
    filled = seeded.forward_fill()
    return pl.when(filled == -1).then(None).otherwise(filled)


def cumulative_within_case(expr: pl.Expr) -> pl.Expr:
    """Running sum of ``expr`` (numeric or boolean) that restarts at every case."""
    values = expr.cast(pl.Int64)
    total = values.cum_sum()
    base = pl.when(new_case()).then(total - values).otherwise(None).forward_fill()
    return total - base


def case_index() -> pl.Expr:
    """The case's position in the log (0, 1, …): an integer stand-in for ``case_id``."""
    return pl.col("case_id").rle_id().cast(pl.Int64)


def case_value_key(frame: pl.DataFrame, column: str) -> pl.Expr:
    """One Int64 per (case, value of ``column``), ordered by case then value.

    Grouping and sorting on this integer is several times faster than on two strings; the
    value's code comes from the sorted distinct values, so key order is (case, value) order.
    Requires ``case_index`` among the columns; null values get a null key.
    """
    names = frame[column].drop_nulls().unique().sort().to_list()
    if not names:
        return pl.lit(None, dtype=pl.Int64)
    code = pl.col(column).cast(pl.Enum(names)).to_physical().cast(pl.Int64)
    return pl.col("case_index") * len(names) + code


def case_slices(frame: pl.DataFrame, events: int) -> list[tuple[int, int]]:
    """(offset, length) of consecutive slices of whole cases of about ``events`` rows each,
    covering the frame: what a metric that is case by case needs to run a slice at a time."""
    if frame.height <= events:
        return [(0, frame.height)]
    firsts = frame.select(new_case().arg_true()).to_series().to_numpy()
    cuts = np.unique(firsts[np.searchsorted(firsts, np.arange(0, frame.height, events))])
    bounds = [*cuts.tolist(), frame.height]
    return [(start, end - start) for start, end in itertools.pairwise(bounds)]
