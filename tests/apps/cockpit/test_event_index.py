"""The period's ticket events are read through the index on their time, not by a scan of every
event: the cockpit's ping-pong log and the watermelons' clock groups both ask a window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.support.clock import TEST_NOW

from podium.apps.operations import selectors as operations

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan"),
]
INDEX = "ticket_event_occurred_idx"


def _plans(read: object) -> list[str]:
    """What SQLite plans for each query touching the ticket events that `read()` runs."""
    with CaptureQueriesContext(connection) as queries:
        read()  # type: ignore[operator]
    plans = []
    for query in queries.captured_queries:
        if "operations_ticketevent" not in query["sql"]:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plans.append(" / ".join(row[-1] for row in cursor.fetchall()))
    return plans


def test_the_period_event_log_searches_the_time_index() -> None:
    start = TEST_NOW - dt.timedelta(days=30)
    [plan] = _plans(lambda: operations.ticket_event_log(start, TEST_NOW))
    assert f"SEARCH operations_ticketevent USING COVERING INDEX {INDEX}" in plan, plan
    assert "SCAN operations_ticketevent" not in plan, plan


def test_the_windows_clock_groups_search_the_time_index() -> None:
    start = TEST_NOW - dt.timedelta(days=30)
    plans = _plans(
        lambda: operations.ticket_clock_groups(service_id=None, start=start, end=TEST_NOW)
    )
    assert plans, "the clock groups read no event"
    assert f"USING COVERING INDEX {INDEX}" in plans[0], plans[0]
    assert all("SCAN operations_ticketevent" not in plan for plan in plans), plans
