"""A live ticket's clocks: the SLA policy it keeps from the moment it opens, and its clocks
recomputed by the engine — the same `case_clock_state` that `podium analyze` runs — after every
change, with the next deadline stored for the worker to sweep.

The end-to-end target is the resolution target for the ticket's priority in the contract of the
party the ticket was routed to (if that contract covers what it affects), else the first
covering contract's, else `DEFAULT_RESOLUTION_HOURS`; each party's own clock runs against its
own covering contract's target, else the end-to-end one. The calendar is that contract target's
(or its party's); with none, time runs around the clock. Pending and held pause the clocks;
resolved, closed, cancelled and rejected stop them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.models import Ticket
from podium.core.calendars import BusinessCalendar as EngineCalendar
from podium.core.calendars import CalendarError
from podium.core.calendars.hours import hours_from_json
from podium.core.clocks import (
    BusinessTime,
    CaseClockState,
    ClockPolicy,
    WallClockTime,
    case_clock_states,
)
from podium.core.escalation_plan import look_again_at

POLICY_VERSION = 1
DEFAULT_RESOLUTION_HOURS = {"P1": 4, "P2": 8, "P3": 24, "P4": 72}
PAUSES = frozenset({"pending", "held"})
STOPS = frozenset({"resolved", "closed", "cancelled", "rejected"})


@dataclass(frozen=True, slots=True)
class PolicyKey:
    """What the SLA policy of a ticket opening depends on."""

    priority: str
    service_id: int | None
    component_id: int | None
    routed_party_id: int | None
    today: dt.date


def sla_policy_for(
    *,
    priority: str,
    service_id: int | None,
    component_id: int | None,
    routed_party_id: int | None,
    today: dt.date,
) -> dict[str, Any]:
    """The policy a ticket opening today keeps (plain JSON, so later edits never change it)."""
    key = PolicyKey(priority, service_id, component_id, routed_party_id, today)
    return sla_policies_for([key])[key]


def sla_policies_for(keys: Iterable[PolicyKey]) -> dict[PolicyKey, dict[str, Any]]:
    """The policies of many tickets opening (a bulk load), each distinct one looked up once."""
    wanted = set(keys)
    if not wanted:
        return {}
    slugs: dict[int, str] = {}  # read when a contract covers a ticket (most live ones: none)
    calendars: dict[int | None, dict[str, Any] | None] = {}
    covering: dict[tuple[int | None, int | None, str, dt.date], list[Any]] = {}
    policies = {}
    for key in wanted:
        # Without a service or a component no contract covers the ticket, whatever the day.
        cover = (key.service_id, key.component_id, key.priority, key.today)
        if key.service_id is None and key.component_id is None:
            terms: list[Any] = []
        elif cover in covering:
            terms = covering[cover]
        else:
            terms = covering[cover] = ecosystem.targets_covering(
                service_id=key.service_id,
                component_id=key.component_id,
                priority=key.priority,
                on=key.today,
            )
        chosen = next(
            (t for t in terms if t.party_id == key.routed_party_id), terms[0] if terms else None
        )
        fallback = DEFAULT_RESOLUTION_HOURS.get(key.priority, 24) * 3600.0
        party_targets: dict[str, float] = {}
        if terms and not slugs:
            slugs = ecosystem.party_slugs()
        for term in terms:
            party_targets.setdefault(slugs.get(term.party_id, "?"), term.resolution_seconds)
        if chosen is not None:
            calendar = chosen.calendar
        else:
            if key.routed_party_id not in calendars:
                calendars[key.routed_party_id] = ecosystem.party_calendar_spec(key.routed_party_id)
            calendar = calendars[key.routed_party_id]
        policies[key] = {
            "version": POLICY_VERSION,
            "priority": key.priority,
            "contract": chosen.contract if chosen else "",
            "resolution_seconds": chosen.resolution_seconds if chosen else fallback,
            "response_seconds": chosen.response_seconds if chosen else None,
            "party_targets": party_targets,
            "calendar": calendar,
            "pauses": sorted(PAUSES),
            "stops": sorted(STOPS),
        }
    return policies


def calendar_of(policy: dict[str, Any]) -> BusinessTime:
    spec = policy.get("calendar")
    if not spec or spec.get("always_open"):
        return WallClockTime()
    try:
        return EngineCalendar.weekly(
            spec["time_zone"],
            hours_from_json(spec["weekly_hours"]),
            country=spec.get("country") or None,
            subdivision=spec.get("subdivision") or None,
            closures=[dt.date.fromisoformat(d) for d in spec.get("closures", ())],
        )
    except (CalendarError, KeyError, ValueError):
        return WallClockTime()


def clock_policy_of(policy: dict[str, Any]) -> ClockPolicy:
    target = float(policy.get("resolution_seconds") or 0)
    return ClockPolicy(
        pause_activities=frozenset(policy.get("pauses", PAUSES)),
        pause_sub_statuses=frozenset(),
        stop_activities=frozenset(policy.get("stops", STOPS)),
        targets={str(policy.get("priority", "")): target},
        default_target_seconds=target,
        party_targets={k: float(v) for k, v in policy.get("party_targets", {}).items()},
    )


def _instant(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


ClockEvent = tuple[dt.datetime, str, str | None, str | None, int]
"""One event as the clocks read it: occurred at, status, sub-status, party slug, seq."""


@dataclass(frozen=True, slots=True)
class ClockInput:
    """A ticket whose clocks are to be evaluated: a key naming it, its policy and its events."""

    key: str
    policy: dict[str, Any]
    events: Sequence[ClockEvent]


@dataclass(frozen=True, slots=True)
class ClockOutcome:
    state: dict[str, Any]
    next_deadline_at: dt.datetime | None


def clock_states(tickets: Iterable[ClockInput], *, now: dt.datetime) -> dict[str, ClockOutcome]:
    """Every ticket's clocks at `now`, from as few engine calls as their policies allow: the
    tickets that share a calendar, pause and stop rules and party targets are evaluated in one
    `case_clock_states` call, each against its own end-to-end target. A ticket with no event
    at or before `now` has an empty state and no deadline."""
    groups: dict[str, list[ClockInput]] = {}
    for ticket in tickets:
        policy = ticket.policy or {}
        shared = {k: policy.get(k) for k in ("calendar", "pauses", "stops", "party_targets")}
        groups.setdefault(json.dumps(shared, sort_keys=True, default=str), []).append(ticket)
    outcomes: dict[str, ClockOutcome] = {}
    for members in groups.values():
        outcomes.update(_evaluate_group(members, now))
    return outcomes


def _evaluate_group(members: list[ClockInput], now: dt.datetime) -> dict[str, ClockOutcome]:
    policy = members[0].policy or {}
    targets: dict[str, float] = {}
    labels: list[str] = []
    for member in members:
        # Each ticket keeps its own target: its events carry a label that names it.
        target = float((member.policy or {}).get("resolution_seconds") or 0)
        targets[f"t{target!r}"] = target
        labels.append(f"t{target!r}")
    events = [(m.key, label, e) for m, label in zip(members, labels, strict=True) for e in m.events]
    empty = {m.key: ClockOutcome({}, None) for m in members}
    if not events:
        return empty
    frame = pl.DataFrame(
        {
            "seq": pl.Series([e[4] for _, _, e in events], dtype=pl.Int64),
            "case_id": pl.Series([key for key, _, _ in events], dtype=pl.String),
            "timestamp": pl.Series([e[0] for _, _, e in events], dtype=pl.Datetime("us", "UTC")),
            "activity": pl.Series([e[1] for _, _, e in events], dtype=pl.String),
            "sub_status": pl.Series([e[2] or None for _, _, e in events], dtype=pl.String),
            "party": pl.Series([e[3] for _, _, e in events], dtype=pl.String),
            "priority": pl.Series([label for _, label, _ in events], dtype=pl.String),
        }
    )
    clock_policy = clock_policy_of(policy)
    engine_policy = ClockPolicy(
        pause_activities=clock_policy.pause_activities,
        pause_sub_statuses=clock_policy.pause_sub_statuses,
        stop_activities=clock_policy.stop_activities,
        targets=targets,
        default_target_seconds=clock_policy.default_target_seconds,
        party_targets=clock_policy.party_targets,
    )
    states = case_clock_states(frame, calendar_of(policy), now, engine_policy)
    return {**empty, **{key: _outcome(clock, now) for key, clock in states.items()}}


_SEGMENT_COLUMNS = ("case_id", "party", "start", "end", "running", "business_seconds")


def _outcome(clock: CaseClockState, now: dt.datetime) -> ClockOutcome:
    # segments are read a column at a time (a dict per row costs more than the engine itself,
    # and Polars' rows() more than its columns' lists)
    assert tuple(clock.segments.columns) == _SEGMENT_COLUMNS, clock.segments.columns
    parties = [
        {
            "party": p.party,
            "target_seconds": p.target_seconds,
            "elapsed_seconds": p.elapsed_seconds,
            "due_at": _instant(p.due_at),
            "breached_at": _instant(p.breached_at),
            "holding": p.holding,
            "remaining_seconds": p.remaining_seconds,
        }
        for p in clock.parties
    ]
    state = {
        "as_of": _instant(now),
        "state": clock.state,
        "target_seconds": clock.target_seconds,
        "elapsed_seconds": clock.elapsed_seconds,
        "due_at": _instant(clock.due_at),
        "breached_at": _instant(clock.breached_at),
        "remaining_seconds": clock.remaining_seconds,
        "parties": parties,
        "segments": [
            {
                "party": party,
                "running": running,
                "start": start.isoformat() if start is not None else None,
                "end": end.isoformat() if end is not None else None,
                "business_seconds": seconds,
            }
            for party, start, end, running, seconds in zip(
                *(clock.segments.get_column(name).to_list() for name in _SEGMENT_COLUMNS[1:]),
                strict=True,
            )
        ],
    }
    deadlines = []
    if clock.state == "running" and clock.breached_at is None and clock.due_at is not None:
        deadlines.append(clock.due_at)
    deadlines += [
        p.due_at for p in clock.parties if p.holding and p.breached_at is None and p.due_at
    ]
    # the escalation sweep's warning, breach and ladder steps (services.escalations)
    look_again = look_again_at(
        clock.state,
        clock.target_seconds,
        clock.elapsed_seconds,
        clock.breached_at is not None,
        now,
        warning_share=float(getattr(settings, "ESCALATION_WARNING_SHARE", 0.8)),
    )
    if look_again is not None:
        deadlines.append(look_again)
    return ClockOutcome(state, min(deadlines) if deadlines else None)


def recompute(ticket: Ticket, *, now: dt.datetime) -> dict[str, Any]:
    """Evaluate the ticket's clocks at `now` from all its events, store them and the next
    deadline, and return the stored state (the batch path, `clock_states`, for one ticket)."""
    events = list(
        ticket.events.select_related("party")
        .order_by("occurred_at", "seq")
        .values_list("occurred_at", "status", "sub_status", "party__slug", "seq")
    )
    if not events:
        return {}
    key = ticket.reference
    outcome = clock_states([ClockInput(key, ticket.sla_policy or {}, events)], now=now)[key]
    ticket.clock_state = outcome.state
    ticket.next_deadline_at = outcome.next_deadline_at
    ticket.save(update_fields=["clock_state", "next_deadline_at"])
    return outcome.state
