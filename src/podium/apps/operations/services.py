"""Writes of tickets; every ticket write goes through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import escalation
from podium.apps.operations.models import Ticket, TicketEvent, TicketHolder
from podium.apps.operations.rules import EDIT
from podium.platform import audit
from podium.platform.access import Actor, require


@dataclass(frozen=True, slots=True)
class HistoricalEvent:
    occurred_at: dt.datetime
    status: str
    sub_status: str
    party_id: int | None
    team: str
    resource: str


@dataclass(frozen=True, slots=True)
class HistoricalTicket:
    """A ticket with its whole history, as an import or the demo generator hands it over."""

    reference: str
    title: str
    service_id: int | None
    component_id: int | None
    priority: str
    status: str
    opened_at: dt.datetime
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    events: tuple[HistoricalEvent, ...]


def import_ticket_history(
    *,
    acting_user: Actor | None,
    tickets: Iterable[HistoricalTicket],
    batch_size: int = 2000,
    source: str,
) -> int:
    """Insert tickets that do not exist yet (by reference) with their events, in batches.

    Idempotent: references already present are skipped. Returns how many tickets were created.
    One transaction: an error leaves nothing half written.
    """
    require(acting_user, EDIT)
    created = 0
    with transaction.atomic():
        batch: list[HistoricalTicket] = []
        for ticket in tickets:
            batch.append(ticket)
            if len(batch) >= batch_size:
                created += _insert_batch(batch)
                batch = []
        if batch:
            created += _insert_batch(batch)
        if created:
            marker = Ticket.objects.order_by("-id").first()
            if marker is not None:
                audit.record(
                    acting_user=acting_user,
                    action="operations.tickets.imported",
                    target=marker,
                    after={"created": created, "source": source},
                )
    return created


def _ladders_in_force(tickets: list[HistoricalTicket]) -> dict[str, int]:
    """The escalation ladder each ticket keeps: the most specific current ladder of the party
    that runs the affected component (else the first party to hold the ticket) and its service."""
    runners = ecosystem.component_runners({t.component_id for t in tickets if t.component_id})
    keys: dict[str, tuple[int | None, int | None]] = {}
    for t in tickets:
        party_id = runners.get(t.component_id) if t.component_id else None
        if party_id is None:
            party_id = next((e.party_id for e in t.events if e.party_id is not None), None)
        keys[t.reference] = (party_id, t.service_id)
    found = escalation.current_ladder_ids(set(keys.values()))
    return {ref: found[key] for ref, key in keys.items() if key in found}


def _insert_batch(batch: list[HistoricalTicket]) -> int:
    existing = set(
        Ticket.objects.filter(reference__in=[t.reference for t in batch]).values_list(
            "reference", flat=True
        )
    )
    fresh = [t for t in batch if t.reference not in existing]
    if not fresh:
        return 0
    ladders = _ladders_in_force(fresh)
    rows = Ticket.objects.bulk_create(
        [
            Ticket(
                reference=t.reference,
                title=t.title,
                service_id=t.service_id,
                component_id=t.component_id,
                priority=t.priority,
                status=t.status,
                opened_at=t.opened_at,
                resolved_at=t.resolved_at,
                closed_at=t.closed_at,
                current_party_id=next((e.party_id for e in reversed(t.events) if e.party_id), None),
                escalation_ladder_id=ladders.get(t.reference),
            )
            for t in fresh
        ]
    )
    if rows and rows[0].pk is None:  # backends that do not return ids from bulk inserts
        ids = dict(
            Ticket.objects.filter(reference__in=[t.reference for t in fresh]).values_list(
                "reference", "id"
            )
        )
        for row in rows:
            row.pk = ids[row.reference]
    events: list[TicketEvent] = []
    holders: list[TicketHolder] = []
    for row, ticket in zip(rows, fresh, strict=True):
        seen: set[int] = set()
        for seq, event in enumerate(ticket.events, start=1):
            events.append(
                TicketEvent(
                    ticket_id=row.pk,
                    seq=seq,
                    occurred_at=event.occurred_at,
                    status=event.status,
                    sub_status=event.sub_status,
                    party_id=event.party_id,
                    team=event.team,
                    resource=event.resource,
                )
            )
            if event.party_id is not None and event.party_id not in seen:
                seen.add(event.party_id)
                holders.append(
                    TicketHolder(
                        ticket_id=row.pk, party_id=event.party_id, first_held_at=event.occurred_at
                    )
                )
    TicketEvent.objects.bulk_create(events, batch_size=5000)
    TicketHolder.objects.bulk_create(holders, batch_size=5000)
    return len(fresh)
