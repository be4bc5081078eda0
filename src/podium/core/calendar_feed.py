"""iCalendar feeds of meeting cadences: one event series per forum, its RRULE on the forum's
local wall clock, a generated VTIMEZONE, and a UID that stays the same for the life of the
series (calendar clients update the series instead of duplicating it).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vRecur

PRODUCT_ID = "-//Podium//Forum cadences//EN"


@dataclass(frozen=True, slots=True)
class Series:
    """One recurring meeting as a calendar client should show it."""

    uid: str
    summary: str
    first_start: datetime
    duration: timedelta
    time_zone: str
    rule: str = ""
    description: str = ""
    url: str = ""


def one_line(text: str) -> str:
    r"""A property that must stay on its line: control characters become spaces, so no stored
    value can start a new property (rows are refused such text; this holds for any caller).

    >>> one_line("Board\r\nATTENDEE:mailto:x@example.com")
    'Board  ATTENDEE:mailto:x@example.com'
    """
    return "".join(" " if ord(char) < 32 or ord(char) == 127 else char for char in text)


def _event(series: Series, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", one_line(series.uid))
    event.add("dtstamp", stamp)
    event.add("summary", one_line(series.summary))
    event.add("dtstart", series.first_start.astimezone(zoneinfo.ZoneInfo(series.time_zone)))
    event.add("duration", series.duration)
    if series.rule:
        event.add("rrule", vRecur.from_ical(series.rule.removeprefix("RRULE:")))
    if series.description:
        event.add("description", series.description)
    if series.url:
        event.add("url", one_line(series.url))
    return event


def feed(series: Iterable[Series], *, name: str, stamp: datetime) -> bytes:
    """One VCALENDAR holding every series.

    >>> from datetime import UTC
    >>> first = datetime(2026, 1, 13, 9, tzinfo=UTC)
    >>> text = feed([Series("forum-1@podium", "Board", first, timedelta(hours=1),
    ...                     "Europe/Amsterdam", "FREQ=MONTHLY;BYDAY=2TU")],
    ...             name="My forums", stamp=first).decode()
    >>> "RRULE:FREQ=MONTHLY;BYDAY=2TU" in text, "DTSTART;TZID=Europe/Amsterdam:20260113T100000" in text
    (True, True)
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", one_line(name))
    for one in series:
        calendar.add_component(_event(one, stamp))
    calendar.add_missing_timezones()
    content: bytes = calendar.to_ical()
    return content


@dataclass(frozen=True, slots=True)
class Window:
    """One planned window (a change) as a calendar client should show it: start and end in
    UTC; the UID stays the same for the life of the window, so a moved change moves."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    description: str = ""
    url: str = ""


def window_feed(windows: Iterable[Window], *, name: str, stamp: datetime) -> bytes:
    """One VCALENDAR holding one event per window.

    >>> from datetime import UTC
    >>> start = datetime(2026, 12, 8, 21, tzinfo=UTC)
    >>> text = window_feed([Window("change-1@podium", "CHG-00001 Patch", start,
    ...                            start + timedelta(hours=2))], name="Changes", stamp=start).decode()
    >>> "DTSTART:20261208T210000Z" in text, "DTEND:20261208T230000Z" in text
    (True, True)
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Podium//Change calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", one_line(name))
    for window in windows:
        event = Event()
        event.add("uid", one_line(window.uid))
        event.add("dtstamp", stamp)
        event.add("summary", one_line(window.summary))
        event.add("dtstart", window.start)
        event.add("dtend", window.end)
        if window.description:
            event.add("description", window.description)
        if window.url:
            event.add("url", one_line(window.url))
        calendar.add_component(event)
    content: bytes = calendar.to_ical()
    return content
