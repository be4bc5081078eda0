"""Weekly hours as people type them ("mon-fri 09:00-17:00; sat 09:00-12:00") and as stored.

The text is read by the engine's own parser (`WeeklyHours.from_mapping`) so that the page, the
API and the clocks can never disagree on what a calendar means. Stored JSON keeps one key per
open weekday with ``[start, end]`` pairs, the shape the demo generator writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import holidays
from django.core.exceptions import ValidationError

from podium.core.calendars import BusinessCalendar as EngineCalendar
from podium.core.calendars import CalendarError, WeeklyHours
from podium.core.calendars.hours import WEEKDAYS


def parse_hours_text(text: str) -> WeeklyHours:
    """Read ``"mon-fri 09:00-17:00; sat 09:00-12:00"``; errors name the part that is wrong."""
    spec: dict[str, str] = {}
    for raw in text.replace("\n", ";").split(";"):
        part = raw.strip()
        if not part:
            continue
        days, _, hours = part.partition(" ")
        if not hours.strip():
            raise ValidationError(
                {"weekly_hours": f"{part!r}: expected days then hours, e.g. 'mon-fri 09:00-17:00'"}
            )
        if days in spec:
            raise ValidationError({"weekly_hours": f"{part!r}: {days} is named twice"})
        spec[days] = hours.strip()
    try:
        return WeeklyHours.from_mapping(spec)
    except CalendarError as error:
        raise ValidationError({"weekly_hours": f"{text.strip()!r}: {error}"}) from error


def hours_to_json(hours: WeeklyHours) -> dict[str, list[list[str]]]:
    return {
        day: [str(interval).split("-") for interval in intervals]
        for day, intervals in zip(WEEKDAYS, hours.days, strict=True)
        if intervals
    }


def hours_from_json(stored: Mapping[str, Any]) -> WeeklyHours:
    return WeeklyHours.from_mapping({day: [tuple(pair) for pair in v] for day, v in stored.items()})


def hours_as_text(stored: Mapping[str, Any]) -> str:
    """The stored hours written back the way people type them, for forms and pages."""
    try:
        return str(hours_from_json(stored))
    except (CalendarError, TypeError, ValueError):
        return ""


def normalise_weekly_hours(value: str | Mapping[str, Any]) -> dict[str, list[list[str]]]:
    if isinstance(value, str):
        return hours_to_json(parse_hours_text(value))
    try:
        return hours_to_json(WeeklyHours.from_mapping(value))
    except (CalendarError, TypeError) as error:
        raise ValidationError({"weekly_hours": f"{dict(value)!r}: {error}"}) from error


def check_holiday_region(country: str, subdivision: str) -> None:
    """The `holidays` package must know the country, and the subdivision within it."""
    if subdivision and not country:
        raise ValidationError({"subdivision": "A holiday subdivision needs a country."})
    if not country:
        return
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ValidationError(
            {"country": f"{country!r} is not a country the holidays package knows (e.g. NL, DE)."}
        )
    if subdivision and subdivision not in supported[country]:
        known = ", ".join(supported[country][:12])
        raise ValidationError(
            {"subdivision": f"{subdivision!r} is not a subdivision of {country} (known: {known})."}
        )


def check_engine_accepts(
    time_zone: str, weekly_hours: Mapping[str, Any], country: str, sub: str
) -> None:
    """Build the engine's calendar once, so that what is saved is what the clocks can use."""
    try:
        EngineCalendar.weekly(
            time_zone,
            hours_from_json(weekly_hours),
            country=country or None,
            subdivision=sub or None,
        )
    except CalendarError as error:
        raise ValidationError({"time_zone": str(error)}) from error
