"""The fused clock engine gives, frame for frame, what the engine before the fusion gave
(`clocks_before_fusion`, a frozen copy): on the synthetic log of the benchmarks and on the real
BPIC 2013 logs, for several policies, calendars and instants, and on random small logs such
as a live ticket's (one query over the events, numpy for the rest)."""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
from pathlib import Path

import polars as pl
import pytest
from benchmarks.synthetic_log import generate
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from tests.core import clocks_before_fusion as before

from podium.core.calendars import BusinessCalendar, calendar_preset
from podium.core.clocks import ClockPolicy, WallClockTime, case_clock_state, evaluate_clocks
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


BASE = dt.datetime(2024, 3, 4, 6, tzinfo=dt.UTC)
small_event = st.tuples(
    st.integers(0, 3),  # case
    st.integers(0, 3 * 24 * 60),  # minutes after BASE
    st.sampled_from(["New", "Accepted", "On Hold", "In Progress", "Resolved", "Closed"]),
    st.sampled_from([None, "Wait", "Wait - User"]),
    st.sampled_from(["Network Co", "Telecom", "Org line A2", None]),
    st.sampled_from(["P1", "P2", "P4", None]),
)


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(small_event, max_size=30),
    policy=st.sampled_from(sorted(POLICIES)),
    calendar=st.sampled_from(sorted(CALENDARS)),
    hours=st.one_of(st.none(), st.integers(0, 4 * 24)),
)
def test_small_logs_give_what_they_gave_before(
    rows: list[tuple[int, int, str, str | None, str | None, str | None]],
    policy: str,
    calendar: str,
    hours: int | None,
) -> None:
    """Tickets as the live path sees them (a few events, holders missing, ties, pauses,
    reopenings), every policy and calendar, with and without events after ``as_of``."""
    frame = pl.DataFrame(
        {
            "case_id": [f"T{r[0]}" for r in rows],
            "timestamp": [BASE + dt.timedelta(minutes=r[1]) for r in rows],
            "activity": [r[2] for r in rows],
            "sub_status": [r[3] for r in rows],
            "party": [r[4] for r in rows],
            "priority": [r[5] for r in rows],
        },
        schema_overrides={
            "case_id": pl.String,
            "timestamp": pl.Datetime("us", "UTC"),
            "activity": pl.String,
            "sub_status": pl.String,
            "party": pl.String,
            "priority": pl.String,
        },
    )
    as_of = None if hours is None else BASE + dt.timedelta(hours=hours)
    assert_same(EventLog.from_frame(frame), CALENDARS[calendar], POLICIES[policy], as_of)


def test_one_evaluation_is_two_polars_queries() -> None:
    """Making the log and evaluating it: the engine's cost on a ticket is mostly per query
    (it was 17 before its arithmetic moved to numpy), so their number is pinned."""
    events = pl.DataFrame(
        {
            "case_id": ["T1"] * 4,
            "timestamp": [BASE + dt.timedelta(hours=h) for h in range(4)],
            "activity": ["New", "On Hold", "In Progress", "Resolved"],
            "party": ["Telecom", "Telecom", "Network Co", "Network Co"],
            "priority": ["P1"] * 4,
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )
    policy = POLICIES["targets"]
    case_clock_state(events, CALENDARS["NL"], BASE + dt.timedelta(days=1), policy)
    profile = cProfile.Profile()
    profile.runcall(case_clock_state, events, CALENDARS["NL"], BASE + dt.timedelta(days=1), policy)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    queries = sum(
        calls
        for (_, _, name), (calls, *_rest) in stats.items()
        if name == "<method 'collect' of 'builtins.PyLazyFrame' objects>"
        or name.endswith("collect_all>")
    )
    assert queries == 2
