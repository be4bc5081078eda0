"""Meeting cadences: the occurrences of an iCalendar recurrence rule in a forum's time zone.

A rule such as ``FREQ=MONTHLY;BYDAY=2TU`` is expanded on the local wall clock of the forum's
time zone and only then converted to UTC, so a 10:00 Amsterdam meeting stays at 10:00 local
across daylight-saving changes (its UTC time moves instead). Everything going in and out is a
timezone-aware instant; the local wall clock exists only inside this module.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from dateutil.rrule import rrule, rrulestr

from podium.core.calendars.zones import time_zone_problem

_FREQUENCY_WORDS = {
    "DAILY": ("Daily", "days"),
    "WEEKLY": ("Weekly", "weeks"),
    "MONTHLY": ("Monthly", "months"),
    "YEARLY": ("Yearly", "years"),
}
_DAY_WORDS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last", -2: "second-to-last"}


class CadenceError(ValueError):
    """A recurrence rule, time zone or first meeting that cannot be expanded."""


def _zone(time_zone: str) -> zoneinfo.ZoneInfo:
    problem = time_zone_problem(time_zone)
    if problem is not None:
        raise CadenceError(problem)
    return zoneinfo.ZoneInfo(time_zone)


def _rule(rule: str, first: datetime, time_zone: str) -> rrule:
    if first.tzinfo is None:
        raise CadenceError("the first meeting must be timezone-aware")
    local_first = first.astimezone(_zone(time_zone)).replace(tzinfo=None)
    text = rule.strip().removeprefix("RRULE:")
    if not text:
        raise CadenceError("an empty recurrence rule has no occurrences")
    # UNTIL in UTC ("…Z") next to a wall-clock start is what calendar clients send; dateutil
    # refuses the mix, so UNTIL is read on the same wall clock (a day's difference at most).
    parts = []
    for part in text.split(";"):
        name, _, value = part.partition("=")
        if name.upper() == "UNTIL" and value.endswith("Z"):
            value = value[:-1]
        parts.append(f"{name}={value}")
    try:
        parsed = rrulestr(";".join(parts), dtstart=local_first)
    except (ValueError, TypeError) as exc:
        raise CadenceError(f"not a recurrence rule: {rule!r} ({exc})") from exc
    if not isinstance(parsed, rrule):
        raise CadenceError(f"one RRULE expected, got {rule!r}")
    return parsed


def validate_rule(rule: str) -> None:
    """Raise CadenceError unless `rule` is one RRULE dateutil can expand.

    >>> validate_rule("FREQ=MONTHLY;BYDAY=2TU")
    >>> validate_rule("FREQ=SOMETIMES")
    Traceback (most recent call last):
    ...
    podium.core.cadence.CadenceError: not a recurrence rule: 'FREQ=SOMETIMES' (invalid 'FREQ': SOMETIMES)
    """
    _rule(rule, datetime(2026, 1, 1, tzinfo=UTC), "UTC")


def _local_occurrences(
    rule: str, first: datetime, time_zone: str, after: datetime
) -> Iterator[datetime]:
    zone = _zone(time_zone)
    # Start a day early on the wall clock; exact filtering happens in UTC by the caller.
    local_after = (after.astimezone(zone) - timedelta(days=1)).replace(tzinfo=None)
    for naive in _rule(rule, first, time_zone).xafter(local_after, inc=True):
        yield naive.replace(tzinfo=zone).astimezone(UTC)


def occurrences(
    rule: str, first: datetime, time_zone: str, start: datetime, end: datetime
) -> list[datetime]:
    """Occurrences (UTC) with ``start <= occurrence < end``.

    A monthly 2nd-Tuesday 10:00 Amsterdam meeting is at 08:00 UTC in summer, 09:00 in winter:

    >>> first = datetime(2026, 1, 13, 9, tzinfo=UTC)   # Tue 13 January 10:00 CET
    >>> [o.isoformat() for o in occurrences("FREQ=MONTHLY;BYDAY=2TU", first, "Europe/Amsterdam",
    ...     datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))]
    ['2026-03-10T09:00:00+00:00', '2026-04-14T08:00:00+00:00']
    """
    for value in (start, end):
        if value.tzinfo is None:
            raise CadenceError("window bounds must be timezone-aware")
    found = []
    for occurrence in _local_occurrences(rule, first, time_zone, start):
        if occurrence >= end:
            break
        if occurrence >= start:
            found.append(occurrence)
    return found


def next_occurrences(
    rule: str, first: datetime, time_zone: str, after: datetime, count: int
) -> list[datetime]:
    """The next `count` occurrences (UTC) at or after `after`.

    >>> first = datetime(2026, 1, 5, 8, tzinfo=UTC)
    >>> [o.isoformat() for o in next_occurrences("FREQ=WEEKLY;COUNT=3", first, "Europe/Amsterdam",
    ...     datetime(2026, 1, 6, tzinfo=UTC), 5)]
    ['2026-01-12T08:00:00+00:00', '2026-01-19T08:00:00+00:00']
    """
    if after.tzinfo is None:
        raise CadenceError("`after` must be timezone-aware")
    found: list[datetime] = []
    for occurrence in _local_occurrences(rule, first, time_zone, after):
        if len(found) >= count:
            break
        if occurrence >= after:
            found.append(occurrence)
    return found


def describe(rule: str) -> str:
    """The rule in words, for the forum page; unusual rules fall back to the rule itself.

    >>> describe("FREQ=MONTHLY;BYDAY=2TU")
    'Monthly on the 2nd Tuesday'
    >>> describe("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH")
    'Every 2 weeks on Monday and Thursday'
    >>> describe("FREQ=MONTHLY;BYMONTHDAY=1")
    'Monthly on day 1'
    """
    fields = dict(
        part.partition("=")[::2] for part in rule.strip().removeprefix("RRULE:").split(";") if part
    )
    fields = {k.upper(): v.upper() for k, v in fields.items()}
    frequency = fields.pop("FREQ", "")
    if frequency not in _FREQUENCY_WORDS:
        return rule
    adverb, unit = _FREQUENCY_WORDS[frequency]
    interval = int(fields.pop("INTERVAL", "1") or 1)
    words = adverb if interval == 1 else f"Every {interval} {unit}"
    details = []
    if "BYDAY" in fields:
        days = []
        for token in fields.pop("BYDAY").split(","):
            code, number = token[-2:], token[:-2]
            day = _DAY_WORDS.get(code, code)
            if number:
                ordinal = _ORDINALS.get(int(number), f"{number}th")
                days.append(f"the {ordinal} {day}")
            else:
                days.append(day)
        details.append(" and ".join([", ".join(days[:-1]), days[-1]] if len(days) > 1 else days))
    if "BYMONTHDAY" in fields:
        details.append(f"day {fields.pop('BYMONTHDAY')}")
    for extra in ("COUNT", "UNTIL", "WKST"):
        fields.pop(extra, None)
    if fields:
        return rule
    return f"{words} on {' '.join(details)}" if details else words
