"""A party's webhooks over real HTTP on loopback: the escalation sweep's events go out as
CloudEvents through the existing outbox, signed so that the Standard Webhooks reference library
(`standardwebhooks`) verifies them from the secret alone; a party's webhook hears only of the
tickets its users may see; failures back off with jitter, 410 disables the webhook, and the
delivery log's page sends a delivery again with the same id."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from tests.support.escalations import open_tickets, publish_ladder
from tests.support.loopback import Receiver, Scripted

from podium.apps.operations.choices import DeliveryKind, DeliveryStatus
from podium.apps.operations.models import Delivery, HubSubscription
from podium.apps.operations.services import escalations, hub, notifications
from podium.core import notifications as kinds

pytestmark = pytest.mark.django_db(transaction=True)
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as server:
        yield server


@pytest.fixture
def breached(world: Any, settings: Any) -> Any:
    settings.ESCALATION_WARNING_SHARE = 0.8
    publish_ladder(world.supplier_a.slug, [10, 20])
    (ticket,) = open_tickets(
        ["INC-W1"], party_id=world.supplier_a.pk, opened_at=T0, target_seconds=3600, now=T0
    )
    return ticket


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _webhook(world: Any, callback: str, event_types: list[str] | None = None) -> str:
    answer = _client(world.users["party_manager"]).post(
        "/api/v1/operations/webhooks",
        {"party": "alpha", "callback": callback, "event_types": event_types or []},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    secret: str = answer.json()["secret"]
    assert secret.startswith("whsec_")
    return secret


def _drain(now: dt.datetime | None = None) -> list[Delivery]:
    now = now or timezone.now()
    return [d for pk in hub.due_deliveries(now) if (d := hub.attempt(pk, now=now, draw=0.5))]


def test_an_escalation_is_a_cloudevent_the_reference_library_verifies(
    world: Any, receiver: Receiver, breached: Any
) -> None:
    secret = _webhook(world, receiver.script("/alpha"))
    escalations.sweep(now=T0 + 49 * MIN)
    assert [d.status for d in _drain()] == [DeliveryStatus.DELIVERED]
    (request,) = receiver.to("/alpha")
    assert request.headers["content-type"] == "application/cloudevents+json"
    Webhook(secret).verify(request.body, request.headers)  # raises if it does not check out
    event = json.loads(request.body)
    assert event["specversion"] == "1.0"
    assert event["type"] == kinds.WARNING
    assert event["subject"] == "INC-W1"
    assert event["id"] == request.headers["webhook-id"]
    assert event["data"]["ticket"] == "INC-W1"
    assert event["data"]["kind"] == "warning"
    # the body changed by one byte no longer verifies
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(request.body.replace(b"INC-W1", b"INC-W2"), request.headers)


def test_a_party_webhook_hears_only_of_tickets_its_users_may_see(
    world: Any, receiver: Receiver, breached: Any
) -> None:
    _webhook(world, receiver.script("/alpha"), [kinds.BREACH])
    notifications.create_webhook(
        acting_user=None,
        party=world.supplier_b,
        callback=receiver.script("/beta"),
        event_types=[],
        now=T0,
    )
    office, _ = notifications.create_webhook(
        acting_user=None,
        party=world.integrator,
        callback=receiver.script("/office"),
        event_types=[kinds.BREACH],
        now=T0,
        sees_everything=True,
    )
    escalations.sweep(now=T0 + 61 * MIN)  # warning, step 1 and breach of alpha's ticket
    _drain()
    assert [json.loads(r.body)["type"] for r in receiver.to("/alpha")] == [kinds.BREACH]
    assert receiver.to("/beta") == []
    assert [json.loads(r.body)["type"] for r in receiver.to("/office")] == [kinds.BREACH]
    # the same event goes to every webhook with one id
    assert (
        receiver.to("/alpha")[0].headers["webhook-id"]
        == receiver.to("/office")[0].headers["webhook-id"]
    )
    # and the TMF621 hub subscriptions hear nothing of it (another format)
    assert office.format == "cloudevents"
    assert not HubSubscription.objects.filter(format="tmf621").exists()


def test_failures_back_off_with_jitter_and_the_same_id_comes_again(
    world: Any, receiver: Receiver, breached: Any
) -> None:
    secret = _webhook(world, receiver.script("/alpha", Scripted(503), Scripted(503)))
    escalations.sweep(now=T0 + 49 * MIN)
    now = timezone.now()
    (first,) = _drain(now)
    assert first.status == DeliveryStatus.PENDING
    assert first.next_attempt_at is not None
    waited = [(first.next_attempt_at - now).total_seconds()]
    (second,) = _drain(first.next_attempt_at)
    assert second.next_attempt_at is not None
    waited.append((second.next_attempt_at - first.next_attempt_at).total_seconds())
    (third,) = _drain(second.next_attempt_at)
    assert third.status == DeliveryStatus.DELIVERED
    assert waited == [15.0, 30.0]  # the draw 0.5 is the middle of the ±20 % jitter
    ids = {r.headers["webhook-id"] for r in receiver.to("/alpha")}
    assert len(ids) == 1
    last = receiver.to("/alpha")[-1]
    Webhook(secret).verify(last.body, last.headers)


def test_410_disables_the_webhook_and_replay_from_the_log_page_sends_the_same_id(
    world: Any, receiver: Receiver, breached: Any
) -> None:
    _webhook(world, receiver.script("/alpha", Scripted(410)))
    escalations.sweep(now=T0 + 49 * MIN)
    (gone,) = _drain()
    assert gone.status == DeliveryStatus.FAILED
    subscription = HubSubscription.objects.get(format="cloudevents", party=world.supplier_a)
    assert subscription.disabled_at is not None
    escalations.sweep(now=T0 + 59 * MIN)  # step 1: a disabled webhook is owed nothing
    assert Delivery.objects.filter(kind=DeliveryKind.CLOUDEVENT).count() == 1
    # a party's member may read the log but not send again; the integrator's staff may
    page = f"/operations/deliveries/{gone.pk}/"
    assert _client(world.users["party_member"]).get(page).status_code == 200
    assert _client(world.users["party_member"]).post(page + "replay/").status_code == 403
    answer = _client(world.users["integrator_admin"]).post(page + "replay/")
    assert answer.status_code == 302
    _drain()
    first, again = receiver.to("/alpha")
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    assert first.body == again.body
    subscription.refresh_from_db()
    assert subscription.disabled_at is None
