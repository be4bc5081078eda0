"""Tickets in the matrix: pages and the native API here; the TMF621 API, with its bearer
tokens, in `TMF` (checked by test_tmf_matrix.py).

`build` gives each supplier a live integration token, and supplier A a revoked one.
"""

from __future__ import annotations

from typing import Any

from tests.authorization.support import ALL_ROLES, PARTY_ROLES, Entry, reference


def build(world: Any) -> None:
    from tests.support.clock import TEST_NOW

    from podium.apps.operations.services import credentials

    def token(party: Any, name: str) -> str:
        return credentials.create_credential(
            acting_user=None, party=party, name=name, now=TEST_NOW
        )[1]

    world.token_a = token(world.supplier_a, "Alpha tool")
    world.token_b = token(world.supplier_b, "Beta tool")
    revoked, world.token_revoked = credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Old alpha tool", now=TEST_NOW
    )
    credentials.revoke_credential(acting_user=None, credential=revoked, now=TEST_NOW)


PAGES = {
    "operations:ticket_list": Entry(),
    "operations:ticket_detail": Entry(own=reference("ticket_a"), foreign=reference("ticket_b")),
}

API = {
    "GET /api/v1/operations/tickets": Entry(),
    "GET /api/v1/operations/tickets/{reference}": Entry(
        own=reference("ticket_a"), foreign=reference("ticket_b")
    ),
    # bulk events; its bearer-token cases are in test_event_tokens.py
    "POST /api/v1/events": Entry(
        method="post",
        allowed_roles=("integrator_admin", "integrator_analyst", *PARTY_ROLES),
        body=lambda w: EVENTS,
    ),
}
EVENTS = {
    "owner": "matrix-tool",
    "events": [
        {
            "case_id": "M-1",
            "timestamp": "2026-11-30T09:00:00Z",
            "activity": "New",
            "party": "alpha",
        },
        {"case_id": "M-1", "timestamp": "2026-11-30T09:05:00Z", "activity": "In Progress"},
    ],
}

FOREIGN_MARKERS = ("INC-B",)


def _ticket(attr: str) -> Any:
    return lambda w: {"ticket_id": getattr(w, attr).reference}


WRITERS = ("integrator_admin", "integrator_analyst", *PARTY_ROLES)
NEW_TICKET = {
    "@type": "TroubleTicket",
    "description": "Cluster nodes restarting",
    "severity": "Major",
    "ticketType": "incident",
    "relatedEntity": [{"entity": {"@referredType": "Component", "id": "alpha-k8s"}}],
}

TMF = {
    "GET /tmf-api/troubleTicket/v5/troubleTicket": Entry(allowed_roles=ALL_ROLES),
    "POST /tmf-api/troubleTicket/v5/troubleTicket": Entry(
        method="post", allowed_roles=WRITERS, ok_status=201, body=lambda w: NEW_TICKET
    ),
    "GET /tmf-api/troubleTicket/v5/troubleTicket/{ticket_id}": Entry(
        own=_ticket("ticket_a"), foreign=_ticket("ticket_b")
    ),
    "PATCH /tmf-api/troubleTicket/v5/troubleTicket/{ticket_id}": Entry(
        own=_ticket("ticket_a"),
        foreign=_ticket("ticket_b"),
        method="patch",
        allowed_roles=WRITERS,
        body=lambda w: {"note": [{"text": "Looking into it"}]},
    ),
}
