"""Ping-pong arbitration: a ticket that bounces between the same two parties as many times as
the collaboration agreement allows (`governance.selectors.agreements.ping_pong_limit`) is
flagged to the integrator, who decides which party owns it until it is resolved.

The bounces are the engine's own (`core.collaboration.bouncing_pairs`, the direct ping-pong of
the hand-over figures) over the ticket's events, so the arbitration counts exactly what the
ping-pong share of a shared goal or an analysis counts. Flagging happens in the transaction
that appends the event that makes the bounce, through the hook every ticket change goes through
(`tickets.after_tickets_changed`: a TMF621 change; `outbox.after_tickets_loaded`: bulk
events and imports, once per ticket a load wrote to); `review_open_tickets` does the same for the demo's history loaded in bulk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.governance.selectors import agreements
from podium.apps.operations.choices import OPEN_STATUSES, ArbitrationStatus
from podium.apps.operations.models import Arbitration, Ticket, TicketEvent
from podium.apps.operations.rules import ARBITRATE
from podium.core.collaboration import bouncing_pairs
from podium.core.eventlog import EventLog
from podium.platform import audit, bulk
from podium.platform.access import Actor, require


def _event_log(ticket_ids: Iterable[int]) -> tuple[EventLog, dict[str, int]]:
    """The tickets' events as the engine's log (case: the ticket id; party: its slug), and
    each slug's party id."""
    rows = list(
        TicketEvent.objects.filter(ticket_id__in=list(ticket_ids))
        .order_by("ticket_id", "occurred_at", "seq")
        .values_list("ticket_id", "occurred_at", "status", "party__slug", "party_id")
    )
    frame = pl.DataFrame(
        {
            "case_id": [str(r[0]) for r in rows],
            "timestamp": [r[1] for r in rows],
            "activity": [r[2] for r in rows],
            "party": [r[3] for r in rows],
        },
        schema={
            "case_id": pl.String,
            "timestamp": pl.Datetime("us", "UTC"),
            "activity": pl.String,
            "party": pl.String,
        },
    )
    return EventLog.from_frame(frame, source="tickets"), {r[3]: r[4] for r in rows if r[3]}


def review_bounces(ticket_ids: Iterable[int], *, now: dt.datetime) -> list[Arbitration]:
    """Flag each pair of parties that bounced one of these open tickets at least the
    agreement's limit of times (once per ticket and pair), and raise the count of a pair
    already flagged; the rows flagged now are returned. Audited as the system's."""
    open_ids = list(
        Ticket.objects.filter(pk__in=list(ticket_ids), status__in=OPEN_STATUSES).values_list(
            "pk", flat=True
        )
    )
    if not open_ids:
        return []
    limit = agreements.ping_pong_limit()
    log, party_ids = _event_log(open_ids)
    found = bouncing_pairs(log, limit)
    if found.is_empty():
        return []
    flagged: list[Arbitration] = []
    raised: list[tuple[int, dt.datetime, int]] = []
    with transaction.atomic():
        existing = {
            (row.ticket_id, row.party_a_id, row.party_b_id): row
            for row in Arbitration.objects.select_for_update().filter(
                ticket_id__in={int(c) for c in found["case_id"]}
            )
        }
        for case_id, party_a, party_b, bounces, last_at in found.iter_rows():
            key = (int(case_id), party_ids[party_a], party_ids[party_b])
            row = existing.get(key)
            if row is not None:
                if bounces > row.bounces:
                    row.bounces, row.last_bounce_at = bounces, last_at
                    raised.append((bounces, last_at, row.pk))
                continue
            flagged.append(
                Arbitration(
                    ticket_id=key[0],
                    party_a_id=key[1],
                    party_b_id=key[2],
                    bounces=bounces,
                    limit=limit,
                    flagged_at=now,
                    last_bounce_at=last_at,
                )
            )
        bulk.update_rows(Arbitration, ("bounces", "last_bounce_at"), raised)
        if flagged:
            _flag(flagged, limit, {pk: slug for slug, pk in party_ids.items()})
    return flagged


def _flag(rows: list[Arbitration], limit: int, slugs: dict[int, str]) -> None:
    """Store the new flags and their audit entries, a statement each for all of them (a bulk
    load flags many tickets at once). The values are the engine's counts and ids read from
    the database: their shape is checked once."""
    rows[0].full_clean(
        exclude=["ticket", "party_a", "party_b"], validate_unique=False, validate_constraints=False
    )
    columns = ("ticket_id", "party_a_id", "party_b_id", "bounces", "limit", "flagged_at",
               "last_bounce_at", "status", "reason")  # fmt: skip
    bulk.insert_rows(Arbitration, columns, ([getattr(r, c) for c in columns] for r in rows))
    by_key = {(r.ticket_id, r.party_a_id, r.party_b_id): r for r in rows}
    tickets = sorted({r.ticket_id for r in rows})
    for start in range(0, len(tickets), 500):  # ids per IN list, below SQLite's 999 variables
        for pk, ticket_id, party_a, party_b in Arbitration.objects.filter(
            ticket_id__in=tickets[start : start + 500]
        ).values_list("pk", "ticket_id", "party_a_id", "party_b_id"):
            row = by_key.get((ticket_id, party_a, party_b))
            if row is not None:  # the caller gets rows as the ORM would have saved them
                row.pk, row._state.adding, row._state.db = pk, False, Arbitration.objects.db
    audit.record_all(
        acting_user=None,
        action="operations.arbitration.flagged",
        entries=[
            audit.Entry(
                target=row,
                after={
                    "ticket": row.ticket_id,
                    "parties": [slugs[row.party_a_id], slugs[row.party_b_id]],
                    "bounces": row.bounces,
                    "limit": limit,
                },
            )
            for row in rows
        ],
    )


def review_open_tickets(*, now: dt.datetime) -> list[Arbitration]:
    """`review_bounces` over every open ticket (after a history was loaded in bulk)."""
    ids = list(Ticket.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    return review_bounces(ids, now=now)


def decide_arbitration(
    *,
    acting_user: Actor | None,
    arbitration: Arbitration,
    owner: Any,
    reason: str,
    now: dt.datetime,
) -> Arbitration:
    """The integrator decides which of the two parties owns the ticket until it is resolved,
    and why. Deciding again (another owner, another reason) replaces the decision; the audit
    keeps both."""
    require(acting_user, ARBITRATE)
    if owner is None or owner.pk not in (arbitration.party_a_id, arbitration.party_b_id):
        raise ValidationError(
            {"owner": "The owner is one of the two parties the ticket bounced between."}
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why this party owns the ticket."})
    with transaction.atomic():
        row = Arbitration.objects.select_for_update().get(pk=arbitration.pk)
        if row.owner_id == owner.pk and row.reason == reason.strip():
            return row
        before = audit.snapshot(row, ("status", "owner_id", "reason"))
        row.owner = owner
        row.reason = reason.strip()
        row.status = ArbitrationStatus.DECIDED
        authenticated = getattr(acting_user, "is_authenticated", False)
        row.decided_by_id = getattr(acting_user, "pk", None) if authenticated else None
        row.decided_at = now
        row.full_clean()
        row.save()
        audit.record(
            acting_user=acting_user,
            action="operations.arbitration.decided",
            target=row,
            before=before,
            after=audit.snapshot(row, ("status", "owner_id", "reason")),
        )
    return row
