"""Listener endpoints and e-bonding, over real HTTP on loopback: Podium's live server and a
party's own small TMF621 server (`tests.support.loopback.TmfServer`) talk to each other.

The listener takes each event once (by `eventId`) and orders events by their own
`eventTime`; a ticket routed to a bonded party is created at its server with Podium's
reference, their id comes back as an `externalIdentifier`, a change made there returns by
polling, and a change that came from them is never sent back (no echo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from tests.support.loopback import TmfServer, call
from tests.support.tmf621 import problems

from podium.apps.operations.models import (
    BondedTicket,
    Delivery,
    InboundEvent,
    PartyEndpoint,
    RawPayload,
    Ticket,
    TicketEvent,
)
from podium.apps.operations.services import bonding, credentials, hub

pytestmark = pytest.mark.django_db(transaction=True)
TMF = "/tmf-api/troubleTicket/v5"
THEIR_TOKEN = "beta-itsm-token-0123456789"
AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def tokens(world: Any) -> dict[str, str]:
    return {
        name: credentials.create_credential(
            acting_user=None, party=party, name=f"{name} tool", now=timezone.now()
        )[1]
        for name, party in (("a", world.supplier_a), ("b", world.supplier_b))
    }


@pytest.fixture
def beta_tool() -> Iterator[TmfServer]:
    with TmfServer(THEIR_TOKEN) as server:
        yield server


def _event(event_id: str, at: dt.datetime, event_type: str, **ticket: Any) -> dict[str, Any]:
    return {
        "@type": event_type,
        "eventId": event_id,
        "eventTime": at.isoformat().replace("+00:00", "Z"),
        "eventType": event_type,
        "event": {"troubleTicket": ticket},
    }


def _listen(base: str, token: str, body: dict[str, Any]) -> int:
    name = body["eventType"][0].lower() + body["eventType"][1:]
    return call("POST", f"{base}{TMF}/listener/{name}", token=token, body=body)[0]


def _drain(now: dt.datetime | None = None) -> list[Delivery]:
    now = now or timezone.now()
    return [d for pk in hub.due_deliveries(now) if (d := hub.attempt(pk, now=now, draw=0.5))]


def test_a_pushed_event_is_taken_once_and_events_settle_by_their_own_time(
    live_server: Any, tokens: dict[str, str]
) -> None:
    created = _event(
        "evt-1",
        AT,
        "TroubleTicketCreateEvent",
        id="B-77",
        description="Branch WAN flapping",
        severity="Major",
        ticketType="incident",
        status="acknowledged",
        relatedParty=[{"role": "assignee", "partyOrPartyRole": {"id": "their-team-7"}}],
    )
    for _ in range(3):
        assert _listen(live_server.url, tokens["b"], created) == 204
    assert InboundEvent.objects.count() == 1
    ticket = Ticket.objects.get(external_owner="beta", external_id="B-77")
    assert ticket.raised_by.slug == "beta"
    assert RawPayload.objects.filter(channel="listener").count() == 3  # every body kept

    later = _event(
        "evt-3",
        AT + dt.timedelta(hours=2),
        "TroubleTicketStatusChangeEvent",
        id="B-77",
        status="resolved",
    )
    earlier = _event(
        "evt-2",
        AT + dt.timedelta(hours=1),
        "TroubleTicketStatusChangeEvent",
        id="B-77",
        status="inProgress",
    )
    assert _listen(live_server.url, tokens["b"], later) == 204
    assert _listen(live_server.url, tokens["b"], earlier) == 204
    assert _listen(live_server.url, tokens["b"], later) == 204
    ticket.refresh_from_db()
    assert ticket.status == "resolved"  # the latest by eventTime, though it came first
    assert list(TicketEvent.objects.filter(ticket=ticket).values_list("status", flat=True)) == [
        "acknowledged",
        "inProgress",
        "resolved",
    ]
    # what arrived out of order is shown in order, as a TMF621 resource
    status, resource = call(
        "GET", f"{live_server.url}{TMF}/troubleTicket/{ticket.reference}", token=tokens["b"]
    )
    assert status == 200
    assert [s["status"] for s in resource["statusChange"]] == [
        "acknowledged",
        "inProgress",
        "resolved",
    ]
    assert problems(resource, "TroubleTicket") == []


def test_a_listener_refuses_a_bad_event_naming_the_field_and_another_partys_ticket(
    live_server: Any, tokens: dict[str, str], client: Any
) -> None:
    bad = _event("evt-x", AT, "TroubleTicketStatusChangeEvent", id="B-1", status="solved")
    status, error = call(
        "POST",
        f"{live_server.url}{TMF}/listener/troubleTicketStatusChangeEvent",
        token=tokens["b"],
        body=bad,
    )
    assert status == 400
    assert "event.troubleTicket.status" in error["message"]
    assert problems(error, "Error") == []
    assert not InboundEvent.objects.exists()  # a refused event may be sent again, fixed
    wrong_listener = _event("evt-y", AT, "TroubleTicketCreateEvent", id="B-1")
    status, error = call(
        "POST",
        f"{live_server.url}{TMF}/listener/troubleTicketResolvedEvent",
        token=tokens["b"],
        body=wrong_listener,
    )
    assert status == 400
    assert error["message"].startswith("eventType:")
    # supplier A's event naming supplier B's ticket by its correlation key changes nothing
    own = _event(
        "evt-b",
        AT,
        "TroubleTicketCreateEvent",
        id="B-9",
        description="x",
        severity="Minor",
        ticketType="incident",
    )
    assert _listen(live_server.url, tokens["b"], own) == 204
    theirs = _event(
        "evt-a",
        AT,
        "TroubleTicketStatusChangeEvent",
        status="closed",
        externalIdentifier=[{"owner": "beta", "id": "B-9"}],
    )
    assert _listen(live_server.url, tokens["a"], theirs) == 404
    assert Ticket.objects.get(external_id="B-9").status == "acknowledged"


def test_e_bonding_creates_the_ticket_there_and_brings_their_change_back_without_an_echo(
    live_server: Any, tokens: dict[str, str], beta_tool: TmfServer, world: Any
) -> None:
    endpoint = bonding.register_endpoint(
        acting_user=world.users["integrator_admin"],
        party=world.supplier_b,
        base_url=beta_tool.base_url,
        token=THEIR_TOKEN,
        now=timezone.now(),
    )
    assert THEIR_TOKEN not in PartyEndpoint.objects.get(pk=endpoint.pk).token_sealed
    # supplier A raises a ticket and hands it to supplier B
    status, ticket = call(
        "POST",
        f"{live_server.url}{TMF}/troubleTicket",
        token=tokens["a"],
        body={
            "@type": "TroubleTicket",
            "description": "Branch cannot reach the cluster",
            "severity": "Major",
            "ticketType": "incident",
            "relatedParty": [{"role": "assignee", "partyOrPartyRole": {"id": "beta"}}],
            "note": [{"text": "Seen from every branch since 08:50"}],
        },
    )
    assert status == 201
    reference = ticket["id"]
    assert [d.kind for d in _drain()] == ["create"]
    (created,) = beta_tool.to(f"{TmfServer.BASE}/troubleTicket")
    body = created.json()
    assert body["externalIdentifier"] == [
        {"@type": "ExternalIdentifier", "owner": "podium", "id": reference}
    ]
    assert created.headers["idempotency-key"]
    assert [n["text"] for n in body["note"]] == ["Seen from every branch since 08:50"]
    link = BondedTicket.objects.get(ticket__reference=reference)
    assert link.remote_id == "B-1"
    status, resource = call(
        "GET", f"{live_server.url}{TMF}/troubleTicket/{reference}", token=tokens["a"]
    )
    assert {"@type": "ExternalIdentifier", "owner": "beta", "id": "B-1"} in resource[
        "externalIdentifier"
    ]

    # their engineer works on it in their own tool; polling brings it back
    beta_tool.change(
        "B-1",
        status="inProgress",
        lastUpdate=timezone.now().isoformat(),
        note=[*body["note"], {"id": "bn-1", "text": "Router replaced at the hub site"}],
    )
    assert bonding.poll(PartyEndpoint.objects.get(pk=endpoint.pk), now=timezone.now()) == 1
    ours = Ticket.objects.get(reference=reference)
    assert ours.status == "inProgress"
    assert sorted(ours.notes.values_list("text", flat=True)) == [
        "Router replaced at the hub site",
        "Seen from every branch since 08:50",
    ]
    _drain()
    patches = [r for r in beta_tool.requests if r.method == "PATCH"]
    assert patches == [], "their own change was sent back to them"
    assert bonding.poll(PartyEndpoint.objects.get(pk=endpoint.pk), now=timezone.now()) == 0

    # the same change pushed by their server to the listener is not an echo either
    pushed = _event(
        "b-evt-1", timezone.now(), "TroubleTicketStatusChangeEvent", id="B-1", status="inProgress"
    )
    assert _listen(live_server.url, tokens["b"], pushed) == 204
    _drain()
    assert [r for r in beta_tool.requests if r.method == "PATCH"] == []

    # supplier A's change goes to them as a merge-patch, with every note
    status, _ = call(
        "PATCH",
        f"{live_server.url}{TMF}/troubleTicket/{reference}",
        token=tokens["a"],
        body={"status": "pending", "note": [{"text": "Which hub site? We see two."}]},
        content_type="application/merge-patch+json",
    )
    assert status == 200
    assert [d.kind for d in _drain()] == ["update"]
    (patch,) = [r for r in beta_tool.requests if r.method == "PATCH"]
    assert patch.path == f"{TmfServer.BASE}/troubleTicket/B-1"
    assert patch.headers["content-type"] == "application/merge-patch+json"
    assert patch.json()["status"] == "pending"
    assert len(patch.json()["note"]) == 3
    assert beta_tool.tickets["B-1"]["status"] == "pending"
    # read back, what we sent is what they have: nothing comes back, nothing goes again
    assert bonding.poll(PartyEndpoint.objects.get(pk=endpoint.pk), now=timezone.now()) == 0
    _drain()
    assert len([r for r in beta_tool.requests if r.method == "PATCH"]) == 1


def test_a_create_their_server_refuses_is_retried_and_changes_wait_for_it(
    live_server: Any, tokens: dict[str, str], world: Any
) -> None:
    with TmfServer("another-token-000000") as wrong:  # their server does not know our token
        bonding.register_endpoint(
            acting_user=None,
            party=world.supplier_b,
            base_url=wrong.base_url,
            token=THEIR_TOKEN,
            now=timezone.now(),
        )
        status, ticket = call(
            "POST",
            f"{live_server.url}{TMF}/troubleTicket",
            token=tokens["a"],
            body={
                "@type": "TroubleTicket",
                "description": "Voice down",
                "severity": "Minor",
                "ticketType": "incident",
                "relatedParty": [{"role": "assignee", "partyOrPartyRole": {"id": "beta"}}],
            },
        )
        assert status == 201
        call(
            "PATCH",
            f"{live_server.url}{TMF}/troubleTicket/{ticket['id']}",
            token=tokens["a"],
            body={"status": "inProgress"},
            content_type="application/merge-patch+json",
        )
        create, update = _drain()
        assert (create.kind, create.status, create.last_status_code) == ("create", "failed", 401)
        assert update.status == "failed"
        assert "never created there" in update.last_error
        assert len(wrong.requests) == 1
