"""Reading weekly hours as people write them, and the named calendars."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from podium.core.calendars import (
    BusinessCalendar,
    CalendarError,
    OpeningInterval,
    UnknownCalendarError,
    WeeklyHours,
    calendar_preset,
    preset_names,
)


def test_several_spellings_give_the_same_week() -> None:
    expected = WeeklyHours.from_mapping(
        {"mon-fri": "08:00-12:00, 13:00-17:00", "sat": "09:00-12:00"}
    )
    assert (
        WeeklyHours.from_mapping(
            {
                "weekdays": [(time(13), time(17)), (time(8), time(12))],
                "Saturday": [("09:00", "12:00")],
                "sun": "closed",
            }
        )
        == expected
    )
    assert (
        WeeklyHours.from_mapping(
            {
                0: "08:00-12:00,13:00-17:00",
                "tue-fri": [
                    OpeningInterval.parse("08:00-12:00"),
                    OpeningInterval.parse("13:00-17:00"),
                ],
                5: "09:00-12:00",
            }
        )
        == expected
    )
    assert expected.open_seconds_per_week == 43 * 3600


def test_wrapping_ranges_seconds_and_end_of_day() -> None:
    hours = WeeklyHours.from_mapping({"fri-mon": "22:00:30-24:00"})
    assert [bool(day) for day in hours.days] == [True, False, False, False, True, True, True]
    assert str(hours.days[0][0]) == "22:00:30-24:00"
    assert str(WeeklyHours.always()) == "mon-sun 00:00-24:00"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"mon": "09:00-17:00, 12:00-13:00"}, "overlap"),
        ({"mon": "22:00-06:00"}, "split a night shift"),
        ({"mon": "09:00-25:00"}, "outside 00:00-24:00"),
        ({"mon": "24:00-24:00"}, "outside 00:00-24:00"),
        ({"mon": "9h-17h"}, "cannot read time"),
        ({"mon": "09:00"}, "expected HH:MM-HH:MM"),
        ({"funday": "09:00-17:00"}, "unknown weekday"),
        ({7: "09:00-17:00"}, "outside 0"),
        ({"mon-fri": "09:00-17:00", "fri": "09:00-12:00"}, "more than once"),
        ({"mon": [(time(9, 0, 0, 5), time(17))]}, "whole seconds"),
    ],
)
def test_bad_hours_are_refused_with_a_reason(spec: dict[str | int, str], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        WeeklyHours.from_mapping(spec)


def test_week_needs_seven_days() -> None:
    with pytest.raises(CalendarError, match="7 days"):
        WeeklyHours(((),) * 6)


def test_presets() -> None:
    assert calendar_preset("24x7") == BusinessCalendar.always_open()
    netherlands = calendar_preset("nl")
    assert netherlands.time_zone == "Europe/Amsterdam"
    assert netherlands.country == "NL"
    assert str(netherlands.hours) == "mon-fri 09:00-17:00; sat-sun closed"
    assert {"24x7", "NL", "BE", "DE", "IN", "US", "GB"} <= set(preset_names())
    assert calendar_preset("US-CA").time_zone == "America/Los_Angeles"
    assert calendar_preset("IN").time_zone == "Asia/Kolkata"


def test_subdivision_adds_its_holidays() -> None:
    epiphany = (datetime(2025, 1, 6, tzinfo=UTC), datetime(2025, 1, 7, tzinfo=UTC))  # a Monday
    assert calendar_preset("DE").business_seconds(*epiphany) == 8 * 3600
    assert calendar_preset("DE-BY").business_seconds(*epiphany) == 0


@pytest.mark.parametrize("name", ["Mars", "XX", "DE-XX", "", "24/7"])
def test_unknown_preset_lists_what_is_accepted(name: str) -> None:
    with pytest.raises(UnknownCalendarError, match=r"accepted are 24x7, AT, .*NL.*DE-BY") as error:
        calendar_preset(name)
    assert isinstance(error.value, ValueError)
