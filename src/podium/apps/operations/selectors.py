"""Reads of tickets, always scoped to what the acting user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from podium.apps.operations.choices import OPEN_STATUSES
from podium.apps.operations.models import (
    IntegrationCredential,
    Ticket,
    TicketEvent,
    TicketHolder,
    TicketNote,
)
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
