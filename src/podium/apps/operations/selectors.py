"""Reads of tickets, always scoped to what the acting user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from podium.apps.operations.choices import OPEN_STATUSES
from podium.apps.operations.models import Ticket, TicketEvent
from podium.platform.access import Actor, visible_party_ids


def tickets_visible_to(user: Actor) -> QuerySet[Ticket]:
    parties = visible_party_ids(user)
    tickets = Ticket.objects.select_related("service", "current_party")
    if parties is None:
        return tickets
    return tickets.filter(holders__in=parties).distinct()


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
