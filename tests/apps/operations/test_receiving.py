"""Tickets from parties' tools: one ticket per correlation key, the same body thrice stored
once, out-of-order patches settling in the same state, the SLA policy and clocks kept live."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.apps.governance.services import raci
from podium.apps.operations.models import Ticket, TicketEvent, TicketNote
from podium.apps.operations.services import tickets
from podium.core import tmf621
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _create(**extra: Any) -> tmf621.TicketChange:
    body = {
        "@type": "TroubleTicket",
        "description": "Branch cannot reach the ERP",
        "severity": "Major",
        "ticketType": "incident",
        "priority": "P1",
        "externalIdentifier": [{"owner": "beta-snow", "id": "INC0012"}],
        "relatedEntity": [
            {"role": "affected", "entity": {"@referredType": "Component", "id": "beta-wan"}}
        ],
        "lastUpdate": AT.isoformat(),
        **extra,
    }
    return tmf621.read_ticket(body, creating=True, owner="beta")


def _patch(body: dict[str, Any]) -> tmf621.TicketChange:
    return tmf621.read_ticket(body, creating=False, owner="beta")


def test_a_ticket_opens_with_its_policy_and_clocks(world: Any) -> None:
    received = tickets.receive_ticket(party=world.supplier_b, change=_create(), now=AT)
    ticket = received.ticket
    assert received.outcome == "created"
    assert (ticket.component, ticket.service) == (world.component_b, world.service_b)
    assert ticket.current_party == world.supplier_b  # nobody named, no letter: the raiser
    assert ticket.sla_policy["resolution_seconds"] == 4 * 3600  # no P1 target: the default
    assert ticket.clock_state["state"] == "running"
    # the sweep looks first at the warning (80 % of the target), the clock is due at 4 h
    assert ticket.next_deadline_at == AT + dt.timedelta(hours=4) * 0.8
    assert ticket.clock_state["due_at"] == (AT + dt.timedelta(hours=4)).isoformat()
    assert ticket.reference.startswith("TT-")


def test_the_matrix_routes_a_ticket_that_names_no_holder(world: Any) -> None:
    incident = raci.ensure_activity(
        acting_user=None, code="incident-resolution", name="Incident resolution"
    )
    raci.assign(
        acting_user=None,
        obj=world.component_b,
        activity=incident,
        party=world.integrator,
        role="R",
    )
    ticket = tickets.receive_ticket(party=world.supplier_b, change=_create(), now=AT).ticket
    assert ticket.current_party == world.integrator


def test_the_same_body_three_times_is_one_ticket_with_one_event(world: Any) -> None:
    for _ in range(3):
        tickets.receive_ticket(party=world.supplier_b, change=_create(), now=AT)
    patch = _patch(
        {
            "status": "inProgress",
            "lastUpdate": (AT + dt.timedelta(minutes=5)).isoformat(),
            "note": [{"id": "n1", "text": "Looking", "date": AT.isoformat()}],
        }
    )
    ticket = Ticket.objects.get(external_id="INC0012")
    outcomes = [
        tickets.update_ticket(ticket=ticket, party=world.supplier_b, change=patch, now=AT).outcome
        for _ in range(3)
    ]
    assert outcomes == ["updated", "unchanged", "unchanged"]
    assert Ticket.objects.filter(external_id="INC0012").count() == 1
    assert TicketEvent.objects.filter(ticket__external_id="INC0012").count() == 2
    assert TicketNote.objects.filter(ticket__external_id="INC0012").count() == 1
    assert AuditEvent.objects.filter(action="operations.ticket.updated").count() == 1


STEPS = [
    {"status": "inProgress", "minutes": 5},
    {"status": "pending", "minutes": 30},
    {"status": "inProgress", "minutes": 90},
    {"status": "resolved", "minutes": 150},
]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(order=st.permutations(range(len(STEPS))))
def test_patches_in_any_order_end_in_the_same_state(world: Any, order: list[int]) -> None:
    ticket = tickets.receive_ticket(
        party=world.supplier_b,
        change=_create(externalIdentifier=[{"owner": "beta-snow", "id": f"INC-{order}"}]),
        now=AT,
    ).ticket
    now = AT + dt.timedelta(hours=5)
    for index in order:
        step = STEPS[index]
        at = AT + dt.timedelta(minutes=step["minutes"])
        tickets.update_ticket(
            ticket=ticket,
            party=world.supplier_b,
            change=_patch({"status": step["status"], "lastUpdate": at.isoformat()}),
            now=now,
        )
    ticket.refresh_from_db()
    assert ticket.status == "resolved"
    assert ticket.resolved_at == AT + dt.timedelta(minutes=150)
    # ran 0-30 and 90-150 minutes: paused while pending
    assert ticket.clock_state["elapsed_seconds"] == pytest.approx(90 * 60)
    assert ticket.clock_state["state"] == "stopped"
    assert ticket.next_deadline_at is None


def test_an_older_patch_does_not_overwrite_a_newer_field(world: Any) -> None:
    ticket = tickets.receive_ticket(party=world.supplier_b, change=_create(), now=AT).ticket
    later, earlier = AT + dt.timedelta(hours=2), AT + dt.timedelta(hours=1)
    for when, text in ((later, "new words"), (earlier, "old words")):
        tickets.update_ticket(
            ticket=ticket,
            party=world.supplier_b,
            change=_patch({"description": text, "lastUpdate": when.isoformat()}),
            now=later,
        )
    ticket.refresh_from_db()
    assert ticket.description == "new words"


def test_unknown_rows_are_refused_naming_their_place(world: Any) -> None:
    body = _create(
        relatedEntity=[{"entity": {"@referredType": "Service", "id": "nowhere"}}],
        relatedParty=[{"role": "assignee", "partyOrPartyRole": {"id": "nobody"}}],
    )
    with pytest.raises(tmf621.TmfInputError) as refused:
        tickets.receive_ticket(party=world.supplier_b, change=body, now=AT)
    assert [p.path for p in refused.value.problems] == [
        "relatedEntity[0].entity.id",
        "relatedParty[0].partyOrPartyRole.id",
    ]
    assert not Ticket.objects.filter(external_id="INC0012").exists()


def test_if_match_refuses_a_stale_change(world: Any) -> None:
    ticket = tickets.receive_ticket(party=world.supplier_b, change=_create(), now=AT).ticket
    with pytest.raises(tickets.TicketConflictError):
        tickets.update_ticket(
            ticket=ticket,
            party=world.supplier_b,
            change=_patch({"status": "inProgress"}),
            now=AT,
            if_match=ticket.version + 1,
        )
    assert list(itertools.islice(ticket.events.values_list("status", flat=True), 5)) == [
        "acknowledged"
    ]


def test_another_partys_correlation_key_changes_nothing_of_its_ticket(world: Any) -> None:
    theirs = tickets.receive_ticket(party=world.supplier_b, change=_create(), now=AT).ticket
    hostile = _create(status="resolved", note=[{"text": "closed by alpha"}])
    with pytest.raises(tickets.NotYourTicketError):
        tickets.receive_ticket(party=world.supplier_a, change=hostile, now=AT)
    theirs.refresh_from_db()
    assert (theirs.status, theirs.version) == ("acknowledged", 1)
    assert not TicketNote.objects.filter(ticket=theirs).exists()


def test_a_ticket_whose_only_event_is_ahead_of_now_has_no_clock_yet(world: Any) -> None:
    ahead = _create(lastUpdate="2999-01-01T00:00:00Z")
    ticket = tickets.receive_ticket(party=world.supplier_b, change=ahead, now=AT).ticket
    assert (ticket.clock_state, ticket.next_deadline_at) == ({}, None)
