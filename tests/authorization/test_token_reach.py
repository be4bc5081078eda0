"""Bearer tokens reach only their own party's tickets, whatever correlation key a body names.

`POST /api/v1/events` as a party's tool calls it: no token or a revoked one is refused (401);
each supplier's token sends for its own party only, and reaches neither the other supplier's
tickets nor the integrator's — whatever owner and case id its events name. A TMF621 create
naming another party's `externalIdentifier` answers 404 and changes nothing of that ticket.
(Sessions, by role, are in the matrix: entries/operations.py and test_tmf_matrix.py.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from tests.authorization.registry import FOREIGN_MARKERS
from tests.support.clock import TEST_NOW

from podium.apps.operations.models import IntegrationCredential, Ticket
from podium.apps.operations.services import credentials, tickets
from podium.core import tmf621

pytestmark = pytest.mark.django_db
URL = "/api/v1/events"


def _post(token: str | None, events: list[dict[str, Any]]) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().post(URL, data=json.dumps(events), content_type="application/json", **headers)


def _event(case_id: str, owner: str | None = None, **extra: Any) -> dict[str, Any]:
    event = {"case_id": case_id, "timestamp": "2026-11-30T12:00:00Z", "activity": "Closed"}
    return {**event, **({"owner": owner} if owner else {}), **extra}


def _raised_by(world: Any, party: Any, owner: str, case_id: str) -> Ticket:
    body = {
        "@type": "TroubleTicket",
        "description": "Raised in the tool",
        "severity": "Major",
        "ticketType": "incident",
        "externalIdentifier": [{"owner": owner, "id": case_id}],
        "lastUpdate": "2026-11-30T09:00:00Z",
    }
    change = tmf621.read_ticket(body, creating=True, owner=party.slug)
    return tickets.receive_ticket(party=party, change=change, now=TEST_NOW).ticket


@pytest.mark.parametrize("which", ["none", "revoked", "made up"])
def test_without_a_live_token_nothing_is_sent(matrix_world: Any, which: str) -> None:
    token = {"none": None, "revoked": matrix_world.token_revoked, "made up": "pod_" + "x" * 43}
    response = _post(token[which], [_event("T-1")])
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)
    assert not Ticket.objects.filter(external_id="T-1").exists()


@pytest.mark.parametrize(("mine", "theirs"), [("a", "b"), ("b", "a")])
def test_a_token_sends_for_its_party_and_never_reaches_the_others_tickets(
    matrix_world: Any, mine: str, theirs: str
) -> None:
    world = matrix_world
    me, them = getattr(world, f"supplier_{mine}"), getattr(world, f"supplier_{theirs}")
    token = getattr(world, f"token_{mine}")
    other = _raised_by(world, them, f"{them.slug}-snow", "INC-9")
    before = (other.status, other.version, other.events.count())

    response = _post(token, [_event("OWN-1", party=me.slug)])
    assert response.status_code == 200, response.content
    own = Ticket.objects.get(external_id="OWN-1")
    assert (own.external_owner, own.raised_by) == (me.slug, me)

    for owner in (f"{them.slug}-snow", None):  # their key, then the same number under my owner
        hostile = _post(token, [_event("INC-9", owner)])
        if owner is not None:
            assert hostile.status_code == 422
            assert hostile.json()["rejected"][0]["field"] == "case_id"
        other.refresh_from_db()
        assert (other.status, other.version, other.events.count()) == before
    assert Ticket.objects.get(external_owner=me.slug, external_id="INC-9").raised_by == me
    leaked = [m for m in FOREIGN_MARKERS if m in response.content.decode()]
    assert not leaked


def test_a_tmf621_create_with_anothers_key_changes_nothing_of_that_ticket(
    matrix_world: Any,
) -> None:
    theirs = _raised_by(matrix_world, matrix_world.supplier_b, "beta-snow", "INC-7")
    body = {
        "@type": "TroubleTicket",
        "description": "Closing it for them",
        "severity": "Minor",
        "ticketType": "incident",
        "status": "resolved",
        "note": [{"text": "closed by alpha"}],
        "externalIdentifier": [{"owner": "beta-snow", "id": "INC-7"}],
        "lastUpdate": "2026-11-30T12:00:00Z",
    }
    response = Client().post(
        "/tmf-api/troubleTicket/v5/troubleTicket",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {matrix_world.token_a}",
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.version, theirs.notes.count()) == ("acknowledged", 1, 0)


def test_a_token_cannot_reach_a_ticket_held_by_the_integrator_alone(matrix_world: Any) -> None:
    desk = _raised_by(matrix_world, matrix_world.integrator, "office-desk", "SD-1")
    response = _post(matrix_world.token_a, [_event("SD-1", "office-desk")])
    assert response.status_code == 422
    desk.refresh_from_db()
    assert desk.status == "acknowledged"


def test_a_tools_token_has_one_allowance_across_every_api_it_calls(matrix_world: Any) -> None:
    """TMF621, the bulk events and the change calendar authenticate a tool the same way: each
    call counts against the one allowance of its token, and past it each answers 429 with
    Retry-After."""
    cache.clear()  # the counts of earlier tests' tokens (their ids come round again)
    credential, token = credentials.create_credential(
        acting_user=None, party=matrix_world.supplier_a, name="Alpha change tool", now=TEST_NOW
    )
    IntegrationCredential.objects.filter(pk=credential.pk).update(requests_per_minute=3)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    calls = {
        "tmf621": lambda: Client().get("/tmf-api/troubleTicket/v5/troubleTicket", **bearer),
        "changes": lambda: Client().get("/api/v1/changes/changes", **bearer),
        "events": lambda: Client().post(
            URL, data=json.dumps([_event("T-1")]), content_type="application/json", **bearer
        ),
    }
    assert {api: call().status_code for api, call in calls.items()} == dict.fromkeys(calls, 200)
    for api, call in calls.items():
        over = call()
        assert over.status_code == 429, api
        assert 0 < int(over["Retry-After"]) <= 60, api
