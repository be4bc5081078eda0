"""The whole analysis in one call: figures, party summary and watermelon on a literal log."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from podium.core.analysis import run_analysis
from podium.core.calendars import BusinessCalendar
from podium.core.clocks import ClockPolicy
from podium.core.collaboration import watermelon
from podium.core.eventlog import EventLog

BASE = dt.datetime(2024, 3, 4, 8, tzinfo=dt.UTC)
ALWAYS = BusinessCalendar.always_open()
# X bounces A→B→A with a user wait in B's hands; Y loops A→B→C→A; Z stays with A.
ROWS = [
    ("X", 0, "Queued", None, "A", "A1", 1),
    ("X", 10, "Accepted", "In Progress", "B", "B2", 2),
    ("X", 20, "Accepted", "Wait - User", None, None, None),
    ("X", 40, "Accepted", "In Progress", "A", "A1", 1),
    ("X", 60, "Completed", "Resolved", "A", "A1", 1),
    ("Y", 0, "Queued", None, "A", "A1", 1),
    ("Y", 5, "Accepted", "In Progress", "B", "B2", 2),
    ("Y", 15, "Accepted", "In Progress", "C", "C3", 3),
    ("Y", 30, "Accepted", "Wait - Vendor", "A", "A1", 1),
    ("Y", 50, "Completed", "Closed", "A", "A1", 1),
    ("Z", 0, "Queued", None, "A", "A1", 1),
    ("Z", 30, "Completed", "Resolved", "A", "A1", 1),
]
# X runs 10 + 10 + 20 min = 2400 s against 2000 s: breached at 40 min + 800 s, while A
# (30 min of its 60) and B (10 min of its 30) both met their OLA: a watermelon.
POLICY = ClockPolicy(default_target_seconds=2000.0, party_targets={"A": 3600.0, "B": 1800.0})


@pytest.fixture
def log() -> EventLog:
    return EventLog.from_frame(
        pl.DataFrame(
            {
                "case_id": [r[0] for r in ROWS],
                "timestamp": [BASE + dt.timedelta(minutes=r[1]) for r in ROWS],
                "activity": [r[2] for r in ROWS],
                "sub_status": [r[3] for r in ROWS],
                "party": [r[4] for r in ROWS],
                "team": [r[5] for r in ROWS],
                "line": [r[6] for r in ROWS],
            }
        ),
        source="literal",
    )


def test_watermelon_is_red_end_to_end_and_green_per_party(log: EventLog) -> None:
    result = run_analysis(log, ALWAYS, POLICY)
    cases = result.clocks.cases
    assert cases.filter(pl.col("breached"))["case_id"].to_list() == ["X"]
    assert cases.row(0, named=True)["breached_at"] == BASE + dt.timedelta(minutes=53, seconds=20)
    melon = watermelon(result.clocks)
    assert melon.cases.rows() == [("X", 2000.0, 2400.0, 2)]
    assert (melon.count, melon.share, melon.share_of_breaches) == (1, 1 / 3, 1.0)


def test_party_summary(log: EventLog) -> None:
    summary = run_analysis(log, ALWAYS, POLICY).party_summary
    assert summary.rows() == [
        ("A", 3, 5100.0, 1800.0, 3, 3, 1.0, 2, 2, 1),
        ("B", 2, 2400.0, 1200.0, 2, 2, 1.0, 2, 2, 1),
        ("C", 1, 900.0, 900.0, 1, 1, 1.0, 1, 1, 0),
    ]
    assert summary.columns == [
        "party",
        "cases_touched",
        "time_in_hands_seconds",
        "median_time_in_hands_seconds",
        "ola_clocks",
        "ola_met",
        "ola_attainment",
        "handovers_out",
        "handovers_in",
        "bounces",
    ]


def test_to_dict_names_every_figure_plainly_and_is_json(log: EventLog) -> None:
    figures = run_analysis(log, ALWAYS, POLICY).to_dict(top=2)
    json.dumps(figures)
    plain = ("tables", "conventions", "notes", "tool_verdict")
    assert figures["conventions"]["pause"]["from"] == "clock policy"
    assert figures["notes"] == []
    assert figures["tool_verdict"] is None
    assert {k: v for k, v in figures.items() if k not in plain} == {
        "source": "literal",
        "as_of": "2024-03-04T09:00:00+00:00",
        "events": 12,
        "cases": 3,
        "parties": 3,
        "teams": 3,
        "party_handovers": 5,
        "team_handovers": 5,
        "ping_pong_share": 0.3333,
        "ping_pong_cases": 1,
        "ping_pong_bounces": 1,
        "return_ping_pong_share": 0.6667,
        "return_ping_pong_cases": 2,
        "return_ping_pong_bounces": 2,
        "team_ping_pong_share": 0.3333,
        "team_ping_pong_cases": 1,
        "team_ping_pong_bounces": 1,
        "cases_with_line": 3,
        "push_to_front_share": 0.3333,
        "line_2_share": 0.6667,
        "line_3_share": 0.3333,
        "sla_clocked_cases": 3,
        "sla_breached_cases": 1,
        "sla_breach_share": 0.3333,
        "ola_clocks": 6,
        "ola_attainment": 1.0,
        "watermelon_cases": 1,
        "watermelon_share": 0.3333,
        "watermelon_share_of_breaches": 1.0,
    }
    tables = figures["tables"]
    assert len(tables["party_handovers"]) == 2
    assert tables["party_handovers"][0] == {
        "source": "A",
        "target": "B",
        "handovers": 2,
        "cases": 2,
        "median_delay_seconds": 450.0,
    }
    assert tables["ping_pong_pairs"] == [{"party_a": "A", "party_b": "B", "bounces": 1, "cases": 1}]
    assert tables["watermelon_cases"] == [
        {"case_id": "X", "target_seconds": 2000.0, "elapsed_seconds": 2400.0, "parties": 2}
    ]


def test_as_of_is_passed_through(log: EventLog) -> None:
    as_of = BASE + dt.timedelta(minutes=25)
    result = run_analysis(log, ALWAYS, POLICY, as_of=as_of)
    assert result.as_of == as_of
    assert result.clocks.cases["state"].to_list() == ["paused", "running", "running"]
