"""Ticket pages: adapters over scoped selectors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.apps.governance.selectors import escalation, raci
from podium.apps.operations import selectors
from podium.apps.operations.choices import TicketStatus
from podium.apps.operations.filters import TicketFilterSet
from podium.apps.operations.rules import RUN_MAJOR_INCIDENTS
from podium.apps.operations.selectors import arbitration, major_incidents
from podium.apps.operations.tables import TicketTable
from podium.apps.operations.views.escalations import next_escalation
from podium.platform.access import may
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


TABS = (
    ("timeline", "Timeline"),
    ("clocks", "Clocks"),
    ("parties", "Parties and RACI"),
    ("related", "Related"),
)


@require_GET
@login_required
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """A compact header (status, priority, who holds it, when it is due in the viewer's zone)
    and tabs — timeline, clocks, parties and RACI, related — each a link that works without
    a script; a tab reads only what it shows."""
    ticket = get_object_or_404(selectors.tickets_visible_to(request.user), reference=reference)
    tab = request.GET.get("tab", "timeline")
    if tab not in dict(TABS):
        tab = "timeline"
    events = list(selectors.ticket_events(ticket))
    ladder, current_ladder = escalation.ladder_in_force(request.user, ticket.escalation_ladder_id)
    context: dict[str, Any] = {
        "ticket": ticket,
        "ladder": ladder,
        "current_ladder": current_ladder,
        "tab": tab,
        "tabs": TABS,
        "events": timeline(events),
        "clocks": selectors.ticket_clocks(request.user, ticket, timezone.now()),
        "arbitrations": arbitration.arbitrations_of_ticket(request.user, ticket),
        "major_incident": major_incidents.major_incident_of(request.user, ticket),
        "may_declare": ticket.is_open and may(request.user, RUN_MAJOR_INCIDENTS),
        "next_escalation": next_escalation(
            ticket, may_read_ladder=ladder is not None, now=timezone.now()
        ),
    }
    if tab == "parties":
        context["holders"] = selectors.ticket_holders(ticket)
        context["responsibilities"] = raci.responsibilities_on(
            request.user, service_id=ticket.service_id, component_id=ticket.component_id
        )
    if tab == "related":
        context["similar"] = selectors.open_tickets_like(request.user, ticket)
    return render(request, "operations/ticket_detail.html", context)


def timeline(events: list[Any]) -> list[dict[str, Any]]:
    """Each event with its status in words, the time since the one before and whether the
    ticket changed hands."""
    labels = dict(TicketStatus.choices)
    rows = []
    previous = None
    for event in events:
        rows.append(
            {
                "event": event,
                "status": labels.get(event.status, event.status),
                "after": (event.occurred_at - previous.occurred_at) if previous else None,
                "handoff": previous is not None
                and event.party_id is not None
                and event.party_id != previous.party_id,
            }
        )
        previous = event
    return rows
