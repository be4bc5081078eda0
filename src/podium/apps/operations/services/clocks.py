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
    clock_states_of,
    evaluate_clocks,
)
from podium.core.escalation_plan import look_again_at
from podium.core.eventlog import EventLog

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


_CALENDARS: dict[str, BusinessTime] = {}
"""Calendars by their spec: one built keeps its tables of open time, which every change of a
ticket on that calendar would otherwise build again."""


def calendar_of(policy: dict[str, Any]) -> BusinessTime:
    spec = policy.get("calendar")
    if not spec or spec.get("always_open"):
        return WallClockTime()
    key = json.dumps(spec, sort_keys=True, default=str)
    found = _CALENDARS.get(key)
    if found is None:
        if len(_CALENDARS) >= 256:
            _CALENDARS.clear()
        found = _CALENDARS[key] = _calendar_of(spec)
    return found


def _calendar_of(spec: dict[str, Any]) -> BusinessTime:
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
    seen: dict[int, str] = {}  # the tickets of a bulk load mostly share one policy object
    for ticket in tickets:
        policy = ticket.policy or {}
        key = seen.get(id(policy))
        if key is None:
            shared = {k: policy.get(k) for k in ("calendar", "pauses", "stops", "party_targets")}
            key = seen[id(policy)] = json.dumps(shared, sort_keys=True, default=str)
        groups.setdefault(key, []).append(ticket)
    outcomes: dict[str, ClockOutcome] = {}
    share = float(getattr(settings, "ESCALATION_WARNING_SHARE", 0.8))
    for members in groups.values():
        outcomes.update(_evaluate_group(members, now, share))
    return outcomes


def _evaluate_group(
    members: list[ClockInput], now: dt.datetime, warning_share: float
) -> dict[str, ClockOutcome]:
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
    result = evaluate_clocks(EventLog.from_frame(frame), calendar_of(policy), engine_policy, now)
    segments = _segments_by_case(result.segments)
    return {
        **empty,
        **{
            key: _outcome(clock, now, segments.get(key, []), warning_share)
            for key, clock in clock_states_of(result).items()
        },
    }


_SEGMENT_COLUMNS = ("case_id", "party", "start", "end", "running", "business_seconds")


def _iso(column: str) -> pl.Expr:
    """A UTC instant as `datetime.isoformat` writes it (microseconds only when there are
    some), formatted by Polars for a whole column at once."""
    value = pl.col(column)
    return (
        pl.when(value.dt.microsecond() == 0)
        .then(value.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"))
        .otherwise(value.dt.strftime("%Y-%m-%dT%H:%M:%S%.6f+00:00"))
        .alias(column)
    )


def _segments_by_case(segments: pl.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Every case's segments as stored: one query formats all the instants, one pass over
    the rows builds them (a row at a time, or a frame per case, cost more than the engine)."""
    assert tuple(segments.columns) == _SEGMENT_COLUMNS, segments.columns
    text = segments.lazy().select(
        "case_id", "party", _iso("start"), _iso("end"), "running", "business_seconds"
    )
    columns = text.collect(engine="in-memory").get_columns()
    out: dict[str, list[dict[str, Any]]] = {}
    for case, party, start, end, running, seconds in zip(
        *(column.to_list() for column in columns), strict=True
    ):
        out.setdefault(case, []).append(
            {
                "party": party,
                "running": running,
                "start": start,
                "end": end,
                "business_seconds": seconds,
            }
        )
    return out


def _outcome(
    clock: CaseClockState, now: dt.datetime, segments: list[dict[str, Any]], warning_share: float
) -> ClockOutcome:
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
        "segments": segments,
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
        warning_share=warning_share,
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
