"""Reads of tickets, always scoped to what the acting user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from podium.apps.operations.choices import OPEN_STATUSES
from podium.apps.operations.models import Ticket, TicketEvent
from podium.platform.access import visible_party_ids


def tickets_visible_to(user: Any) -> QuerySet[Ticket]:
    parties = visible_party_ids(user)
    tickets = Ticket.objects.select_related("service", "current_party")
    if parties is None:
        return tickets
    return tickets.filter(holders__in=parties).distinct()


def open_tickets_visible_to(user: Any) -> QuerySet[Ticket]:
    return tickets_visible_to(user).filter(status__in=OPEN_STATUSES)


def ticket_events(ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("party").order_by("occurred_at", "seq")
