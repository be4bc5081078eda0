"""Tickets in the matrix: pages and the native API here; the TMF621 API, with its bearer
tokens, in `TMF` (checked by test_tmf_matrix.py).

`build` gives each supplier a live integration token, and supplier A a revoked one. Integration
credentials are seen by the integrator, auditors and a party's manager (its own party's), and
managed by an integrator admin and a party's manager; a party's members see none.
"""

from __future__ import annotations

from typing import Any

from tests.authorization.support import (
    ALL_ROLES,
    EVERYTHING_ROLES,
    PARTY_ROLES,
    Entry,
    pk,
    reference,
)


def build(world: Any) -> None:
    from tests.support.clock import TEST_NOW

    from podium.apps.operations.services import credentials

    world.credential_a, world.token_a = credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Alpha tool", now=TEST_NOW
    )
    world.credential_b, world.token_b = credentials.create_credential(
        acting_user=None, party=world.supplier_b, name="Beta tool", now=TEST_NOW
    )
    revoked, world.token_revoked = credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Old alpha tool", now=TEST_NOW
    )
    credentials.revoke_credential(acting_user=None, credential=revoked, now=TEST_NOW)


CREDENTIAL_VIEWERS = (*EVERYTHING_ROLES, "party_manager")
CREDENTIAL_MANAGERS = ("integrator_admin", "party_manager")

PAGES = {
    "operations:ticket_list": Entry(),
    "operations:ticket_detail": Entry(own=reference("ticket_a"), foreign=reference("ticket_b")),
    "operations:credential_list": Entry(allowed_roles=CREDENTIAL_VIEWERS),
    # the answer that shows the new token is a 201; a form with errors would be a 200
    "operations:credential_create": Entry(
        method="post",
        allowed_roles=CREDENTIAL_MANAGERS,
        ok_status=201,
        body=lambda w: {"party": str(w.supplier_a.pk), "name": "Alpha monitoring"},
    ),
    "operations:credential_revoke": Entry(
        own=pk("credential_a"),
        foreign=pk("credential_b"),
        method="post",
        allowed_roles=CREDENTIAL_MANAGERS,
        ok_status=302,
    ),
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

FOREIGN_MARKERS = ("INC-B", "Beta tool")


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
