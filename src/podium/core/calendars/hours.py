"""Weekly opening hours, as local wall-clock times, with several intervals a day.

Hours are kept in whole seconds after local midnight so that a week is a small, hashable value
that a frozen calendar can hold and compare. An interval never crosses midnight: a night shift
is written as two intervals (``"22:00-24:00"`` on one day, ``"00:00-06:00"`` on the next), which
keeps the meaning of "this weekday's hours" unambiguous when a holiday closes one of the days.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from itertools import pairwise
from typing import TypeAlias

from podium.core.calendars.errors import CalendarError

DAY_SECONDS = 86_400
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
}
_CLOSED_WORDS = frozenset({"", "closed", "-", "none"})
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")

TimeLike: TypeAlias = "time | str"
DaySpec: TypeAlias = "str | Iterable[tuple[TimeLike, TimeLike] | OpeningInterval]"
HoursSpec: TypeAlias = "Mapping[str, DaySpec] | Mapping[int, DaySpec] | Mapping[str | int, DaySpec]"


def _seconds(value: TimeLike, *, is_end: bool) -> int:
    """Read ``HH:MM[:SS]`` or a `datetime.time`; ``24:00`` is only meaningful as an end."""
    if isinstance(value, time):
        if value.microsecond or value.tzinfo is not None:
            raise CalendarError(f"opening times are whole seconds of wall-clock time, got {value}")
        return value.hour * 3600 + value.minute * 60 + value.second
    match = _TIME_RE.match(value)
    if match is None:
        raise CalendarError(f"cannot read time {value!r}: expected HH:MM or HH:MM:SS")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    total = hour * 3600 + minute * 60 + second
    if minute > 59 or second > 59 or total > DAY_SECONDS or (total == DAY_SECONDS and not is_end):
        raise CalendarError(f"time {value!r} is outside 00:00-24:00 (24:00 only as an end)")
    return total


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


@dataclass(frozen=True, slots=True, order=True)
class OpeningInterval:
    """Open from `start` up to, not including, `end`, in seconds after local midnight.

    >>> str(OpeningInterval.parse("08:30-12:00"))
    '08:30-12:00'
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= DAY_SECONDS:
            raise CalendarError(
                f"opening interval {_clock(self.start)}-{_clock(self.end)} must satisfy "
                "00:00 <= start < end <= 24:00; split a night shift into two days"
            )

    @classmethod
    def parse(cls, text: str) -> OpeningInterval:
        """Read ``"08:00-12:00"``; the form people write in contracts."""
        start, sep, end = text.partition("-")
        if not sep:
            raise CalendarError(f"cannot read opening interval {text!r}: expected HH:MM-HH:MM")
        return cls(_seconds(start, is_end=False), _seconds(end, is_end=True))

    @classmethod
    def of(cls, start: TimeLike, end: TimeLike) -> OpeningInterval:
        """Build from two times; a string end may be ``"24:00"``."""
        return cls(_seconds(start, is_end=False), _seconds(end, is_end=True))

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


def _day_indices(key: str | int) -> tuple[int, ...]:
    """Read a weekday key: 0-6 (Monday first), ``mon``, ``monday``, ``mon-fri``, ``weekdays``."""
    if isinstance(key, int):
        if not 0 <= key <= 6:
            raise CalendarError(f"weekday number {key} is outside 0 (Monday) .. 6 (Sunday)")
        return (key,)
    name = key.strip().lower()
    if name in _DAY_GROUPS:
        return _DAY_GROUPS[name]
    first, sep, last = name.partition("-")
    if sep:
        i, j = _day_index(first), _day_index(last)
        return tuple((i + k) % 7 for k in range((j - i) % 7 + 1))
    return (_day_index(name),)


def _day_index(name: str) -> int:
    name = name.strip()
    if name not in WEEKDAYS and name not in _FULL_WEEKDAYS:
        raise CalendarError(
            f"unknown weekday {name!r}: use mon..sun, monday..sunday, a range such as "
            "'mon-fri', 'daily', 'weekdays', 'weekend', or 0 (Monday) .. 6 (Sunday)"
        )
    return WEEKDAYS.index(name[:3])


def _day_intervals(spec: DaySpec) -> tuple[OpeningInterval, ...]:
    if isinstance(spec, str):
        if spec.strip().lower() in _CLOSED_WORDS:
            return ()
        return tuple(OpeningInterval.parse(part) for part in spec.split(","))
    return tuple(
        item if isinstance(item, OpeningInterval) else OpeningInterval.of(*item) for item in spec
    )


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Opening intervals for each weekday, Monday first, sorted and not overlapping.

    >>> hours = WeeklyHours.from_mapping({"mon-fri": "08:00-12:00, 13:00-17:00"})
    >>> print(hours)
    mon-fri 08:00-12:00, 13:00-17:00; sat-sun closed
    >>> hours.open_seconds_per_week / 3600
    40.0
    """

    days: tuple[tuple[OpeningInterval, ...], ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise CalendarError(f"weekly hours need 7 days (Monday first), got {len(self.days)}")
        for name, intervals in zip(WEEKDAYS, self.days, strict=True):
            for before, after in pairwise(intervals):
                if after.start < before.end:
                    raise CalendarError(
                        f"opening intervals on {name} overlap or are out of order: "
                        f"{before} and {after}"
                    )

    @classmethod
    def from_mapping(cls, spec: HoursSpec) -> WeeklyHours:
        """Read hours the way people write them; a weekday left out is closed.

        Keys are weekdays (``"mon"``, ``"monday"``, ``"mon-fri"``, ``"weekdays"``, ``"weekend"``,
        ``"daily"`` or 0-6); values are ``"08:00-12:00, 13:00-17:00"``, ``"closed"``, or pairs of
        times. Naming a day twice is an error rather than a silent override.

        >>> WeeklyHours.from_mapping({"weekdays": [("09:00", "17:00")], "sat": "10:00-12:00"})
        WeeklyHours(days=...)
        """
        days: list[tuple[OpeningInterval, ...] | None] = [None] * 7
        for key, value in spec.items():
            intervals = tuple(sorted(_day_intervals(value)))
            for index in _day_indices(key):
                if days[index] is not None:
                    raise CalendarError(f"{WEEKDAYS[index]} is given more than once in {spec!r}")
                days[index] = intervals
        return cls(tuple(day or () for day in days))

    @classmethod
    def always(cls) -> WeeklyHours:
        """Every day 00:00-24:00, the weekly half of a 24x7 calendar."""
        return cls(((OpeningInterval(0, DAY_SECONDS),),) * 7)

    @property
    def open_seconds_per_week(self) -> int:
        """Nominal open time of a week without holidays, closures or clock changes."""
        return sum(interval.end - interval.start for day in self.days for interval in day)

    def __str__(self) -> str:
        parts: list[str] = []
        index = 0
        while index < 7:
            last = index
            while last + 1 < 7 and self.days[last + 1] == self.days[index]:
                last += 1
            label = WEEKDAYS[index] if last == index else f"{WEEKDAYS[index]}-{WEEKDAYS[last]}"
            text = ", ".join(str(i) for i in self.days[index]) or "closed"
            parts.append(f"{label} {text}")
            index = last + 1
        return "; ".join(parts)


StoredHours: TypeAlias = "dict[str, list[list[str]]]"


def hours_to_json(hours: WeeklyHours) -> StoredHours:
    """The stored shape: one key per open weekday with ``[start, end]`` pairs.

    >>> hours_to_json(WeeklyHours.from_mapping({"mon": "09:00-12:00, 13:00-17:00"}))
    {'mon': [['09:00', '12:00'], ['13:00', '17:00']]}
    """
    return {
        day: [str(interval).split("-") for interval in intervals]
        for day, intervals in zip(WEEKDAYS, hours.days, strict=True)
        if intervals
    }


def hours_from_json(stored: Mapping[str, Iterable[Iterable[str]]]) -> WeeklyHours:
    """The inverse of :func:`hours_to_json`; raises `CalendarError` on a malformed value."""
    try:
        spec = {day: [tuple(pair) for pair in value] for day, value in stored.items()}
        return WeeklyHours.from_mapping(spec)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise CalendarError(f"cannot read stored weekly hours {dict(stored)!r}: {error}") from error


def hours_as_text(stored: Mapping[str, Iterable[Iterable[str]]]) -> str:
    """Stored hours written back the way people type them; empty when they cannot be read.

    >>> hours_as_text({"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]})
    'mon-tue 09:00-17:00; wed-sun closed'
    """
    try:
        return str(hours_from_json(stored))
    except CalendarError:
        return ""
