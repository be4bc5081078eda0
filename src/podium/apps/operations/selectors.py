"""Reads of tickets, always scoped to what the acting user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.choices import OPEN_STATUSES, PAUSING_STATUSES, STOPPING_STATUSES
from podium.apps.operations.models import (
    BondedTicket,
    Delivery,
    DeliveryAttempt,
    HubSubscription,
    IntegrationCredential,
    PartyEndpoint,
    Ticket,
    TicketEvent,
    TicketHolder,
    TicketNote,
)
from podium.core import tmf621
from podium.core.clocks import BusinessTime, ClockPolicy, WallClockTime, case_clock_state
from podium.core.eventlog import EventLog
from podium.platform.access import Actor, visible_party_ids


def tickets_visible_to(user: Actor) -> QuerySet[Ticket]:
    return tickets_of_parties(visible_party_ids(user))


def tickets_of_parties(parties: set[int] | None) -> QuerySet[Ticket]:
    """Tickets these parties raised or held at some point (None: every ticket)."""
    tickets = Ticket.objects.select_related("service", "component", "current_party", "raised_by")
    if parties is None:
        return tickets
    held = TicketHolder.objects.filter(party__in=parties).values("ticket_id")
    return tickets.filter(Q(pk__in=held) | Q(raised_by__in=parties))


def open_tickets_visible_to(user: Actor) -> QuerySet[Ticket]:
    return tickets_visible_to(user).filter(status__in=OPEN_STATUSES)


def open_tickets_by_holder(user: Actor) -> list[dict[str, Any]]:
    """Open tickets the user may see, counted per party holding them now, most first."""
    rows = (
        open_tickets_visible_to(user)
        .values("current_party__name", "current_party__slug")
        .annotate(open_tickets=Count("id", distinct=True))
        .order_by("-open_tickets", "current_party__name")
    )
    return [
        {
            "party": r["current_party__name"] or "nobody",
            "slug": r["current_party__slug"],
            "open": r["open_tickets"],
        }
        for r in rows
    ]


def ticket_events(ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("party").order_by("occurred_at", "seq")


def ticket_notes(ticket: Ticket) -> QuerySet[TicketNote]:
    return ticket.notes.order_by("written_at", "id")


def credentials_visible_to(user: Actor) -> QuerySet[IntegrationCredential]:
    """Integration tokens (never the secret): the integrator sees all, a party its own."""
    parties = visible_party_ids(user)
    rows = IntegrationCredential.objects.select_related("party")
    return rows if parties is None else rows.filter(party__in=parties)


def all_credentials(party_slug: str | None) -> QuerySet[IntegrationCredential]:
    """Every token (the operator's command line), or one party's."""
    rows = IntegrationCredential.objects.select_related("party").order_by("party__slug", "name")
    return rows if party_slug is None else rows.filter(party__slug=party_slug)


def ticket_view(ticket: Ticket) -> tmf621.TicketView:
    """The ticket as a TMF621 resource shows it (the API's answers and the hub's events):
    its status changes, reporter and assignee, affected service and component, notes, and its
    numbers in other tools — the raiser's, and each bonded party's."""
    events = list(ticket_events(ticket))
    changes = []
    last_status = ""
    for event in events:
        if event.status != last_status:
            changes.append(tmf621.StatusChangeView(event.status, event.occurred_at, event.reason))
            last_status = event.status
    parties = []
    if ticket.raised_by is not None:
        parties.append(tmf621.PartyRef("reporter", ticket.raised_by.slug, ticket.raised_by.name))
    if ticket.current_party is not None:
        parties.append(
            tmf621.PartyRef("assignee", ticket.current_party.slug, ticket.current_party.name)
        )
    entities = []
    if ticket.service is not None:
        entities.append(
            tmf621.EntityRef("affectedService", "Service", ticket.service.slug, ticket.service.name)
        )
    if ticket.component is not None:
        entities.append(
            tmf621.EntityRef(
                "affectedComponent", "Component", ticket.component.slug, ticket.component.name
            )
        )
    external = [tmf621.ExternalId(ticket.external_owner, ticket.external_id)]
    external += [
        tmf621.ExternalId(owner, remote)
        for owner, remote in BondedTicket.objects.filter(ticket=ticket)
        .exclude(remote_id="")
        .values_list("endpoint__party__slug", "remote_id")
    ]
    return tmf621.TicketView(
        id=ticket.reference,
        href=reverse("tmf621:retrieve_trouble_ticket", kwargs={"ticket_id": ticket.reference}),
        name=ticket.title,
        description=ticket.description,
        severity=ticket.severity,
        priority=ticket.priority,
        ticket_type=ticket.ticket_type,
        status=ticket.status,
        created_at=ticket.opened_at,
        updated_at=ticket.updated_at or ticket.opened_at,
        resolved_at=ticket.resolved_at,
        external_ids=tuple(e for e in dict.fromkeys(external) if e.id),
        parties=tuple(parties),
        entities=tuple(entities),
        notes=tuple(
            tmf621.NoteView(str(n.external_id or n.pk), n.text, n.author, n.written_at)
            for n in ticket_notes(ticket)
        ),
        status_changes=tuple(changes),
    )


def subscriptions_visible_to(caller_party: int | None) -> QuerySet[HubSubscription]:
    """Live hub subscriptions: a party's own (None: every party's, for the integrator)."""
    rows = HubSubscription.objects.select_related("party").filter(removed_at__isnull=True)
    return rows if caller_party is None else rows.filter(party_id=caller_party)


def subscriptions_hearing_of(ticket: Ticket) -> list[HubSubscription]:
    """Live subscriptions whose party may see the ticket (it raised or held it), and those
    of the integrator's staff, which hear of every ticket."""
    parties = set(ticket.party_ids())
    if ticket.raised_by_id is not None:
        parties.add(ticket.raised_by_id)
    return list(
        HubSubscription.objects.filter(disabled_at__isnull=True, removed_at__isnull=True)
        .filter(Q(sees_everything=True) | Q(party_id__in=parties))
        .order_by("id")
    )


def deliveries_visible_to(user: Actor) -> QuerySet[Delivery]:
    """The delivery log: every delivery for the integrator and auditors, a party's users
    those to their party's subscriptions and endpoint."""
    rows = Delivery.objects.select_related(
        "subscription__party", "link__endpoint__party", "ticket"
    ).order_by("-created_at", "-id")
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    return rows.filter(
        Q(subscription__party__in=parties, subscription__sees_everything=False)
        | Q(link__endpoint__party__in=parties)
    )


def delivery_tries(delivery: Delivery) -> QuerySet[DeliveryAttempt]:
    return delivery.tries.order_by("number")


def endpoints_visible_to(user: Actor) -> QuerySet[PartyEndpoint]:
    """Parties' TMF621 endpoints (never their token): the integrator sees all, a party its own."""
    rows = PartyEndpoint.objects.select_related("party").filter(disabled_at__isnull=True)
    parties = visible_party_ids(user)
    return rows if parties is None else rows.filter(party__in=parties)


def all_endpoints(party_slug: str | None) -> QuerySet[PartyEndpoint]:
    """Every registered endpoint (the operator's command line), or one party's."""
    rows = PartyEndpoint.objects.select_related("party").filter(disabled_at__isnull=True)
    rows = rows if party_slug is None else rows.filter(party__slug=party_slug)
    return rows.order_by("party__slug")


def delivery_log(status: str | None) -> QuerySet[Delivery]:
    """Every delivery, newest first (the operator's command line), or those in one status."""
    rows = Delivery.objects.select_related("subscription", "link__endpoint", "ticket")
    rows = rows if not status else rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def ticket_holders(ticket: Ticket) -> list[TicketHolder]:
    """The parties that held the ticket, in the order they first did."""
    return list(
        TicketHolder.objects.filter(ticket=ticket)
        .select_related("party")
        .order_by("first_held_at", "pk")
    )


def open_tickets_like(user: Actor, ticket: Ticket, limit: int = 10) -> list[Ticket]:
    """Other open tickets of the same service (else component) the user may see, newest first."""
    rows = open_tickets_visible_to(user).exclude(pk=ticket.pk)
    if ticket.service_id is not None:
        rows = rows.filter(service_id=ticket.service_id)
    elif ticket.component_id is not None:
        rows = rows.filter(component_id=ticket.component_id)
    else:
        return []
    return list(rows.order_by("-opened_at")[:limit])


@dataclass(frozen=True)
class PartyTime:
    """How long one party held the ticket while its clock ran, and whether it holds it now."""

    party: Any
    seconds: float
    holding: bool
    share: int  # percent of the clock's elapsed time


@dataclass(frozen=True)
class TicketClock:
    """The ticket's resolution clock as Podium can tell it today: against the target of the
    contract covering it (when the viewer may see that contract), in that contract's business
    time; otherwise the clock runs on wall-clock time without a target."""

    state: str
    elapsed_seconds: float
    target_seconds: float | None
    due_at: dt.datetime | None
    breached_at: dt.datetime | None
    remaining_seconds: float | None
    contract: Any
    calendar: Any
    parties: tuple[PartyTime, ...]

    @property
    def breached(self) -> bool:
        return self.breached_at is not None

    @property
    def used_percent(self) -> int | None:
        if not self.target_seconds:
            return None
        return min(100, round(100 * self.elapsed_seconds / self.target_seconds))


def ticket_clock(user: Actor, ticket: Ticket, now: dt.datetime) -> TicketClock | None:
    """The clock of `ticket` at `now` (None for a ticket without events)."""
    events = list(ticket_events(ticket))
    if not events:
        return None
    runner = None
    if ticket.component_id is not None:
        runner = ecosystem.component_runners([ticket.component_id]).get(ticket.component_id)
    runner = runner or ticket.current_party_id
    target = None
    if runner is not None:
        target = ecosystem.resolution_target_visible_to(
            user,
            party_id=runner,
            service_id=ticket.service_id,
            component_id=ticket.component_id,
            priority=ticket.priority,
            on=ticket.opened_at.date(),
        )
    calendar: BusinessTime = WallClockTime()
    if target is not None and target.calendar is not None:
        calendar = ecosystem.engine_calendar(target.calendar)
    seconds = float(target.target.resolution_minutes * 60) if target is not None else 0.0
    policy = ClockPolicy(
        pause_activities=PAUSING_STATUSES,
        pause_sub_statuses=frozenset(),
        stop_activities=STOPPING_STATUSES,
        priority_column=None,
        default_target_seconds=seconds,
    )
    frame = pl.DataFrame(
        {
            "case_id": [ticket.reference] * len(events),
            "seq": [e.seq for e in events],
            "timestamp": [e.occurred_at for e in events],
            "activity": [e.status for e in events],
            "sub_status": [e.sub_status for e in events],
            "party": [str(e.party_id) if e.party_id else None for e in events],
        },
        schema_overrides={"timestamp": pl.Datetime("us", "UTC")},
    )
    state = case_clock_state(frame, calendar, as_of=max(now, events[-1].occurred_at), policy=policy)
    parties = {str(e.party_id): e.party for e in events if e.party_id}
    total = state.elapsed_seconds or 1.0
    with_target = target is not None
    return TicketClock(
        state=state.state,
        elapsed_seconds=state.elapsed_seconds,
        target_seconds=seconds if with_target else None,
        due_at=state.due_at if with_target else None,
        breached_at=state.breached_at if with_target else None,
        remaining_seconds=state.remaining_seconds if with_target else None,
        contract=target.contract if target else None,
        calendar=target.calendar if target else None,
        parties=tuple(
            PartyTime(
                parties.get(p.party),
                p.elapsed_seconds,
                p.holding,
                round(100 * p.elapsed_seconds / total),
            )
            for p in sorted(state.parties, key=lambda p: -p.elapsed_seconds)
            if p.party in parties
        ),
    )


def parties_holding_together() -> set[tuple[int, int]]:
    """Pairs of parties (lower id first) that both held one ticket at some point: who works
    with whom by the ticket history (the trust context's survey asks each about the other)."""
    holders: dict[int, set[int]] = {}
    for ticket_id, party_id in TicketHolder.objects.values_list("ticket_id", "party_id"):
        holders.setdefault(ticket_id, set()).add(party_id)
    return {(a, b) for parties in holders.values() for a in parties for b in parties if a < b}


def ticket_event_log() -> EventLog:
    """Every ticket's events as the engine's canonical log, the party by its id (as text), for
    analyses over the whole history (the trust context's insight into hand-offs per pair)."""
    rows = list(
        TicketEvent.objects.order_by("ticket_id", "occurred_at", "seq").values_list(
            "ticket_id", "occurred_at", "status", "party_id"
        )
    )
    frame = pl.DataFrame(
        {
            "case_id": [str(r[0]) for r in rows],
            "timestamp": [r[1] for r in rows],
            "activity": [r[2] for r in rows],
            "party": [None if r[3] is None else str(r[3]) for r in rows],
        },
        schema={
            "case_id": pl.String,
            "timestamp": pl.Datetime("us", "UTC"),
            "activity": pl.String,
            "party": pl.String,
        },
    )
    return EventLog.from_frame(frame, source="tickets")
