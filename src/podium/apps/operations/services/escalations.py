"""The sweep of due deadlines: for every open ticket whose stored next deadline has passed, fire
the warning, the breach and the escalation ladder's steps that are owed (`core.escalation_plan`
on the ticket's stored clock and ladder snapshot), each exactly once.

Exactly once rests on the database, not on the queue: an `Escalation` row per ticket, ladder
version and step (a unique constraint), written in the transaction that fires it and stores the
ticket's next deadline. On PostgreSQL a sweep claims its tickets with `SELECT … FOR UPDATE SKIP
LOCKED`, so two workers share the due tickets instead of waiting on each other; on SQLite a
batch is one IMMEDIATE transaction, so a second sweep waits and then finds the tickets no
longer due. A worker killed mid-sweep loses its transaction; the next sweep fires what it owed.

The sweep runs as a chain of tasks (`operations.tasks.sweep_deadlines`): each run claims the
one `SweepSchedule` row, queues the next run `sweep_seconds()` later and sweeps; queued runs
that find the row claimed do nothing, so two workers starting make one chain, and
`resume_sweeping` (when a worker starts) re-queues a chain lost with its worker.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import escalation as ladders
from podium.apps.operations.choices import OPEN_STATUSES, EscalationKind
from podium.apps.operations.models import Escalation, SweepSchedule, Ticket
from podium.apps.operations.services import notifications
from podium.apps.operations.services.clocks import calendar_of
from podium.core import escalation_plan
from podium.core.escalation import BusinessTime, LadderSnapshot
from podium.core.escalation_plan import ClockView, Fired, RunSegment
from podium.platform import bulk

SCHEDULE = "deadlines"
BATCH_SIZE = 2_000


def warning_share() -> float:
    """The share of a ticket's target at which its warning fires (setting
    `ESCALATION_WARNING_SHARE`, default 0.8)."""
    return float(getattr(settings, "ESCALATION_WARNING_SHARE", 0.8))


def sweep_seconds() -> float:
    """Seconds between sweeps (setting `ESCALATION_SWEEP_SECONDS`, default 15, at most 30)."""
    return min(float(getattr(settings, "ESCALATION_SWEEP_SECONDS", 15.0)), 30.0)


@dataclass(slots=True)
class SweepSummary:
    """What one sweep did: tickets looked at, and the escalations it fired (by kind)."""

    looked_at: int = 0
    fired: dict[str, int] = field(default_factory=dict)

    @property
    def fired_total(self) -> int:
        return sum(self.fired.values())


def _instant(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def clock_view(state: dict[str, Any]) -> ClockView | None:
    """The stored clock state of a ticket (`services.clocks`) as the plan reads it."""
    as_of = _instant(state.get("as_of"))
    if as_of is None:
        return None
    segments = []
    for segment in state.get("segments", ()):
        start = _instant(segment.get("start"))
        if start is None:
            continue
        segments.append(
            RunSegment(
                start,
                _instant(segment.get("end")),
                bool(segment.get("running")),
                float(segment.get("business_seconds") or 0.0),
            )
        )
    segments.sort(key=lambda s: s.start)
    return ClockView(
        state=str(state.get("state", "")),
        target_seconds=float(state.get("target_seconds") or 0.0),
        as_of=as_of,
        due_at=_instant(state.get("due_at")),
        breached_at=_instant(state.get("breached_at")),
        segments=tuple(segments),
    )


class _Calendars:
    """The deadline calendars of a sweep, each distinct policy calendar built once."""

    def __init__(self) -> None:
        self._built: dict[str, BusinessTime] = {}
        self._wall_clock = escalation_plan.WallClock()
        self.warning_share = warning_share()  # read once a sweep, not once a ticket

    def of(self, policy: dict[str, Any]) -> BusinessTime:
        calendar = policy.get("calendar")
        if not calendar:  # most policies: time runs around the clock
            return self._wall_clock
        key = json.dumps(calendar, sort_keys=True, default=str)
        if key not in self._built:
            engine = calendar_of(policy)
            self._built[key] = (
                engine if hasattr(engine, "deadline") else escalation_plan.WallClock()  # type: ignore[assignment]
            )
        return self._built[key]


def due_ticket_ids(now: dt.datetime, limit: int | None = None) -> list[int]:
    """Open tickets whose next deadline has passed, earliest first. The range on the indexed
    deadline comes alone and the status is checked here: asked together, SQLite's planner
    walks the status index over every open ticket (0.2 s for 100,000 with none due)."""
    rows = (
        Ticket.objects.filter(next_deadline_at__lte=now)
        .order_by("next_deadline_at", "pk")
        .values_list("pk", "status")
    )
    due = [pk for pk, status in rows if status in OPEN_STATUSES]
    return due[:limit] if limit is not None else due


def sweep(*, now: dt.datetime, batch_size: int = BATCH_SIZE) -> SweepSummary:
    """Fire everything owed at `now` by open tickets whose next deadline has passed, batch by
    batch (each batch one transaction)."""
    summary = SweepSummary()
    calendars = _Calendars()
    slugs = {slug: pk for pk, slug in ecosystem.party_slugs().items()}
    snapshots: dict[int, LadderSnapshot] = {}  # ladder versions never change: read once
    ids = due_ticket_ids(now)
    for start in range(0, len(ids), batch_size):
        _sweep_batch(ids[start : start + batch_size], now, calendars, slugs, snapshots, summary)
    return summary


_TICKET_COLUMNS = (
    "id",
    "sla_policy",
    "clock_state",
    "escalation_ladder_id",
    "reference",
    "title",
    "priority",
    "current_party_id",
    "raised_by_id",
)
_ESCALATION_COLUMNS = (
    "ticket_id",
    "ladder_id",
    "ladder_version",
    "step",
    "kind",
    "position",
    "level",
    "party_id",
    "contact_role",
    "channel",
    "due_at",
    "fired_at",
)


@dataclass(frozen=True, slots=True)
class _DueTicket:
    """What the sweep reads of a ticket (plain values: a model object per ticket costs more
    than the plan)."""

    pk: int
    sla_policy: dict[str, Any]
    clock_state: dict[str, Any]
    escalation_ladder_id: int | None
    reference: str
    title: str
    priority: str
    holder_id: int | None
    raised_by_id: int | None


_KINDS = {kind.value: str(kind) for kind in EscalationKind}


def _sweep_batch(
    ids: list[int],
    now: dt.datetime,
    calendars: _Calendars,
    slugs: dict[str, int],
    snapshots: dict[int, LadderSnapshot],
    summary: SweepSummary,
) -> None:
    """One transaction: the batch's due tickets read (and, on PostgreSQL, locked) in one
    query, what they fired before in another, every plan made in memory, then the firings
    inserted with one `executemany`, the next deadlines set a few statements a batch, and the
    notifications written."""
    with transaction.atomic():
        tickets = [
            _DueTicket(*row)
            for row in bulk.rows_with_ids(
                Ticket,
                _TICKET_COLUMNS,
                "id",
                ids,
                where=(("status", "in", OPEN_STATUSES), ("next_deadline_at", "<=", now)),
                skip_locked=True,
            )
        ]
        if not tickets:
            return
        fired: dict[int, dict[str, Fired]] = {t.pk: {} for t in tickets}
        for ticket_id, step, due_at, fired_at in bulk.rows_with_ids(
            Escalation, ("ticket_id", "step", "due_at", "fired_at"), "ticket_id", fired
        ):
            fired[ticket_id][step] = Fired(due_at, fired_at)
        wanted = {t.escalation_ladder_id for t in tickets} - {None} - snapshots.keys()
        if wanted:
            snapshots.update(ladders.snapshots_of(wanted))  # type: ignore[arg-type]
        new: list[tuple[Any, ...]] = []
        told: list[notifications.FiredEscalation] = []
        deadlines: list[tuple[dt.datetime | None, int]] = []
        for ticket in tickets:
            ladder = snapshots.get(ticket.escalation_ladder_id or 0)
            next_at = _fire(ticket, ladder, fired[ticket.pk], now, calendars, slugs, new, told)
            deadlines.append((next_at, ticket.pk))
        summary.looked_at += len(tickets)
        # a step fired twice breaks the unique constraint: the whole batch rolls back
        bulk.insert_rows(Escalation, _ESCALATION_COLUMNS, new)
        bulk.set_values(Ticket, "next_deadline_at", deadlines)
        if told:  # who hears of them, once (in this transaction: never without the firing)
            notifications.escalations_fired(told, fired_at=now)
        for row in new:
            summary.fired[row[4]] = summary.fired.get(row[4], 0) + 1


def _plan_for(
    ticket: Ticket | _DueTicket,
    ladder: LadderSnapshot | None,
    fired: dict[str, Fired],
    now: dt.datetime,
    calendars: _Calendars,
) -> escalation_plan.SweepPlan | None:
    clock = clock_view(ticket.clock_state or {})
    if clock is None:
        return None
    calendar = calendars.of(ticket.sla_policy or {})
    return escalation_plan.plan(
        clock, ladder, fired, now, calendar, warning_share=calendars.warning_share
    )


def _fire(
    ticket: _DueTicket,
    ladder: LadderSnapshot | None,
    fired: dict[str, Fired],
    now: dt.datetime,
    calendars: _Calendars,
    slugs: dict[str, int],
    new: list[tuple[Any, ...]],
    told: list[notifications.FiredEscalation],
) -> dt.datetime | None:
    plan = _plan_for(ticket, ladder, fired, now, calendars)
    if plan is None:
        return None
    if not plan.due:
        return plan.next_at
    ladder_id = ticket.escalation_ladder_id if ladder is not None else None
    version = ladder.version if ladder is not None else 0
    facts = notifications.TicketFacts(
        ticket.reference, ticket.title, ticket.priority, ticket.holder_id, ticket.raised_by_id
    )
    for firing in plan.due:
        step = firing.step
        row = (
            (ticket.pk, ladder_id, version, firing.key, _KINDS[firing.kind], 0, "", None, "", "")
            if step is None
            else (
                ticket.pk,
                ladder_id,
                version,
                firing.key,
                _KINDS[firing.kind],
                step.position,
                step.level,
                slugs.get(step.party),
                step.contact_role,
                step.channel,
            )
        ) + (firing.due_at, now)
        new.append(row)
        told.append(notifications.FiredEscalation(row, facts))
    return plan.next_at


def upcoming(ticket: Ticket, *, now: dt.datetime) -> escalation_plan.Firing | None:
    """What the sweep fires next for an open ticket and when (the same plan the sweep makes;
    one owed but not yet swept is due now). None when nothing more will fire before the ticket
    changes."""
    if ticket.status not in OPEN_STATUSES:
        return None
    fired = {
        step: Fired(due_at, fired_at)
        for step, due_at, fired_at in Escalation.objects.filter(ticket=ticket).values_list(
            "step", "due_at", "fired_at"
        )
    }
    ladder_id = ticket.escalation_ladder_id
    ladder = ladders.snapshots_of({ladder_id}).get(ladder_id) if ladder_id else None
    plan = _plan_for(ticket, ladder, fired, now, _Calendars())
    return plan.upcoming if plan is not None else None


# -- the chain of sweep tasks ---------------------------------------------------------------


def _enqueue_sweep(run_after: dt.datetime | None) -> None:
    from podium.apps.operations import tasks

    task = (
        tasks.sweep_deadlines
        if run_after is None
        else tasks.sweep_deadlines.using(run_after=run_after)
    )
    task.enqueue()


def sweep_when_due(*, now: dt.datetime) -> int:
    """The worker's sweep: when one is owed, queue the next first (so a worker that dies
    mid-sweep leaves the chain behind), then sweep; returns how many escalations fired."""
    following = now + dt.timedelta(seconds=sweep_seconds())
    claimed = SweepSchedule.objects.filter(name=SCHEDULE, next_sweep_at__lte=now).update(
        next_sweep_at=following
    )
    if not claimed:
        return 0
    _enqueue_sweep(following)
    return sweep(now=now).fired_total


def resume_sweeping(*, now: dt.datetime) -> None:
    """When a worker starts: make the schedule row owed now and queue a sweep (a chain lost with
    a killed worker starts again; one still queued collapses with this one)."""
    with transaction.atomic():
        schedule, created = SweepSchedule.objects.get_or_create(
            name=SCHEDULE, defaults={"next_sweep_at": now}
        )
        if not created:
            SweepSchedule.objects.filter(pk=schedule.pk).update(next_sweep_at=now)
        _enqueue_sweep(None)
