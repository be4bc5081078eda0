"""The worker's side of the outbox without the network: a claimed delivery is not taken twice,
a worker that starts again re-queues what is owed, and the polls of one endpoint collapse
into one chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from podium.apps.operations.models import Delivery, PartyEndpoint
from podium.apps.operations.services import bonding, hub

pytestmark = pytest.mark.django_db


def _tasks(name: str) -> int:
    return DBTaskResult.objects.filter(task_path=f"podium.apps.operations.tasks.{name}").count()


@pytest.fixture
def delivery(world: Any) -> Delivery:
    subscription, _ = hub.create_subscription(
        acting_user=None,
        party=world.supplier_a,
        callback="http://127.0.0.1:9/hook",
        query="",
        now=timezone.now(),
    )
    return hub.queue(
        Delivery(
            kind="event",
            subscription=subscription,
            event_id="e-1",
            body="{}",
            created_at=timezone.now(),
            next_attempt_at=timezone.now(),
        )
    )


def test_a_delivery_and_its_task_are_written_together(delivery: Delivery) -> None:
    assert _tasks("deliver") == 1


def test_a_claimed_delivery_is_not_taken_by_a_second_worker(delivery: Delivery) -> None:
    now = timezone.now()
    assert hub._claim(delivery.pk, now)
    assert not hub._claim(delivery.pk, now)
    # once the lease has run out (the first worker died), it may be taken again
    lease = Delivery.objects.get(pk=delivery.pk).next_attempt_at
    assert lease is not None
    assert hub._claim(delivery.pk, lease)


def test_a_worker_that_starts_again_requeues_what_is_owed(world: Any, delivery: Delivery) -> None:
    DBTaskResult.objects.all().delete()  # the task was lost with the worker
    bonding.register_endpoint(
        acting_user=None,
        party=world.supplier_b,
        base_url="http://127.0.0.1:9/tmf",
        token="beta-token-0123456789",
        now=timezone.now(),
    )
    DBTaskResult.objects.all().delete()
    assert hub.resume(now=timezone.now()) == 1
    assert (_tasks("deliver"), _tasks("poll_endpoint")) == (1, 1)


def test_polls_of_one_endpoint_collapse_into_one_chain(world: Any) -> None:
    endpoint = bonding.register_endpoint(
        acting_user=None,
        party=world.supplier_b,
        base_url="http://127.0.0.1:9/tmf",
        token="beta-token-0123456789",
        now=timezone.now(),
        poll_seconds=60,
    )
    now = timezone.now()
    before = _tasks("poll_endpoint")
    assert bonding.poll_when_due(endpoint.pk, now=now) == 0  # due: polls (nothing bonded yet)
    assert _tasks("poll_endpoint") == before + 1  # and queued the next one first
    assert bonding.poll_when_due(endpoint.pk, now=now) == 0  # a duplicate: not due, no chain
    assert _tasks("poll_endpoint") == before + 1
    row = PartyEndpoint.objects.get(pk=endpoint.pk)
    assert row.next_poll_at == now + dt.timedelta(seconds=60)
    assert row.last_poll_at == now
