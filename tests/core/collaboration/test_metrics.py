"""Every collaboration metric on the shared literal log: exact frames out."""

from __future__ import annotations

import polars as pl
import pytest

from podium.core.calendars import BusinessCalendar
from podium.core.collaboration import (
    directly_follows,
    handover_network,
    ping_pong,
    pm4py_handover_of_work,
    push_to_front,
    time_in_hands,
    waiting_state_use,
)
from podium.core.eventlog import EventLog

ALWAYS = BusinessCalendar.always_open()


def test_directly_follows_counts_consecutive_events_with_durations(log: EventLog) -> None:
    assert directly_follows(log).rows() == [
        ("Accepted", "Accepted", 4, 825.0, 750.0),
        ("Accepted", "Completed", 2, 1200.0, 1200.0),
        ("Queued", "Accepted", 2, 450.0, 450.0),
        ("Queued", "Completed", 1, 1800.0, 1800.0),
    ]


def test_handover_network_skips_events_without_a_party(log: EventLog) -> None:
    assert handover_network(log, "party").rows() == [
        ("A", "B", 2, 2, 450.0),
        ("B", "A", 1, 1, 1800.0),
        ("B", "C", 1, 1, 600.0),
        ("C", "A", 1, 1, 900.0),
    ]
    assert handover_network(log, "team")["handovers"].to_list() == [2, 1, 1, 1]


def test_pm4py_variant_counts_every_pair_including_repeats(log: EventLog) -> None:
    assert pm4py_handover_of_work(log, "resource").rows() == [
        ("A", "A", 3, 0.375),
        ("A", "B", 2, 0.25),
        ("B", "A", 1, 0.125),
        ("B", "C", 1, 0.125),
        ("C", "A", 1, 0.125),
    ]


def test_direct_ping_pong_is_an_immediate_bounce(log: EventLog) -> None:
    result = ping_pong(log, "party", "direct")
    assert (result.cases, result.cases_with_ping_pong, result.bounces) == (3, 1, 1)
    assert result.share == pytest.approx(1 / 3)
    assert result.pairs.rows() == [("A", "B", 1, 1)]


def test_return_ping_pong_also_catches_loops(log: EventLog) -> None:
    result = ping_pong(log, "party", "return")
    assert (result.cases_with_ping_pong, result.bounces) == (2, 2)
    assert result.pairs.rows() == [("A", "B", 1, 1), ("A", "C", 1, 1)]


def test_team_ping_pong_uses_the_team_column(log: EventLog) -> None:
    assert ping_pong(log, "team", "direct").pairs.rows() == [("A1", "B2", 1, 1)]


def test_push_to_front_by_highest_line(log: EventLog) -> None:
    result = push_to_front(log)
    assert (result.cases_with_line, result.first_line_only) == (3, 1)
    assert (result.reached_line_2, result.reached_line_3) == (2, 1)
    assert result.cases.rows() == [("X", 2), ("Y", 3), ("Z", 1)]


def test_push_to_front_leaves_cases_without_a_line_out(log: EventLog) -> None:
    frame = log.frame.with_columns(
        pl.when(pl.col("case_id") == "Y").then(None).otherwise(pl.col("line")).alias("line")
    )
    result = push_to_front(EventLog.from_frame(frame))
    assert (result.cases_with_line, result.first_line_share) == (2, 0.5)


def test_waiting_states_by_state_and_by_holding_party(log: EventLog) -> None:
    result = waiting_state_use(log, ALWAYS)
    assert result.by_state.rows() == [
        ("Wait - User", 1, 1, 1200.0, 1200.0),
        ("Wait - Vendor", 1, 1, 1200.0, 1200.0),
    ]
    assert result.by_party.rows() == [
        ("Wait - User", "B", 1, 1, 1200.0, 1200.0),
        ("Wait - Vendor", "A", 1, 1, 1200.0, 1200.0),
    ]
    only_user = waiting_state_use(log, ALWAYS, waiting_states={"Wait - User"})
    assert only_user.by_state["sub_status"].to_list() == ["Wait - User"]


def test_time_in_hands_per_case_and_per_party(log: EventLog) -> None:
    result = time_in_hands(log, ALWAYS)
    assert result.per_case.rows() == [
        ("X", "A", 1800.0),
        ("X", "B", 1800.0),
        ("Y", "A", 1500.0),
        ("Y", "B", 600.0),
        ("Y", "C", 900.0),
        ("Z", "A", 1800.0),
    ]
    assert result.per_party.rows() == [
        ("A", 3, 5100.0, 1800.0),
        ("B", 2, 2400.0, 1200.0),
        ("C", 1, 900.0, 900.0),
    ]


def test_empty_log_gives_empty_tables() -> None:
    empty = EventLog.from_frame(
        pl.DataFrame(
            {"case_id": [], "activity": [], "timestamp": []},
            schema={
                "case_id": pl.String,
                "activity": pl.String,
                "timestamp": pl.Datetime("us", "UTC"),
            },
        )
    )
    assert directly_follows(empty).height == 0
    assert handover_network(empty).height == 0
    assert ping_pong(empty).share == 0.0
    assert time_in_hands(empty, ALWAYS).per_party.height == 0
    assert waiting_state_use(empty, ALWAYS).by_state.height == 0
