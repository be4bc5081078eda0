"""The balanced scorecard from a tiny literal log: delivery, collaboration, the relationship
slot, and the trend."""

from __future__ import annotations

import datetime as dt

import polars as pl

from podium.core.clocks import ClockPolicy, WallClockTime
from podium.core.eventlog import EventLog
from podium.core.goals import ClockGroup, Window
from podium.core.scorecard import month_windows, scorecards, trend

T = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
MARCH = Window(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC))


def _log(rows: list[tuple[str, float, str, str]]) -> ClockGroup:
    frame = pl.DataFrame(
        {
            "case_id": [r[0] for r in rows],
            "timestamp": [T + dt.timedelta(hours=r[1]) for r in rows],
            "activity": [r[2] for r in rows],
            "party": [r[3] for r in rows],
        }
    )
    return ClockGroup(
        EventLog.from_frame(frame), WallClockTime(), ClockPolicy(default_target_seconds=7200.0)
    )


# a: X → Y (taken after 0.5 h) → X (after 2 h): Y caused a bounce, the case breached (5 h)
# b: Y alone, 1 h, met; c: X → Z, still open in March
GROUP = _log(
    [
        ("a", 0, "open", "X"),
        ("a", 0.5, "work", "Y"),
        ("a", 2.5, "work", "X"),
        ("a", 5, "Resolved", "X"),
        ("b", 0, "open", "Y"),
        ("b", 1, "Resolved", "Y"),
        ("c", 0, "open", "X"),
        ("c", 3, "work", "Z"),
    ]
)


def test_every_party_gets_the_same_figures() -> None:
    cards = scorecards([GROUP], MARCH, now=MARCH.end, parties=["X", "Y", "Z", "W"])
    x, y, z, w = cards["X"], cards["Y"], cards["Z"], cards["W"]
    # X held a for 0.5 + 2.5 h (> 2 h: its OLA missed), Y for 2 h on a and 1 h on b
    assert (x.ola_attainment, x.sla_attainment, x.tickets) == (0.0, 0.0, 1)
    assert (y.sla_attainment, y.tickets) == (50.0, 2)
    assert (y.bounces_caused, x.bounces_caused) == (1, 0)
    # hand-offs to X: one taken 2 h after Y's last event (0.5 h) → not prompt
    assert (x.prompt_handoffs, x.handoffs_taken, x.response_hours) == (0.0, 1, 2.0)
    assert (y.prompt_handoffs, y.response_hours) == (100.0, 0.5)
    assert (z.handoffs_taken, z.tickets, z.sla_attainment) == (1, 0, None)
    assert (w.tickets, w.handoffs_taken, w.prompt_handoffs) == (0, 0, None)
    assert {c.relationship for c in cards.values()} == {None}
    assert {c.relationship_note for c in cards.values()} == {"no survey results yet"}


def test_shared_goal_shares_are_carried_as_given() -> None:
    cards = scorecards([GROUP], MARCH, now=MARCH.end, parties=["X"], shared_goal_shares={"X": 40.0})
    assert cards["X"].shared_goal_share == 40.0


def test_a_month_with_nothing_is_empty_not_zero() -> None:
    april = month_windows(dt.date(2026, 4, 1), 1)[0]
    card = scorecards([GROUP], april, now=april.end, parties=["X"])["X"]
    assert (card.ola_attainment, card.tickets, card.bounces_caused) == (None, 0, 0)


def test_month_windows_cross_the_year() -> None:
    windows = month_windows(dt.date(2027, 1, 15), 3)
    assert [(w.start.date(), w.end.date()) for w in windows] == [
        (dt.date(2026, 11, 1), dt.date(2026, 12, 1)),
        (dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
        (dt.date(2027, 1, 1), dt.date(2027, 2, 1)),
    ]


def test_trend_says_better_or_worse_whichever_way_is_good() -> None:
    assert trend([90.0, 90.0, 80.0]) == "down"
    assert trend([3.0, 3.0, 1.0], higher_is_better=False) == "up"
    assert trend([50.0, 50.5]) == "flat"
    assert trend([None, None]) == ""
