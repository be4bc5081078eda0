"""Registering a party's TMF621 endpoint (e-bonding) and the delivery log through the native
API: the bearer token goes in once, is kept sealed and never comes out; a party's manager
registers only its own party's; the log replays a delivery."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from podium.apps.operations.models import Delivery, PartyEndpoint
from podium.apps.operations.services import hub
from podium.platform.models import AuditEvent
from podium.platform.sealing import unseal

pytestmark = pytest.mark.django_db
TOKEN = "beta-itsm-secret-token-42"
BODY = {
    "party": "beta",
    "base_url": "https://itsm.beta.example/tmf-api/troubleTicket/v5/",
    "token": TOKEN,
}


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_token_goes_in_once_and_never_comes_out(world: Any) -> None:
    admin = _client(world, "integrator_admin")
    response = _post(admin, "/api/v1/operations/endpoints", BODY)
    assert response.status_code == 201, response.content
    assert response.json()["token_hint"] == "…n-42"
    assert response.json()["base_url"] == BODY["base_url"].rstrip("/")
    listed = admin.get("/api/v1/operations/endpoints")
    row = PartyEndpoint.objects.get()
    for text in (response.content, listed.content, row.token_sealed.encode()):
        assert TOKEN.encode() not in text
    assert unseal(row.token_sealed) == TOKEN
    assert TOKEN not in json.dumps([a.after for a in AuditEvent.objects.all()])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"base_url": "ftp://itsm.beta.example/"}, "base_url"),
        ({"base_url": "https://user:pw@itsm.beta.example/"}, "base_url"),
        ({"token": ""}, "token"),
        ({"token": "has spaces in it"}, "token"),
        ({"party": "nobody"}, "party"),
        ({"poll_seconds": 1}, "poll_seconds"),
    ],
)
def test_a_registration_podium_cannot_use_is_refused_naming_the_field(
    world: Any, change: dict[str, Any], field: str
) -> None:
    response = _post(
        _client(world, "integrator_admin"), "/api/v1/operations/endpoints", {**BODY, **change}
    )
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["detail"])
    assert not PartyEndpoint.objects.exists()


def test_a_partys_manager_registers_its_own_partys_endpoint_only(world: Any) -> None:
    manager = _client(world, "party_manager")  # supplier A's
    assert (
        _post(manager, "/api/v1/operations/endpoints", BODY).status_code == 422
    )  # B: unknown to A
    own = _post(manager, "/api/v1/operations/endpoints", {**BODY, "party": "alpha"})
    assert own.status_code == 201
    member = _client(world, "party_member")
    assert (
        _post(member, "/api/v1/operations/endpoints", {**BODY, "party": "alpha"}).status_code == 403
    )
    # registering again replaces the endpoint
    again = _post(
        manager, "/api/v1/operations/endpoints", {**BODY, "party": "alpha", "token": "x" * 20}
    )
    assert again.status_code == 201
    assert PartyEndpoint.objects.filter(disabled_at__isnull=True).count() == 1


def test_a_failed_delivery_is_replayed_from_the_log(world: Any) -> None:
    subscription, _ = hub.create_subscription(
        acting_user=None,
        party=world.supplier_a,
        callback="http://127.0.0.1:9/never",
        query="",
        now=timezone.now(),
    )
    delivery = hub.queue(
        Delivery(
            kind="event",
            subscription=subscription,
            event_id="e-1",
            event_type="TroubleTicketCreateEvent",
            body="{}",
            created_at=timezone.now(),
            next_attempt_at=timezone.now(),
            status="failed",
            attempts=12,
        )
    )
    analyst = _client(world, "integrator_analyst")
    log = analyst.get("/api/v1/operations/deliveries?status=failed").json()
    assert [d["id"] for d in log["items"]] == [delivery.pk]
    replayed = _post(
        analyst, f"/api/v1/operations/deliveries/{delivery.pk}/replay", {"reason": "back up"}
    )
    assert replayed.status_code == 200
    assert (replayed.json()["status"], replayed.json()["attempts"]) == ("pending", 0)
    assert AuditEvent.objects.filter(action="operations.delivery.replayed", note="back up").exists()
    engineer = _client(world, "party_member")  # supplier A sees its own log, may not replay
    assert engineer.get(f"/api/v1/operations/deliveries/{delivery.pk}").status_code == 200
    assert (
        _post(engineer, f"/api/v1/operations/deliveries/{delivery.pk}/replay", {}).status_code
        == 403
    )
