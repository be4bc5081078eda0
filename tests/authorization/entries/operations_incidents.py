"""Ping-pong arbitrations, major incidents and watermelons in the matrix. `build` bounces each
supplier's ticket between the integrator's office and its holder past the agreement's limit
(so each supplier has an arbitration of its own) and declares both tickets major incidents.
Arbitrations are decided, and major incidents declared and closed, by the integrator's staff;
a party on the bridge posts updates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.authorization.support import PARTY_ROLES, Entry, pk

INTEGRATOR_STAFF = ("integrator_admin", "integrator_analyst")


def build(world: Any) -> None:
    from tests.support.bounces import hand_over
    from tests.support.clock import TEST_NOW

    from podium.apps.operations.models import Arbitration
    from podium.apps.operations.services import major_incidents

    start = TEST_NOW - dt.timedelta(days=1)
    for attr, party in (("ticket_a", world.supplier_a), ("ticket_b", world.supplier_b)):
        ticket = getattr(world, attr)
        hand_over(ticket, ["office", party.slug] * 2, start=start, sender=party)
        ticket.refresh_from_db()
    world.arbitration_a = Arbitration.objects.get(ticket=world.ticket_a)
    world.arbitration_b = Arbitration.objects.get(ticket=world.ticket_b)
    world.incident_a, world.incident_b = (
        major_incidents.declare_major_incident(
            acting_user=None, ticket=ticket, title=title, now=TEST_NOW
        )
        for ticket, title in (
            (world.ticket_a, "Alpha shop outage"),
            (world.ticket_b, "Beta voice outage"),
        )
    )


FOREIGN_MARKERS = ("Beta voice outage",)

PAGES = {
    "operations:arbitration_list": Entry(),
    "operations:arbitration_decide": Entry(
        own=pk("arbitration_a"), foreign=pk("arbitration_b"), allowed_roles=INTEGRATOR_STAFF
    ),
    "operations:watermelon_list": Entry(),
    "operations:major_incident_list": Entry(),
    "operations:major_incident_declare": Entry(
        own=lambda w: {"reference": w.ticket_a.reference},
        foreign=lambda w: {"reference": w.ticket_b.reference},
        allowed_roles=INTEGRATOR_STAFF,
    ),
    "operations:major_incident_detail": Entry(own=pk("incident_a"), foreign=pk("incident_b")),
    "operations:major_incident_update": Entry(
        own=pk("incident_a"),
        foreign=pk("incident_b"),
        method="post",
        allowed_roles=(*INTEGRATOR_STAFF, *PARTY_ROLES),
        ok_status=302,
        body=lambda w: {"phase": "investigating", "text": "Looking at the ingress."},
    ),
    "operations:major_incident_close": Entry(
        own=pk("incident_a"),
        foreign=pk("incident_b"),
        method="post",
        allowed_roles=INTEGRATOR_STAFF,
        ok_status=302,
        body=lambda w: {"review": "An expired certificate.", "follow_up": "Retrospective."},
    ),
}
API: dict[str, Entry] = {}
