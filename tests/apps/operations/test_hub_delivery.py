"""Hub subscriptions and outbound events over real HTTP on loopback: Podium's live server
takes the subscription (TMF621 `POST /hub`) and the ticket, the worker's delivery sends the
event to a receiving server that records it. The signature is checked the way a receiver
would, from the secret alone; retries, 410, 429, redirects, timeouts and party scoping are
each a scripted answer of the receiver."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from tests.support.loopback import Receiver, Scripted, call
from tests.support.tmf621 import problems

from podium.apps.operations.choices import DeliveryStatus
from podium.apps.operations.models import Delivery, HubSubscription
from podium.apps.operations.services import credentials, hub
from podium.core import tmf621_events, webhooks

pytestmark = pytest.mark.django_db(transaction=True)
TMF = "/tmf-api/troubleTicket/v5"
NEW_TICKET = {
    "@type": "TroubleTicket",
    "description": "Cluster nodes restarting",
    "severity": "Major",
    "ticketType": "incident",
    "relatedEntity": [{"entity": {"@referredType": "Component", "id": "alpha-k8s"}}],
}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as server:
        yield server


@pytest.fixture
def tokens(world: Any) -> dict[str, str]:
    made = {}
    for name, party in (("a", world.supplier_a), ("b", world.supplier_b)):
        made[name] = credentials.create_credential(
            acting_user=None, party=party, name=f"{name} tool", now=timezone.now()
        )[1]
    return made


def _subscribe(base: str, token: str, callback: str, query: str = "") -> dict[str, Any]:
    status, hub_body = call(
        "POST", f"{base}{TMF}/hub", token=token, body={"callback": callback, "query": query}
    )
    assert status == 201, hub_body
    return hub_body


def _raise(base: str, token: str, **extra: Any) -> dict[str, Any]:
    status, ticket = call(
        "POST", f"{base}{TMF}/troubleTicket", token=token, body={**NEW_TICKET, **extra}
    )
    assert status == 201, ticket
    return ticket


def _drain(now: dt.datetime | None = None) -> list[Delivery]:
    """What the worker's `deliver` tasks do for everything due at `now`."""
    now = now or timezone.now()
    return [d for pk in hub.due_deliveries(now) if (d := hub.attempt(pk, now=now, draw=0.5))]


def test_an_event_is_signed_so_that_a_receiver_with_the_secret_can_verify_it(
    live_server: Any, receiver: Receiver, tokens: dict[str, str]
) -> None:
    callback = receiver.script("/hooks/podium")
    subscription = _subscribe(live_server.url, tokens["a"], callback)
    assert problems({k: v for k, v in subscription.items() if k != "secret"}, "Hub") == []
    secret = subscription["secret"]
    assert secret.startswith("whsec_")
    status, again = call(
        "GET", f"{live_server.url}{TMF}/hub/{subscription['id']}", token=tokens["a"]
    )
    assert status == 200
    assert "secret" not in again  # shown once
    assert secret not in HubSubscription.objects.get(pk=subscription["id"]).secret_sealed

    ticket = _raise(live_server.url, tokens["a"])
    assert [d.status for d in _drain()] == [DeliveryStatus.DELIVERED]
    (got,) = receiver.to("/hooks/podium")
    # verified from the secret alone, as the receiver's own code would
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{got.headers['webhook-id']}.{got.headers['webhook-timestamp']}.".encode() + got.body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert got.headers["webhook-signature"] == f"v1,{expected}"
    webhooks.verify(secret, got.headers, got.body, now=timezone.now())
    with pytest.raises(webhooks.SignatureError):
        webhooks.verify(secret, got.headers, got.body + b" ", now=timezone.now())
    event = got.json()
    assert event["eventType"] == "TroubleTicketCreateEvent"
    assert event["eventId"] == got.headers["webhook-id"]
    assert event["event"]["troubleTicket"]["id"] == ticket["id"]
    assert problems(event, "TroubleTicketCreateEvent") == []


def test_a_failed_delivery_is_retried_with_growing_waits_until_it_succeeds(
    live_server: Any, receiver: Receiver, tokens: dict[str, str]
) -> None:
    callback = receiver.script("/flaky", Scripted(500), Scripted(503), Scripted(204))
    _subscribe(live_server.url, tokens["a"], callback)
    _raise(live_server.url, tokens["a"])
    start = timezone.now()
    (first,) = _drain(start)
    assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
    assert first.next_attempt_at is not None
    wait_1 = (first.next_attempt_at - start).total_seconds()
    assert _drain(first.next_attempt_at - dt.timedelta(seconds=1)) == []  # not yet due
    (second,) = _drain(first.next_attempt_at)
    assert second.next_attempt_at is not None
    wait_2 = (second.next_attempt_at - first.next_attempt_at).total_seconds()
    assert wait_2 == pytest.approx(2 * wait_1)
    (third,) = _drain(second.next_attempt_at)
    assert (third.status, third.attempts) == ("delivered", 3)
    assert [t.status_code for t in third.tries.order_by("number")] == [500, 503, 204]
    assert len(receiver.to("/flaky")) == 3
    bodies = {r.body for r in receiver.to("/flaky")}
    assert len(bodies) == 1, "every retry sends the same signed message"


def test_410_gone_disables_the_subscription(
    live_server: Any, receiver: Receiver, tokens: dict[str, str]
) -> None:
    callback = receiver.script("/gone", Scripted(410))
    subscription = _subscribe(live_server.url, tokens["a"], callback)
    ticket = _raise(live_server.url, tokens["a"])
    (delivery,) = _drain()
    assert delivery.status == DeliveryStatus.FAILED
    row = HubSubscription.objects.get(pk=subscription["id"])
    assert row.disabled_at is not None
    assert "410" in row.disabled_reason
    status, _ = call(
        "PATCH",
        f"{live_server.url}{TMF}/troubleTicket/{ticket['id']}",
        token=tokens["a"],
        body={"status": "inProgress"},
        content_type="application/merge-patch+json",
    )
    assert status == 200
    assert Delivery.objects.filter(subscription=row).count() == 1  # nothing more for it
    assert len(receiver.to("/gone")) == 1


def test_429_waits_as_long_as_retry_after_asks(
    live_server: Any, receiver: Receiver, tokens: dict[str, str]
) -> None:
    callback = receiver.script("/busy", Scripted(429, {"Retry-After": "120"}), Scripted(204))
    _subscribe(live_server.url, tokens["a"], callback)
    _raise(live_server.url, tokens["a"])
    start = timezone.now()
    (delivery,) = _drain(start)
    assert delivery.next_attempt_at == start + dt.timedelta(seconds=120)
    assert _drain(start + dt.timedelta(seconds=60)) == []
    assert len(receiver.to("/busy")) == 1
    (done,) = _drain(start + dt.timedelta(seconds=120))
    assert done.status == DeliveryStatus.DELIVERED
    assert len(receiver.to("/busy")) == 2


def test_a_redirect_is_not_followed(
    live_server: Any, receiver: Receiver, tokens: dict[str, str]
) -> None:
    elsewhere = receiver.script("/elsewhere")
    callback = receiver.script("/moved", Scripted(307, {"Location": elsewhere}))
    _subscribe(live_server.url, tokens["a"], callback)
    _raise(live_server.url, tokens["a"])
    (delivery,) = _drain()
    assert delivery.status == DeliveryStatus.PENDING  # tried again later, at the same URL
    assert delivery.last_status_code == 307
    assert "not followed" in delivery.last_error
    assert receiver.to("/elsewhere") == []


def test_a_callback_that_does_not_answer_in_time_is_a_failed_try(
    live_server: Any, receiver: Receiver, tokens: dict[str, str], settings: Any
) -> None:
    settings.EXCHANGE_TIMEOUT_SECONDS = 0.3
    callback = receiver.script("/slow", Scripted(204, delay=1.5))
    _subscribe(live_server.url, tokens["a"], callback)
    _raise(live_server.url, tokens["a"])
    (delivery,) = _drain()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code is None
    assert "no answer within 0.3 s" in delivery.last_error


def test_events_reach_only_subscriptions_whose_party_may_see_the_ticket(
    live_server: Any, receiver: Receiver, tokens: dict[str, str], world: Any, client: Any
) -> None:
    a = _subscribe(live_server.url, tokens["a"], receiver.script("/a"))
    b = _subscribe(live_server.url, tokens["b"], receiver.script("/b"))
    status_only = _subscribe(
        live_server.url,
        tokens["b"],
        receiver.script("/b-status"),
        query="eventType=TroubleTicketStatusChangeEvent",
    )
    client.force_login(world.users["integrator_analyst"])
    everything = client.post(
        f"{TMF}/hub", {"callback": receiver.script("/office")}, content_type="application/json"
    )
    assert everything.status_code == 201
    # a party sees and removes only its own subscriptions
    for verb in ("GET", "DELETE"):
        assert call(verb, f"{live_server.url}{TMF}/hub/{b['id']}", token=tokens["a"])[0] == 404
    assert client.get(f"{TMF}/hub/{b['id']}").status_code == 200

    ticket = _raise(live_server.url, tokens["a"])
    _drain()
    assert [r.json()["eventType"] for r in receiver.to("/a")] == ["TroubleTicketCreateEvent"]
    assert len(receiver.to("/office")) == 1
    assert receiver.to("/b") == []
    assert receiver.to("/b-status") == []

    # handed to supplier B, the ticket is B's to see too: B hears of it from then on
    status, _ = call(
        "PATCH",
        f"{live_server.url}{TMF}/troubleTicket/{ticket['id']}",
        token=tokens["a"],
        body={
            "status": "inProgress",
            "relatedParty": [{"role": "assignee", "partyOrPartyRole": {"id": "beta"}}],
        },
        content_type="application/merge-patch+json",
    )
    assert status == 200
    _drain()
    assert sorted(r.json()["eventType"] for r in receiver.to("/b")) == [
        "TroubleTicketAttributeValueChangeEvent",
        "TroubleTicketStatusChangeEvent",
    ]
    assert [r.json()["eventType"] for r in receiver.to("/b-status")] == [
        "TroubleTicketStatusChangeEvent"
    ]
    for got in receiver.to("/b"):
        assert problems(got.json(), got.json()["eventType"]) == []
    assert (
        call("DELETE", f"{live_server.url}{TMF}/hub/{status_only['id']}", token=tokens["b"])[0]
        == 204
    )
    assert (
        call("GET", f"{live_server.url}{TMF}/hub/{status_only['id']}", token=tokens["b"])[0] == 404
    )
    assert call("GET", f"{live_server.url}{TMF}/hub/{a['id']}", token=tokens["a"])[0] == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"callback": "ftp://127.0.0.1/x"}, "callback: must be an http or https URL"),
        ({"callback": "file:///etc/passwd"}, "callback: must be an http or https URL"),
        ({"query": "eventType=TroubleTicketCreateEvent"}, "callback: is required"),
        (
            {"callback": "http://127.0.0.1:9/x", "query": "event.troubleTicket.severity=Major"},
            "query: cannot filter on 'event.troubleTicket.severity'",
        ),
        (
            {"callback": "http://127.0.0.1:9/x", "query": "eventType=TroubleTicketDeleteEvent"},
            "query: unknown event type 'TroubleTicketDeleteEvent'",
        ),
    ],
)
def test_a_subscription_podium_cannot_honour_is_refused_naming_the_field(
    client: Any, tokens: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = client.post(
        f"{TMF}/hub",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['a']}",
    )
    assert response.status_code == 400
    assert field in response.json()["message"]
    assert problems(response.json(), "Error") == []
    assert not HubSubscription.objects.exists()


def test_the_query_parser_names_what_it_honours() -> None:
    assert tmf621_events.read_hub_query(
        "eventType=TroubleTicketCreateEvent&eventType=TroubleTicketResolvedEvent"
    ) == {"TroubleTicketCreateEvent", "TroubleTicketResolvedEvent"}


def test_asking_for_information_and_resolving_raise_their_own_events(
    live_server: Any, receiver: Receiver, tokens: dict[str, str]
) -> None:
    _subscribe(
        live_server.url,
        tokens["a"],
        receiver.script("/waiting"),
        query="eventType=TroubleTicketInformationRequiredEvent,TroubleTicketResolvedEvent",
    )
    ticket = _raise(live_server.url, tokens["a"])
    url = f"{live_server.url}{TMF}/troubleTicket/{ticket['id']}"
    for body in (
        {"status": "pending", "note": [{"text": "Which node restarted first?"}]},
        {"note": [{"text": "And since when?"}]},
        {"status": "resolved", "statusChangeReason": "Kernel rolled back"},
    ):
        status, _ = call(
            "PATCH", url, token=tokens["a"], body=body, content_type="application/merge-patch+json"
        )
        assert status == 200
    _drain()
    events = [r.json() for r in receiver.to("/waiting")]
    assert [e["eventType"] for e in events] == [
        "TroubleTicketInformationRequiredEvent",
        "TroubleTicketInformationRequiredEvent",
        "TroubleTicketResolvedEvent",
    ]
    for event in events:
        assert problems(event, event["eventType"]) == []
    assert events[-1]["event"]["troubleTicket"]["status"] == "resolved"
