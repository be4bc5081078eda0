"""Pinned cases: each number here was worked out by hand from a wall clock and a calendar."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pytest

from podium.core.calendars import BusinessCalendar, CalendarError, WeeklyHours

AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
HOUR = 3600.0
OFFICE = {"mon-fri": "08:00-12:00, 13:00-17:00", "sat": "09:00-12:00"}


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)  # type: ignore[misc]


def nyc(*args: int) -> datetime:
    return datetime(*args, tzinfo=NYC)  # type: ignore[misc]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture(scope="module")
def office() -> BusinessCalendar:
    return BusinessCalendar.weekly("Europe/Amsterdam", OFFICE, country="NL")


@pytest.fixture(scope="module")
def new_york() -> BusinessCalendar:
    return BusinessCalendar.weekly("America/New_York", {"mon-fri": "09:00-17:00"}, country="US")


def daily(hours: str, zone: str = "Europe/Amsterdam") -> BusinessCalendar:
    return BusinessCalendar.weekly(zone, {"daily": hours})


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (ams(2024, 3, 13, 9), ams(2024, 3, 13, 11), 2),  # inside one interval
        (ams(2024, 3, 13, 11), ams(2024, 3, 13, 14), 2),  # across lunch
        (ams(2024, 3, 13, 12, 15), ams(2024, 3, 13, 12, 45), 0),  # inside lunch
        (ams(2024, 3, 8, 16), ams(2024, 3, 11, 9), 1 + 3 + 1),  # Friday to Monday, Saturday open
        (ams(2024, 3, 11, 9), ams(2024, 3, 8, 16), -(1 + 3 + 1)),  # reversed: negative
        (ams(2024, 3, 13, 10), ams(2024, 3, 13, 10), 0),  # empty
        (ams(2024, 4, 1), ams(2024, 4, 2), 0),  # Easter Monday
        (ams(2024, 4, 2), ams(2024, 4, 3), 8),  # the Tuesday after
        # Thursday 17:00 CET to Tuesday 09:00 CEST: Good Friday, Saturday 3h, clocks forward on
        # Sunday, Easter Monday, then 1h on Tuesday.
        (ams(2024, 3, 28, 17), ams(2024, 4, 2, 9), 3 + 1),
        (ams(2024, 10, 25, 16), ams(2024, 10, 28, 9), 1 + 3 + 1),  # clocks back on Sunday
    ],
)
def test_office_hours_in_amsterdam(
    office: BusinessCalendar, start: datetime, end: datetime, hours: float
) -> None:
    assert office.business_seconds(start, end) == hours * HOUR


def test_new_york_across_both_clock_changes(new_york: BusinessCalendar) -> None:
    spring = (nyc(2024, 3, 8, 16), nyc(2024, 3, 11, 10))
    autumn = (nyc(2024, 11, 1, 16), nyc(2024, 11, 4, 10))
    assert spring[1] - spring[0] == timedelta(hours=66)  # same-zone subtraction reads the wall
    assert spring[1].astimezone(UTC) - spring[0].astimezone(UTC) == timedelta(hours=65)
    assert new_york.business_seconds(*spring) == 2 * HOUR
    assert new_york.business_seconds(*autumn) == 2 * HOUR
    assert new_york.deadline(spring[0], 2 * HOUR) == utc(2024, 3, 11, 14)  # 10:00 EDT
    assert new_york.deadline(autumn[0], 2 * HOUR) == utc(2024, 11, 4, 15)  # 10:00 EST
    assert new_york.business_seconds(nyc(2024, 7, 4), nyc(2024, 7, 5)) == 0  # Independence Day


@pytest.mark.parametrize(
    ("hours", "day", "expected"),
    [
        ("00:00-24:00", date(2024, 3, 31), 23),  # spring forward: a 23-hour day
        ("00:00-24:00", date(2024, 10, 27), 25),  # fall back: a 25-hour day
        ("00:00-24:00", date(2024, 3, 30), 24),
        ("01:00-04:00", date(2024, 3, 31), 2),  # 02:00-03:00 is never shown
        ("01:00-04:00", date(2024, 10, 27), 4),  # 02:00-03:00 is shown twice
        ("02:15-02:45", date(2024, 3, 31), 0),  # wholly in the gap
        ("02:15-02:45", date(2024, 10, 27), 1),  # two half hours
    ],
)
def test_wall_clock_hours_on_clock_change_days(hours: str, day: date, expected: float) -> None:
    calendar = daily(hours)
    start = datetime.combine(day, datetime.min.time(), AMS)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), AMS)
    assert calendar.business_seconds(start, end) == expected * HOUR


def test_repeated_wall_times_are_open_twice() -> None:
    calendar = daily("02:00-02:30")  # Amsterdam, 2024-10-27: 02:00 CEST = 00:00 UTC
    assert calendar.is_open(utc(2024, 10, 27, 0, 15))  # 02:15 CEST
    assert not calendar.is_open(utc(2024, 10, 27, 0, 45))  # 02:45 CEST
    assert calendar.is_open(utc(2024, 10, 27, 1, 15))  # 02:15 CET
    assert calendar.next_change(utc(2024, 10, 27, 0, 15)) == utc(2024, 10, 27, 0, 30)
    assert calendar.next_change(utc(2024, 10, 27, 0, 30)) == utc(2024, 10, 27, 1)


def test_interval_reaching_into_the_gap_opens_when_the_clock_jumps() -> None:
    calendar = daily("02:30-04:00")  # 2024-03-31: 02:00 CET jumps to 03:00 CEST at 01:00 UTC
    assert calendar.next_change(utc(2024, 3, 31, 0)) == utc(2024, 3, 31, 1)
    assert calendar.business_seconds(ams(2024, 3, 31), ams(2024, 4, 1)) == HOUR


def test_closure_cuts_a_working_interval() -> None:
    span = (ams(2024, 3, 13, 10, 30), ams(2024, 3, 13, 14))
    calendar = BusinessCalendar.weekly("Europe/Amsterdam", OFFICE, country="NL", closures=[span])
    day = (ams(2024, 3, 13), ams(2024, 3, 14))
    assert calendar.business_seconds(*day) == 5.5 * HOUR  # 08:00-10:30 and 14:00-17:00
    assert calendar.business_seconds(ams(2024, 3, 13, 11), ams(2024, 3, 13, 13, 30)) == 0
    assert calendar.deadline(ams(2024, 3, 13, 10), HOUR) == ams(2024, 3, 13, 14, 30)
    assert not calendar.is_open(ams(2024, 3, 13, 13, 59))
    assert calendar.next_change(ams(2024, 3, 13, 9)) == ams(2024, 3, 13, 10, 30)


def test_closed_date() -> None:
    calendar = BusinessCalendar.weekly("Europe/Amsterdam", OFFICE, closures=[date(2024, 3, 13)])
    assert calendar.business_seconds(ams(2024, 3, 13), ams(2024, 3, 14)) == 0
    assert calendar.business_seconds(ams(2024, 3, 14), ams(2024, 3, 15)) == 8 * HOUR


def test_always_open_is_plain_elapsed_time_to_the_microsecond() -> None:
    calendar = BusinessCalendar.always_open()
    start = utc(2024, 1, 1, 0, 0, 0, 1)
    assert calendar.business_seconds(start, utc(2025, 1, 1)) == 366 * 86400 - 1e-6
    assert calendar.deadline(start, 0.5) == utc(2024, 1, 1, 0, 0, 0, 500_001)
    assert calendar.is_open(start)
    with pytest.raises(CalendarError, match="never opens or closes"):
        calendar.next_change(start)


@pytest.mark.parametrize(
    ("start", "seconds", "expected"),
    [
        (ams(2024, 3, 9, 15), 0, ams(2024, 3, 9, 15)),  # zero in closed time: the start itself
        (ams(2024, 3, 9, 15), 1, ams(2024, 3, 11, 8, 0, 1)),
        (ams(2024, 3, 8, 16), HOUR, ams(2024, 3, 8, 17)),  # earliest: closing, not reopening
        (ams(2024, 3, 8, 16), HOUR + 1, ams(2024, 3, 9, 9, 0, 1)),
        (ams(2024, 3, 11, 10), -2 * HOUR, ams(2024, 3, 11, 8)),  # backwards: latest instant
        (ams(2024, 3, 11, 10), -3 * HOUR, ams(2024, 3, 9, 11)),
        (ams(2024, 3, 28, 17), 4 * HOUR, ams(2024, 4, 2, 9)),  # over Easter and the DST change
    ],
)
def test_deadlines(
    office: BusinessCalendar, start: datetime, seconds: float, expected: datetime
) -> None:
    found = office.deadline(start, seconds)
    assert found == expected
    assert found.tzinfo is UTC
    assert office.business_seconds(start, found) == seconds


def test_is_open_and_next_change(office: BusinessCalendar) -> None:
    assert office.is_open(ams(2024, 3, 8, 13))  # an opening instant is open
    assert not office.is_open(ams(2024, 3, 8, 17))  # a closing instant is not
    assert not office.is_open(ams(2024, 4, 1, 10))  # Easter Monday
    assert office.next_change(ams(2024, 3, 8, 12, 30)) == ams(2024, 3, 8, 13)
    assert office.next_change(ams(2024, 3, 8, 13)) == ams(2024, 3, 8, 17)
    assert office.next_change(ams(2024, 3, 9, 12)) == ams(2024, 3, 11, 8)
    assert office.next_change(ams(2024, 3, 28, 17)) == ams(2024, 3, 30, 9)


def test_arrays_broadcast_and_carry_missing_values(office: BusinessCalendar) -> None:
    starts = np.array(["2024-03-11T07:00", "NaT", "2024-03-11T09:00"], dtype="datetime64[us]")
    now = np.datetime64("2024-03-11T12:00", "us")  # 13:00 in Amsterdam
    elapsed = office.business_seconds_between(starts, now)
    np.testing.assert_array_equal(elapsed, [4 * HOUR, np.nan, 2 * HOUR])
    due = office.add_business_seconds(starts, np.array([HOUR, HOUR, np.nan]))
    expected = np.array(["2024-03-11T08:00", "NaT", "NaT"], dtype="datetime64[us]")
    np.testing.assert_array_equal(due, expected)
    assert office.business_seconds_between(starts[1:2], starts[1:2]).tolist() != [0.0]


def test_accepts_what_polars_gives_and_other_units(office: BusinessCalendar) -> None:
    series = pl.Series([utc(2024, 3, 11, 7), utc(2024, 3, 12, 7)], dtype=pl.Datetime("us", "UTC"))
    starts = series.to_numpy()
    assert starts.dtype == np.dtype("datetime64[us]")
    ends = starts.astype("datetime64[ns]") + np.timedelta64(90, "m")
    np.testing.assert_array_equal(office.business_seconds_between(starts, ends), [5400, 5400])


@pytest.mark.parametrize("year", [1990, 2024, 2100])
def test_any_year_and_a_growing_table(year: int) -> None:
    calendar = BusinessCalendar.weekly("Europe/Amsterdam", OFFICE, country="NL")
    fresh = BusinessCalendar.weekly("Europe/Amsterdam", OFFICE, country="NL")
    calendar.business_seconds(utc(2050, 6, 1), utc(2050, 6, 2))  # table for other years first
    span = (utc(year, 1, 1), utc(year + 1, 1, 1))
    assert calendar.business_seconds(*span) == fresh.business_seconds(*span)
    assert 1800 * HOUR < calendar.business_seconds(*span) < 2300 * HOUR


def test_deadline_far_ahead_widens_the_table(office: BusinessCalendar) -> None:
    start = utc(2024, 5, 1)
    ten_years = 10 * 52 * 43 * HOUR
    due = office.deadline(start, ten_years)
    assert due.year in (2034, 2035)
    assert office.business_seconds(start, due) == ten_years
    assert office.deadline(due, -ten_years) == utc(2024, 5, 1, 6)  # latest: 08:00 local


def test_calendar_without_hours_never_reaches_a_deadline() -> None:
    closed = BusinessCalendar.weekly("UTC", {})
    assert closed.business_seconds(utc(2024, 1, 1), utc(2025, 1, 1)) == 0
    assert closed.deadline(utc(2024, 1, 1), 0) == utc(2024, 1, 1)
    with pytest.raises(CalendarError, match="no opening hours"):
        closed.deadline(utc(2024, 1, 1), 1)


def test_india_has_no_clock_changes_and_half_hour_offset() -> None:
    calendar = BusinessCalendar.weekly("Asia/Kolkata", {"mon-fri": "09:00-17:00"}, country="IN")
    assert calendar.business_seconds(utc(2024, 1, 26), utc(2024, 1, 27)) == 0  # Republic Day
    assert calendar.next_change(utc(2024, 1, 29)) == utc(2024, 1, 29, 3, 30)


def test_wrong_inputs_are_refused_clearly(office: BusinessCalendar) -> None:
    naive = datetime(2024, 3, 11, 9)  # noqa: DTZ001
    with pytest.raises(ValueError, match="has no time zone"):
        office.business_seconds(naive, utc(2024, 3, 12))
    with pytest.raises(CalendarError, match="datetime64"):
        office.business_seconds_between(np.array([utc(2024, 3, 11)]), np.array([utc(2024, 3, 12)]))
    with pytest.raises(CalendarError, match="'Europe/Atlantis' is not an IANA time zone"):
        BusinessCalendar.weekly("Europe/Atlantis", OFFICE)
    with pytest.raises(CalendarError, match="no public holidays known"):
        BusinessCalendar.weekly("UTC", OFFICE, country="XX")
    with pytest.raises(CalendarError, match="single instant"):
        BusinessCalendar.weekly("UTC", OFFICE, closures=[utc(2024, 1, 1)])
    with pytest.raises(CalendarError, match="ends before it starts"):
        BusinessCalendar.weekly("UTC", OFFICE, closures=[(utc(2024, 1, 2), utc(2024, 1, 1))])
    with pytest.raises(CalendarError, match="years"):
        office.business_seconds(datetime(1, 1, 1, tzinfo=UTC), utc(2024, 1, 1))


def test_calendars_are_values() -> None:
    one = BusinessCalendar.weekly("Europe/Amsterdam", OFFICE, country="nl")
    two = BusinessCalendar.weekly(
        "Europe/Amsterdam", WeeklyHours.from_mapping(OFFICE), country="NL"
    )
    one.business_seconds(utc(2024, 1, 1), utc(2024, 1, 2))  # a built table changes nothing
    assert one == two
    assert len({one, two}) == 1
    assert str(one) == (
        "mon-fri 08:00-12:00, 13:00-17:00; sat 09:00-12:00; sun closed (Europe/Amsterdam, NL)"
    )


def test_zero_dimensional_and_empty_arrays(office: BusinessCalendar) -> None:
    start, end = np.datetime64("2024-03-11T07:00", "us"), np.datetime64("2024-03-11T12:00", "us")
    elapsed = office.business_seconds_between(start, end)
    assert isinstance(elapsed, np.ndarray)
    assert elapsed.shape == ()
    assert elapsed == 4 * HOUR
    assert office.add_business_seconds(start, HOUR) == np.datetime64("2024-03-11T08:00", "us")
    empty = np.array([], dtype="datetime64[us]")
    assert office.business_seconds_between(empty, empty).shape == (0,)
    assert office.add_business_seconds(empty, 1.0).shape == (0,)


def test_absurd_durations_are_refused(office: BusinessCalendar) -> None:
    with pytest.raises(CalendarError, match="within"):
        office.deadline(utc(2024, 1, 1), 1e13)
    with pytest.raises(CalendarError, match="finite"):
        office.deadline(utc(2024, 1, 1), float("nan"))
    assert BusinessCalendar.always_open().deadline(utc(2024, 1, 1), -86400) == utc(2023, 12, 31)


def test_calendars_pickle_and_copy_without_their_table(office: BusinessCalendar) -> None:
    office.business_seconds(utc(2024, 1, 1), utc(2024, 1, 2))
    unpickled = pickle.loads(pickle.dumps(office))  # noqa: S301 - our own bytes
    for clone in (unpickled, copy.deepcopy(office)):
        assert clone == office
        assert clone.business_seconds(utc(2024, 1, 1), utc(2024, 1, 3)) == 8 * HOUR
