"""`/api/v1/operations/…`: tickets the caller may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from podium.apps.operations import selectors
from podium.apps.operations.models import Ticket
from podium.platform.api import BoundedPagination

router = Router(tags=["operations"])


class TicketOut(Schema):
    reference: str
    title: str
    priority: str
    status: str
    opened_at: dt.datetime
    resolved_at: dt.datetime | None
    held_by: str | None

    @staticmethod
    def resolve_held_by(obj: Ticket) -> str | None:
        return obj.current_party.slug if obj.current_party is not None else None


@router.get("/tickets", response=list[TicketOut], summary="Tickets you may see")
@paginate(BoundedPagination)
def list_tickets(request: HttpRequest) -> QuerySet[Ticket]:
    return selectors.tickets_visible_to(request.user)


@router.get("/tickets/{path:reference}", response=TicketOut, summary="One ticket")
def get_ticket(request: HttpRequest, reference: str) -> Ticket:
    return get_object_or_404(selectors.tickets_visible_to(request.user), reference=reference)
