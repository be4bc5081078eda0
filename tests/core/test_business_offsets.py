"""Business offsets (one calendar look-up per event, shared by the clocks, time in hands and
the waiting figures) give to the microsecond what a look-up per span gives."""

from __future__ import annotations

import datetime as dt
import importlib

import numpy as np
import polars as pl
import pytest
from benchmarks.synthetic_log import generate
from polars.testing import assert_frame_equal

from podium.core.calendars import BusinessCalendar, calendar_preset
from podium.core.clocks import ClockPolicy, WallClockTime, evaluate_clocks
from podium.core.clocks.business_time import (
    UTC_DATETIME,
    BusinessOffsets,
    business_seconds,
    seconds_between_offsets,
)
from podium.core.clocks.states import state_use
from podium.core.collaboration import time_in_hands
from podium.core.eventlog import EventLog
from podium.core.eventlog.conventions import StateSet

CALENDARS = {
    "NL": calendar_preset("NL"),
    "DE-BY": calendar_preset("DE-BY"),
    "24x7": BusinessCalendar.always_open(),
    "wall": WallClockTime(),
}


@pytest.fixture(scope="module")
def log() -> EventLog:
    return EventLog.from_frame(generate(8_000, seed=11))


@pytest.mark.parametrize("name", CALENDARS)
def test_differences_of_offsets_are_the_business_seconds(name: str) -> None:
    calendar = CALENDARS[name]
    rng = np.random.default_rng(5)
    micros = rng.integers(1_700_000_000_000_000, 1_800_000_000_000_000, size=20_000)
    instants = pl.Series("at", np.sort(micros).astype("datetime64[us]"), dtype=UTC_DATETIME)
    offsets = BusinessOffsets.of(calendar, instants)
    pairs = pl.DataFrame({"start": instants, "offset": offsets.micros}).with_columns(
        pl.col("start").shift(-7).alias("end"), pl.col("offset").shift(-7).alias("end_offset")
    )[:-7]
    expected = business_seconds(calendar, pairs["start"], pairs["end"])
    got = seconds_between_offsets(pairs["offset"], pairs["end_offset"])
    assert (got == expected).all()
    assert expected.sum() > 0
    last = instants[-1] + dt.timedelta(days=3, minutes=7)
    assert (offsets.at(last) - offsets.micros[-1]) / 1e6 == business_seconds(
        calendar, instants[-1:], pl.Series([last], dtype=UTC_DATETIME)
    ).item()


@pytest.mark.parametrize("name", CALENDARS)
def test_the_figures_are_the_same_with_shared_offsets(log: EventLog, name: str) -> None:
    calendar = CALENDARS[name]
    offsets = BusinessOffsets.of(calendar, log.frame["timestamp"])
    policy = ClockPolicy(pause_sub_statuses=frozenset({"Wait - User"}), reopen="stay_stopped")
    for as_of in (None, dt.datetime(2024, 6, 1, 12, 30, tzinfo=dt.UTC)):
        plain = evaluate_clocks(log, calendar, policy, as_of)
        shared = evaluate_clocks(log, calendar, policy, as_of, offsets=offsets)
        for frame in ("segments", "cases", "parties"):
            assert_frame_equal(getattr(shared, frame), getattr(plain, frame), check_exact=True)
    hands = time_in_hands(log, calendar), time_in_hands(log, calendar, offsets=offsets)
    assert_frame_equal(hands[1].per_case, hands[0].per_case, check_exact=True)
    assert_frame_equal(hands[1].per_party, hands[0].per_party, check_exact=True)
    rule = StateSet(frozenset({"Wait - User", "Wait - Vendor"}))
    uses = state_use(log, calendar, rule, rule), state_use(log, calendar, rule, rule, None, offsets)
    assert_frame_equal(uses[1].by_state, uses[0].by_state, check_exact=True)
    assert_frame_equal(uses[1].by_party, uses[0].by_party, check_exact=True)
    assert uses[0].by_state["total_seconds"].sum() > 0


def test_offsets_of_another_calendar_are_refused(log: EventLog) -> None:
    offsets = BusinessOffsets.of(WallClockTime(), log.frame["timestamp"])
    with pytest.raises(ValueError, match="another calendar"):
        time_in_hands(log, calendar_preset("NL"), offsets=offsets)


@pytest.mark.parametrize("name", ["NL", "wall"])
def test_a_log_in_slices_of_whole_cases_gives_the_same_clocks(log: EventLog, name: str) -> None:
    """Large logs are evaluated a slice of cases at a time: the same rows in the same order."""
    from podium.core.clocks.evaluate import _in_slices

    calendar = CALENDARS[name]
    offsets = BusinessOffsets.of(calendar, log.frame["timestamp"])
    policy = ClockPolicy(targets={"P1": 3600.0}, default_party_target_seconds=7200.0)
    for as_of in (None, dt.datetime(2024, 3, 1, tzinfo=dt.UTC)):
        whole = evaluate_clocks(log, calendar, policy, as_of)
        for shared in (None, offsets):
            sliced = _in_slices(log, calendar, policy, as_of, shared, 1_500)
            for frame in ("segments", "cases", "parties"):
                assert_frame_equal(getattr(sliced, frame), getattr(whole, frame), check_exact=True)
            assert sliced.as_of == whole.as_of


def test_time_in_hands_in_slices_of_whole_cases_is_the_same(
    log: EventLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("podium.core.collaboration.time_in_hands")
    calendar = CALENDARS["NL"]
    offsets = BusinessOffsets.of(calendar, log.frame["timestamp"])
    whole = time_in_hands(log, calendar, offsets=offsets)
    monkeypatch.setattr(module, "CHUNK_EVENTS", 1_500)
    for shared in (None, offsets):
        sliced = time_in_hands(log, calendar, offsets=shared)
        assert_frame_equal(sliced.per_case, whole.per_case, check_exact=True)
        assert_frame_equal(sliced.per_party, whole.per_party, check_exact=True)
