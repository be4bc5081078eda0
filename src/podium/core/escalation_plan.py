"""What a sweep of due deadlines fires for one ticket: the warning, the breach and the ladder's
steps, from the ticket's stored clock, its ladder snapshot, what was fired before and `now`.

A ticket's clock is stored as of its last change (`as_of`); between changes it runs or stays
paused, so the instant its elapsed business time reaches a share of the target is found from
its segments alone. The *warning* falls due when the clock has run `warning_share` of the
target, the *breach* when it has run all of it. The escalation starts with the warning: the
first step waits from the warning's due instant, each later step from the moment the step
before it was fired (`podium.core.escalation.decide`), so a late sweep fires what is owed once
and in order and never brings a later step forward. Steps climb only while the clock runs: a
ticket waiting on its caller does not escalate, and a step owed when it resumes fires then.

Each firing has a key (``warning``, ``breach``, ``step-1``, …) that the database keeps unique
per ticket and ladder version, which is what makes a step fire exactly once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from podium.core.escalation import (
    BusinessTime,
    EscalationError,
    EscalationState,
    LadderSnapshot,
    StepSnapshot,
    decide,
)

FiringKind = Literal["warning", "breach", "step"]
WARNING = "warning"
BREACH = "breach"
_KIND_ORDER = {"warning": 0, "breach": 1, "step": 2}


def step_key(position: int) -> str:
    """The key of a ladder step's firing.

    >>> step_key(2)
    'step-2'
    """
    return f"step-{position}"


@dataclass(frozen=True, slots=True)
class RunSegment:
    """A stretch of the clock: running or paused, `business_seconds` counted in it (up to the
    clock's `as_of` when it is still open, `end` None)."""

    start: datetime
    end: datetime | None
    running: bool
    business_seconds: float


@dataclass(frozen=True, slots=True)
class ClockView:
    """A ticket's end-to-end clock as stored after its last change."""

    state: str
    target_seconds: float
    as_of: datetime
    due_at: datetime | None
    breached_at: datetime | None
    segments: tuple[RunSegment, ...]


@dataclass(frozen=True, slots=True)
class Fired:
    """A firing already recorded: when it was due and when it was fired."""

    due_at: datetime
    fired_at: datetime


@dataclass(frozen=True, slots=True)
class Firing:
    """Something the sweep fires now."""

    key: str
    kind: FiringKind
    due_at: datetime
    step: StepSnapshot | None = None


@dataclass(frozen=True, slots=True)
class SweepPlan:
    """What is due now, in order, and what falls due later if nothing changes; `next_at` is when
    the ticket needs looking at again (None: not before its next change)."""

    due: tuple[Firing, ...]
    later: tuple[Firing, ...] = ()

    @property
    def next_at(self) -> datetime | None:
        return min(f.due_at for f in self.later) if self.later else None

    @property
    def upcoming(self) -> Firing | None:
        """What fires next: the first one owed now, else the earliest later one."""
        if self.due:
            return self.due[0]
        return min(self.later, key=lambda f: f.due_at) if self.later else None


def elapsed_reached_at(clock: ClockView, seconds: float, calendar: BusinessTime) -> datetime | None:
    """The instant the clock's elapsed business time reaches `seconds`, or None when it has not
    and, being paused or stopped, will not before its next change.

    >>> from datetime import UTC
    >>> t = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> clock = ClockView("running", 3600, t + timedelta(hours=2), None, None, (
    ...     RunSegment(t, t + timedelta(minutes=20), True, 1200),
    ...     RunSegment(t + timedelta(minutes=20), t + timedelta(minutes=80), False, 3600),
    ...     RunSegment(t + timedelta(minutes=80), None, True, 2400)))
    >>> elapsed_reached_at(clock, 1800, WallClock()).isoformat()
    '2026-03-02T10:30:00+00:00'
    >>> elapsed_reached_at(clock, 7200, WallClock()).isoformat()
    '2026-03-02T12:00:00+00:00'
    """
    counted = 0.0
    last: RunSegment | None = None
    for segment in clock.segments:
        if not segment.running:
            last = segment
            continue
        if counted + segment.business_seconds >= seconds:
            return calendar.deadline(segment.start, seconds - counted)
        counted += segment.business_seconds
        last = segment
    if clock.state == "running" and last is not None and last.running and last.end is None:
        return calendar.deadline(last.start, seconds - counted + last.business_seconds)
    return None


def plan(
    clock: ClockView,
    ladder: LadderSnapshot | None,
    fired: Mapping[str, Fired],
    now: datetime,
    calendar: BusinessTime,
    *,
    warning_share: float,
) -> SweepPlan:
    """What a sweep at `now` fires for one ticket, given what was `fired` before (by key).

    >>> from datetime import UTC
    >>> t = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> clock = ClockView("running", 3600, t, t + timedelta(hours=1), None,
    ...                   (RunSegment(t, None, True, 0),))
    >>> ladder = LadderSnapshot("alpha", 1, (
    ...     StepSnapshot(1, "operational", 600, "calendar", "alpha", "service_manager", "email"),
    ...     StepSnapshot(2, "tactical", 600, "calendar", "alpha", "account_manager", "phone")))
    >>> late = plan(clock, ladder, {}, t + timedelta(hours=5), WallClock(), warning_share=0.5)
    >>> [(f.key, f.due_at.strftime("%H:%M")) for f in late.due], late.next_at.strftime("%H:%M")
    ([('warning', '09:30'), ('step-1', '09:40'), ('breach', '10:00')], '14:10')
    """
    if not 0 < warning_share <= 1:
        raise EscalationError(f"the warning share must be in (0, 1], got {warning_share}")
    if now.tzinfo is None:
        raise EscalationError("`now` must be timezone-aware")
    due: list[Firing] = []
    later: list[Firing] = []
    target = clock.target_seconds
    warning_at = elapsed_reached_at(clock, warning_share * target, calendar) if target else None
    breach_at = clock.breached_at or (clock.due_at if clock.state == "running" else None)
    for key, at in ((WARNING, warning_at), (BREACH, breach_at)):
        if key in fired or at is None:
            continue
        firing = Firing(key, "warning" if key == WARNING else "breach", at)
        (due if at <= now else later).append(firing)
    started = fired[WARNING].due_at if WARNING in fired else None
    if started is None and due and due[0].key == WARNING:
        started = due[0].due_at
    if ladder is not None and ladder.steps and started is not None and clock.state == "running":
        taken: list[datetime] = []
        for step in ladder.steps:
            record = fired.get(step_key(step.position))
            if record is None:
                break
            taken.append(record.fired_at)
        state = EscalationState(started, tuple(taken))
        while (nxt := decide(ladder, state, now, calendar)) is not None:
            firing = Firing(step_key(nxt.step.position), "step", nxt.due_at, nxt.step)
            if not nxt.is_due:
                later.append(firing)
                break
            due.append(firing)
            state = state.take(now)
    due.sort(key=lambda f: (f.due_at, _KIND_ORDER[f.kind]))
    return SweepPlan(tuple(due), tuple(later))


def look_again_at(
    state: str,
    target_seconds: float,
    elapsed_seconds: float,
    breached: bool,
    as_of: datetime,
    *,
    warning_share: float,
) -> datetime | None:
    """The earliest a ticket whose clock was just recomputed may owe the sweep something: its
    warning, counted on the wall clock (business time never runs faster), or `as_of` itself
    once the warning share is behind it (a breach or a step may be owed; the sweep finds out
    and stores the exact instant). None while the clock does not run.

    >>> from datetime import UTC
    >>> t = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> look_again_at("running", 3600, 600, False, t, warning_share=0.5).isoformat()
    '2026-03-02T09:20:00+00:00'
    >>> look_again_at("running", 3600, 2000, False, t, warning_share=0.5) == t
    True
    >>> look_again_at("paused", 3600, 2000, False, t, warning_share=0.5) is None
    True
    """
    if state != "running" or target_seconds <= 0:
        return None
    left = warning_share * target_seconds - elapsed_seconds
    if breached or left <= 0:
        return as_of
    return as_of + timedelta(seconds=left)


class WallClock:
    """Every second counts: the deadline of a calendar that never closes."""

    def deadline(self, start: datetime, seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)
