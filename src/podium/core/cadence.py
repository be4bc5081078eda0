"""Meeting cadences: the occurrences of an iCalendar recurrence rule in a forum's time zone.

A rule such as ``FREQ=MONTHLY;BYDAY=2TU`` is expanded on the local wall clock of the forum's
time zone and only then converted to UTC, so a 10:00 Amsterdam meeting stays at 10:00 local
across daylight-saving changes (its UTC time moves instead). Everything going in and out is a
timezone-aware instant; the local wall clock exists only inside this module.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import MAXYEAR, UTC, datetime, timedelta

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


FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
"""Forums meet at most daily: SECONDLY, MINUTELY and HOURLY are refused."""
MAX_YEARS_AHEAD = 10
"""Occurrences are looked for at most this far past the start of a window."""
MAX_YEARS_BACK = 100
"""A first meeting longer ago than this before the window is refused."""
FIRST_MEETING_YEARS = 50
"""A forum's first meeting is at most this many years before (and `MAX_YEARS_AHEAD` after) the
day it is set: well inside what the expansion accepts for decades to come."""
MAX_CANDIDATES = 100_000
"""Occurrences from the first meeting on that one computation may step through."""

_CYCLE_YEARS = 400
"""The Gregorian calendar repeats exactly every 400 years (146,097 days, 20,871 weeks)."""
_SUB_DAILY_FREQUENCIES = ("SECONDLY", "MINUTELY", "HOURLY")
_SUB_DAILY_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
_DAY_FILTERS = ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")


def _zone(time_zone: str) -> zoneinfo.ZoneInfo:
    problem = time_zone_problem(time_zone)
    if problem is not None:
        raise CadenceError(problem)
    return zoneinfo.ZoneInfo(time_zone)


def _parts(rule: str) -> list[tuple[str, str]]:
    """The rule's NAME=value parts, refusing what would make a forum meet more than daily.

    UNTIL in UTC ("…Z") next to a wall-clock start is what calendar clients send; dateutil
    refuses the mix, so UNTIL is read on the same wall clock (a day's difference at most).
    """
    text = rule.strip().removeprefix("RRULE:")
    if not text:
        raise CadenceError("an empty recurrence rule has no occurrences")
    parts = []
    for part in text.split(";"):
        name, _, value = part.partition("=")
        name = name.strip().upper()
        if name == "UNTIL" and value.endswith("Z"):
            value = value[:-1]
        if name == "FREQ" and value.strip().upper() in _SUB_DAILY_FREQUENCIES:
            raise CadenceError(
                f"FREQ={value.strip().upper()} is finer than a day: forums meet at most "
                f"daily (use {', '.join(FREQUENCIES[:-1])} or {FREQUENCIES[-1]})"
            )
        if name in _SUB_DAILY_PARTS and "," in value:
            raise CadenceError(
                f"{name}={value} sets more than one meeting a day: forums meet at most daily "
                f"(give one {name} value)"
            )
        if name == "BYEASTER":
            raise CadenceError("BYEASTER is not part of an iCalendar recurrence rule")
        parts.append((name, value))
    return parts


def _coarsest(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An equivalent rule that steps through fewer periods, where one exists.

    A daily rule (every day, no BYSETPOS) that only keeps certain days of the month, year or
    week number is the yearly rule with the same filters: dateutil masks the days of a period
    with the same BY parts whatever the frequency, and on a daily rule a weekday ordinal
    ("2TU") is read as the plain weekday. Stepping by years instead of days makes a rule that
    never occurs (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) 365 times cheaper to rule out.
    """
    fields = dict(parts)
    if (
        fields.get("FREQ", "").upper() != "DAILY"
        or fields.get("INTERVAL", "1").strip() not in ("", "1")
        or "BYSETPOS" in fields
        or not any(name in fields for name in _DAY_FILTERS)
    ):
        return parts
    out = []
    for name, value in parts:
        if name == "FREQ":
            value = "YEARLY"
        elif name == "BYDAY":
            value = ",".join(dict.fromkeys(day.strip()[-2:] for day in value.split(",")))
        out.append((name, value))
    return out


def _rule(rule: str, first: datetime, time_zone: str) -> rrule:
    if first.tzinfo is None:
        raise CadenceError("the first meeting must be timezone-aware")
    local_first = first.astimezone(_zone(time_zone)).replace(tzinfo=None)
    parts = _coarsest(_parts(rule))
    try:
        parsed = rrulestr(";".join(f"{n}={v}" for n, v in parts), dtstart=local_first)
    except (ValueError, TypeError) as exc:
        raise CadenceError(f"not a recurrence rule: {rule!r} ({exc})") from exc
    if not isinstance(parsed, rrule):
        raise CadenceError(f"one RRULE expected, got {rule!r}")
    return parsed


def validate_rule(rule: str) -> None:
    """Raise CadenceError unless `rule` is one RRULE a forum can meet by: at most daily.

    >>> validate_rule("FREQ=MONTHLY;BYDAY=2TU")
    >>> validate_rule("FREQ=SOMETIMES")
    Traceback (most recent call last):
    ...
    podium.core.cadence.CadenceError: not a recurrence rule: 'FREQ=SOMETIMES' (invalid 'FREQ': SOMETIMES)
    >>> validate_rule("FREQ=SECONDLY")
    Traceback (most recent call last):
    ...
    podium.core.cadence.CadenceError: FREQ=SECONDLY is finer than a day: forums meet at most daily (use DAILY, WEEKLY, MONTHLY or YEARLY)
    >>> validate_rule("FREQ=DAILY;BYHOUR=9,14")
    Traceback (most recent call last):
    ...
    podium.core.cadence.CadenceError: BYHOUR=9,14 sets more than one meeting a day: forums meet at most daily (give one BYHOUR value)
    """
    _rule(rule, datetime(2026, 1, 1, tzinfo=UTC), "UTC")


def first_meeting_problem(first: datetime, now: datetime) -> str | None:
    """None when `first` is a first meeting a cadence can start from, else why not.

    >>> now = datetime(2026, 12, 1, tzinfo=UTC)
    >>> first_meeting_problem(datetime(1920, 1, 6, 9, tzinfo=UTC), now)
    'A first meeting is at most 50 years ago (from 1976-12-01) and at most 10 years ahead.'
    >>> first_meeting_problem(datetime(2019, 1, 8, 9, tzinfo=UTC), now) is None
    True
    """
    earliest = now - timedelta(days=round(365.2425 * FIRST_MEETING_YEARS))
    latest = now + timedelta(days=round(365.2425 * MAX_YEARS_AHEAD))
    if earliest <= first <= latest:
        return None
    return (
        f"A first meeting is at most {FIRST_MEETING_YEARS} years ago (from"
        f" {earliest.date().isoformat()}) and at most {MAX_YEARS_AHEAD} years ahead."
    )


def _shift_years(moment: datetime, years: int) -> datetime:
    return moment.replace(year=moment.year + years)


def _local_occurrences(
    rule: str, first: datetime, time_zone: str, after: datetime, until: datetime
) -> Iterator[datetime]:
    """Occurrences (UTC) from about `after` to about `until`, a day's margin either side.

    dateutil steps through every period from the first meeting and stops only at an
    occurrence past UNTIL or at the year 9999, so a rule that never occurs would step
    through every day until then. The rule is therefore expanded whole multiples of 400
    years later, where the calendar is the same day for day, placing `until` just before
    the year 9999 (at most 400 years of stepping beyond it), and shifted back; at most
    :data:`MAX_CANDIDATES` occurrences are stepped through.
    """
    zone = _zone(time_zone)
    parsed = _rule(rule, first, time_zone)
    # dateutil keeps dtstart, COUNT and UNTIL only as private attributes
    local_first: datetime = parsed._dtstart
    local_after = (after.astimezone(zone) - timedelta(days=1)).replace(tzinfo=None)
    local_until = (until.astimezone(zone) + timedelta(days=1)).replace(tzinfo=None)
    if local_after.year - local_first.year > MAX_YEARS_BACK:
        raise CadenceError(
            f"the first meeting is more than {MAX_YEARS_BACK} years before "
            f"{after.date().isoformat()}"
        )
    if local_until.year + 1 > MAXYEAR:
        return
    shift = _CYCLE_YEARS * max(0, (MAXYEAR - 1 - local_until.year) // _CYCLE_YEARS)
    bound: dict[str, datetime] = {}
    if parsed._count is None:  # dateutil refuses COUNT and UNTIL together
        rule_until: datetime | None = parsed._until
        end = local_until if rule_until is None else min(rule_until, local_until)
        bound["until"] = _shift_years(end, shift)
    shifted = parsed.replace(dtstart=_shift_years(local_first, shift), **bound)
    start = _shift_years(local_after, shift)
    stop = _shift_years(local_until, shift)
    for stepped, naive in enumerate(shifted, start=1):
        if naive > stop:
            return
        if naive >= start:
            yield _shift_years(naive, -shift).replace(tzinfo=zone).astimezone(UTC)
        if stepped >= MAX_CANDIDATES:
            raise CadenceError(
                f"more than {MAX_CANDIDATES:,} occurrences since the first meeting: "
                "the cadence is too frequent for a first meeting this long ago"
            )


def occurrences(
    rule: str, first: datetime, time_zone: str, start: datetime, end: datetime
) -> list[datetime]:
    """Occurrences (UTC) with ``start <= occurrence < end``; at most 10 years of them.

    A monthly 2nd-Tuesday 10:00 Amsterdam meeting is at 08:00 UTC in summer, 09:00 in winter:

    >>> first = datetime(2026, 1, 13, 9, tzinfo=UTC)   # Tue 13 January 10:00 CET
    >>> [o.isoformat() for o in occurrences("FREQ=MONTHLY;BYDAY=2TU", first, "Europe/Amsterdam",
    ...     datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))]
    ['2026-03-10T09:00:00+00:00', '2026-04-14T08:00:00+00:00']
    """
    for value in (start, end):
        if value.tzinfo is None:
            raise CadenceError("window bounds must be timezone-aware")
    if end - start > timedelta(days=366 * MAX_YEARS_AHEAD):
        raise CadenceError(f"a window of occurrences spans at most {MAX_YEARS_AHEAD} years")
    return [
        occurrence
        for occurrence in _local_occurrences(rule, first, time_zone, start, end)
        if start <= occurrence < end
    ]


def next_occurrences(
    rule: str, first: datetime, time_zone: str, after: datetime, count: int
) -> list[datetime]:
    """The next `count` occurrences (UTC) at or after `after`, within 10 years of it.

    >>> first = datetime(2026, 1, 5, 8, tzinfo=UTC)
    >>> [o.isoformat() for o in next_occurrences("FREQ=WEEKLY;COUNT=3", first, "Europe/Amsterdam",
    ...     datetime(2026, 1, 6, tzinfo=UTC), 5)]
    ['2026-01-12T08:00:00+00:00', '2026-01-19T08:00:00+00:00']

    A rule that never occurs gives nothing, quickly:

    >>> next_occurrences("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", first, "UTC", first, 1)
    []
    """
    if after.tzinfo is None:
        raise CadenceError("`after` must be timezone-aware")
    horizon = after + timedelta(days=365 * MAX_YEARS_AHEAD)
    found: list[datetime] = []
    for occurrence in _local_occurrences(rule, first, time_zone, after, horizon):
        if len(found) >= count:
            break
        if after <= occurrence < horizon:
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
