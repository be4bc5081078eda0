"""The demo's escalation drill: one live ticket that a newcomer sees climb its ladder within
minutes of `podium demo` — the warning and the first step at the first sweep, the second step
two minutes later, the breach half an hour on — through the same services as everything else.

The drill ticket is a P1 of the cloud provider (whose contract runs around the clock, so the
drill works at any hour) on one of its services, opened as if its tool had raised it a little
over the warning share of its target ago (`receive_ticket` at that instant), and kept on a
ladder for that party and service whose steps wait one and two minutes. It is opened once per
demo home: running the demo again finds it by its correlation key and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.services.escalation import StepInput, publish_ladder_version
from podium.apps.operations import selectors as operations
from podium.apps.operations.services import clocks, escalations, tickets
from podium.core import tmf621
from podium.core.synthetic import parties as demo_parties

DRILL_TOOL = "escalation-drill"
DRILL_ID = "DRILL-1"
LADDER_KEY = "escalation-drill"
STEP_WAITS_MINUTES = (1, 2)
LEAD = dt.timedelta(minutes=1)
"""How long before `now` the warning fell due, so that the first step is owed at once."""


@dataclass(frozen=True, slots=True)
class Drill:
    ticket: Any
    created: bool


def open_escalation_drill(
    *, party: Any, service: Any, component: Any, integrator: Any, now: dt.datetime
) -> Drill:
    """Open the drill ticket of `party` on `service` (once) and the ladder it climbs."""
    found = operations.tickets_of_parties(None).filter(
        external_owner=DRILL_TOOL, external_id=DRILL_ID
    )
    existing = found.first()
    if existing is not None:
        return Drill(existing, False)
    steps = [
        StepInput(
            "operational",
            STEP_WAITS_MINUTES[0],
            "calendar",
            party.slug,
            "service_manager",
            "in_app",
        ),
        StepInput(
            "tactical",
            STEP_WAITS_MINUTES[1],
            "calendar",
            integrator.slug,
            "service_manager",
            "email",
        ),
    ]
    publish_ladder_version(
        acting_user=None,
        key=LADDER_KEY,
        name=f"Escalation drill ({party.name}, {service.name})",
        steps=steps,
        party=party.slug,
        service=service.slug,
        change_note="the demo's drill: steps a minute or two apart",
    )
    policy = clocks.sla_policy_for(
        priority="P1",
        service_id=service.pk,
        component_id=component.pk,
        routed_party_id=party.pk,
        today=now.date(),
    )
    target = float(policy.get("resolution_seconds") or 0) or 3600.0
    opened = now - dt.timedelta(seconds=escalations.warning_share() * target) - LEAD
    body = {
        "@type": "TroubleTicket",
        "name": f"{component.name} down (escalation drill)",
        "description": "The demo's drill: watch Operations › Escalations as this ticket climbs.",
        "severity": "Critical",
        "ticketType": "incident",
        "priority": "P1",
        "externalIdentifier": [{"owner": DRILL_TOOL, "id": DRILL_ID}],
        "relatedEntity": [
            {"role": "affected", "entity": {"@referredType": "Component", "id": component.slug}},
            {"role": "affected", "entity": {"@referredType": "Service", "id": service.slug}},
        ],
        "relatedParty": [{"role": "assignee", "partyOrPartyRole": {"id": party.slug}}],
    }
    change = tmf621.read_ticket(body, creating=True, owner=DRILL_TOOL)
    received = tickets.receive_ticket(party=party, change=change, now=opened, source="demo")
    return Drill(received.ticket, True)


def open_demo_drill(*, now: dt.datetime) -> Drill | None:
    """The drill of the demo's cloud provider on the first service its components serve
    (None when the demo holds no such party or service)."""
    party = ecosystem.parties_for_choice().filter(slug=demo_parties.CLOUD).first()
    integrator = ecosystem.parties_for_choice().filter(slug=demo_parties.INTEGRATOR).first()
    if party is None or integrator is None:
        return None
    for component in ecosystem.components_for_choice().filter(run_by=party).order_by("slug"):
        service = component.services.order_by("slug").first()
        if service is not None:
            return open_escalation_drill(
                party=party, service=service, component=component, integrator=integrator, now=now
            )
    return None
