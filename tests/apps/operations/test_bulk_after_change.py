"""Tickets loaded in bulk (`POST /api/v1/events`, `podium import`) go through the hook every
ticket change goes through (`tickets.after_tickets_changed`), once per ticket per load: a
ticket bounced many times in one load is flagged for arbitration once, and its new holder's
users hear that it came to them once, of where it ended rather than of every step."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.support.clock import TEST_NOW

from podium.apps.operations.models import Arbitration, Notification, Ticket
from podium.apps.operations.services import credentials
from podium.apps.operations.services.events import import_events
from podium.core import notifications
from podium.core.ingest import read_event_records
from podium.platform.models import AuditEvent

pytestmark = pytest.mark.django_db
START = TEST_NOW - dt.timedelta(days=1)
HOLDERS = ["alpha", "beta"] * 4  # alpha, beta, alpha … beta: seven hand-offs, six bounces


def _events(case_id: str, holders: list[str], *, hour: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "case_id": case_id,
            "timestamp": (START + dt.timedelta(hours=hour, minutes=10 * n)).isoformat(),
            "activity": "New" if n == 0 and hour == 0 else "In Progress",
            "party": party,
            "priority": "P2",
        }
        for n, party in enumerate(holders)
    ]


def _by_api(world: Any) -> Callable[[list[dict[str, Any]]], None]:
    token = credentials.create_credential(
        acting_user=None, party=world.supplier_a, name="Alpha monitoring", now=TEST_NOW
    )[1]

    def load(events: list[dict[str, Any]]) -> None:
        answer = Client().post(
            "/api/v1/events",
            data=json.dumps(events),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert answer.status_code == 200, answer.content

    return load


def _by_import(world: Any) -> Callable[[list[dict[str, Any]]], None]:
    def load(events: list[dict[str, Any]]) -> None:
        read = read_event_records(events)
        summary = import_events(
            sender=world.supplier_a, events=read.frame, now=TEST_NOW, file_name="x.csv", kind="csv"
        )
        assert not summary.rejected

    return load


PATHS = {"api": _by_api, "import": _by_import}


def _assigned(ticket: Ticket, user: Any) -> int:
    return Notification.objects.filter(
        ticket=ticket, user=user, event_type=notifications.ASSIGNED
    ).count()


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_ticket_bounced_many_times_in_one_load_is_flagged_once(world: Any, path: str) -> None:
    load = PATHS[path](world)
    load(_events("BOUNCY-1", HOLDERS))
    ticket = Ticket.objects.get(external_id="BOUNCY-1")
    flagged = Arbitration.objects.get(ticket=ticket)
    assert (flagged.party_a, flagged.party_b) == (world.supplier_a, world.supplier_b)
    assert flagged.bounces == 6
    assert AuditEvent.objects.filter(action="operations.arbitration.flagged").count() == 1

    load(_events("BOUNCY-1", HOLDERS))  # the same load again stores nothing, flags nothing
    load(_events("BOUNCY-1", ["alpha", "beta"], hour=5))  # two more bounces: counted on
    assert Arbitration.objects.get(ticket=ticket).bounces == 8
    assert AuditEvent.objects.filter(action="operations.arbitration.flagged").count() == 1


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_ticket_handed_on_in_bulk_tells_its_new_holders_users_once(world: Any, path: str) -> None:
    load = PATHS[path](world)
    beta_member, alpha_member = world.users["other_party_member"], world.users["party_member"]
    load(_events("MOVED-1", ["alpha"]))  # opened by alpha's tool, held by alpha: nobody told
    ticket = Ticket.objects.get(external_id="MOVED-1")
    assert not Notification.objects.filter(ticket=ticket).exists()

    load(_events("MOVED-1", ["beta", "alpha", "beta"], hour=1))
    ticket.refresh_from_db()
    assert ticket.current_party == world.supplier_b
    assert _assigned(ticket, beta_member) == 1
    assert _assigned(ticket, alpha_member) == 0

    load(_events("MOVED-1", ["beta", "alpha", "beta"], hour=1))  # sent again: no news
    assert _assigned(ticket, beta_member) == 1
