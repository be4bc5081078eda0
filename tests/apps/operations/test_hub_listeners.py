"""Who hears of a ticket's change, asked once: with no live subscription and no live bonded
endpoint a change asks one query of the hub and e-bonding (it asked three, the subscriptions
and the ticket's bonds and its holder's endpoint); a subscription made a moment ago is heard at
once, as the question is asked afresh on every change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from podium.apps.operations.models import Delivery, Ticket
from podium.apps.operations.services import hub, tickets
from podium.core import tmf621

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
LISTENERS = ("operations_hubsubscription", "operations_partyendpoint", "operations_bondedticket")


def _raise(world: Any, number: int) -> Ticket:
    body = {
        "@type": "TroubleTicket",
        "description": "Branch cannot reach the ERP",
        "severity": "Major",
        "ticketType": "incident",
        "externalIdentifier": [{"owner": "beta-snow", "id": f"INC{number:04d}"}],
        "lastUpdate": AT.isoformat(),
    }
    change = tmf621.read_ticket(body, creating=True, owner="beta")
    return tickets.receive_ticket(party=world.supplier_b, change=change, now=AT).ticket


def _asked(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in LISTENERS)]


def test_a_change_nobody_listens_to_asks_who_listens_once(world: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        ticket = _raise(world, 1)
    assert len(_asked(queries)) == 1
    assert not Delivery.objects.filter(ticket=ticket).exists()


def test_a_subscription_made_a_moment_ago_hears_the_next_change(world: Any) -> None:
    _raise(world, 2)
    hub.create_subscription(
        acting_user=None,
        party=world.supplier_b,
        callback="https://hooks.beta.example/podium",
        query="",
        now=AT,
    )
    ticket = _raise(world, 3)
    assert Delivery.objects.filter(ticket=ticket).count() == 1
