"""Placing generated events inside a party's working hours.

A party's people act only when they are at work: in their time zone, on their weekdays, not on
their country's holidays. ``WorkingHours`` keeps a calendar's open stretches over the generated
window as sorted UTC POSIX seconds with their cumulative length, so "this much working time
after that instant" is two binary searches. Around-the-clock calendars skip all of it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from zoneinfo import ZoneInfo

import holidays

from podium.core.synthetic.spec import CalendarSpec

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def holiday_dates(country: str, years: range, subdivision: str = "") -> frozenset[dt.date]:
    """Public holidays of a country (and subdivision) from the ``holidays`` package."""
    if not country:
        return frozenset()
    found = holidays.country_holidays(country, subdiv=subdivision or None, years=list(years))
    return frozenset(found.keys())


def _clock(value: str) -> dt.timedelta:
    hours, minutes = value.split(":")
    return dt.timedelta(hours=int(hours), minutes=int(minutes))


class WorkingHours:
    """The open stretches of one calendar between two dates, in UTC POSIX seconds."""

    def __init__(self, calendar: CalendarSpec, first: dt.date, last: dt.date) -> None:
        self.always_open = calendar.always_open
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.before: list[float] = []
        if self.always_open:
            return
        zone = ZoneInfo(calendar.time_zone)
        closed = holiday_dates(
            calendar.country, range(first.year, last.year + 1), calendar.subdivision
        )
        hours = dict(calendar.weekly_hours)
        total = 0.0
        day = first
        while day <= last:
            if day not in closed:
                for start, end in hours.get(_WEEKDAYS[day.weekday()], ()):
                    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
                    opens = (midnight + _clock(start)).timestamp()
                    closes = (midnight + _clock(end)).timestamp()
                    self.starts.append(opens)
                    self.ends.append(closes)
                    self.before.append(total)
                    total += closes - opens
            day += dt.timedelta(days=1)

    def advance(self, instant: float, seconds: float) -> float:
        """The instant ``seconds`` of working time after ``instant`` (inside working hours).

        Past the last stretch time runs on as wall-clock time; the generator drops events
        that late anyway, because they lie after the history's end.
        """
        if self.always_open:
            return instant + seconds
        i = bisect_right(self.starts, instant) - 1
        if i >= 0 and instant < self.ends[i]:
            worked = self.before[i] + (instant - self.starts[i])
        elif i + 1 < len(self.starts):
            worked = self.before[i + 1]
        else:
            return instant + seconds
        target = worked + seconds
        j = bisect_right(self.before, target) - 1
        if j < 0:
            return instant + seconds
        landed = self.starts[j] + (target - self.before[j])
        if landed > self.ends[j]:  # beyond the last stretch
            return self.ends[j] + (landed - self.ends[j])
        return landed
