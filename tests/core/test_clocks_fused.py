"""The fused clock engine gives, frame for frame, what the engine before the fusion gave
(`clocks_before_fusion`, a frozen copy): on the synthetic log of the benchmarks and on the real
BPIC 2013 logs, for several policies, calendars and instants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from benchmarks.synthetic_log import generate
from polars.testing import assert_frame_equal
from tests.core import clocks_before_fusion as before

from podium.core.calendars import BusinessCalendar, calendar_preset
from podium.core.clocks import ClockPolicy, WallClockTime, evaluate_clocks
from podium.core.eventlog import EventLog
from podium.core.eventlog.xes_reader import read_xes

BPIC2013 = Path(__file__).resolve().parents[1] / "data" / "bpic2013"
POLICIES = {
    "default": ClockPolicy(),
    "targets": ClockPolicy(
        targets={"P1": 3600.0, "P2": 8 * 3600.0, "1": 3600.0, "2": 8 * 3600.0},
        default_target_seconds=2 * 3600.0,
        party_targets={"Network Co": 1800.0, "Telecom": 7200.0, "Org line A2": 3600.0},
    ),
    "party default, stay stopped": ClockPolicy(
        pause_sub_statuses=frozenset({"Wait"}),
        reopen="stay_stopped",
        default_party_target_seconds=4 * 3600.0,
    ),
    "starts when accepted": ClockPolicy(
        start_activities=frozenset({"Accepted"}), default_target_seconds=600.0
    ),
}
CALENDARS = {
    "24x7": BusinessCalendar.always_open(),
    "NL": calendar_preset("NL"),
    "wall": WallClockTime(),
}


def assert_same(
    log: EventLog, calendar: object, policy: ClockPolicy, as_of: dt.datetime | None
) -> None:
    fused = evaluate_clocks(log, calendar, policy, as_of)  # type: ignore[arg-type]
    reference = before.evaluate_clocks(log, calendar, policy, as_of)
    assert fused.as_of == reference.as_of
    for name in ("segments", "cases", "parties"):
        assert_frame_equal(getattr(fused, name), getattr(reference, name), check_exact=True)


@pytest.fixture(scope="module")
def synthetic() -> EventLog:
    return EventLog.from_frame(generate(20_000, seed=7))


@pytest.mark.parametrize("policy", POLICIES, ids=str)
@pytest.mark.parametrize("calendar", CALENDARS, ids=str)
def test_the_synthetic_log_gives_what_it_gave_before(
    synthetic: EventLog, policy: str, calendar: str
) -> None:
    middle = synthetic.frame["timestamp"].sort()[synthetic.event_count // 2]
    for as_of in (None, middle):
        assert_same(synthetic, CALENDARS[calendar], POLICIES[policy], as_of)


def test_one_ticket_gives_what_it_gave_before(synthetic: EventLog) -> None:
    first = synthetic.frame["case_id"][0]
    one = EventLog.from_frame(synthetic.frame.filter(synthetic.frame["case_id"] == first))
    for policy in POLICIES.values():
        assert_same(one, CALENDARS["NL"], policy, dt.datetime(2025, 1, 1, tzinfo=dt.UTC))


def test_an_empty_log_gives_what_it_gave_before(synthetic: EventLog) -> None:
    empty = EventLog.from_frame(synthetic.frame.clear())
    assert_same(empty, CALENDARS["NL"], POLICIES["targets"], dt.datetime(2025, 1, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize("name", ["incidents.xes.gz", "closed_problems.xes.gz"])
def test_the_bpic_2013_logs_give_what_they_gave_before(name: str) -> None:
    log = read_xes(BPIC2013 / name)
    for policy in ("default", "targets", "party default, stay stopped"):
        assert_same(log, CALENDARS["NL"], POLICIES[policy], None)
