"""The calendar page's work does not grow with the changes it shows: the same number of
queries for two changes as for twelve, and each change's conflicts still counted."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.support.changes import NIGHT, build_changes, signed_in

from podium.apps.changes.services import changes

pytestmark = pytest.mark.django_db
URL = f"/changes/calendar/?day={NIGHT.date().isoformat()}"


def week_page(user: Any) -> tuple[str, int]:
    client = signed_in(user)
    client.get(URL)  # the session and the first queries
    with CaptureQueriesContext(connection) as queries:
        body = client.get(URL).content.decode()
    return body, len(queries.captured_queries)


def test_the_week_costs_the_same_queries_for_more_changes(world: Any) -> None:
    planned = build_changes(world)
    analyst = world.users["integrator_analyst"]
    body, few = week_page(analyst)
    # supplier A's patch and Kappa's upgrade conflict: one dependency conflict each
    for reference in (planned.change_a.reference, planned.change_gamma.reference):
        entry = re.search(rf"{reference}</a>.*?</div>", body, re.S)
        assert entry is not None
        assert '<span class="badge bg-red-lt">1</span>' in entry.group(0)
    for day in range(10):
        changes.create_change(
            acting_user=None,
            implementer=world.supplier_a,
            title=f"Small change {day}",
            planned_start=NIGHT + dt.timedelta(days=1, hours=day),
            planned_end=NIGHT + dt.timedelta(days=1, hours=day, minutes=30),
            components=[world.component_a],
            submit=True,
        )
    body, many = week_page(analyst)
    assert body.count('href="/changes/c/') == 14  # the two night changes on two days each
    assert many == few
