"""Clocks over tiny literal logs: pinned instants, hand-computed expectations."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from podium.core.calendars import BusinessCalendar, calendar_preset
from podium.core.clocks import (
    ClockPolicy,
    ClockPolicyError,
    case_clock_state,
    evaluate_clocks,
)
from podium.core.clocks.live import SingleCaseError
from podium.core.eventlog import EventLog

UTC = dt.UTC
ALWAYS = BusinessCalendar.always_open()
COLUMNS = ["case_id", "timestamp", "activity", "sub_status", "party", "priority"]


def at(hour: int, minute: int = 0, day: int = 4) -> dt.datetime:
    """An instant in the week of Monday 4 March 2024, UTC."""
    return dt.datetime(2024, 3, day, hour, minute, tzinfo=UTC)


def make_log(rows: list[tuple[object, ...]]) -> EventLog:
    return EventLog.from_frame(pl.DataFrame(rows, schema=COLUMNS, orient="row"))


# Case A: desk, then vendor (with a user wait), resolved, reopened by the desk, closed.
# Case B: queued at the desk, then waiting on a vendor (party unknown on that event).
LOG = make_log(
    [
        ("A", at(8), "Queued", None, "desk", "1"),
        ("A", at(9), "Accepted", "In Progress", "vendor", None),
        ("A", at(10), "Accepted", "Wait - User", "vendor", None),
        ("A", at(12), "Accepted", "In Progress", "vendor", None),
        ("A", at(14), "Completed", "Resolved", "vendor", None),
        ("A", at(15), "Accepted", "In Progress", "desk", None),
        ("A", at(16), "Completed", "Closed", "desk", None),
        ("B", at(8), "Queued", None, "desk", None),
        ("B", at(8, 30), "Accepted", "Wait - Vendor", None, None),
    ]
)
POLICY = ClockPolicy(
    targets={"1": 12_600.0}, default_target_seconds=28_800.0, party_targets={"vendor": 10_800.0}
)


def frame(data: dict[str, list[object]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(data, schema=schema)


UTC_TS = pl.Datetime("us", "UTC")


def test_segments_split_on_state_and_holder_and_skip_stopped_time() -> None:
    result = evaluate_clocks(LOG, ALWAYS, POLICY, as_of=at(18))
    expected = frame(
        {
            "case_id": ["A", "A", "A", "A", "A", "B", "B"],
            "party": ["desk", "vendor", "vendor", "vendor", "desk", "desk", "desk"],
            "start": [at(8), at(9), at(10), at(12), at(15), at(8), at(8, 30)],
            "end": [at(9), at(10), at(12), at(14), at(16), at(8, 30), None],
            "running": [True, True, False, True, True, True, False],
            "business_seconds": [3600.0, 3600.0, 7200.0, 7200.0, 3600.0, 1800.0, 34200.0],
        },
        {
            "case_id": pl.String(),
            "party": pl.String(),
            "start": UTC_TS,
            "end": UTC_TS,
            "running": pl.Boolean(),
            "business_seconds": pl.Float64(),
        },
    )
    assert_frame_equal(result.segments, expected)


def test_end_to_end_clock_breach_due_and_remaining() -> None:
    cases = evaluate_clocks(LOG, ALWAYS, POLICY, as_of=at(18)).cases
    # A: priority 1 → 3.5 h. Running 1 h + 1 h + 2 h (from 12:00) + 1 h after the reopen;
    # the target is passed 1.5 h into the 12:00 segment: 13:30.
    # B: default 8 h; ran 30 min then paused until as_of; due = as_of + 7.5 h.
    expected = pl.DataFrame(
        {
            "case_id": ["A", "B"],
            "priority": ["1", None],
            "state": ["stopped", "paused"],
            "started_at": [at(8), at(8)],
            "target_seconds": [12_600.0, 28_800.0],
            "elapsed_seconds": [18_000.0, 1_800.0],
            "paused_seconds": [7_200.0, 34_200.0],
            "due_at": [at(13, 30), at(1, 30, day=5)],
            "breached_at": [at(13, 30), None],
            "breached": [True, False],
            "remaining_seconds": [None, 27_000.0],
        },
        schema_overrides={"started_at": UTC_TS, "due_at": UTC_TS, "breached_at": UTC_TS},
    )
    assert_frame_equal(cases, expected)


def test_party_clocks_count_only_the_time_each_party_held_the_case() -> None:
    parties = evaluate_clocks(LOG, ALWAYS, POLICY, as_of=at(18)).parties
    # desk falls back to the case's 3.5 h target; its due time is the one it had when it
    # last let go (16:00 + 1.5 h). vendor used exactly its 3 h: not a breach.
    expected = pl.DataFrame(
        {
            "case_id": ["A", "A", "B"],
            "party": ["desk", "vendor", "desk"],
            "target_seconds": [12_600.0, 10_800.0, 28_800.0],
            "elapsed_seconds": [7_200.0, 10_800.0, 1_800.0],
            "paused_seconds": [0.0, 7_200.0, 34_200.0],
            "due_at": [at(17, 30), at(14), at(1, 30, day=5)],
            "breached_at": [None, None, None],
            "breached": [False, False, False],
            "holding": [False, False, True],
            "remaining_seconds": [None, None, 27_000.0],
        },
        schema_overrides={"due_at": UTC_TS, "breached_at": UTC_TS},
    )
    assert_frame_equal(parties, expected)


def test_as_of_ignores_later_events_and_reports_remaining() -> None:
    cases = evaluate_clocks(LOG, ALWAYS, POLICY, as_of=at(11)).cases
    row = cases.row(0, named=True)
    # At 11:00, A has run 2 h and is paused since 10:00 → due = 11:00 + 1.5 h.
    assert row["state"] == "paused"
    assert row["elapsed_seconds"] == 7_200.0
    assert row["remaining_seconds"] == 5_400.0
    assert row["due_at"] == at(12, 30)
    assert row["breached_at"] is None


def test_as_of_defaults_to_the_last_event_of_the_log() -> None:
    assert evaluate_clocks(LOG, ALWAYS, POLICY).as_of == at(16)


def test_reopen_can_be_ignored() -> None:
    policy = ClockPolicy(targets={"1": 12_600.0}, reopen="stay_stopped")
    row = evaluate_clocks(LOG, ALWAYS, policy, as_of=at(18)).cases.row(0, named=True)
    assert row["elapsed_seconds"] == 14_400.0
    assert row["breached_at"] == at(13, 30)


def test_start_condition_and_a_case_that_never_started() -> None:
    log = make_log(
        [
            ("C", at(8), "Queued", None, "desk", "2"),
            ("C", at(9), "Accepted", "In Progress", "desk", None),
            ("C", at(11), "Completed", "Resolved", "desk", None),
            ("D", at(8), "Queued", None, "desk", None),
        ]
    )
    policy = ClockPolicy(start_activities=frozenset({"Accepted"}), targets={"2": 3_600.0})
    cases = evaluate_clocks(log, ALWAYS, policy, as_of=at(12)).cases
    c, d = cases.rows(named=True)
    assert (c["started_at"], c["elapsed_seconds"], c["breached_at"]) == (at(9), 7_200.0, at(10))
    assert (d["state"], d["started_at"], d["elapsed_seconds"], d["due_at"]) == (
        "not_started",
        None,
        0.0,
        None,
    )
    assert d["remaining_seconds"] is None


def test_priority_target_falls_back_to_the_default() -> None:
    policy = ClockPolicy(targets={"2": 60.0}, default_target_seconds=99.0)
    cases = evaluate_clocks(LOG, ALWAYS, policy, as_of=at(18)).cases
    assert cases["target_seconds"].to_list() == [99.0, 99.0]


def test_due_time_on_office_hours_is_pushed_past_the_night() -> None:
    # NL: Mon-Fri 09:00-17:00 Europe/Amsterdam (UTC+1 in March) = 08:00-16:00 UTC.
    log = make_log([("E", at(15), "Queued", None, "desk", None)])
    policy = ClockPolicy(default_target_seconds=7_200.0)
    row = evaluate_clocks(log, calendar_preset("NL"), policy, as_of=at(17)).cases.row(0, named=True)
    assert row["elapsed_seconds"] == 3_600.0
    assert row["due_at"] == at(9, day=5)


def test_single_case_path_agrees_with_the_batch() -> None:
    events = LOG.frame.filter(pl.col("case_id") == "A")
    state = case_clock_state(events, ALWAYS, as_of=at(18), policy=POLICY)
    batch = evaluate_clocks(LOG, ALWAYS, POLICY, as_of=at(18))
    case = batch.cases.row(0, named=True)
    assert (state.state, state.elapsed_seconds, state.due_at, state.breached) == (
        case["state"],
        case["elapsed_seconds"],
        case["due_at"],
        True,
    )
    assert [p.party for p in state.parties] == ["desk", "vendor"]
    assert state.parties[1].elapsed_seconds == 10_800.0
    with pytest.raises(SingleCaseError):
        case_clock_state(LOG.frame, ALWAYS, as_of=at(18))


def test_policy_rejects_negative_targets_and_unknown_reopen_rules() -> None:
    with pytest.raises(ClockPolicyError):
        ClockPolicy(default_target_seconds=-1.0)
    with pytest.raises(ClockPolicyError):
        ClockPolicy(reopen="restart")  # type: ignore[arg-type]


def test_naive_as_of_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        evaluate_clocks(LOG, ALWAYS, POLICY, as_of=dt.datetime(2024, 3, 4))  # noqa: DTZ001
