"""Derived views of what both suppliers may see, in the matrix with their own leak markers.

`build` adds a forum both suppliers sit in, with a meeting prepared when supplier B's contract
was near its notice deadline (the agenda holds it, for B and the integrator only); a service
that needs both suppliers' components (its history names them both); and a cell of the matrix
where A and the integrator hold letters while the integrator's escalation ladder is not A's to
read; A's contract covering, besides its own, supplier B's component and service (its page
and the API name only what A may open); and a ticket A holds on that service whose ladder (set as if the integrator's ladder had
been in force when it opened) A may not read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.authorization.support import Shared

PREPARED_AT = dt.datetime(2026, 9, 20, 9, 0, tzinfo=dt.UTC)  # C-BETA-1's notice is 2026-10-02
FIRST = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)


def build(world: Any) -> None:
    from podium.apps.ecosystem import services as eco
    from podium.apps.governance.services import escalation, forums, raci

    world.shared_service = eco.ensure_service(
        acting_user=None, slug="shared-portal", name="Shared portal", criticality="high"
    )
    eco.save_service(
        acting_user=None,
        service=world.shared_service,
        components=[world.component_a, world.component_b],
    )
    incident = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution", position=10
    )
    for party, role in ((world.supplier_a, "R"), (world.integrator, "A")):
        raci.assign(
            acting_user=None, obj=world.shared_service, activity=incident, party=party, role=role
        )
    office = world.integrator.slug
    escalation.publish_ladder_version(
        acting_user=None,
        key="office-ladder",
        name="Office escalation ladder",
        party=office,
        steps=[
            escalation.StepInput("strategic", 60, "calendar", office, "service_manager", "email")
        ],
    )
    forum = forums.ensure_forum(
        acting_user=None,
        slug="joint-ops",
        name="Joint operations",
        kind="operational_board",
        cadence="FREQ=MONTHLY;BYDAY=2TU",
        first_meeting_at=FIRST,
    )
    forums.set_membership(acting_user=None, forum=forum, party=world.integrator, role="chair")
    for party in (world.supplier_a, world.supplier_b):
        forums.set_membership(acting_user=None, forum=forum, party=party, role="member")
    world.shared_forum = forum
    world.shared_meeting = forums.prepare_next_meeting(
        acting_user=None, forum=forum, now=PREPARED_AT
    )
    assert "C-BETA-1" in str(world.shared_meeting.agenda), "the agenda should hold B's deadline"
    world.shared_ticket = _ticket_on_the_office_ladder(world)
    eco.save_contract(
        acting_user=None,
        contract=world.contract_a,
        services=[world.service_a, world.service_b],
        components=[world.component_a, world.component_b],
    )


def _ticket_on_the_office_ladder(world: Any) -> Any:
    from podium.apps.governance.models import EscalationLadder
    from podium.apps.operations.models import Ticket
    from podium.apps.operations.services import (
        HistoricalEvent,
        HistoricalTicket,
        import_ticket_history,
    )

    at = dt.datetime(2026, 10, 6, 9, 0, tzinfo=dt.UTC)
    event = HistoricalEvent(at, "inProgress", "", world.supplier_a.pk, "Ops", "eng")
    ticket = HistoricalTicket(
        reference="INC-SHARED",
        title="Shared portal slow",
        service_id=world.shared_service.pk,
        component_id=world.component_a.pk,
        priority="P3",
        status="inProgress",
        opened_at=at,
        resolved_at=None,
        closed_at=None,
        events=(event,),
    )
    import_ticket_history(acting_user=None, source="test world", tickets=[ticket])
    office = EscalationLadder.objects.get(key="office-ladder", is_current=True)
    Ticket.objects.filter(reference="INC-SHARED").update(escalation_ladder=office)
    return Ticket.objects.get(reference="INC-SHARED")


COMMERCIAL = ("C-BETA-1", "80000.00", "beta-wan", "Beta WAN")
LADDER = ("Office escalation ladder", "office-ladder")


def _meeting(w: Any) -> dict[str, str]:
    return {"pk": str(w.shared_meeting.pk)}


def _forum(w: Any) -> dict[str, str]:
    return {"slug": w.shared_forum.slug}


def _service(w: Any) -> dict[str, str]:
    return {"slug": w.shared_service.slug}


SHARED = {
    "governance:meeting_detail": (Shared(kwargs=_meeting, markers=COMMERCIAL),),
    "governance:forum_detail": (Shared(kwargs=_forum, markers=COMMERCIAL),),
    "GET /api/v1/governance/forums/{slug}/meetings": (Shared(kwargs=_forum, markers=COMMERCIAL),),
    "ecosystem:service_detail": (Shared(kwargs=_service, markers=COMMERCIAL),),
    "GET /api/v1/ecosystem/services/{slug}": (Shared(kwargs=_service, markers=COMMERCIAL),),
    "governance:who_to_call": (
        Shared(
            query=lambda w: {"service": w.shared_service.slug, "activity": "incident-resolution"},
            markers=LADDER + COMMERCIAL,
        ),
    ),
    "GET /api/v1/governance/who-to-call": (
        Shared(
            query=lambda w: {"service": w.shared_service.slug, "activity": "incident-resolution"},
            markers=LADDER + COMMERCIAL,
        ),
    ),
    "operations:ticket_detail": (
        Shared(kwargs=lambda w: {"reference": w.shared_ticket.reference}, markers=LADDER),
        Shared(
            kwargs=lambda w: {"reference": w.shared_ticket.reference},
            query=lambda w: {"tab": "parties"},
            markers=LADDER,
        ),
    ),
    "governance:impact": (Shared(kwargs=lambda w: {"slug": w.component_a.slug}, markers=LADDER),),
}

PAGES: dict[str, Any] = {}
API: dict[str, Any] = {}
