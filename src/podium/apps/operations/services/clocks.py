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
from typing import Any

import polars as pl

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.models import Ticket
from podium.core.calendars import BusinessCalendar as EngineCalendar
from podium.core.calendars import CalendarError
from podium.core.calendars.hours import hours_from_json
from podium.core.clocks import BusinessTime, ClockPolicy, WallClockTime, case_clock_state

POLICY_VERSION = 1
DEFAULT_RESOLUTION_HOURS = {"P1": 4, "P2": 8, "P3": 24, "P4": 72}
PAUSES = frozenset({"pending", "held"})
STOPS = frozenset({"resolved", "closed", "cancelled", "rejected"})


def sla_policy_for(
    *,
    priority: str,
    service_id: int | None,
    component_id: int | None,
    routed_party_id: int | None,
    today: dt.date,
) -> dict[str, Any]:
    """The policy a ticket opening today keeps (plain JSON, so later edits never change it)."""
    terms = ecosystem.targets_covering(
        service_id=service_id, component_id=component_id, priority=priority, on=today
    )
    chosen = next((t for t in terms if t.party_id == routed_party_id), terms[0] if terms else None)
    fallback = DEFAULT_RESOLUTION_HOURS.get(priority, 24) * 3600.0
    slugs = ecosystem.party_slugs()
    party_targets: dict[str, float] = {}
    for term in terms:
        party_targets.setdefault(slugs.get(term.party_id, "?"), term.resolution_seconds)
    calendar = chosen.calendar if chosen else ecosystem.party_calendar_spec(routed_party_id)
    return {
        "version": POLICY_VERSION,
        "priority": priority,
        "contract": chosen.contract if chosen else "",
        "resolution_seconds": chosen.resolution_seconds if chosen else fallback,
        "response_seconds": chosen.response_seconds if chosen else None,
        "party_targets": party_targets,
        "calendar": calendar,
        "pauses": sorted(PAUSES),
        "stops": sorted(STOPS),
    }


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


def recompute(ticket: Ticket, *, now: dt.datetime) -> dict[str, Any]:
    """Evaluate the ticket's clocks at `now` from all its events, store them and the next
    deadline, and return the stored state."""
    events = list(
        ticket.events.select_related("party")
        .order_by("occurred_at", "seq")
        .values_list("occurred_at", "status", "sub_status", "party__slug", "seq")
    )
    if not events:
        return {}
    frame = pl.DataFrame(
        {
            "case_id": [ticket.reference] * len(events),
            "timestamp": [e[0] for e in events],
            "activity": [e[1] for e in events],
            "sub_status": [e[2] or None for e in events],
            "party": [e[3] for e in events],
            "priority": [ticket.priority] * len(events),
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )
    policy = ticket.sla_policy or {}
    clock = case_clock_state(frame, calendar_of(policy), now, clock_policy_of(policy))
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
                "party": row.get("party"),
                "running": row.get("running"),
                "start": _instant(row.get("start")),
                "end": _instant(row.get("end")),
                "business_seconds": row.get("business_seconds"),
            }
            for row in clock.segments.iter_rows(named=True)
        ],
    }
    deadlines = []
    if clock.state == "running" and clock.breached_at is None and clock.due_at is not None:
        deadlines.append(clock.due_at)
    deadlines += [
        p.due_at for p in clock.parties if p.holding and p.breached_at is None and p.due_at
    ]
    ticket.clock_state = state
    ticket.next_deadline_at = min(deadlines) if deadlines else None
    ticket.save(update_fields=["clock_state", "next_deadline_at"])
    return state
