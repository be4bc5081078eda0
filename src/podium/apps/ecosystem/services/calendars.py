"""Writes of business calendars, with weekly hours as people type them
("mon-fri 09:00-17:00; sat 09:00-12:00") or as stored.

The text is read by the engine's own parser (`WeeklyHours.from_mapping`) and the whole calendar
is built by the engine once before it is saved, so that the page, the API and the clocks can
never disagree on what a calendar means.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import holidays
from django.core.exceptions import ValidationError

from podium.apps.ecosystem.models import BusinessCalendar
from podium.apps.ecosystem.rules import EDIT
from podium.core.calendars import BusinessCalendar as EngineCalendar
from podium.core.calendars import CalendarError, WeeklyHours
from podium.core.calendars.hours import StoredHours, hours_from_json, hours_to_json
from podium.platform.access import Actor, require
from podium.platform.writes import delete_row, ensure_row, save_row


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


def normalise_weekly_hours(value: str | Mapping[str, Any]) -> StoredHours:
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


def _validate(row: BusinessCalendar) -> None:
    check_holiday_region(row.country, row.subdivision)
    check_engine_accepts(row.time_zone, row.weekly_hours, row.country, row.subdivision)


def ensure_calendar(*, acting_user: Actor | None, slug: str, **fields: Any) -> BusinessCalendar:
    require(acting_user, EDIT)
    return ensure_row(
        BusinessCalendar, acting_user=acting_user, lookup={"slug": slug}, fields=fields
    )[0]


def save_calendar(
    *, acting_user: Actor | None, calendar: BusinessCalendar | None = None, **fields: Any
) -> BusinessCalendar:
    """Weekly hours may be given as text ("mon-fri 09:00-17:00") or as the stored mapping."""
    require(acting_user, EDIT)
    if "weekly_hours" in fields:
        fields["weekly_hours"] = normalise_weekly_hours(fields["weekly_hours"])
    return save_row(
        BusinessCalendar, calendar, fields, acting_user=acting_user, validate_related=_validate
    )


def delete_calendar(*, acting_user: Actor | None, calendar: BusinessCalendar) -> None:
    require(acting_user, EDIT)
    delete_row(acting_user=acting_user, row=calendar)
