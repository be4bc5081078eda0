"""The source tool's own SLA verdict — a TMF621 `slaBreached` characteristic or a bulk event's
`sla_breached` — is stored with the event that carried it and shown on the ticket page beside
Podium's end-to-end clock, with a flag when the two disagree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.support.clock import TEST_NOW

from podium.apps.operations import selectors
from podium.apps.operations.models import Ticket
from podium.apps.operations.services import tickets
from podium.apps.operations.services.events import ingest_events
from podium.core import tmf621
from podium.core.ingest import read_event_records

pytestmark = pytest.mark.django_db
AT = TEST_NOW - dt.timedelta(hours=1)  # P1: 4 hours, so Podium's clock has not run out


def _verdict(value: Any) -> dict[str, Any]:
    return {
        "troubleTicketCharacteristic": [
            {"@type": "StringCharacteristic", "name": "assignmentGroup", "value": "WAN"},
            {"@type": "BooleanCharacteristic", "name": "slaBreached", "value": value},
        ]
    }


def _create(**extra: Any) -> Ticket:
    body = {
        "@type": "TroubleTicket",
        "description": "Branch cannot reach the ERP",
        "severity": "Major",
        "ticketType": "incident",
        "priority": "P1",
        "externalIdentifier": [{"owner": "beta-snow", "id": "INC0012"}],
        "lastUpdate": AT.isoformat(),
        **extra,
    }
    change = tmf621.read_ticket(body, creating=True, owner="beta")
    return tickets.receive_ticket(party=_beta(), change=change, now=AT).ticket


def _beta() -> Any:
    from podium.apps.ecosystem.models import Party

    return Party.objects.get(slug="beta")


def _page(world: Any, ticket: Ticket) -> str:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    url = reverse("operations:ticket_detail", args=[ticket.reference])
    return client.get(url, {"tab": "clocks"}).content.decode()


def test_a_tmf621_verdict_is_kept_and_a_disagreement_flagged(world: Any) -> None:
    ticket = _create(**_verdict(True))
    assert ticket.events.get().sla_breached is True
    clocks = selectors.ticket_clocks(world.users["integrator_admin"], ticket, AT)
    assert clocks is not None
    assert clocks.tool_verdict is not None
    assert (clocks.tool_verdict.breached, clocks.breached) == (True, False)
    assert clocks.disagreement
    body = _page(world, ticket)
    assert 'id="sla-disagreement"' in body
    assert "they disagree" in body
    # the tool changes its mind later: its latest word is the one shown
    later = tmf621.read_ticket(
        {"lastUpdate": (AT + dt.timedelta(minutes=10)).isoformat(), **_verdict(False)},
        creating=False,
        owner="beta",
    )
    tickets.update_ticket(ticket=ticket, party=_beta(), change=later, now=AT)
    body = _page(world, ticket)
    assert 'id="sla-disagreement"' not in body
    assert "Podium's clock agrees" in body


def test_a_verdict_that_is_not_a_boolean_is_refused_with_its_place() -> None:
    with pytest.raises(tmf621.TmfInputError) as refused:
        tmf621.read_ticket(_verdict("yes"), creating=False, owner="beta")
    assert [p.path for p in refused.value.problems] == ["troubleTicketCharacteristic[1].value"]


def test_a_ticket_without_a_verdict_says_the_tool_sent_none(world: Any) -> None:
    ticket = _create()
    assert "the tool sent none" in _page(world, ticket)


def test_a_bulk_event_s_verdict_is_kept_and_a_wrong_type_refused(world: Any) -> None:
    records = [
        {"case_id": "V-1", "timestamp": AT.isoformat(), "activity": "New", "sla_breached": True},
        {"case_id": "V-2", "timestamp": AT.isoformat(), "activity": "New", "sla_breached": "no"},
    ]
    read = read_event_records(records, owner="beta-log")
    assert [(p.seq, p.field) for p in read.problems] == [(1, "sla_breached")]
    ingest_events(
        acting_user=None,
        sender=_beta(),
        events=read.frame,
        now=TEST_NOW,
        problems=(),
        partial=True,
    )
    ticket = Ticket.objects.get(external_id="V-1")
    assert ticket.events.get().sla_breached is True
    clocks = selectors.ticket_clocks(world.users["integrator_admin"], ticket, AT)
    assert clocks is not None
    assert clocks.disagreement
    assert not Ticket.objects.filter(external_id="V-2").exists()
