"""Meeting cadences: exact occurrences on the local wall clock, across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.core.cadence import CadenceError, describe, next_occurrences, occurrences

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
FIRST = dt.datetime(2026, 1, 13, 10, 0, tzinfo=AMS).astimezone(dt.UTC)  # 2nd Tuesday, 10:00 CET


def test_second_tuesday_stays_ten_local_across_dst() -> None:
    found = occurrences(
        "FREQ=MONTHLY;BYDAY=2TU",
        FIRST,
        "Europe/Amsterdam",
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
    )
    assert len(found) == 12
    local = [o.astimezone(AMS) for o in found]
    assert {(t.hour, t.minute) for t in local} == {(10, 0)}
    assert all(t.weekday() == 1 and 8 <= t.day <= 14 for t in local)
    assert found[2] == dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)  # CET
    assert found[3] == dt.datetime(2026, 4, 14, 8, tzinfo=dt.UTC)  # CEST
    assert found[10] == dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)  # CET again


def test_window_is_half_open() -> None:
    march = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
    rule = "FREQ=MONTHLY;BYDAY=2TU"
    assert occurrences(rule, FIRST, "Europe/Amsterdam", march, march) == []
    assert occurrences(rule, FIRST, "Europe/Amsterdam", march, march + dt.timedelta(seconds=1)) == [
        march
    ]


def test_next_occurrences_stop_at_count_and_rule_end() -> None:
    after = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    assert len(next_occurrences("FREQ=WEEKLY", FIRST, "Europe/Amsterdam", after, 4)) == 4
    assert next_occurrences("FREQ=WEEKLY;COUNT=2", FIRST, "Europe/Amsterdam", after, 4) == []


def test_until_in_utc_is_accepted() -> None:
    found = next_occurrences(
        "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20260301T000000Z",
        FIRST,
        "Europe/Amsterdam",
        FIRST,
        10,
    )
    assert len(found) == 2


@pytest.mark.parametrize("bad", ["", "FREQ=SOMETIMES", "BYDAY=XX"])
def test_bad_rules_are_refused(bad: str) -> None:
    with pytest.raises(CadenceError):
        next_occurrences(bad, FIRST, "Europe/Amsterdam", FIRST, 1)


def test_unknown_zone_and_naive_times_are_refused() -> None:
    with pytest.raises(CadenceError):
        next_occurrences("FREQ=DAILY", FIRST, "Mars/Olympus", FIRST, 1)
    with pytest.raises(CadenceError):
        next_occurrences("FREQ=DAILY", FIRST.replace(tzinfo=None), "UTC", FIRST, 1)


def test_describe_falls_back_to_the_rule() -> None:
    assert describe("FREQ=WEEKLY;BYDAY=FR") == "Weekly on Friday"
    assert describe("FREQ=MONTHLY;BYDAY=-1FR") == "Monthly on the last Friday"
    assert describe("FREQ=MONTHLY;BYSETPOS=1") == "FREQ=MONTHLY;BYSETPOS=1"


@given(
    st.sampled_from(["Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]),
    st.integers(0, 23),
    st.integers(0, 800),
)
def test_weekly_meetings_keep_their_wall_clock_time(zone: str, hour: int, offset_days: int) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    first = dt.datetime(2026, 1, 5, hour, 30, tzinfo=tz).astimezone(dt.UTC)
    after = first + dt.timedelta(days=offset_days)
    found = next_occurrences("FREQ=WEEKLY", first, zone, after, 3)
    assert len(found) == 3
    assert found == sorted(found)
    assert all(o >= after for o in found)
    for o in found:
        local = o.astimezone(tz)
        # a time inside a spring-forward gap moves by the gap; otherwise the wall clock is kept
        assert local.minute == 30
        assert local.hour in {hour, (hour + 1) % 24}


def test_a_feed_property_cannot_start_a_new_line() -> None:
    import datetime as dt

    from podium.core.calendar_feed import Series, feed

    first = dt.datetime(2026, 1, 13, 9, tzinfo=dt.UTC)
    text = feed(
        [
            Series(
                "forum-1@podium",
                "Board\r\nATTENDEE:mailto:x@example.com",
                first,
                dt.timedelta(hours=1),
                "UTC",
            )
        ],
        name="Mine\nX-INJECTED:1",
        stamp=first,
    ).decode()
    lines = text.split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "X-INJECTED")) for line in lines)
    assert "SUMMARY:Board  ATTENDEE:mailto:x@example.com" in text
