"""Ticket pages: adapters over scoped selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from podium.apps.governance.selectors import escalation
from podium.apps.operations import selectors
from podium.apps.operations.filters import TicketFilterSet
from podium.apps.operations.tables import TicketTable
from podium.platform.lists import render_list


@require_GET
@login_required
def ticket_list(request: HttpRequest) -> HttpResponseBase:
    return render_list(
        request,
        queryset=selectors.tickets_visible_to(request.user),
        filterset_class=TicketFilterSet,
        table_class=TicketTable,
        title="Tickets",
        export_name="tickets",
    )


@require_GET
@login_required
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = get_object_or_404(selectors.tickets_visible_to(request.user), reference=reference)
    ladder, current_ladder = escalation.ladder_in_force(ticket.escalation_ladder_id)
    return render(
        request,
        "operations/ticket_detail.html",
        {
            "ticket": ticket,
            "events": selectors.ticket_events(ticket),
            "ladder": ladder,
            "current_ladder": current_ladder,
        },
    )
