"""The table-based engine held to a slow reference that reads the wall clock minute by minute.

The reference asks, for every whole UTC minute, "what does the local wall clock show, is that
date a holiday or closed, is that time inside the weekday's hours, is the minute inside a closed
span?" and adds the part of the minute inside ``[start, end)``. That is exact because every
change of state here falls on a whole minute (hours, closures and these zones' clock changes),
while the instants themselves carry random microseconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.core.calendars import BusinessCalendar, OpeningInterval, WeeklyHours

MINUTE = timedelta(minutes=1)
US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ZONES = {  # zone -> the country whose holidays may go with it
    "Europe/Amsterdam": "NL",
    "America/New_York": "US",
    "Australia/Lord_Howe": "AU",  # half-hour clock changes
    "Asia/Kolkata": "IN",
    "UTC": "GB",
}
SPAN = timedelta(days=3)
PROPERTY_SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# The holidays package warns when a country's rules are only known for some years (IN: lunar).
pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")


class Reference:
    """Open or closed, one minute at a time, straight from the definitions."""

    def __init__(self, calendar: BusinessCalendar, near: datetime) -> None:
        self.calendar = calendar
        self.zone = ZoneInfo(calendar.time_zone)
        self.closed: set[date] = set(calendar.closed_dates)
        if calendar.country:
            years = range(near.year - 1, near.year + 2)
            found = holidays.country_holidays(
                calendar.country, subdiv=calendar.subdivision, years=years
            )
            self.closed |= set(found)

    def open_at(self, minute: datetime) -> bool:
        wall = minute.astimezone(self.zone)
        if wall.date() in self.closed:
            return False
        if any(start <= minute < end for start, end in self.calendar.closed_spans):
            return False
        second = wall.hour * 3600 + wall.minute * 60 + wall.second
        return any(i.start <= second < i.end for i in self.calendar.hours.days[wall.weekday()])

    def pieces(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime, bool]]:
        """``[start, end)`` cut at whole minutes, each piece with its state."""
        out = []
        minute = start.replace(second=0, microsecond=0)
        while minute < end:
            following = minute + MINUTE
            out.append((max(minute, start), min(following, end), self.open_at(minute)))
            minute = following
        return out

    def business_us(self, start: datetime, end: datetime) -> int:
        if end < start:
            return -self.business_us(end, start)
        return sum((b - a) // US for a, b, is_open in self.pieces(start, end) if is_open)

    def deadline(self, start: datetime, business_us: int) -> datetime:
        """Earliest instant with the given business time after `start` (needs >= 0)."""
        if business_us == 0:
            return start
        left = business_us
        for a, b, is_open in self.pieces(start, start + SPAN * 2):
            if is_open:
                if left <= (b - a) // US:
                    return a + left * US
                left -= (b - a) // US
        raise AssertionError("reference walked past its window")


@st.composite
def day_hours(draw: st.DrawFn) -> tuple[OpeningInterval, ...]:
    """Up to three intervals on a half-hour grid, so 02:00-03:00 gaps and 24:00 ends occur."""
    points = sorted(draw(st.sets(st.integers(0, 48), max_size=6)))
    bounds = points[: len(points) // 2 * 2]
    pairs = [
        OpeningInterval(bounds[i] * 1800, bounds[i + 1] * 1800) for i in range(0, len(bounds), 2)
    ]
    return tuple(pairs)


@st.composite
def calendars_and_anchor(draw: st.DrawFn) -> tuple[BusinessCalendar, datetime]:
    """A random calendar and an instant near a clock change, a holiday season or anywhere."""
    zone = draw(st.sampled_from(sorted(ZONES)))
    year = draw(st.integers(1990, 2099))
    month = draw(st.sampled_from([1, 3, 4, 5, 10, 11, 12]))
    anchor = datetime(year, month, draw(st.integers(1, 28)), tzinfo=UTC)
    anchor += draw(st.integers(0, 1440 * 4)) * MINUTE
    hours = WeeklyHours(tuple(draw(day_hours()) for _ in range(7)))
    country = draw(st.sampled_from([None, ZONES[zone]]))
    dates = draw(
        st.lists(st.integers(-3, 6).map(lambda d: (anchor + timedelta(days=d)).date()), max_size=2)
    )
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        first = anchor + draw(st.integers(-3 * 1440, 6 * 1440)) * MINUTE
        spans.append((first, first + draw(st.integers(1, 3 * 1440)) * MINUTE))
    calendar = BusinessCalendar.weekly(zone, hours, country=country, closures=[*dates, *spans])
    return calendar, anchor


def instants_near(anchor: datetime) -> st.SearchStrategy[datetime]:
    return st.integers(-int(SPAN / US) // 2, int(SPAN / US)).map(lambda us: anchor + us * US)


def as_array(*values: datetime) -> np.ndarray:
    return np.asarray([(v - EPOCH) // US for v in values], dtype=np.int64).view("datetime64[us]")


@PROPERTY_SETTINGS
@given(data=st.data(), setup=calendars_and_anchor())
def test_business_time_equals_the_reference(
    data: st.DataObject, setup: tuple[BusinessCalendar, datetime]
) -> None:
    calendar, anchor = setup
    reference = Reference(calendar, anchor)
    pairs = data.draw(st.lists(st.tuples(instants_near(anchor), instants_near(anchor)), max_size=3))
    pairs.append((anchor, anchor + SPAN))
    starts = as_array(*(s for s, _ in pairs))
    ends = as_array(*(e for _, e in pairs))
    found = calendar.business_seconds_between(starts, ends)
    expected = [reference.business_us(s, e) / 1e6 for s, e in pairs]
    assert found.tolist() == expected
    assert calendar.business_seconds_between(ends, starts).tolist() == [-x for x in expected]


@PROPERTY_SETTINGS
@given(data=st.data(), setup=calendars_and_anchor())
def test_deadline_is_the_earliest_instant_and_round_trips(
    data: st.DataObject, setup: tuple[BusinessCalendar, datetime]
) -> None:
    calendar, anchor = setup
    reference = Reference(calendar, anchor)
    start = data.draw(instants_near(anchor))
    available = reference.business_us(start, start + SPAN)
    wanted = data.draw(st.integers(0, available))
    found = calendar.deadline(start, wanted / 1e6)
    assert found == reference.deadline(start, wanted)
    assert calendar.business_seconds(start, found) == wanted / 1e6
    back = data.draw(st.integers(0, reference.business_us(start - SPAN, start)))
    earlier = calendar.deadline(start, -back / 1e6)
    assert calendar.business_seconds(start, earlier) == -back / 1e6
    assert earlier <= start


@PROPERTY_SETTINGS
@given(data=st.data(), setup=calendars_and_anchor())
def test_elapsed_never_decreases_as_the_end_grows(
    data: st.DataObject, setup: tuple[BusinessCalendar, datetime]
) -> None:
    calendar, anchor = setup
    start = data.draw(instants_near(anchor))
    ends = sorted(data.draw(st.lists(instants_near(anchor), min_size=2, max_size=40)))
    elapsed = calendar.business_seconds_between(as_array(start), as_array(*ends))
    steps = np.diff(np.rint(elapsed * 1e6).astype(np.int64))
    assert (steps >= 0).all()
    assert (steps <= np.diff(as_array(*ends).view(np.int64))).all()  # nor faster than the clock


@PROPERTY_SETTINGS
@given(data=st.data(), setup=calendars_and_anchor())
def test_add_business_seconds_round_trips_over_arrays(
    data: st.DataObject, setup: tuple[BusinessCalendar, datetime]
) -> None:
    calendar, anchor = setup
    starts = as_array(*data.draw(st.lists(instants_near(anchor), min_size=1, max_size=30)))
    durations = (
        np.asarray(
            data.draw(
                st.lists(st.integers(-(10**11), 10**11), min_size=starts.size, max_size=starts.size)
            ),
            dtype=np.float64,
        )
        / 1e6
    )
    if calendar.hours.open_seconds_per_week == 0:
        durations[:] = 0
    deadlines = calendar.add_business_seconds(starts, durations)
    np.testing.assert_array_equal(calendar.business_seconds_between(starts, deadlines), durations)
    zero = durations == 0
    np.testing.assert_array_equal(deadlines[zero], starts[zero])
