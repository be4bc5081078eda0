"""The TMF621 adapter: bodies in (v5 and v4 shapes), resources out, validated against the
official TMF621 v5.0.1 OpenAPI document (tests/data/tmf621/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.support.tmf621 import problems as conforms

from podium.core import tmf621

AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


V5 = {
    "@type": "TroubleTicket",
    "name": "WAN down in Rotterdam",
    "description": "Branch cannot reach the ERP",
    "severity": "Major",
    "priority": "P2",
    "ticketType": "incident",
    "externalIdentifier": [{"@type": "ExternalIdentifier", "owner": "beta-snow", "id": "INC0012"}],
    "relatedParty": [
        {
            "@type": "RelatedPartyRefOrPartyRoleRef",
            "role": "reporter",
            "partyOrPartyRole": {"@type": "PartyRef", "id": "office", "name": "Integrator"},
        }
    ],
    "relatedEntity": [
        {
            "@type": "RelatedEntity",
            "role": "affectedService",
            "entity": {"@type": "EntityRef", "@referredType": "Service", "id": "branch-voice"},
        }
    ],
    "note": [{"@type": "Note", "text": "Seen since 08:50", "date": "2026-03-02T08:55:00Z"}],
}


def test_the_example_create_body_is_a_ticket_of_the_standard() -> None:
    assert conforms(V5, "TroubleTicket_FVO") == []


def test_a_v5_create_body_reads_into_a_change() -> None:
    change = tmf621.read_ticket(V5, creating=True, owner="beta")
    assert change.external_ids == (tmf621.ExternalId("beta-snow", "INC0012"),)
    assert change.parties == (tmf621.PartyRef("reporter", "office", "Integrator"),)
    assert change.entities == (tmf621.EntityRef("affectedService", "Service", "branch-voice"),)
    assert change.notes[0].date == dt.datetime(2026, 3, 2, 8, 55, tzinfo=dt.UTC)
    assert change.sets("relatedEntity")
    assert not change.sets("status")


def test_v4_shapes_read_the_same_as_v5() -> None:
    v4 = {
        "@type": "TroubleTicket",
        "description": "Branch cannot reach the ERP",
        "severity": "Major",
        "ticketType": "incident",
        "externalId": "INC0012",
        "relatedParty": [{"id": "office", "name": "Integrator", "role": "reporter"}],
        "relatedEntity": [
            {"id": "branch-voice", "@referredType": "Service", "role": "affectedService"}
        ],
    }
    change = tmf621.read_ticket(v4, creating=True, owner="beta")
    assert change.external_ids == (tmf621.ExternalId("beta", "INC0012"),)
    assert change.parties == (tmf621.PartyRef("reporter", "office", "Integrator"),)
    assert change.entities == (tmf621.EntityRef("affectedService", "Service", "branch-voice"),)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({**V5, "severity": None}, "severity"),
        ({**V5, "@type": "Order"}, "@type"),
        ({**V5, "status": "solved"}, "status"),
        (
            {**V5, "relatedParty": [{"role": "x", "partyOrPartyRole": {"name": "no id"}}]},
            "relatedParty[0].partyOrPartyRole.id",
        ),
        ({**V5, "note": [{"text": "x", "date": "2026-03-02T08:55:00"}]}, "note[0].date"),
        ({**V5, "note": [{"text": "x", "date": "0001-01-01T00:00:00Z"}]}, "note[0].date"),
        ({**V5, "description": 5}, "description"),
        ({**V5, "relatedEntity": "x"}, "relatedEntity"),
        ({**V5, "externalIdentifier": [{"owner": "x"}]}, "externalIdentifier[0].id"),
    ],
)
def test_every_problem_names_its_place(body: dict[str, Any], path: str) -> None:
    with pytest.raises(tmf621.TmfInputError) as refused:
        tmf621.read_ticket(body, creating=True, owner="beta")
    assert path in [p.path for p in refused.value.problems]


def test_a_patch_needs_nothing_but_what_it_changes() -> None:
    change = tmf621.read_ticket({"status": "resolved"}, creating=False, owner="beta")
    assert change.fields == {"status"}
    assert change.status == "resolved"


def test_a_ticket_resource_conforms_to_the_standard() -> None:
    view = tmf621.TicketView(
        id="TT-1",
        href="/tmf-api/troubleTicket/v5/troubleTicket/TT-1",
        name="WAN down",
        description="Branch cannot reach the ERP",
        severity="Major",
        priority="P2",
        ticket_type="incident",
        status="inProgress",
        created_at=AT,
        updated_at=AT + dt.timedelta(minutes=5),
        external_ids=(tmf621.ExternalId("beta-snow", "INC0012"),),
        parties=(tmf621.PartyRef("supplier", "beta", "Beta Networks"),),
        entities=(tmf621.EntityRef("affectedService", "Service", "branch-voice", "Branch voice"),),
        notes=(tmf621.NoteView("1", "Seen", "noc", AT),),
        status_changes=(tmf621.StatusChangeView("inProgress", AT, "picked up"),),
    )
    resource = tmf621.ticket_resource(view)
    assert conforms(resource, "TroubleTicket") == []
    assert resource["lastUpdate"] == "2026-03-02T09:05:00Z"
    assert conforms(tmf621.error_body(422, "Invalid", "severity: is required"), "Error") == []
