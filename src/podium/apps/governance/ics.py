"""iCalendar feeds of forum cadences: one event series per forum, with the forum's RRULE on its
local wall clock, a generated VTIMEZONE, and a UID that stays the same for the life of the forum
(calendar clients update the series instead of duplicating it). Held or planned meetings with
an agenda are not separate events: the series is the invitation, the meeting page the content.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from icalendar import Calendar, Event, vRecur

from podium.apps.governance.models import Forum

PRODUCT_ID = "-//Podium//Forum cadences//EN"


def forum_uid(forum: Forum) -> str:
    """Stable per series: the primary key never changes, unlike the name or the slug."""
    return f"forum-{forum.pk}@podium"


def _event(forum: Forum, *, stamp: dt.datetime, url: str) -> Event | None:
    if forum.first_meeting_at is None:
        return None
    zone = zoneinfo.ZoneInfo(forum.time_zone)
    start = forum.first_meeting_at.astimezone(zone)
    event = Event()
    event.add("uid", forum_uid(forum))
    event.add("dtstamp", stamp)
    event.add("summary", forum.name)
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=forum.duration_minutes))
    if forum.cadence:
        event.add("rrule", vRecur.from_ical(forum.cadence.removeprefix("RRULE:")))
    if forum.charter:
        event.add("description", forum.charter)
    if url:
        event.add("url", url)
    return event


def feed(
    forums: Iterable[Forum], *, name: str, stamp: dt.datetime, url_for: dict[int, str]
) -> bytes:
    """One VCALENDAR with an event series per forum that has a first meeting."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for forum in forums:
        event = _event(forum, stamp=stamp, url=url_for.get(forum.pk, ""))
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    content: bytes = calendar.to_ical()
    return content
