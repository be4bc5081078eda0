"""The two questions the engine asks a business calendar, as a protocol.

Clocks and time in hands only need "how much business time lies between these instants" and
"when does this much business time run out"; typing against this protocol keeps the engine free
of any one calendar implementation (``podium.core.calendars`` provides the real ones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
import polars as pl

UTC_DATETIME = pl.Datetime("us", "UTC")
_SLICE = 1 << 20


class BusinessTime(Protocol):
    """A business calendar seen through its two vectorised operations over UTC instants."""

    def business_seconds_between(
        self, starts: npt.NDArray[np.datetime64], ends: npt.NDArray[np.datetime64]
    ) -> npt.NDArray[np.float64]: ...

    def add_business_seconds(
        self, starts: npt.NDArray[np.datetime64], seconds: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.datetime64]: ...


def business_seconds(calendar: BusinessTime, starts: pl.Series, ends: pl.Series) -> pl.Series:
    """Business seconds between two UTC datetime Series (no nulls), as a Float64 Series.

    The conversion lives here so every caller hands the calendar the same ``datetime64[us]``.
    """
    if starts.len() == 0:
        return pl.Series("business_seconds", [], dtype=pl.Float64)
    values = calendar.business_seconds_between(instants_of(starts), instants_of(ends))
    return pl.Series("business_seconds", np.asarray(values, dtype=np.float64))


@dataclass(frozen=True, slots=True)
class BusinessOffsets:
    """Business time on one calendar as a running count: per instant of a Series (a log's
    timestamps), the business microseconds since ``origin``, so the business time between two
    of them is the difference of their offsets — one calendar look-up per event, shared by
    the clocks, time in hands and the waiting figures, where each asked the calendar for
    every span again.

    Exact: a calendar counts open time in integer microseconds and divides once, so
    ``(offset(end) - offset(start)) / 1e6`` is the very float ``business_seconds`` gives for
    the span (business time adds up: the time from a to c is a to b plus b to c).

    >>> import datetime as dt
    >>> t = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    >>> times = pl.Series([t, t + dt.timedelta(seconds=90)])
    >>> offsets = BusinessOffsets.of(WallClockTime(), times)
    >>> offsets.micros.to_list(), offsets.at(t + dt.timedelta(hours=1))
    ([0, 90000000], 3600000000)
    """

    calendar: BusinessTime
    origin: np.datetime64
    micros: pl.Series
    """Int64 business microseconds since ``origin``, per instant (null for a null instant)."""

    @classmethod
    def of(cls, calendar: BusinessTime, instants: pl.Series) -> BusinessOffsets:
        values = instants_of(instants)
        missing = np.isnat(values)
        valid = values[~missing] if missing.any() else values
        origin = valid.min() if valid.size else np.datetime64(0, "us")
        # A million instants a call: the calendar's temporaries (a dozen arrays the size of
        # its input) stay small whatever the log's size.
        start = np.asarray([origin])
        out = np.zeros(len(values), dtype=np.int64)
        for at in range(0, len(values), _SLICE):
            part = values[at : at + _SLICE]
            seconds = np.asarray(calendar.business_seconds_between(start, part))
            out[at : at + _SLICE] = np.rint(np.nan_to_num(seconds) * 1e6)
        micros = pl.Series("offset", out)
        if missing.any():
            micros = micros.scatter(np.flatnonzero(missing), None)
        return cls(calendar, origin, micros)

    def at(self, instant: dt.datetime) -> int:
        """The offset of one instant (``as_of``)."""
        at = np.asarray([np.datetime64(utc_instant(instant).replace(tzinfo=None), "us")])
        seconds = self.calendar.business_seconds_between(np.asarray([self.origin]), at)
        return int(np.rint(np.asarray(seconds)[0] * 1e6))


def seconds_between_offsets(start: pl.Series, end: pl.Series) -> pl.Series:
    """Business seconds from two offset Series: what ``business_seconds`` gives each span.

    The division is numpy's, as the calendars divide: Polars divides a column by a constant
    through its reciprocal, which can differ in the last bit.
    """
    span = (end - start).to_numpy().astype(np.float64)
    return pl.Series("business_seconds", span / 1e6, nan_to_null=True)


def add_business_seconds(
    calendar: BusinessTime, starts: pl.Series, seconds: pl.Series
) -> pl.Series:
    """The instants ``seconds`` of business time after ``starts``, as Datetime(us, UTC)."""
    if starts.len() == 0:
        return pl.Series("deadline", [], dtype=UTC_DATETIME)
    values = calendar.add_business_seconds(instants_of(starts), seconds.cast(pl.Float64).to_numpy())
    return pl.Series("deadline", np.asarray(values).astype("datetime64[us]"), dtype=UTC_DATETIME)


def instants_of(instants: pl.Series) -> npt.NDArray[np.datetime64]:
    """A datetime Series as the UTC ``datetime64[us]`` array calendars take (null: NaT).

    >>> import datetime as dt
    >>> instants_of(pl.Series([dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC), None]))
    array(['2024-01-01T09:00:00.000000',                        'NaT'],
          dtype='datetime64[us]')
    """
    if instants.dtype == UTC_DATETIME:
        # the engine's own columns: their microseconds as they are, without a query (a view
        # of the column when it has no null, so read-only)
        physical: npt.NDArray[np.datetime64] = instants.to_numpy()
        return physical
    naive = instants.cast(UTC_DATETIME).dt.replace_time_zone(None)
    converted: npt.NDArray[np.datetime64] = naive.to_numpy().astype("datetime64[us]")
    return converted


def utc_instant(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC; naive datetimes are refused because they name no instant."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"expected a time-zone aware datetime, got naive {value!r}")
    return value.astimezone(dt.UTC)


class WallClockTime:
    """Every second counts: the 24x7 calendar, with no dependency on calendar data.

    It lets doctests, tests and calendar-less analyses run the engine; production clocks use a
    ``podium.core.calendars`` calendar.

    >>> import numpy as np
    >>> starts = np.array(["2024-01-01T00:00"], dtype="datetime64[us]")
    >>> WallClockTime().business_seconds_between(starts, starts + np.timedelta64(90, "s"))
    array([90.])
    """

    def business_seconds_between(
        self, starts: npt.NDArray[np.datetime64], ends: npt.NDArray[np.datetime64]
    ) -> npt.NDArray[np.float64]:
        span = (ends.astype("datetime64[us]") - starts.astype("datetime64[us]")).astype(np.int64)
        seconds: npt.NDArray[np.float64] = np.maximum(span, 0).astype(np.float64) / 1e6
        return seconds

    def add_business_seconds(
        self, starts: npt.NDArray[np.datetime64], seconds: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.datetime64]:
        micros = np.round(np.asarray(seconds, dtype=np.float64) * 1e6).astype(np.int64)
        deadlines: npt.NDArray[np.datetime64] = starts.astype("datetime64[us]") + micros.astype(
            "timedelta64[us]"
        )
        return deadlines
