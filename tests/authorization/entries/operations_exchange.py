"""The ticket exchange in the matrix: TMF621 hub subscriptions and listeners (in `TMF`, checked
by test_tmf_matrix.py with sessions and each supplier's token), and the native API of parties'
TMF621 endpoints and of the delivery log (in `API`).

`build` gives each supplier a hub subscription, a registered endpoint and one delivery owed to
it; supplier B's callback and endpoint hosts are its leak markers.
"""

from __future__ import annotations

from typing import Any

from tests.authorization.support import ALL_ROLES, PARTY_ROLES, Entry

WRITERS = ("integrator_admin", "integrator_analyst", *PARTY_ROLES)
ENDPOINT_MANAGERS = ("integrator_admin", "party_manager")
STAFF = ("integrator_admin", "integrator_analyst")
FOREIGN_MARKERS = ("hooks.beta.example", "itsm.beta.example")


def build(world: Any) -> None:
    from tests.support.clock import TEST_NOW

    from podium.apps.operations.models import Delivery
    from podium.apps.operations.services import bonding, hub

    for name, party, host in (
        ("a", world.supplier_a, "alpha"),
        ("b", world.supplier_b, "beta"),
    ):
        subscription, _ = hub.create_subscription(
            acting_user=None,
            party=party,
            callback=f"https://hooks.{host}.example/podium",
            query="",
            now=TEST_NOW,
        )
        setattr(world, f"hub_{name}", subscription)
        endpoint = bonding.register_endpoint(
            acting_user=None,
            party=party,
            base_url=f"https://itsm.{host}.example/tmf-api/troubleTicket/v5",
            token=f"{host}-itsm-token-0123456789",
            now=TEST_NOW,
        )
        setattr(world, f"endpoint_{name}", endpoint)
        delivery = hub.queue(
            Delivery(
                kind="event",
                subscription=subscription,
                event_id=f"matrix-{name}",
                event_type="TroubleTicketCreateEvent",
                body="{}",
                created_at=TEST_NOW,
                next_attempt_at=TEST_NOW,
            )
        )
        setattr(world, f"delivery_{name}", delivery)


def _hub(attr: str) -> Any:
    return lambda w: {"id": str(getattr(w, attr).pk)}


def _pk(attr: str, name: str) -> Any:
    return lambda w: {name: str(getattr(w, attr).pk)}


def _event(event_type: str) -> Any:
    def body(world: Any) -> dict[str, Any]:
        return {
            "eventId": f"matrix-{event_type}",
            "eventTime": "2026-11-30T09:00:00Z",
            "eventType": event_type,
            "event": {
                "troubleTicket": {
                    "id": "M-1",
                    "description": "Pushed by a party's TMF server",
                    "severity": "Minor",
                    "ticketType": "incident",
                    "status": "inProgress",
                }
            },
        }

    return body


PAGES: dict[str, Entry] = {}

API = {
    "GET /api/v1/operations/endpoints": Entry(),
    "POST /api/v1/operations/endpoints": Entry(
        method="post",
        allowed_roles=ENDPOINT_MANAGERS,
        ok_status=201,
        body=lambda w: {
            "party": "alpha",
            "base_url": "https://itsm2.alpha.example/tmf-api/troubleTicket/v5",
            "token": "alpha-new-token-0123456789",
        },
    ),
    "DELETE /api/v1/operations/endpoints/{endpoint_id}": Entry(
        own=_pk("endpoint_a", "endpoint_id"),
        foreign=_pk("endpoint_b", "endpoint_id"),
        method="delete",
        allowed_roles=ENDPOINT_MANAGERS,
        ok_status=204,
    ),
    "GET /api/v1/operations/deliveries": Entry(),
    "GET /api/v1/operations/deliveries/{delivery_id}": Entry(
        own=_pk("delivery_a", "delivery_id"), foreign=_pk("delivery_b", "delivery_id")
    ),
    "POST /api/v1/operations/deliveries/{delivery_id}/replay": Entry(
        own=_pk("delivery_a", "delivery_id"),
        foreign=_pk("delivery_b", "delivery_id"),
        method="post",
        allowed_roles=STAFF,
        body=lambda w: {"reason": "the receiver was down over the weekend"},
    ),
}

TMF_BASE = "/tmf-api/troubleTicket/v5"
TMF = {
    f"POST {TMF_BASE}/hub": Entry(
        method="post",
        allowed_roles=WRITERS,
        ok_status=201,
        body=lambda w: {"callback": "https://hooks.alpha.example/second", "query": ""},
    ),
    f"GET {TMF_BASE}/hub/{{id}}": Entry(
        own=_hub("hub_a"), foreign=_hub("hub_b"), allowed_roles=ALL_ROLES
    ),
    f"DELETE {TMF_BASE}/hub/{{id}}": Entry(
        own=_hub("hub_a"),
        foreign=_hub("hub_b"),
        method="delete",
        allowed_roles=WRITERS,
        ok_status=204,
    ),
    **{
        f"POST {TMF_BASE}/listener/{path}": Entry(
            method="post", allowed_roles=WRITERS, ok_status=204, body=_event(event_type)
        )
        for path, event_type in (
            ("troubleTicketCreateEvent", "TroubleTicketCreateEvent"),
            ("troubleTicketStatusChangeEvent", "TroubleTicketStatusChangeEvent"),
            ("troubleTicketResolvedEvent", "TroubleTicketResolvedEvent"),
            ("troubleTicketInformationRequiredEvent", "TroubleTicketInformationRequiredEvent"),
            ("troubleTicketAttributeValueChangeEvent", "TroubleTicketAttributeValueChangeEvent"),
        )
    },
}
