"""The escalation decision: exact cases, and the property that a ladder never skips a step."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.core.calendars import calendar_preset
from podium.core.escalation import (
    EscalationError,
    EscalationState,
    LadderSnapshot,
    StepSnapshot,
    decide,
)

START = dt.datetime(2026, 3, 6, 15, 0, tzinfo=dt.UTC)  # Friday 16:00 Amsterdam
OFFICE = calendar_preset("NL")


def step(position: int, minutes: int, kind: str = "calendar") -> StepSnapshot:
    return StepSnapshot(position, "operational", minutes * 60, kind, "alpha", "lead", "email")  # type: ignore[arg-type]


def test_first_step_waits_from_the_start() -> None:
    ladder = LadderSnapshot("alpha", 1, (step(1, 30), step(2, 60)))
    nxt = decide(ladder, EscalationState(START), START)
    assert nxt is not None
    assert (nxt.step.position, nxt.due_at, nxt.is_due) == (
        1,
        START + dt.timedelta(minutes=30),
        False,
    )


def test_business_wait_skips_the_weekend() -> None:
    ladder = LadderSnapshot("alpha", 1, (step(1, 120, "business"),))
    nxt = decide(ladder, EscalationState(START), START, OFFICE)
    assert nxt is not None
    # one business hour left on Friday (till 17:00 local), the second on Monday 08:00-09:00 local
    assert nxt.due_at == OFFICE.deadline(START, 7200.0)
    assert nxt.due_at.weekday() == 0


def test_business_wait_without_calendar_is_refused() -> None:
    ladder = LadderSnapshot("alpha", 1, (step(1, 120, "business"),))
    with pytest.raises(EscalationError):
        decide(ladder, EscalationState(START), START)


def test_finished_ladder_has_no_next_step() -> None:
    ladder = LadderSnapshot("alpha", 1, (step(1, 1),))
    assert decide(ladder, EscalationState(START).take(START), START) is None


def test_badly_numbered_ladder_is_refused() -> None:
    with pytest.raises(EscalationError):
        LadderSnapshot("alpha", 1, (step(1, 1), step(3, 1)))


def test_naive_now_is_refused() -> None:
    ladder = LadderSnapshot("alpha", 1, (step(1, 1),))
    with pytest.raises(EscalationError):
        decide(ladder, EscalationState(START), START.replace(tzinfo=None))


waits = st.lists(st.integers(0, 3 * 24 * 60), min_size=1, max_size=5)
kinds = st.sampled_from(["calendar", "business"])
nows = st.lists(st.integers(0, 20 * 24 * 60), min_size=1, max_size=30)


@given(waits=waits, kind=kinds, polls=nows)
def test_a_ladder_never_skips_a_step(waits: list[int], kind: str, polls: list[int]) -> None:
    """A worker polling at arbitrary (sorted) moments takes steps 1, 2, 3… in order, at most one
    per poll, never before it is due, and each due time counts from the previous step taken."""
    ladder = LadderSnapshot("alpha", 1, tuple(step(i + 1, w, kind) for i, w in enumerate(waits)))
    state = EscalationState(START)
    taken_positions = []
    for minutes in sorted(polls):
        now = START + dt.timedelta(minutes=minutes)
        nxt = decide(ladder, state, now, OFFICE)
        if nxt is None:
            break
        assert nxt.step.position == state.steps_taken + 1
        anchor = state.taken[-1] if state.taken else state.started_at
        assert nxt.due_at >= anchor
        if nxt.is_due:
            assert now >= nxt.due_at
            taken_positions.append(nxt.step.position)
            state = state.take(now)
    assert taken_positions == list(range(1, len(taken_positions) + 1))
