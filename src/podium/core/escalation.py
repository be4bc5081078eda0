"""Which escalation step comes next, and when: decided from a ladder snapshot, a state and `now`.

A ticket keeps the ladder version it started with (a *snapshot*), so the decision needs nothing
from the database. Each step's wait counts from the moment the previous step was taken (or from
the start of the escalation for the first step), so a late worker never makes the following
steps come sooner than the ladder promises, and a step is never skipped: however late `now` is,
the answer is the one step after the last one taken.

Waits are either calendar time or business time; business time needs a calendar that can add
business seconds to an instant (`podium.core.calendars.BusinessCalendar` is one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

WaitKind = Literal["business", "calendar"]


class EscalationError(ValueError):
    """A ladder or a state that cannot be decided on."""


class BusinessTime(Protocol):
    """What a business wait needs: the instant after `seconds` of business time from `start`."""

    def deadline(self, start: datetime, seconds: float) -> datetime: ...


@dataclass(frozen=True, slots=True)
class StepSnapshot:
    """One rung: after `wait_seconds` (business or calendar), reach `contact_role` at `party`."""

    position: int
    level: str
    wait_seconds: int
    wait_kind: WaitKind
    party: str
    contact_role: str
    channel: str


@dataclass(frozen=True, slots=True)
class LadderSnapshot:
    """One version of a ladder as a ticket keeps it; steps in position order 1, 2, 3, …"""

    key: str
    version: int
    steps: tuple[StepSnapshot, ...]

    def __post_init__(self) -> None:
        positions = [s.position for s in self.steps]
        if positions != list(range(1, len(positions) + 1)):
            raise EscalationError(f"ladder {self.key} steps must be numbered 1..n, got {positions}")
        for step in self.steps:
            if step.wait_seconds < 0:
                raise EscalationError(f"step {step.position} of {self.key} waits a negative time")


@dataclass(frozen=True, slots=True)
class EscalationState:
    """Where an escalation stands: when it started and the steps taken so far (by position)."""

    started_at: datetime
    taken: tuple[datetime, ...] = ()

    def __post_init__(self) -> None:
        for instant in (self.started_at, *self.taken):
            if instant.tzinfo is None:
                raise EscalationError("escalation instants must be timezone-aware")

    @property
    def steps_taken(self) -> int:
        return len(self.taken)

    def take(self, at: datetime) -> EscalationState:
        """The state after the next step was taken at `at`."""
        return EscalationState(self.started_at, (*self.taken, at))


@dataclass(frozen=True, slots=True)
class NextStep:
    """The step after the last one taken, when it is due, and whether it is due at `now`."""

    step: StepSnapshot
    due_at: datetime
    is_due: bool


def decide(
    ladder: LadderSnapshot,
    state: EscalationState,
    now: datetime,
    calendar: BusinessTime | None = None,
) -> NextStep | None:
    """The next step of `ladder` for `state` at `now`, or None when every step was taken.

    >>> from datetime import UTC
    >>> start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> ladder = LadderSnapshot("alpha", 1, (
    ...     StepSnapshot(1, "operational", 1800, "calendar", "alpha", "service_manager", "email"),
    ...     StepSnapshot(2, "tactical", 3600, "calendar", "alpha", "account_manager", "phone"),
    ... ))
    >>> nxt = decide(ladder, EscalationState(start), start + timedelta(hours=5))
    >>> nxt.step.position, nxt.due_at.isoformat(), nxt.is_due
    (1, '2026-03-02T09:30:00+00:00', True)

    Even five hours late, the second step waits its full hour after the first was taken:

    >>> taken = EscalationState(start).take(start + timedelta(hours=5))
    >>> decide(ladder, taken, start + timedelta(hours=5)).due_at.isoformat()
    '2026-03-02T15:00:00+00:00'
    >>> decide(ladder, taken.take(start + timedelta(hours=6)), start + timedelta(hours=6)) is None
    True
    """
    if now.tzinfo is None:
        raise EscalationError("`now` must be timezone-aware")
    if state.steps_taken > len(ladder.steps):
        raise EscalationError(
            f"{state.steps_taken} steps taken but ladder {ladder.key} v{ladder.version} "
            f"has {len(ladder.steps)}"
        )
    if state.steps_taken == len(ladder.steps):
        return None
    step = ladder.steps[state.steps_taken]
    anchor = state.taken[-1] if state.taken else state.started_at
    due_at = wait_until(anchor, step, calendar)
    return NextStep(step=step, due_at=due_at, is_due=now >= due_at)


def wait_until(anchor: datetime, step: StepSnapshot, calendar: BusinessTime | None) -> datetime:
    """When `step` falls due, counting its wait from `anchor`.

    A business wait without a calendar is refused rather than silently counted as calendar time:
    the two differ by nights and weekends, which is exactly what users notice.

    >>> from datetime import UTC
    >>> step = StepSnapshot(1, "operational", 60, "business", "alpha", "service_manager", "email")
    >>> wait_until(datetime(2026, 3, 2, 9, tzinfo=UTC), step, None)
    Traceback (most recent call last):
    ...
    podium.core.escalation.EscalationError: step 1 waits business time but no calendar was given
    """
    if step.wait_kind == "calendar":
        return anchor + timedelta(seconds=step.wait_seconds)
    if calendar is None:
        raise EscalationError(f"step {step.position} waits business time but no calendar was given")
    return calendar.deadline(anchor, float(step.wait_seconds))


@dataclass(frozen=True, slots=True)
class LadderScope:
    """Whom a current ladder is for: a party (None: any party) and a service (None: any)."""

    ladder_id: int
    key: str
    party_id: int | None
    service_id: int | None


def most_specific_ladder(
    ladders: Iterable[LadderScope], *, party_id: int | None, service_id: int | None
) -> LadderScope | None:
    """The ladder that applies to a ticket of `party_id` on `service_id`.

    The one for this party and service wins, then the party's own, then one for the service
    (any party), then one for anybody; ties go to the lowest key, so the answer never depends
    on the order ladders are read in.

    >>> ladders = [LadderScope(1, "any", None, None), LadderScope(2, "alpha", 7, None),
    ...            LadderScope(3, "shop", None, 4)]
    >>> most_specific_ladder(ladders, party_id=7, service_id=4).key
    'alpha'
    >>> most_specific_ladder(ladders, party_id=8, service_id=4).key
    'shop'
    >>> most_specific_ladder(ladders, party_id=8, service_id=None).key
    'any'
    """
    candidates = [
        lad
        for lad in ladders
        if lad.party_id in (party_id, None) and lad.service_id in (service_id, None)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda lad: (lad.party_id is None, lad.service_id is None, lad.key))
