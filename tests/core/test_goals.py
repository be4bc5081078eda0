"""Key results measured from tiny literal event logs: exact values, window edges, parties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from podium.core.clocks import ClockPolicy, WallClockTime, evaluate_clocks
from podium.core.eventlog import EventLog
from podium.core.goals import (
    ClockGroup,
    GoalError,
    Window,
    contributions,
    evaluate_groups,
    key_result_problem,
    measure,
    progress,
    standing,
)

T = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
MARCH = Window(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
H = dt.timedelta(hours=1)


def _group(
    rows: list[tuple[str, dt.timedelta, str, str | None]], target_hours: float = 2
) -> ClockGroup:
    frame = pl.DataFrame(
        {
            "case_id": [r[0] for r in rows],
            "timestamp": [T + r[1] for r in rows],
            "activity": [r[2] for r in rows],
            "party": [r[3] for r in rows],
        }
    )
    policy = ClockPolicy(default_target_seconds=target_hours * 3600)
    return ClockGroup(EventLog.from_frame(frame), WallClockTime(), policy)


# a: X only, 1 h, met; b: X → Y → X (a bounce), 3 h, breached; c: opened in March, still open
LOG = _group(
    [
        ("a", 0 * H, "open", "X"),
        ("a", 1 * H, "Resolved", "X"),
        ("b", 0 * H, "open", "X"),
        ("b", 1 * H, "work", "Y"),
        ("b", 2 * H, "work", "X"),
        ("b", 3 * H, "Resolved", "X"),
        ("c", 0 * H, "open", "Y"),
    ]
)


def test_sla_attainment_counts_the_tickets_whose_clock_stopped_in_the_window() -> None:
    assert measure("sla_attainment", [LOG], MARCH, now=MARCH.end).value == 50.0
    assert measure("sla_attainment", [LOG], MARCH, now=MARCH.end).basis == 2


def test_a_ticket_stopped_before_the_window_does_not_count() -> None:
    april = Window(MARCH.end, dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    found = measure("sla_attainment", [LOG], april, now=april.end)
    assert (found.value, found.basis) == (None, 0)
    assert "no ticket" in found.note


def test_a_running_window_is_read_at_now() -> None:
    # at 10:30 only ticket a has stopped (met), b is still running
    found = measure("sla_attainment", [LOG], MARCH, now=T + 1.5 * H)
    assert (found.value, found.basis) == (100.0, 1)


def test_time_to_restore_is_the_median_on_the_clock_in_hours() -> None:
    assert measure("time_to_restore", [LOG], MARCH, now=MARCH.end).value == 2.0


def test_ola_attainment_reads_the_partys_own_clock() -> None:
    # X held a for 1 h and b for 1 + 1 h: both within the 2 h target
    assert measure("ola_attainment", [LOG], MARCH, now=MARCH.end, party="X").value == 100.0
    with pytest.raises(GoalError, match="for a party"):
        measure("ola_attainment", [LOG], MARCH, now=MARCH.end)


def test_ping_pong_share_over_the_tickets_opened_in_the_window() -> None:
    found = measure("ping_pong_share", [LOG], MARCH, now=MARCH.end)
    assert (found.value, found.basis) == (33.33, 3)


def test_handoff_delay_is_the_median_in_hours_and_can_name_the_receiver() -> None:
    assert measure("handoff_delay", [LOG], MARCH, now=MARCH.end).value == 1.0
    assert measure("handoff_delay", [LOG], MARCH, now=MARCH.end, party="Y").basis == 1
    assert measure("handoff_delay", [LOG], MARCH, now=MARCH.end, party="Z").value is None


def test_groups_with_other_targets_are_read_together() -> None:
    lenient = _group([("d", 0 * H, "open", "X"), ("d", 5 * H, "Resolved", "X")], target_hours=8)
    assert measure("sla_attainment", [LOG, lenient], MARCH, now=MARCH.end).value == 66.67


def test_the_trust_index_has_a_slot_and_no_value_yet() -> None:
    found = measure("trust_index", [LOG], MARCH, now=MARCH.end)
    assert (found.value, found.note) == (None, "no survey results yet")
    assert contributions("trust_index", [LOG], MARCH, now=MARCH.end) == []


def test_contributions_to_missed_sla_are_time_in_hands_on_breached_tickets() -> None:
    parts = contributions("sla_attainment", [LOG], MARCH, now=MARCH.end)
    assert [(p.party, p.seconds, p.share) for p in parts] == [
        ("X", 7200.0, 66.7),
        ("Y", 3600.0, 33.3),
    ]


def test_contributions_to_handoff_delay_are_the_delays_each_receiver_took() -> None:
    parts = contributions("handoff_delay", [LOG], MARCH, now=MARCH.end)
    assert [(p.party, p.seconds) for p in parts] == [("X", 3600.0), ("Y", 3600.0)]


@pytest.mark.parametrize(
    ("baseline", "target", "value", "direction", "expected"),
    [
        (80, 95, 80, "increase", 0.0),
        (80, 95, 95, "increase", 100.0),
        (80, 95, 99, "increase", 100.0),
        (80, 95, 70, "increase", 0.0),
        (10, 4, 4, "decrease", 100.0),
        (10, 4, 8.5, "decrease", 25.0),
    ],
)
def test_progress_from_baseline_to_target(
    baseline: float, target: float, value: float, direction: str, expected: float
) -> None:
    assert progress(baseline, target, value, direction) == expected  # type: ignore[arg-type]


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused() -> None:
    assert key_result_problem(80, 80, "increase") is not None
    assert key_result_problem(4, 10, "decrease") is not None
    with pytest.raises(GoalError):
        progress(4, 10, 5, "decrease")


def test_standing_weighs_progress_against_the_time_gone_and_confidence() -> None:
    assert standing(90.0, 2, 0.5) == "off_track"
    assert standing(10.0, 5, 0.9) == "off_track"
    assert standing(45.0, 5, 0.5) == "on_track"


def test_a_window_must_be_aware_and_in_order() -> None:
    with pytest.raises(GoalError):
        Window(MARCH.end, MARCH.start)
    with pytest.raises(GoalError):
        Window(dt.datetime(2026, 3, 1), dt.datetime(2026, 4, 1))  # noqa: DTZ001


def test_one_evaluation_feeds_the_breaches_and_the_credits_with_the_same_figures() -> None:
    """A monthly review evaluates the month's clocks once (`evaluate_groups`) and hands the
    results to both readings: the same breaches as each reading evaluating on its own."""
    from podium.core.credits import party_breaches
    from podium.core.reports.review import breached_tickets

    tight = _group([("d", 0 * H, "open", "Y"), ("d", 2 * H, "work", "X"),
                    ("d", 5 * H, "Resolved", "X")], target_hours=1)  # fmt: skip
    groups = [LOG, tight]
    now = MARCH.end
    results = evaluate_groups(groups, as_of=MARCH.as_of(now))
    assert len(results) == len(groups)
    alone = party_breaches(groups, MARCH, now=now)
    # c still open with Y past its 2 h; d past 1 h with both; b: X used exactly its 2 h
    assert [(b.case_id, b.party) for b in alone] == [("d", "X"), ("d", "Y"), ("c", "Y")]
    assert party_breaches(groups, MARCH, now=now, results=results) == alone
    for party in ("X", "Y"):
        own = breached_tickets(groups, MARCH, now=now, party=party)
        assert own, party
        assert breached_tickets(groups, MARCH, now=now, party=party, results=results) == own


def _targets(group: ClockGroup, parties: dict[str, float], label: str, hours: float) -> ClockGroup:
    """The group with these party targets, its tickets labelled `label` for `hours`."""
    frame = group.log.frame.with_columns(pl.lit(label).alias("priority"))
    policy = ClockPolicy(
        default_target_seconds=3600.0,
        targets={label: hours * 3600},
        party_targets=parties,
    )
    return ClockGroup(EventLog.from_frame(frame), group.calendar, policy)


def together(results: list[Any]) -> dict[str, pl.DataFrame]:
    """Every result's tables end to end, in a fixed order of their rows."""
    keys = {"segments": ["case_id", "start"], "cases": ["case_id"], "parties": ["case_id", "party"]}
    return {
        name: pl.concat([getattr(r, name) for r in results]).sort(by, nulls_last=True)
        for name, by in keys.items()
    }


def test_groups_that_differ_by_party_targets_are_evaluated_as_one_call_per_group_would() -> None:
    """Fused into one engine call, the groups' rows are the ones a call per group gives: the
    same party named in two groups keeps each group's target."""
    other = _group(
        [
            ("d", 0 * H, "open", "Y"),
            ("d", 1 * H, "work", "X"),
            ("d", 4 * H, "work", "Y"),
            ("e", 0 * H, "open", None),
            ("e", 2 * H, "Resolved", "X"),
        ]
    )
    renamed = LOG.log.frame.with_columns(pl.col("case_id") + "2")
    again = ClockGroup(EventLog.from_frame(renamed), LOG.calendar, LOG.policy)
    groups = [
        _targets(LOG, {"X": 1800.0, "Y": 7200.0}, "t1", 2),
        _targets(other, {"X": 9000.0}, "t2", 3),
        _targets(again, {}, "t1", 2),  # LOG's tickets under other names, no party target
    ]
    as_of = T + 5 * H
    fused = evaluate_groups(groups, as_of=as_of)
    assert len(fused) == 1
    alone = [evaluate_clocks(g.log, g.calendar, g.policy, as_of=as_of) for g in groups]
    for name, frame in together(fused).items():
        assert_frame_equal(frame, together(alone)[name])
    # and the party targets did differ: X's clock on case b breached under 30 minutes only
    parties = fused[0].parties
    assert parties.filter(party="X", case_id="b")["breached"].item() is True
    assert parties.filter(party="X", case_id="b2")["breached"].item() is False
    assert set(parties["party"]) == {"X", "Y"}


def test_groups_on_another_calendar_or_with_a_clashing_target_are_evaluated_apart() -> None:
    from podium.core.goals import _fusable

    calendar = LOG.calendar
    a = _targets(LOG, {}, "t1", 2)
    clash = _targets(LOG, {}, "t1", 3)  # label t1 with another target
    apart = ClockGroup(a.log, object(), a.policy)  # type: ignore[arg-type]
    assert _fusable([a, _targets(LOG, {"X": 1.0}, "t2", 5)]) == [[0, 1]]
    assert _fusable([a, clash]) == [[0], [1]]
    assert _fusable([a, apart]) == [[0], [1]]
    assert calendar is LOG.calendar
