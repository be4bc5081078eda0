"""A change scheduled, moved or failed goes out to the affected parties' webhooks as the
escalations do (tests/apps/operations/test_webhooks.py): a CloudEvent through the one outbox,
signed so that the Standard Webhooks reference library verifies it; the implementer's webhook
and a webhook of a party off the graph hear nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from tests.support.changes import ALPHA_NOTES, NIGHT, build_changes
from tests.support.loopback import Receiver

from podium.apps.changes.services import approvals, changes
from podium.apps.operations.choices import DeliveryStatus
from podium.apps.operations.models import Delivery
from podium.apps.operations.services import hub, notifications
from podium.core import notifications as kinds

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as server:
        yield server


def _drain() -> list[Delivery]:
    now = timezone.now()
    return [d for pk in hub.due_deliveries(now) if (d := hub.attempt(pk, now=now, draw=0.5))]


def test_a_change_is_a_cloudevent_to_the_affected_parties_webhooks_only(
    world: Any, receiver: Receiver
) -> None:
    planned = build_changes(world)

    def hook(party: Any, path: str, event_types: list[str] | None = None) -> str:
        _, secret = notifications.create_webhook(
            acting_user=None,
            party=party,
            callback=receiver.script(path),
            event_types=event_types or [],
            now=NIGHT,
            sees_everything=party.is_integrator,
        )
        return secret

    kappa = hook(planned.gamma, "/kappa")
    hook(world.supplier_a, "/alpha")  # the implementer
    hook(world.supplier_b, "/beta")  # on no path
    hook(world.integrator, "/office", [kinds.CHANGE_FAILED])
    change = approvals.decide_change(
        acting_user=world.users["integrator_admin"], change=planned.change_a, decision="approved"
    )
    changes.move_change(acting_user=None, change=change, status="scheduled")
    changes.update_change(
        acting_user=None, change=change, planned_end=NIGHT + dt.timedelta(hours=5)
    )
    changes.move_change(acting_user=None, change=change, status="in_progress")
    changes.move_change(acting_user=None, change=change, status="failed")
    assert {d.status for d in _drain()} == {DeliveryStatus.DELIVERED}

    heard = receiver.to("/kappa")
    assert [json.loads(r.body)["type"] for r in heard] == [
        kinds.CHANGE_SCHEDULED,
        kinds.CHANGE_MOVED,
        kinds.CHANGE_FAILED,
    ]
    for request in heard:
        assert request.headers["content-type"] == "application/cloudevents+json"
        Webhook(kappa).verify(request.body, request.headers)  # raises if it does not check out
        assert ALPHA_NOTES.encode() not in request.body
    moved = json.loads(heard[1].body)
    assert moved["specversion"] == "1.0"
    assert moved["subject"] == change.reference
    assert moved["id"] == heard[1].headers["webhook-id"]
    assert moved["source"].endswith("/changes")
    data = moved["data"]
    assert data["change"] == change.reference
    assert data["implementer"] == "alpha"
    assert data["components"] == ["alpha-k8s"]
    assert (data["previous_start"], data["previous_end"]) == (
        "2026-12-02T22:00:00Z",
        "2026-12-03T02:00:00Z",
    )
    assert (data["planned_start"], data["planned_end"]) == (
        "2026-12-02T22:00:00Z",
        "2026-12-03T03:00:00Z",
    )
    assert data["link"].endswith(f"/changes/c/{change.reference}/")
    assert "internal_notes" not in data
    assert receiver.to("/alpha") == []
    assert receiver.to("/beta") == []
    # the integrator's webhook hears of everything it asked for, with the same id as Kappa's
    (office,) = receiver.to("/office")
    assert office.headers["webhook-id"] == heard[2].headers["webhook-id"]
    with pytest.raises(WebhookVerificationError):
        Webhook(kappa).verify(heard[0].body.replace(b"scheduled", b"cancelled"), heard[0].headers)
