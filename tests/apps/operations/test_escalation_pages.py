"""Where people see escalations: the list page (filters, CSV) and the API, each party seeing the
escalations of tickets it may see, with a number of queries that does not grow with the rows;
the ticket page names the next step and when it fires."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.support.clock import TEST_NOW
from tests.support.escalations import open_tickets, publish_ladder

from podium.apps.operations.services import escalations

pytestmark = pytest.mark.django_db
OPENED = TEST_NOW - dt.timedelta(hours=2)


def _fired_on(world: Any, references: list[str], party: Any) -> None:
    """Tickets held by `party`, two hours old against a one-hour target: the sweep at the test
    clock's now fires their warning, first step and breach."""
    open_tickets(references, party_id=party.pk, opened_at=OPENED, target_seconds=3600, now=OPENED)
    escalations.sweep(now=TEST_NOW)


@pytest.fixture
def fired(world: Any) -> None:
    publish_ladder(world.supplier_a.slug, [10, 600])
    _fired_on(world, ["INC-EA"], world.supplier_a)
    _fired_on(world, ["INC-EB"], world.supplier_b)


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_a_party_sees_the_escalations_of_its_own_tickets_only(world: Any, fired: None) -> None:
    url = reverse("operations:escalation_list")
    mine = _client(world, "party_member").get(url).content.decode()
    assert "INC-EA" in mine
    assert "INC-EB" not in mine
    everything = _client(world, "integrator_analyst").get(url).content.decode()
    assert "INC-EA" in everything
    assert "INC-EB" in everything


def test_the_list_filters_and_exports_csv(world: Any, fired: None) -> None:
    client = _client(world, "integrator_admin")
    url = reverse("operations:escalation_list")
    answer = client.get(url, {"kind": "breach", "export": "csv"})
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode())))
    header, *lines = rows
    assert header[:3] == ["Ticket", "Kind", "Step"]
    assert sorted((line[0], line[1], line[2]) for line in lines) == [
        ("INC-EA", "Breach", "breach"),
        ("INC-EB", "Breach", "breach"),
    ]
    steps = client.get(url, {"q": "INC-EA", "kind": "step", "export": "csv"})
    (line,) = list(csv.reader(io.StringIO(b"".join(steps.streaming_content).decode())))[1:]
    assert line[2:8] == ["step-1", "sweep-ladder", "1", "Alpha Cloud", "service_manager", "email"]


def test_the_api_lists_ticket_ladder_version_step_who_channel_due_and_fired(
    world: Any, fired: None
) -> None:
    answer = _client(world, "party_member").get("/api/v1/operations/escalations", {"kind": "step"})
    assert answer.status_code == 200
    (item,) = answer.json()["items"]
    assert item == {
        "ticket": "INC-EA",
        "kind": "step",
        "step": "step-1",
        "ladder": "sweep-ladder",
        "ladder_version": 1,
        "who_party": "alpha",
        "who_role": "service_manager",
        "channel": "email",
        "due_at": (OPENED + dt.timedelta(minutes=58)).isoformat().replace("+00:00", "Z"),
        "fired_at": TEST_NOW.isoformat().replace("+00:00", "Z"),
    }
    every = _client(world, "auditor").get("/api/v1/operations/escalations").json()
    assert {i["ticket"] for i in every["items"]} == {"INC-EA", "INC-EB"}


def test_the_ticket_page_shows_the_next_step_and_when_it_fires(world: Any, fired: None) -> None:
    page = _client(world, "party_member").get(reverse("operations:ticket_detail", args=["INC-EA"]))
    text = page.content.decode()
    assert "Next escalation" in text
    # the second step waits ten hours after the first, fired at the test clock's now
    assert "Step 2 (tactical): Service manager at alpha by email" in text
    due = (TEST_NOW + dt.timedelta(hours=10)).isoformat()
    assert f'<time datetime="{due}"' in text


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PINNED = {
    ("/operations/escalations/", "integrator_admin"): 5,
    ("/operations/escalations/", "party_manager"): 5,
    ("/api/v1/operations/escalations", "integrator_admin"): 4,
    ("/api/v1/operations/escalations", "party_manager"): 4,
}


@pytest.mark.parametrize(("url", "role"), sorted(PINNED))
def test_query_counts_do_not_grow_with_the_escalations(world: Any, url: str, role: str) -> None:
    publish_ladder(world.supplier_a.slug, [10, 600])
    client = _client(world, role)
    _fired_on(world, ["INC-Q0", "INC-Q1"], world.supplier_a)
    before = _count(client, url)
    _fired_on(world, [f"INC-Q{i}" for i in range(2, 12)], world.supplier_a)
    after = _count(client, url)
    assert after == before, f"{url} as {role}: {before} queries, then {after}"
    assert after == PINNED[(url, role)], f"{url} as {role} now makes {after} queries"
