"""`core.escalation_plan` held to a slow reference: random ladders, pauses and sweep times (long
gaps stand for a worker that was down), each ticket's clock evaluated by the engine as the live
path stores it, against a minute-by-minute simulation of what must have fired and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.core.clocks import ClockPolicy, WallClockTime, case_clock_state
from podium.core.escalation import EscalationError, LadderSnapshot, StepSnapshot
from podium.core.escalation_plan import (
    ClockView,
    Fired,
    RunSegment,
    WallClock,
    look_again_at,
    plan,
    step_key,
)

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
POLICY = ClockPolicy(
    pause_activities=frozenset({"pending"}),
    pause_sub_statuses=frozenset(),
    stop_activities=frozenset({"resolved"}),
    targets={},
    default_target_seconds=0.0,
    party_targets={},
)
KIND = {"warning": 0, "breach": 1}


def minute(m: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=m)


def ladder_of(waits: Sequence[int]) -> LadderSnapshot:
    return LadderSnapshot(
        "alpha",
        1,
        tuple(
            StepSnapshot(i, "operational", w * 60, "calendar", "alpha", "service_manager", "email")
            for i, w in enumerate(waits, start=1)
        ),
    )


def stored_clock(toggles: Sequence[int], target_minutes: int, at: int) -> ClockView:
    """The clock as the live path stores it after the last change at or before minute `at`:
    running from minute 0, paused and resumed at each toggle."""
    changes = [0, *[t for t in toggles if t <= at]]
    activities = ["inProgress"] + [
        "pending" if i % 2 else "inProgress" for i in range(1, len(changes))
    ]
    frame = pl.DataFrame(
        {
            "case_id": ["T"] * len(changes),
            "activity": activities,
            "timestamp": pl.Series([minute(c) for c in changes], dtype=pl.Datetime("us", "UTC")),
            "party": ["alpha"] * len(changes),
        }
    )
    as_of = minute(changes[-1])
    policy = ClockPolicy(
        pause_activities=POLICY.pause_activities,
        pause_sub_statuses=POLICY.pause_sub_statuses,
        stop_activities=POLICY.stop_activities,
        targets={},
        default_target_seconds=target_minutes * 60.0,
        party_targets={},
    )
    clock = case_clock_state(frame, WallClockTime(), as_of, policy)
    return ClockView(
        state=clock.state,
        target_seconds=clock.target_seconds,
        as_of=as_of,
        due_at=clock.due_at,
        breached_at=clock.breached_at,
        segments=tuple(
            RunSegment(start, end, running, seconds)
            for _, _, start, end, running, seconds in clock.segments.rows()
        ),
    )


def reference(
    toggles: Sequence[int], target: int, share: float, waits: Sequence[int], sweeps: Sequence[int]
) -> list[tuple[str, int, int]]:
    """(key, due minute, fired minute) in firing order, simulated minute by minute."""

    def running_at(m: int) -> bool:
        return sum(1 for t in toggles if t <= m) % 2 == 0

    def reached(seconds_needed: float, upto: int, *, running_on: bool = False) -> int | None:
        # a breach needs the clock to run on past its target: one that stops at it met it
        elapsed = 0
        for m in range(upto + 1):
            if elapsed * 60 >= seconds_needed and (running_at(m) or not running_on):
                return m
            elapsed += running_at(m)
        return None

    fired: dict[str, tuple[int, int]] = {}
    order: list[tuple[str, int, int]] = []
    for s in sweeps:
        now: list[tuple[int, int, str]] = []
        for key, needed in (("warning", share * target * 60), ("breach", target * 60.0)):
            due = reached(needed, s, running_on=key == "breach")
            if key not in fired and due is not None:
                fired[key] = (due, s)
                now.append((due, KIND[key], key))
        if "warning" in fired and running_at(s):
            for position, wait in enumerate(waits, start=1):
                key = step_key(position)
                if key in fired:
                    continue
                anchor = fired["warning"][0] if position == 1 else fired[step_key(position - 1)][1]
                if anchor + wait > s:
                    break
                fired[key] = (anchor + wait, s)
                now.append((anchor + wait, 2, key))
        order += [(key, due, s) for due, _, key in sorted(now)]
    return order


def engine(
    toggles: Sequence[int], target: int, share: float, waits: Sequence[int], sweeps: Sequence[int]
) -> list[tuple[str, int, int]]:
    ladder = ladder_of(waits) if waits else None
    fired: dict[str, Fired] = {}
    order: list[tuple[str, int, int]] = []
    for s in sweeps:
        clock = stored_clock(toggles, target, s)
        result = plan(clock, ladder, fired, minute(s), WallClock(), warning_share=share)
        for firing in result.due:
            assert firing.key not in fired
            fired[firing.key] = Fired(firing.due_at, minute(s))
            order.append((firing.key, int((firing.due_at - T0).total_seconds() // 60), s))
        if result.next_at is not None:
            assert result.next_at > minute(s)
            # nothing falls due before the stored next deadline, unless the ticket changes first
            if not any(s < t <= (result.next_at - T0).total_seconds() / 60 for t in toggles):
                just_before = result.next_at - dt.timedelta(microseconds=1)
                assert (
                    plan(clock, ladder, fired, just_before, WallClock(), warning_share=share).due
                    == ()
                )
                assert plan(
                    clock, ladder, fired, result.next_at, WallClock(), warning_share=share
                ).due
    return order


scenario = st.fixed_dictionaries(
    {
        "target": st.integers(1, 40).map(lambda n: n * 4),
        "share": st.sampled_from([0.5, 0.75, 1.0]),
        "waits": st.lists(st.integers(0, 90), max_size=4),
        "toggles": st.lists(st.integers(1, 400), max_size=6, unique=True).map(sorted),
        "sweeps": st.lists(st.integers(0, 600), min_size=1, max_size=12).map(sorted),
    }
)


@settings(max_examples=120, deadline=None)
@given(scenario)
def test_the_plan_fires_what_the_minute_by_minute_reference_fires(case: dict[str, object]) -> None:
    args = (case["toggles"], case["target"], case["share"], case["waits"], case["sweeps"])
    assert engine(*args) == reference(*args)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(scenario)
def test_each_step_fires_once_in_ladder_order_and_never_before_it_is_due(
    case: dict[str, object],
) -> None:
    args = (case["toggles"], case["target"], case["share"], case["waits"], case["sweeps"])
    order = engine(*args)  # type: ignore[arg-type]
    keys = [key for key, _, _ in order]
    assert len(keys) == len(set(keys))
    steps = [int(key.split("-")[1]) for key in keys if key.startswith("step-")]
    assert steps == list(range(1, len(steps) + 1))
    assert all(due <= fired for _, due, fired in order)


def test_a_plan_refuses_a_share_outside_zero_to_one() -> None:
    clock = stored_clock([], 60, 0)
    with pytest.raises(EscalationError, match="warning share"):
        plan(clock, None, {}, T0, WallClock(), warning_share=1.5)


def test_look_again_never_comes_after_the_warning() -> None:
    # business time never runs faster than the wall clock: the hint is a lower bound
    assert look_again_at("running", 3600, 0, False, T0, warning_share=0.8) == minute(48)
    assert look_again_at("stopped", 3600, 0, False, T0, warning_share=0.8) is None
    assert look_again_at("running", 3600, 3600, True, T0, warning_share=0.8) == T0
