"""Writes of tickets; every ticket write goes through here: histories imported in bulk, and
tickets parties' tools raise and update (TMF621, bulk events)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import escalation
from podium.apps.governance.selectors import raci as raci_selectors
from podium.apps.operations.models import RawPayload, Ticket, TicketEvent, TicketHolder, TicketNote
from podium.apps.operations.rules import EDIT
from podium.apps.operations.services import arbitration, clocks, hub
from podium.core.tmf621 import Problem, TicketChange, TmfInputError
from podium.platform import audit
from podium.platform.access import Actor, require
from podium.platform.identifiers import reference_problem
from podium.platform.values import text_problem

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party


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


def _clocks_of_history(
    tickets: list[HistoricalTicket],
) -> tuple[dict[str, dict[str, Any]], dict[str, clocks.ClockOutcome]]:
    """The SLA policy each imported ticket keeps (as of the day it opened, for the party that
    runs its component, else its first holder) and its clocks now, as a live ticket's are."""
    runners = ecosystem.component_runners({t.component_id for t in tickets if t.component_id})
    slugs = ecosystem.party_slugs()
    keys = {}
    for t in tickets:
        routed = runners.get(t.component_id) if t.component_id else None
        if routed is None:
            routed = next((e.party_id for e in t.events if e.party_id is not None), None)
        keys[t.reference] = clocks.PolicyKey(
            t.priority, t.service_id, t.component_id, routed, t.opened_at.date()
        )
    found = clocks.sla_policies_for(keys.values())
    policies = {reference: found[key] for reference, key in keys.items()}
    states = clocks.clock_states(
        [
            clocks.ClockInput(
                t.reference,
                policies[t.reference],
                [
                    (e.occurred_at, e.status, e.sub_status, slugs.get(e.party_id or 0), seq)
                    for seq, e in enumerate(t.events, start=1)
                ],
            )
            for t in tickets
        ],
        now=max(timezone.now(), *(e.occurred_at for t in tickets for e in t.events)),
    )
    return policies, states


def _refuse_unusable(batch: list[HistoricalTicket]) -> None:
    """What a bulk insert would not check: a reference the ticket's URL can carry, a title a
    page can show (the whole import is refused, naming the ticket)."""
    for ticket in batch:
        problem = reference_problem(ticket.reference)
        if problem is not None:
            raise ValidationError({"reference": f"Ticket {ticket.reference!r}: {problem}."})
        problem = text_problem(ticket.title, multiline=False)
        if problem is not None:
            raise ValidationError({"title": f"Ticket {ticket.reference}: the title {problem}."})


def _insert_batch(batch: list[HistoricalTicket]) -> int:
    _refuse_unusable(batch)
    existing = set(
        Ticket.objects.filter(reference__in=[t.reference for t in batch]).values_list(
            "reference", flat=True
        )
    )
    fresh = [t for t in batch if t.reference not in existing]
    if not fresh:
        return 0
    ladders = _ladders_in_force(fresh)
    policies, states = _clocks_of_history(fresh)
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
                sla_policy=policies[t.reference],
                clock_state=states[t.reference].state,
                next_deadline_at=states[t.reference].next_deadline_at,
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


# -- what parties' tools send ---------------------------------------------------------------

PRIORITIES = ("P1", "P2", "P3", "P4")
PRIORITY_WORDS = {"critical": "P1", "high": "P2", "medium": "P3", "low": "P4"}
SEVERITY_PRIORITY = {"critical": "P1", "major": "P2", "minor": "P3"}
HOLDER_ROLES = frozenset({"assignee", "resolver", "responsible", "supplier"})


class TicketConflictError(ValueError):
    """The caller's view of the ticket is older than the ticket (If-Match)."""


class NotYourTicketError(ValueError):
    """The correlation key names a ticket the sending party may not see: nothing changes."""


def _raised_or_held_by(party: Party) -> Callable[[Ticket], bool]:
    return lambda ticket: ticket.raised_by_id == party.pk or party.pk in ticket.party_ids()


@dataclass(frozen=True, slots=True)
class Received:
    """What became of a body: the ticket and whether it was created, updated or unchanged."""

    ticket: Ticket
    outcome: str


def _priority(change: TicketChange, fallback: str) -> str:
    raw = change.priority.strip()
    if raw.upper() in PRIORITIES:
        return raw.upper()
    if raw.lower() in PRIORITY_WORDS:
        return PRIORITY_WORDS[raw.lower()]
    if not raw and change.severity:
        return SEVERITY_PRIORITY.get(change.severity.lower(), fallback)
    return fallback


def _resolve(change: TicketChange) -> tuple[dict[str, Any], list[Problem]]:
    """The rows a body names: the affected service or component, and who is to hold it."""
    found: dict[str, Any] = {}
    problems: list[Problem] = []
    row: Any
    for index, entity in enumerate(change.entities):
        path = f"relatedEntity[{index}].entity.id"
        kind = entity.referred_type.lower()
        if kind in {"service", "businessservice"}:
            row = ecosystem.services_for_choice().filter(slug=entity.id).first()
            if row is None:
                problems.append(Problem(path, f"unknown service: {entity.id}"))
            else:
                found["service"] = row
        elif kind in {"component", "resource", "product"}:
            row = ecosystem.components_for_choice().filter(slug=entity.id).first()
            if row is None:
                problems.append(Problem(path, f"unknown component: {entity.id}"))
            else:
                found["component"] = row
    for index, party in enumerate(change.parties):
        if party.role.lower() not in HOLDER_ROLES:
            continue
        row = ecosystem.party_by_slug(party.id)
        if row is None:
            problems.append(
                Problem(f"relatedParty[{index}].partyOrPartyRole.id", f"unknown party: {party.id}")
            )
        else:
            found["holder"] = row
    return found, problems


def _next_reference() -> str:
    last = Ticket.objects.filter(reference__startswith="TT-").order_by("-reference").first()
    number = int(last.reference[3:]) + 1 if last and last.reference[3:].isdigit() else 1
    return f"TT-{number:06d}"


REFERENCE_ATTEMPTS = 5


def _save_with_a_free_reference(ticket: Ticket) -> None:
    """Save a new ticket; if a concurrent create took its reference first (PostgreSQL runs
    creates side by side; SQLite one at a time), take the next one and save again."""
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                ticket.save()
            return
        except IntegrityError:
            taken = Ticket.objects.filter(reference=ticket.reference).exists()
            if not taken or attempt == REFERENCE_ATTEMPTS - 1:
                raise
            ticket.reference = _next_reference()


@dataclass(frozen=True, slots=True)
class _Mark:
    """One event of a ticket's timeline, as a change reads it."""

    occurred_at: dt.datetime
    seq: int
    status: str
    party_id: int | None


def _timeline(ticket: Ticket) -> list[_Mark]:
    """The ticket's events in their own time order (ties by arrival): read once per change,
    for what the change leaves out, whether it repeats an event, and how the ticket settles."""
    rows = ticket.events.order_by("occurred_at", "seq").values_list(
        "occurred_at", "seq", "status", "party_id"
    )
    return [_Mark(*row) for row in rows]


def _append_event(
    ticket: Ticket,
    timeline: list[_Mark],
    *,
    at: dt.datetime,
    status: str,
    party_id: int | None,
    reason: str,
    source: str,
    payload: RawPayload | None,
    sla_breached: bool | None = None,
    opening: bool = False,
) -> bool:
    """Append one event unless the same one is there already (a repeated request); the
    timeline takes it in its place. `opening`: the first event of a ticket saved a moment
    ago in this transaction, which no party holds yet (one insert, not a look-up first)."""
    if any(m.occurred_at == at and m.status == status and m.party_id == party_id for m in timeline):
        return False
    seq = max((m.seq for m in timeline), default=0) + 1
    TicketEvent.objects.create(
        ticket=ticket,
        seq=seq,
        occurred_at=at,
        status=status,
        party_id=party_id,
        reason=reason,
        source=source,
        payload=payload,
        sla_breached=sla_breached,
    )
    if party_id is not None and all(m.party_id != party_id for m in timeline):
        # the party's first event on this ticket: from now on it may see it
        if opening:
            TicketHolder.objects.create(ticket=ticket, party_id=party_id, first_held_at=at)
        else:
            TicketHolder.objects.get_or_create(
                ticket=ticket, party_id=party_id, defaults={"first_held_at": at}
            )
    bisect.insort(timeline, _Mark(at, seq, status, party_id), key=lambda m: (m.occurred_at, m.seq))
    return True


def _hand_offs(timeline: list[_Mark]) -> int:
    """How many times the ticket passed from one party to another, in its own time order."""
    holders = [m.party_id for m in timeline if m.party_id is not None]
    return sum(1 for before, after in pairwise(holders) if before != after)


def _settle(ticket: Ticket, timeline: list[_Mark]) -> None:
    """Status and holder are those of the latest event by its own time, so events that arrive
    out of order end in the same state as in order."""
    if not timeline:
        return
    latest = timeline[-1]
    ticket.status = latest.status
    ticket.current_party_id = latest.party_id
    resolved = next((m for m in timeline if m.status == "resolved"), None)
    closed = next((m for m in timeline if m.status == "closed"), None)
    reopened = latest.status not in {"resolved", "closed", "cancelled", "rejected"}
    ticket.resolved_at = None if reopened or resolved is None else resolved.occurred_at
    ticket.closed_at = None if reopened or closed is None else closed.occurred_at


def _add_notes(
    ticket: Ticket, change: TicketChange, party_id: int | None, now: dt.datetime
) -> bool:
    added = False
    for note in change.notes:
        at = note.date or now
        lookup = (
            {"external_id": note.id}
            if note.id
            else {"external_id": "", "text": note.text, "written_at": at}
        )
        _, created = TicketNote.objects.get_or_create(
            ticket=ticket,
            **lookup,
            defaults={
                "author": note.author,
                "text": note.text,
                "written_at": at,
                "party_id": party_id,
            },
        )
        added = added or created
    return added


# A ticket's foreign keys, which the services fill with rows read from the database: checking
# that each exists again would cost a query each on every change.
_ROWS = ("raised_by", "service", "component", "current_party", "escalation_ladder")


def after_tickets_changed(
    tickets: Sequence[Ticket],
    *,
    party_id: int | None,
    source: str,
    now: dt.datetime,
    handed_off: Iterable[int] | None = None,
) -> None:
    """What every change of a ticket owes, whichever path made it — a TMF621 request here;
    bulk events and imported files in `outbox.after_tickets_loaded`, its set-based form with
    the same effects — once per changed ticket per request, inside its transaction:
    the bounces the change may have made go to arbitration (`handed_off`: the tickets with a new
    hand-off; None, every one of `tickets`), and the hub writes what subscribers, bonded parties
    and the new holder's users are owed (`hub.ticket_changed`). `party_id` is the party the
    change came from."""
    bounced = [t.pk for t in tickets] if handed_off is None else list(handed_off)
    if bounced:
        arbitration.review_bounces(bounced, now=now)
    for ticket in tickets:
        hub.ticket_changed(ticket, party_id=party_id, source=source, now=now)


def receive_ticket(
    *,
    party: Party,
    change: TicketChange,
    now: dt.datetime,
    payload: RawPayload | None = None,
    source: str = "tmf621",
    may_touch: Callable[[Ticket], bool] | None = None,
) -> Received:
    """A ticket a party's tool raises. A ticket whose correlation key Podium knows already is
    that ticket (the same request sent again changes nothing); otherwise it opens, routed to the
    party the body names, else to the Responsible of the matrix, and keeps its SLA policy and
    escalation ladder from now on. Raises `TmfInputError` naming the places it cannot take, and
    `NotYourTicketError` when the key is a ticket the sender may not touch (`may_touch`; by
    default one it raised or held)."""
    allowed = may_touch or _raised_or_held_by(party)
    for key in change.external_ids:
        existing = Ticket.objects.filter(external_owner=key.owner, external_id=key.id).first()
        if existing is not None:
            if not allowed(existing):
                raise NotYourTicketError(f"{key.owner}/{key.id} is not a ticket of yours")
            return update_ticket(
                ticket=existing, party=party, change=change, now=now, payload=payload, source=source
            )
    found, problems = _resolve(change)
    if problems:
        raise TmfInputError(problems)
    service, component = found.get("service"), found.get("component")
    if service is None and component is not None:
        service = ecosystem.services_among(
            [s for c, s in ecosystem.service_links([component.pk], ecosystem.service_ids())]
        ).first()
    holder = found.get("holder")
    holder_id = (
        holder.pk
        if holder is not None
        else raci_selectors.responsible_for(
            component_id=component.pk if component else None,
            service_id=service.pk if service else None,
        )
    )
    if holder_id is None:
        holder_id = party.pk
    opened_at = change.last_update or now
    priority = _priority(change, "P3")
    first = change.external_ids[0] if change.external_ids else None
    with transaction.atomic():
        ticket = Ticket(
            reference=_next_reference(),
            title=(change.name or change.description)[:200],
            description=change.description,
            severity=change.severity,
            ticket_type=change.ticket_type or "incident",
            priority=priority,
            status=change.status or "acknowledged",
            service=service,
            component=component,
            opened_at=opened_at,
            updated_at=opened_at,
            raised_by=party,
            external_owner=first.owner if first else "",
            external_id=first.id if first else "",
            current_party_id=holder_id,
            sla_policy=clocks.sla_policy_for(
                priority=priority,
                service_id=service.pk if service else None,
                component_id=component.pk if component else None,
                routed_party_id=holder_id,
                today=opened_at.date(),
            ),
            escalation_ladder_id=escalation.current_ladder_ids(
                {(holder_id, service.pk if service else None)}
            ).get((holder_id, service.pk if service else None)),
        )
        known = holder if holder is not None else party if holder_id == party.pk else None
        if known is not None:  # a row read already: the answer's assignee costs no query
            ticket.current_party = known
        # The rows (raiser, holder, service) were read from the database; a reference taken
        # meanwhile is handled on saving, and the correlation key was looked up above.
        ticket.full_clean(exclude=_ROWS, validate_unique=False, validate_constraints=False)
        _save_with_a_free_reference(ticket)
        _append_event(
            ticket,
            [],  # a new ticket has no events yet
            at=opened_at,
            status=ticket.status,
            party_id=holder_id,
            reason=change.status_change_reason,
            source=source,
            payload=payload,
            sla_breached=change.sla_breached,
            opening=True,
        )
        _add_notes(ticket, change, party.pk, now)
        clocks.recompute(ticket, now=now)
        audit.record(
            acting_user=None,
            action="operations.ticket.created",
            target=ticket,
            party_id=party.pk,
            after={"reference": ticket.reference, "status": ticket.status, "via": source},
        )
        # a new ticket has one event: nothing to bounce yet
        after_tickets_changed([ticket], party_id=party.pk, source=source, now=now, handed_off=())
    return Received(ticket, "created")


def update_ticket(
    *,
    ticket: Ticket,
    party: Party,
    change: TicketChange,
    now: dt.datetime,
    payload: RawPayload | None = None,
    source: str = "tmf621",
    if_match: int | None = None,
) -> Received:
    """Apply a merge-patch from a party's tool. Fields it sets change only when the body is not
    older than what the ticket already knows (its `lastUpdate`); a status or a new holder is an
    event on the timeline whenever it came, so out-of-order patches settle in the same state."""
    found, problems = _resolve(change)
    if problems:
        raise TmfInputError(problems)
    with transaction.atomic():
        # the rows the answer shows come with it (PostgreSQL locks the ticket's row alone)
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("raised_by", "current_party", "service", "component")
            .get(pk=ticket.pk)
        )
        if if_match is not None and if_match != ticket.version:
            raise TicketConflictError(
                f"{ticket.reference} is at version {ticket.version}, not {if_match}"
            )
        before = audit.snapshot(ticket, ("status", "current_party_id", "priority", "title"))
        at = change.last_update or now
        fresh = ticket.updated_at is None or at >= ticket.updated_at
        changed = False
        if fresh:
            values = {
                "title": (change.name or change.description)[:200] if change.sets("name") else None,
                "description": change.description if change.sets("description") else None,
                "severity": change.severity if change.sets("severity") else None,
                "priority": _priority(change, ticket.priority)
                if change.sets("priority") or change.sets("severity")
                else None,
            }
            for name, value in values.items():
                if value is not None and getattr(ticket, name) != value:
                    setattr(ticket, name, value)
                    changed = True
        holder = found.get("holder")
        # What the change leaves out is what the ticket was at the change's own time (not at
        # its latest event, which may have arrived first), so any arrival order ends the same.
        timeline = _timeline(ticket)
        hand_offs = _hand_offs(timeline)
        earlier = [m for m in timeline if m.occurred_at <= at]
        then = earlier[-1] if earlier else None
        held = next((m for m in reversed(earlier) if m.party_id is not None), None)
        status = change.status or (then.status if then else ticket.status)
        holder_id = holder.pk if holder is not None else (held.party_id if held else None)
        if change.sets("status") or holder is not None or change.sla_breached is not None:
            changed |= _append_event(
                ticket,
                timeline,
                at=at,
                status=status,
                party_id=holder_id,
                reason=change.status_change_reason,
                source=source,
                payload=payload,
                sla_breached=change.sla_breached,
            )
        changed |= _add_notes(ticket, change, party.pk, now)
        if not changed:
            return Received(ticket, "unchanged")
        _settle(ticket, timeline)
        ticket.version += 1
        ticket.updated_at = max(ticket.updated_at or at, at)
        # A change sets none of the unique fields (reference, correlation key) and its rows
        # (holder, service) are rows read from the database: the values are what is checked.
        ticket.full_clean(exclude=_ROWS, validate_unique=False, validate_constraints=False)
        ticket.save()
        clocks.recompute(ticket, now=now)
        audit.record(
            acting_user=None,
            action="operations.ticket.updated",
            target=ticket,
            party_id=party.pk,
            before=before,
            after={**audit.snapshot(ticket, tuple(before)), "via": source},
        )
        handed_off = _hand_offs(timeline) > hand_offs  # only a new hand-off makes a new bounce
        after_tickets_changed(
            [ticket],
            party_id=party.pk,
            source=source,
            now=now,
            handed_off=[ticket.pk] if handed_off else (),
        )
    return Received(ticket, "updated")
