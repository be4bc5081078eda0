"""`BusinessCalendar`: when a party is open, and how much open time lies between instants.

Definitions (the same in docs/calendars.md):

* An instant is *open* when the calendar's local wall clock shows a time inside one of that
  weekday's opening intervals, its local date is not a public holiday or a closed date, and it
  lies in no closed span. Business time between two instants is the open time in
  ``[start, end)``; with ``end < start`` it is minus the business time of ``[end, start)``.
* Clock changes follow from reading the wall clock: on a spring-forward day the skipped wall
  times are never shown, so an interval 08:00-17:00 is 9 hours but 01:00-04:00 is 2 hours in
  Amsterdam; on an autumn day repeated wall times are shown twice and count twice
  (00:00-24:00 is 25 hours). Nothing is moved or rounded.
* The deadline after ``d`` business seconds is the earliest instant ``t`` with
  ``business_seconds(start, t) == d``. For ``d == 0`` it is ``start`` itself, even in closed
  time (no time has to pass); for ``d < 0`` it is the latest such ``t`` before the start, which
  mirrors the forward case. So ``business_seconds(s, deadline(s, d)) == d`` always holds.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from podium.core.calendars.errors import CalendarError
from podium.core.calendars.hours import HoursSpec, WeeklyHours
from podium.core.calendars.table import OpenTable
from podium.core.calendars.zones import DAY_US, SECOND_US, Int64Array, load_zone

MIN_YEAR = 2
MAX_YEAR = 9997
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_DATE = date(1970, 1, 1)
_NAT = np.iinfo(np.int64).min
_US = timedelta(microseconds=1)
_MAX_SECONDS = 1e12  # ~31,700 years: far past MAX_YEAR, far inside int64 microseconds

Closure = date | tuple[datetime, datetime]
DatetimeArray = npt.NDArray[np.datetime64]
FloatArray = npt.NDArray[np.float64]


def _year_start_day(year: int) -> int:
    return (date(year, 1, 1) - _EPOCH_DATE).days


def _year_of(instant_us: int) -> int:
    return int(np.datetime64(instant_us, "us").astype("datetime64[Y]").astype(np.int64)) + 1970


def instant_us(value: datetime, what: str = "datetime") -> int:
    """An aware datetime as UTC microseconds; naive values are refused, never guessed."""
    if not isinstance(value, datetime):
        raise CalendarError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise CalendarError(
            f"{what} {value.isoformat()} has no time zone; pass an aware datetime "
            "(for example with tzinfo=datetime.UTC)"
        )
    return (value - _EPOCH) // _US


def _as_us(values: Any, what: str) -> Int64Array:
    array = np.asarray(values)
    if array.dtype.kind != "M":
        raise CalendarError(
            f"{what} must be a numpy datetime64 array of UTC instants (as polars "
            f"Series.to_numpy() gives for Datetime('us', 'UTC')), got dtype {array.dtype}"
        )
    return array.astype("datetime64[us]").view(np.int64)


class _TableCache:
    """The latest table of one calendar; it only grows, so repeated calls reuse it."""

    __slots__ = ("lock", "table")

    def __init__(self) -> None:
        self.table: OpenTable | None = None
        self.lock = threading.Lock()

    def __reduce__(self) -> tuple[type[_TableCache], tuple[()]]:
        """Pickle and copy as an empty cache: the table is rebuilt where it is needed."""
        return (_TableCache, ())


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Opening hours in one IANA time zone, less public holidays and closures.

    Build with `weekly`, `always_open` or `calendar_preset`. The per-year table behind the
    array functions is built on first use for the years the inputs need and kept with the
    calendar, so hold on to a calendar rather than rebuilding it per call.
    """

    time_zone: str
    hours: WeeklyHours
    country: str | None = None
    subdivision: str | None = None
    closed_dates: tuple[date, ...] = ()
    closed_spans: tuple[tuple[datetime, datetime], ...] = ()
    _cache: _TableCache = field(
        default_factory=_TableCache, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        load_zone(self.time_zone)
        if self.subdivision is not None and self.country is None:
            raise CalendarError("a holiday subdivision needs a country")
        if self.country is not None:
            import holidays  # 40 ms to import: only calendars with holidays pay it

            try:
                holidays.country_holidays(self.country, subdiv=self.subdivision)
            except NotImplementedError as error:
                raise CalendarError(f"no public holidays known for {error}") from error
        spans = []
        for start, end in self.closed_spans:
            first, last = instant_us(start, "closure start"), instant_us(end, "closure end")
            if last < first:
                raise CalendarError(f"closure ends before it starts: {start} .. {end}")
            spans.append((_EPOCH + first * _US, _EPOCH + last * _US))
        object.__setattr__(self, "closed_spans", tuple(sorted(spans)))
        object.__setattr__(self, "closed_dates", tuple(sorted(set(self.closed_dates))))

    @classmethod
    def always_open(cls) -> BusinessCalendar:
        """The 24x7 calendar: business time is plain elapsed time.

        >>> cal = BusinessCalendar.always_open()
        >>> cal.business_seconds(datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 3, 2, tzinfo=UTC))
        86400.0
        """
        return cls("UTC", WeeklyHours.always())

    @classmethod
    def weekly(
        cls,
        time_zone: str,
        hours: WeeklyHours | HoursSpec,
        *,
        country: str | None = None,
        subdivision: str | None = None,
        closures: Iterable[Closure] = (),
    ) -> BusinessCalendar:
        """Weekly hours in a zone, closed on the country's public holidays and on `closures`.

        A closure is a local `date` (closed all day) or a pair of aware datetimes closing
        ``[start, end)``, which may cut into an opening interval.

        >>> cal = BusinessCalendar.weekly(
        ...     "Europe/Amsterdam", {"mon-fri": "08:00-12:00, 13:00-17:00"}, country="NL")
        >>> cal.business_seconds(  # Friday 16:00 to Monday 09:00 local time
        ...     datetime(2024, 3, 8, 15, tzinfo=UTC), datetime(2024, 3, 11, 8, tzinfo=UTC))
        7200.0
        """
        if not isinstance(hours, WeeklyHours):
            hours = WeeklyHours.from_mapping(hours)
        dates: list[date] = []
        spans: list[tuple[datetime, datetime]] = []
        for closure in closures:
            if isinstance(closure, datetime):
                raise CalendarError(
                    f"closure {closure} is a single instant; give a date or a (start, end) pair"
                )
            if isinstance(closure, date):
                dates.append(closure)
            else:
                start, end = closure
                spans.append((start, end))
        return cls(
            time_zone,
            hours,
            country=country.upper() if country else None,
            subdivision=subdivision,
            closed_dates=tuple(dates),
            closed_spans=tuple(spans),
        )

    # -- the table ---------------------------------------------------------------------------

    def _table(self, lo_us: int, hi_us: int) -> OpenTable:
        """A table exact on ``[lo_us, hi_us]``, reusing or widening the cached one."""
        first_year, last_year = _year_of(lo_us) - 1, _year_of(hi_us) + 1
        if first_year < MIN_YEAR - 1 or last_year > MAX_YEAR + 1:
            raise CalendarError(
                f"instants must lie in the years {MIN_YEAR}..{MAX_YEAR}; got "
                f"{_year_of(lo_us)}..{_year_of(hi_us)}"
            )
        first_day, end_day = _year_start_day(first_year), _year_start_day(last_year + 1)
        with self._cache.lock:
            table = self._cache.table
            if table is not None and table.lo <= lo_us and hi_us <= table.hi:
                return table
            if table is not None:
                first_day, end_day = min(first_day, table.first_day), max(end_day, table.end_day)
            table = self._build(first_day, end_day)
            self._cache.table = table
            return table

    def _build(self, first_day: int, end_day: int) -> OpenTable:
        first = _EPOCH_DATE + timedelta(days=first_day)
        last = _EPOCH_DATE + timedelta(days=end_day - 1)
        closed = {(d - _EPOCH_DATE).days for d in self.closed_dates}
        if self.country is not None:
            import holidays

            years = range(first.year, last.year + 1)
            found = holidays.country_holidays(self.country, subdiv=self.subdivision, years=years)
            closed.update((d - _EPOCH_DATE).days for d in found)
        spans = (
            np.asarray([instant_us(s) for s, _ in self.closed_spans], dtype=np.int64),
            np.asarray([instant_us(e) for _, e in self.closed_spans], dtype=np.int64),
        )
        return OpenTable.build(
            load_zone(self.time_zone), self.hours, first_day, end_day, closed, spans
        )

    def _span_for(self, shortfall_us: int) -> int:
        """Generous UTC span holding ``shortfall_us`` more open time, to widen the table once."""
        per_week = self.hours.open_seconds_per_week * SECOND_US
        if per_week == 0:
            raise CalendarError("this calendar has no opening hours, so no business time passes")
        weeks = shortfall_us / per_week
        return int(math.ceil(weeks * 1.25 + 8) * 7) * DAY_US

    # -- arrays ------------------------------------------------------------------------------

    def business_seconds_between(self, starts: Any, ends: Any) -> FloatArray:
        """Business seconds in ``[start, end)`` for each pair; negative when ``end < start``.

        `starts` and `ends` are datetime64 arrays of UTC instants (any unit; microseconds is
        what Polars gives) and broadcast against each other, so one ``now`` can be measured
        against many starts. NaT gives NaN. Exact to the microsecond.

        >>> cal = calendar_example()
        >>> starts = np.array(["2024-03-08T15:00", "2024-03-11T08:00"], dtype="datetime64[us]")
        >>> ends = np.array(["2024-03-11T08:00", "2024-03-08T15:00"], dtype="datetime64[us]")
        >>> cal.business_seconds_between(starts, ends)
        array([ 7200., -7200.])
        """
        start_us, end_us = np.broadcast_arrays(_as_us(starts, "starts"), _as_us(ends, "ends"))
        valid = (start_us != _NAT) & (end_us != _NAT)
        out = np.full(start_us.shape, np.nan, dtype=np.float64)
        if not valid.any():
            return out
        every = bool(valid.all())
        s = start_us if every else start_us[valid]
        e = end_us if every else end_us[valid]
        table = self._table(int(min(s.min(), e.min())), int(max(s.max(), e.max())))
        seconds = (table.elapsed(e) - table.elapsed(s)).astype(np.float64) / SECOND_US
        if every:
            return np.asarray(seconds, dtype=np.float64)  # stays an array for 0-d inputs
        out[valid] = seconds
        return out

    def add_business_seconds(self, starts: Any, seconds: Any) -> DatetimeArray:
        """The deadline after `seconds` of business time from each start (see module docs).

        Seconds are rounded to whole microseconds; NaT starts or NaN seconds give NaT.

        >>> cal = calendar_example()
        >>> starts = np.array(["2024-03-08T15:00", "2024-03-09T10:00"], dtype="datetime64[us]")
        >>> cal.add_business_seconds(starts, np.array([7200.0, 0.0]))
        array(['2024-03-11T08:00:00.000000', '2024-03-09T10:00:00.000000'],
              dtype='datetime64[us]')
        """
        start_us, secs = np.broadcast_arrays(
            _as_us(starts, "starts"), np.asarray(seconds, dtype=np.float64)
        )
        valid = (start_us != _NAT) & np.isfinite(secs)
        if np.any(np.abs(secs[valid]) > _MAX_SECONDS):
            raise CalendarError(f"business durations must be within ±{_MAX_SECONDS:.0e} seconds")
        out = np.full(start_us.shape, _NAT, dtype=np.int64)
        if valid.any():
            s = start_us[valid]
            d = np.rint(secs[valid] * SECOND_US).astype(np.int64)
            out[valid] = self._deadlines(s, d)
        return out.view("datetime64[us]")

    def _deadlines(self, s: Int64Array, d: Int64Array) -> Int64Array:
        lo, hi = int(s.min()), int(s.max())
        while True:
            table = self._table(lo, hi)
            target = table.elapsed(s) + d
            beyond, before = int(target.max()) - table.total, -int(target.min())
            if beyond <= 0 and before <= 0:
                break
            if beyond > 0:
                hi = max(hi, table.hi + self._span_for(beyond))
            if before > 0:
                lo = min(lo, table.lo - self._span_for(before))
            if not _year_of_in_range(lo) or not _year_of_in_range(hi):
                raise CalendarError(
                    f"a deadline falls outside the years {MIN_YEAR}..{MAX_YEAR} of this calendar"
                )
        result = s.copy()
        ahead, back = d > 0, d < 0
        result[ahead] = table.forward(target[ahead])
        result[back] = table.backward(target[back])
        return result

    # -- single values -----------------------------------------------------------------------

    def business_seconds(self, start: datetime, end: datetime) -> float:
        """Business seconds from `start` to `end` (aware datetimes); negative if reversed.

        >>> cal = calendar_example()
        >>> cal.business_seconds(  # Wednesday 11:30-13:30 Amsterdam, lunch is closed
        ...     datetime(2024, 3, 13, 10, 30, tzinfo=UTC), datetime(2024, 3, 13, 12, 30, tzinfo=UTC))
        3600.0
        """
        pair = np.asarray([instant_us(start, "start"), instant_us(end, "end")], dtype=np.int64)
        span = pair.view("datetime64[us]")
        return float(self.business_seconds_between(span[:1], span[1:])[0])

    def deadline(self, start: datetime, seconds: float) -> datetime:
        """The instant (in UTC) when `seconds` of business time have passed since `start`.

        >>> cal = calendar_example()
        >>> cal.deadline(datetime(2024, 3, 8, 15, tzinfo=UTC), 4 * 3600).isoformat()  # Fri 16:00
        '2024-03-11T10:00:00+00:00'
        """
        if not math.isfinite(seconds):
            raise CalendarError(f"a business duration must be finite, got {seconds}")
        at = np.asarray([instant_us(start, "start")], dtype=np.int64).view("datetime64[us]")
        result = self.add_business_seconds(at, np.asarray([seconds], dtype=np.float64))
        return _EPOCH + int(result.view(np.int64)[0]) * _US

    def is_open(self, at: datetime) -> bool:
        """Whether the calendar is open at `at` (an opening instant is open, a closing one not).

        >>> cal = calendar_example()
        >>> cal.is_open(datetime(2024, 3, 8, 11, tzinfo=UTC))  # 12:00 local, lunch
        False
        >>> cal.is_open(datetime(2024, 3, 8, 12, tzinfo=UTC))  # 13:00 local, opening instant
        True
        """
        instant = instant_us(at, "at")
        return self._table(instant, instant).is_open(instant)

    def next_change(self, at: datetime) -> datetime:
        """The first instant after `at` (in UTC) when the calendar opens or closes.

        A calendar that never changes again (24x7, or no hours at all) raises `CalendarError`,
        after looking ten years ahead or two years past its last closure.

        >>> cal = calendar_example()
        >>> cal.next_change(datetime(2024, 3, 8, 16, 30, tzinfo=UTC)).isoformat()  # Fri 17:30
        '2024-03-11T07:00:00+00:00'
        """
        instant = instant_us(at, "at")
        last_closure = max((instant_us(end) for _, end in self.closed_spans), default=instant)
        horizon = max(instant, last_closure) + 10 * 366 * DAY_US
        lo = hi = instant
        while True:
            table = self._table(lo, hi)
            change = table.next_change(instant)
            if change is not None:
                return _EPOCH + change * _US
            if table.hi >= horizon:
                raise CalendarError(f"{self} never opens or closes after {at.isoformat()}")
            hi = min(horizon, table.hi + 2 * 366 * DAY_US)

    def __str__(self) -> str:
        holidays_of = f", {self.country}" + (f"-{self.subdivision}" if self.subdivision else "")
        return f"{self.hours} ({self.time_zone}{holidays_of if self.country else ''})"


def _year_of_in_range(instant: int) -> bool:
    low = _year_start_day(MIN_YEAR) * DAY_US
    high = _year_start_day(MAX_YEAR + 1) * DAY_US
    return low <= instant < high


def calendar_example() -> BusinessCalendar:
    """The calendar the doctests use: Amsterdam, weekdays 08:00-12:00 and 13:00-17:00, NL."""
    return BusinessCalendar.weekly(
        "Europe/Amsterdam", {"mon-fri": "08:00-12:00, 13:00-17:00"}, country="NL"
    )
