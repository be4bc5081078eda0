"""What makes an SLA/OLA clock start, pause, resume and stop, and how long it may run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from podium.core.eventlog.conventions import Conventions, StateSet, priority_key

ReopenRule = Literal["resume", "stay_stopped"]

DEFAULT_TARGET_SECONDS = 86_400.0


class ClockPolicyError(ValueError):
    """A clock policy that cannot be evaluated as written."""


@dataclass(frozen=True, slots=True)
class ClockPolicy:
    """Conditions on an event's activity or sub-status, and targets in business seconds.

    An event *matches* a condition when its activity is in the ``*_activities`` set or its
    sub-status is in the ``*_sub_statuses`` set. The clock starts at the first matching start
    event (every event matches when both start sets are empty: the clock starts with the case).
    From then on each event sets the clock's state until the next event: stopped if it matches a
    stop condition, else paused if it matches a pause condition, else running. ``reopen`` says
    what a later non-stop event does once the clock has stopped: ``"resume"`` (default) lets it
    run again from that event, the stopped time not counting; ``"stay_stopped"`` ignores it.

    The end-to-end target is ``targets[priority]`` where the priority is the case's last
    non-null value of ``priority_column``; ``default_target_seconds`` otherwise. A party's
    (OLA) target is ``party_targets[party]``, else ``default_party_target_seconds``, else the
    case's end-to-end target.

    >>> ClockPolicy(targets={"1": 3600.0}).target_for("1")
    3600.0
    >>> ClockPolicy().target_for(None)
    86400.0
    """

    start_activities: frozenset[str] = frozenset()
    start_sub_statuses: frozenset[str] = frozenset()
    pause_activities: frozenset[str] = frozenset({"On Hold"})
    pause_sub_statuses: frozenset[str] = frozenset({"Wait - User", "Wait - Vendor"})
    stop_activities: frozenset[str] = frozenset({"Resolved", "Closed", "Completed"})
    stop_sub_statuses: frozenset[str] = frozenset()
    reopen: ReopenRule = "resume"
    priority_column: str | None = "priority"
    targets: Mapping[str, float] = field(default_factory=dict)
    default_target_seconds: float = DEFAULT_TARGET_SECONDS
    party_targets: Mapping[str, float] = field(default_factory=dict)
    default_party_target_seconds: float | None = None
    pause_states: StateSet | None = None
    """Pauses too: states matched by name or pattern on the activity or the sub-status."""
    priority_keys: bool = False
    """Read the priority as each tool writes it (``1 - Critical``, ``High``) into ``P1``…
    (:func:`~podium.core.eventlog.conventions.priority_key`) before looking up its target."""

    def __post_init__(self) -> None:
        if self.reopen not in ("resume", "stay_stopped"):
            raise ClockPolicyError(
                f"reopen must be 'resume' or 'stay_stopped', not {self.reopen!r}"
            )
        targets = [
            self.default_target_seconds,
            *self.targets.values(),
            *self.party_targets.values(),
        ]
        if self.default_party_target_seconds is not None:
            targets.append(self.default_party_target_seconds)
        if any(t < 0 for t in targets):
            raise ClockPolicyError("clock targets must not be negative")

    def target_for(self, priority: str | None) -> float:
        """The end-to-end target in business seconds for a case of this priority."""
        if priority is None:
            return self.default_target_seconds
        return float(self.targets.get(priority, self.default_target_seconds))

    @property
    def starts_with_case(self) -> bool:
        return not self.start_activities and not self.start_sub_statuses

    def starts(self) -> pl.Expr:
        return _matches(self.start_activities, self.start_sub_statuses)

    def pauses(self) -> pl.Expr:
        matched = _matches(self.pause_activities, self.pause_sub_statuses)
        if self.pause_states is not None:
            matched = matched | self.pause_states.expr()
        return matched

    def priority_of(self, value: pl.Expr) -> pl.Expr:
        return priority_key(value) if self.priority_keys else value

    def stops(self) -> pl.Expr:
        return _matches(self.stop_activities, self.stop_sub_statuses)


def _matches(activities: frozenset[str], sub_statuses: frozenset[str]) -> pl.Expr:
    by_activity = pl.col("activity").is_in(sorted(activities)).fill_null(False)
    by_sub_status = pl.col("sub_status").is_in(sorted(sub_statuses)).fill_null(False)
    return by_activity | by_sub_status


def policy_for(conventions: Conventions, frame: pl.DataFrame | None = None) -> ClockPolicy:
    """The clock policy a tool's conventions describe: pause in its pause states (activity or
    sub-status), stop in its stop states (activity), targets per priority key. With ``frame``,
    pause patterns are resolved against its distinct states (faster, same result)."""
    pause = conventions.pause if frame is None else conventions.pause.resolved(frame)
    return ClockPolicy(
        pause_activities=frozenset(),
        pause_sub_statuses=frozenset(),
        pause_states=pause,
        stop_activities=conventions.stop.names,
        priority_column=conventions.priority_column,
        targets=dict(conventions.targets),
        default_target_seconds=conventions.default_target_seconds,
        priority_keys=True,
    )
