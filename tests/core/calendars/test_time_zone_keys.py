"""Only real IANA zone keys pass; anything else is a clear refusal, never another exception."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.core.cadence import CadenceError, next_occurrences
from podium.core.calendars import BusinessCalendar, CalendarError
from podium.core.calendars.zones import is_time_zone_key, load_zone, time_zone_problem

REFUSED = [
    "Europe",  # a directory of the database
    "Etc",
    "America/Argentina",
    "",
    " UTC",
    "europe/amsterdam",
    "Europe/Amsterdam/",
    "../../etc/passwd",
    "/etc/localtime",
    "localtime",  # the machine's own zone, not an IANA key
    "UTC\x00",
    "\ud800",
    "x" * 1_000_000,
    "Europe/" + "x" * 300,
]


@pytest.mark.parametrize("name", ["UTC", "Europe/Amsterdam", "America/Argentina/Buenos_Aires"])
def test_real_keys_pass(name: str) -> None:
    assert is_time_zone_key(name)
    assert time_zone_problem(name) is None
    assert load_zone(name).key == name


@pytest.mark.parametrize("name", REFUSED, ids=lambda n: repr(n[:20]))
def test_everything_else_is_refused_with_a_message(name: str) -> None:
    assert not is_time_zone_key(name)
    problem = time_zone_problem(name)
    assert problem is not None
    assert "is not an IANA time zone such as Europe/Amsterdam" in problem
    assert len(problem) < 200  # a megabyte of input is not echoed back
    with pytest.raises(CalendarError, match="is not an IANA time zone"):
        load_zone(name)


def test_a_long_value_is_shown_shortened_with_its_length() -> None:
    assert time_zone_problem("x" * 1_000_000) == (
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (1000000 characters) is not an IANA time zone "
        "such as Europe/Amsterdam"
    )


@given(st.text())
def test_arbitrary_text_is_a_key_or_a_message_never_an_exception(name: str) -> None:
    problem = time_zone_problem(name)
    if problem is None:
        assert zoneinfo.ZoneInfo(name).key == name
    else:
        assert "IANA time zone" in problem


@given(st.sampled_from(sorted(zoneinfo.available_timezones() - {"localtime"})))
def test_every_listed_zone_is_a_key(name: str) -> None:
    assert is_time_zone_key(name)


@pytest.mark.parametrize("name", ["Europe", "x" * 1_000_000])
def test_calendars_and_cadences_refuse_them_as_their_own_errors(name: str) -> None:
    with pytest.raises(CalendarError, match="is not an IANA time zone"):
        BusinessCalendar.weekly(name, {"mon-fri": "09:00-17:00"})
    first = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with pytest.raises(CadenceError, match="is not an IANA time zone"):
        next_occurrences("FREQ=WEEKLY", first, name, first, 1)
