"""Cadences: forums meet at most daily, and every occurrence computation is bounded."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.core.cadence import (
    MAX_YEARS_AHEAD,
    MAX_YEARS_BACK,
    CadenceError,
    next_occurrences,
    occurrences,
    validate_rule,
)

FIRST = dt.datetime(2026, 1, 13, 9, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
NEVER = [
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
    "FREQ=DAILY;INTERVAL=2;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=DAILY;INTERVAL=7;BYDAY=MO",  # FIRST is a Tuesday: every 7th day never is a Monday
    "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=MONTHLY;BYMONTH=6;BYMONTHDAY=31",
    "FREQ=MONTHLY;INTERVAL=12;BYMONTH=6",  # FIRST is in January
    "FREQ=YEARLY;BYWEEKNO=1;BYMONTH=7",
    "FREQ=MONTHLY;BYSETPOS=40;BYDAY=MO",
]


def periods_stepped(compute: Callable[[], object]) -> int:
    """How many periods (days, weeks, months, years) dateutil steps through: its day sets."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event == "call" and frame.f_code.co_name in ("ydayset", "mdayset", "wdayset", "ddayset"):
            count += 1

    sys.setprofile(profile)
    try:
        compute()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("frequency", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_frequencies_finer_than_a_day_are_refused(frequency: str) -> None:
    with pytest.raises(CadenceError, match=rf"^FREQ={frequency} is finer than a day"):
        validate_rule(f"FREQ={frequency}")
    with pytest.raises(CadenceError, match="finer than a day"):
        validate_rule(f"freq={frequency.lower()};interval=30")
    # a rule stored before the check is refused when expanded, without stepping through it
    with pytest.raises(CadenceError, match="finer than a day"):
        next_occurrences(f"FREQ={frequency}", FIRST, "Europe/Amsterdam", AFTER, 5)


@pytest.mark.parametrize("part", ["BYHOUR=9,14", "BYMINUTE=0,30", "BYSECOND=0,1"])
def test_more_than_one_time_a_day_is_refused(part: str) -> None:
    with pytest.raises(CadenceError, match=rf"^{part} sets more than one meeting a day"):
        validate_rule(f"FREQ=DAILY;{part}")


def test_one_time_of_day_is_allowed() -> None:
    validate_rule("FREQ=WEEKLY;BYDAY=TU;BYHOUR=10;BYMINUTE=30;BYSECOND=0")
    found = next_occurrences("FREQ=DAILY;BYHOUR=7;BYMINUTE=15", FIRST, "UTC", AFTER, 2)
    assert found == [
        dt.datetime(2026, 12, 1, 7, 15, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 2, 7, 15, tzinfo=dt.UTC),
    ]


def test_byeaster_is_refused() -> None:
    with pytest.raises(CadenceError, match="BYEASTER"):
        validate_rule("FREQ=YEARLY;BYEASTER=0")


@pytest.mark.parametrize("rule", NEVER)
def test_a_rule_that_never_occurs_gives_nothing_after_bounded_work(rule: str) -> None:
    validate_rule(rule)  # valid, only pathological
    found: list[dt.datetime] = []
    stepped = periods_stepped(
        lambda: found.extend(next_occurrences(rule, FIRST, "Europe/Amsterdam", AFTER, 5))
    )
    assert found == []
    # Unbounded, FREQ=DAILY stepped through 2.9 million days to the year 9999 (5.5 s).
    assert stepped < 80_000
    window = periods_stepped(
        lambda: occurrences(rule, FIRST, "Europe/Amsterdam", AFTER, AFTER + dt.timedelta(days=90))
    )
    assert window < 80_000


def test_the_pathological_daily_rule_is_stepped_by_years() -> None:
    rule = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"
    assert periods_stepped(lambda: next_occurrences(rule, FIRST, "UTC", AFTER, 1)) < 500


def test_windows_and_first_meetings_far_apart_are_refused() -> None:
    with pytest.raises(CadenceError, match=f"spans at most {MAX_YEARS_AHEAD} years"):
        occurrences("FREQ=DAILY", FIRST, "UTC", AFTER, AFTER + dt.timedelta(days=365 * 11))
    ancient = FIRST.replace(year=FIRST.year - MAX_YEARS_BACK - 1)
    with pytest.raises(CadenceError, match=f"more than {MAX_YEARS_BACK} years before"):
        next_occurrences("FREQ=DAILY", ancient, "UTC", AFTER, 1)


def test_next_occurrences_look_ten_years_ahead_at_most() -> None:
    rare = "FREQ=YEARLY;INTERVAL=12"
    assert next_occurrences(rare, FIRST, "UTC", FIRST + dt.timedelta(days=1), 1) == []
    assert next_occurrences("FREQ=YEARLY;INTERVAL=9", FIRST, "UTC", AFTER, 1) == [
        FIRST.replace(year=2035)
    ]


# -- the bounded expansion against dateutil itself --------------------------------------------

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@st.composite
def dense_rules(draw: st.DrawFn) -> str:
    """Rules that occur every year or more often, so that plain dateutil answers quickly."""
    frequency = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={frequency}"]
    interval = draw(st.integers(1, 3))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if draw(st.booleans()) and (frequency != "MONTHLY" or interval == 1):
        months = draw(st.lists(st.integers(1, 12), min_size=4, max_size=12, unique=True))
        parts.append("BYMONTH=" + ",".join(map(str, sorted(months))))
    choice = draw(st.sampled_from(["none", "monthday", "weekday", "nth"]))
    if choice == "monthday":
        days = draw(st.lists(st.integers(1, 28), min_size=1, max_size=4, unique=True))
        parts.append("BYMONTHDAY=" + ",".join(map(str, sorted(days))))
    elif choice == "weekday" or (choice == "nth" and frequency in ("DAILY", "WEEKLY")):
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    elif choice == "nth":
        nth = draw(st.sampled_from(["1", "2", "3", "-1"]))
        parts.append(f"BYDAY={nth}{draw(st.sampled_from(WEEKDAYS))}")
    if frequency == "DAILY" and interval % 7 == 0:
        parts = [p for p in parts if not p.startswith("BYDAY")]
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 400))}")
    return ";".join(parts)


@st.composite
def sparse_rules(draw: st.DrawFn) -> str:
    """Any mix of day filters, often contradictory: some of these rules never occur."""
    frequency = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = [f"FREQ={frequency}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(2, 14))}")
    filters = {
        "BYMONTH": st.integers(1, 12),
        "BYMONTHDAY": st.sampled_from([1, 15, 28, 29, 30, 31, -1]),
        "BYYEARDAY": st.sampled_from([1, 60, 200, 365, 366, -1]),
        "BYWEEKNO": st.sampled_from([1, 10, 27, 52, 53, -1]),
        "BYDAY": st.sampled_from(WEEKDAYS),
        "BYSETPOS": st.sampled_from([1, -1, 2, 40]),
    }
    for name in draw(
        st.lists(st.sampled_from(sorted(filters)), min_size=1, max_size=3, unique=True)
    ):
        parts.append(f"{name}={draw(filters[name])}")
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 50))}")
    return ";".join(parts)


def reference(
    rule: str, first: dt.datetime, start: dt.datetime, end: dt.datetime
) -> list[dt.datetime]:
    """Plain dateutil in UTC: the occurrences in [start, end), stopping at the first past it."""
    found = []
    for naive in rrulestr(rule, dtstart=first.replace(tzinfo=None)):
        moment = naive.replace(tzinfo=dt.UTC)
        if moment >= end:
            break
        if moment >= start:
            found.append(moment)
    return found


@settings(max_examples=150, deadline=None)
@given(
    rule=dense_rules(),
    first_day=st.integers(0, 3650),
    hour=st.integers(0, 23),
    start_day=st.integers(0, 1500),
    length=st.integers(1, 800),
)
def test_dense_rules_match_dateutil(
    rule: str, first_day: int, hour: int, start_day: int, length: int
) -> None:
    first = dt.datetime(2020, 1, 1, hour, 30, tzinfo=dt.UTC) + dt.timedelta(days=first_day)
    start = first + dt.timedelta(days=start_day - 200)
    end = start + dt.timedelta(days=length)
    assert occurrences(rule, first, "UTC", start, end) == reference(rule, first, start, end)
    expected = reference(rule, first, start, start + dt.timedelta(days=365 * MAX_YEARS_AHEAD))
    assert next_occurrences(rule, first, "UTC", start, 4) == expected[:4]


@settings(max_examples=150, deadline=None)
@given(
    rule=sparse_rules(),
    first_day=st.integers(0, 3650),
    start_day=st.integers(0, 2000),
    length=st.integers(1, 3000),
)
def test_sparse_rules_match_dateutil(
    rule: str, first_day: int, start_day: int, length: int
) -> None:
    # Near the year 9999 plain dateutil gives up within decades even when a rule never occurs,
    # so there it can serve as the reference. Podium expands a rule of 2350 in 9950 (the
    # calendar repeats every 400 years) and one of 9950 where it is.
    for year, far in ((9950, 0), (2350, 7600)):
        first = dt.datetime(year, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=first_day)
        start = first + dt.timedelta(days=start_day)
        end = start + dt.timedelta(days=length)
        expected = reference(rule, later(first, far), later(start, far), later(end, far))
        found = occurrences(rule, first, "UTC", start, end)
        assert found == [later(o, -far) for o in expected], rule


def later(moment: dt.datetime, years: int) -> dt.datetime:
    return moment.replace(year=moment.year + years)
