"""What the cockpit keeps between requests: the period's figures and the watermelon alerts are
computed once (the engine over weeks of ticket events) and kept five minutes; a second request
within that time reads no ticket event and shows the same figures, and what is open now is
still read live."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.apps.operations.test_watermelons import melons  # noqa: F401 (a fixture)
from tests.site.test_cockpit_query_counts import _bounced_tickets
from tests.site.test_query_counts import _actions
from tests.support.clock import TEST_NOW

from podium.apps.operations.selectors import watermelons

pytestmark = pytest.mark.django_db

WARM_QUERIES = 21
"""A warm overview's queries (the session, the reader, the filters, the kept figures' two
cache reads, the saved views, and each section of what is open now); a first reading adds
the period's."""


@pytest.fixture(autouse=True)
def _fresh_figures() -> None:
    cache.clear()


def _get(client: Client, url: str) -> tuple[Any, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


@pytest.mark.usefixtures("melons")
def test_a_second_request_reads_no_ticket_event_and_shows_the_same_figures(world: Any) -> None:
    _bounced_tickets(world, range(2))
    reader = world.users["integrator_admin"]
    client = Client()
    client.force_login(reader)
    url = reverse("cockpit:overview")
    first, first_sql = _get(client, url)
    assert any("operations_ticketevent" in sql for sql in first_sql)  # the engine read them
    second, second_sql = _get(client, url)
    events_read = [sql for sql in second_sql if "operations_ticketevent" in sql]
    assert events_read == [], "a warm request evaluated the period again"
    assert len(second_sql) == WARM_QUERIES, f"a warm overview makes {len(second_sql)} queries"
    for key in ("service-health", "service-trend", "ping-pong", "ecosystem-map"):
        assert second.context["overview"].tables[key] == first.context["overview"].tables[key]
    # the kept alerts are operations' own, as its watermelon page shows them
    expected = [
        (row.service.slug, row.alert.count)
        for row in watermelons.watermelon_alerts(reader, TEST_NOW)
    ]
    assert expected == [("branch-voice", 1), ("web-shop", 1)]
    for response in (first, second):
        shown = [(r.service.slug, r.alert.count) for r in response.context["overview"].watermelons]
        assert shown == expected
    assert "Branch voice</a>: 1 ticket breached end to end" in second.content.decode()


def test_what_is_open_now_is_read_on_every_request(world: Any) -> None:
    client = Client()
    client.force_login(world.users["integrator_admin"])
    url = reverse("cockpit:overview")
    assert client.get(url).context["overview"].overdue_action_total == 0
    _actions(world, range(3))  # due long ago, within the kept figures' five minutes
    assert client.get(url).context["overview"].overdue_action_total == 3
