"""A token's rate limit: counted per minute in one row per credential, atomically, by every
process alike; over the allowance the verdict says how long to wait; a new minute starts
afresh and the older minutes' rows go."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.support.clock import TEST_NOW

from podium.apps.operations.models import RequestCount
from podium.apps.operations.services import credentials

pytestmark = pytest.mark.django_db


def _credential(world: Any, per_minute: int) -> Any:
    credential, _ = credentials.create_credential(
        acting_user=world.users["integrator_admin"],
        party=world.supplier_a,
        name="Alpha ServiceNow",
        now=TEST_NOW,
        requests_per_minute=per_minute,
    )
    return credential


def test_requests_beyond_the_allowance_wait_for_the_next_minute(world: Any) -> None:
    credential = _credential(world, per_minute=3)
    start = TEST_NOW.replace(second=15, microsecond=0)
    verdicts = [
        credentials.spend_request(credential, now=start + dt.timedelta(seconds=n)) for n in range(5)
    ]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert verdicts[3].retry_after_seconds == 60 - 18  # the minute ends 42 s after :18
    assert verdicts[4].retry_after_seconds == 60 - 19
    later = start + dt.timedelta(minutes=1)
    assert credentials.spend_request(credential, now=later).allowed


def test_one_row_per_minute_and_the_older_minutes_deleted(world: Any) -> None:
    credential = _credential(world, per_minute=100)
    start = TEST_NOW.replace(second=0, microsecond=0)
    for minute in range(4):
        for _ in range(minute + 2):
            credentials.spend_request(credential, now=start + dt.timedelta(minutes=minute))
    rows = dict(RequestCount.objects.filter(credential=credential).values_list("minute", "used"))
    first = int(start.timestamp()) // 60
    # only the last two minutes are kept, each with its own count
    assert rows == {first + 2: 4, first + 3: 5}
