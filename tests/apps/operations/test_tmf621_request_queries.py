"""What one TMF621 create and one merge-patch from a party's tool ask the database, pinned: the
token's credential brings its party (no second read of it), a new ticket's first holder is one
insert (no look-up and savepoint around it), the new ticket's assignee is the party read
already, a patch reads the ticket's rows with it, and a tool's own new ticket is not looked up
again to see whether it may see it. Each query is a millisecond or two of a request's
processor time (docs/benchmarks.md): a change that adds one should say why here."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from podium.apps.operations.models import RawPayload, Ticket, TicketEvent, TicketHolder
from podium.apps.operations.services import credentials

pytestmark = pytest.mark.django_db
TMF = "/tmf-api/troubleTicket/v5/troubleTicket"
# BEGIN and COMMIT are queries too; the world has no subscription and no bonded endpoint
CREATE_QUERIES = 27
PATCH_QUERIES = 23


def _body(number: int) -> str:
    return json.dumps(
        {
            "@type": "TroubleTicket",
            "name": f"WAN link flaps {number}",
            "description": "Branch office WAN link flaps",
            "severity": "Major",
            "priority": "P2",
            "ticketType": "incident",
            "externalIdentifier": [{"owner": "alpha-snow", "id": f"INC{number:07d}"}],
        }
    )


@pytest.fixture
def tool(world: Any) -> Client:
    token = credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Alpha ITSM", now=timezone.now()
    )[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _tables(queries: CaptureQueriesContext, verb: str) -> list[str]:
    """The table each SELECT reads from first, or each INSERT writes into."""
    marker = ' FROM "' if verb == "SELECT" else 'INSERT INTO "'
    return sorted(
        q["sql"].split(marker, 1)[1].split('"', 1)[0]
        for q in queries.captured_queries
        if q["sql"].startswith(verb) and marker in q["sql"]
    )


def test_one_create_and_one_patch_ask_what_is_pinned(world: Any, tool: Client) -> None:
    tool.post(TMF, _body(0), content_type="application/json")  # the first request warms caches
    with CaptureQueriesContext(connection) as created:
        answer = tool.post(TMF, _body(1), content_type="application/json")
    assert answer.status_code == 201, answer.content
    resource = answer.json()
    assert [p["role"] for p in resource["relatedParty"]] == ["reporter", "assignee"]
    ticket = Ticket.objects.get(reference=resource["id"])
    assert TicketHolder.objects.filter(ticket=ticket).count() == 1
    with CaptureQueriesContext(connection) as patched:
        answer = tool.patch(
            f"{TMF}/{resource['id']}",
            json.dumps({"status": "inProgress"}),
            content_type="application/merge-patch+json",
        )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "inProgress"
    assert TicketEvent.objects.filter(ticket=ticket).count() == 2
    assert RawPayload.objects.filter(ticket=ticket, status_code__isnull=False).count() == 2

    assert len(created) == CREATE_QUERIES, "\n".join(q["sql"][:160] for q in created)
    assert len(patched) == PATCH_QUERIES, "\n".join(q["sql"][:160] for q in patched)
    # parties read on their own: the create's one is the SLA policy's (the holder's calendar);
    # the writing party comes with the credential, reporter and assignee with the ticket
    assert _tables(created, "SELECT").count("ecosystem_party") == 1
    assert _tables(patched, "SELECT").count("ecosystem_party") == 0
    # a new ticket's holder: one insert, no look-up first
    assert "operations_ticketholder" not in _tables(created, "SELECT")
    assert _tables(created, "INSERT").count("operations_ticketholder") == 1
