"""The cockpit and the party view make a number of queries that does not grow with what they
show: measured with two of each kind of row the sections list (tickets resolved in the period
that bounced between two suppliers, open P1s, overdue actions, decisions due, changes this
week), then again with ten more of each, for the integrator and for the party's manager. The
period figures' cache is emptied before each measurement, so the count is a first reading."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.site.test_query_counts import MORE, _actions, _changes, _forum
from tests.support.clock import TEST_NOW

from podium.apps.governance.services import forums
from podium.apps.operations.services import (
    HistoricalEvent,
    HistoricalTicket,
    import_ticket_history,
)

pytestmark = pytest.mark.django_db


def _bounced_tickets(world: Any, indices: range) -> None:
    """P1 tickets of the last fortnight, A → B → A, resolved after a day; and as many open."""
    tickets = []
    for i in indices:
        opened = TEST_NOW - dt.timedelta(days=14) + dt.timedelta(hours=3 * i)
        a, b = world.supplier_a.pk, world.supplier_b.pk
        hops = (a, b, a)
        events = tuple(
            HistoricalEvent(opened + dt.timedelta(hours=h), "inProgress", "", party, "Ops", "e")
            for h, party in enumerate(hops)
        )
        done = opened + dt.timedelta(days=1)
        tickets.append(
            HistoricalTicket(
                reference=f"INC-CQ{i}",
                title=f"Bounced {i}",
                service_id=world.service_a.pk,
                component_id=world.component_a.pk,
                priority="P1",
                status="resolved",
                opened_at=opened,
                resolved_at=done,
                closed_at=None,
                events=(*events, HistoricalEvent(done, "resolved", "", a, "Ops", "e")),
            )
        )
        tickets.append(
            HistoricalTicket(
                reference=f"INC-CQ-OPEN{i}",
                title=f"Open {i}",
                service_id=world.service_a.pk,
                component_id=world.component_a.pk,
                priority="P1",
                status="inProgress",
                opened_at=TEST_NOW - dt.timedelta(hours=5 + i),
                resolved_at=None,
                closed_at=None,
                events=(
                    HistoricalEvent(
                        TEST_NOW - dt.timedelta(hours=5 + i), "inProgress", "", a, "Ops", "e"
                    ),
                ),
            )
        )
    import_ticket_history(acting_user=None, source="cockpit query counts", tickets=tickets)


def _decisions_due(world: Any, indices: range) -> None:
    for i in indices:
        forums.record_decision(
            acting_user=None,
            forum=_forum(world, 100 + i),
            title=f"Decision due {i}",
            status="proposed",
            due_on=TEST_NOW.date() + dt.timedelta(days=i % 10),
        )


def _everything(world: Any, indices: range) -> None:
    _bounced_tickets(world, indices)
    _actions(world, indices)
    _decisions_due(world, indices)
    _changes(world, indices)


def _count(client: Client, url: str) -> tuple[int, bytes]:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries), response.content


PINNED = {
    # the watermelon alerts from the stored clock verdicts: one query where the engine's
    # clock groups took three; the services and the parties read once
    ("overview", "integrator_admin"): 35,
    ("party", "integrator_admin"): 15,
    ("party", "party_manager"): 17,
    # the scorecard from the stored verdicts: the verdicts, the party's events, its slugs
    ("scorecard", "integrator_admin"): 19,
    ("scorecard", "party_manager"): 20,
}


def _url(world: Any, page: str) -> str:
    if page == "overview":
        return reverse("cockpit:overview")
    url = reverse("cockpit:party", args=[world.supplier_a.slug])
    return url + ("?part=scorecard" if page == "scorecard" else "")


@pytest.mark.parametrize(("page", "role"), sorted(PINNED))
def test_cockpit_query_count_does_not_grow_with_the_rows(world: Any, page: str, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    _everything(world, range(2))
    before, _first = _count(client, _url(world, page))
    _everything(world, range(2, 2 + MORE))
    after, second = _count(client, _url(world, page))
    if page != "scorecard":  # the rows are on the page: the sections read them
        assert b"Action 1<" in second or b"Action 1 " in second, page
    assert after == before, f"{page} as {role}: {before} queries, then {after} with {MORE} more"
    assert after == PINNED[(page, role)], f"{page} as {role} now makes {after} queries"


def test_the_cockpit_reads_the_services_and_the_parties_once(world: Any) -> None:
    """The filters' form and the overview share one read of the reader's services and one of
    its parties (each was read twice a request)."""
    from podium.apps.ecosystem.models import Party, Service

    client = Client()
    client.force_login(world.users["integrator_admin"])
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cockpit:overview")).status_code == 200
    for model in (Service, Party):
        table = model._meta.db_table
        listed = f'FROM "{table}"', f'ORDER BY "{table}"."name"'  # the list, not one by id
        reads = [q["sql"] for q in queries.captured_queries if all(s in q["sql"] for s in listed)]
        assert len(reads) == 1, (model.__name__, reads)
