"""The test clock holds: tests, their fixtures and their threads read the test day, whatever day
the suite runs (tests/support/clock.py). CI also runs the suite with the real clock two years
ahead, which these tests must survive unchanged."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.clock import TEST_NOW, TEST_TODAY
from time_machine import travel

from podium.apps.ecosystem.filters import ContractStatus, contract_status

A_MINUTE = dt.timedelta(minutes=1)


def test_every_clock_of_the_test_process_reads_the_test_day() -> None:
    assert dt.date.today() == TEST_TODAY  # noqa: DTZ011 (the naive local date is frozen too)
    assert timezone.localdate() == TEST_TODAY
    assert TEST_NOW <= timezone.now() < TEST_NOW + A_MINUTE
    assert TEST_NOW <= dt.datetime.now(dt.UTC) < TEST_NOW + A_MINUTE
    assert TEST_NOW.timestamp() <= time.time() < (TEST_NOW + A_MINUTE).timestamp()


def test_the_clock_ticks_so_that_two_reads_are_ordered() -> None:
    first = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > first


def test_a_thread_reads_the_test_day_as_the_live_server_does() -> None:
    seen: list[dt.date] = []
    thread = threading.Thread(target=lambda: seen.append(timezone.localdate()))
    thread.start()
    thread.join()
    assert seen == [TEST_TODAY]


@pytest.fixture(scope="module")
def day_of_a_module_fixture() -> dt.date:
    return timezone.localdate()


def test_module_fixtures_build_on_the_test_day(day_of_a_module_fixture: dt.date) -> None:
    assert day_of_a_module_fixture == TEST_TODAY


def test_a_test_may_move_its_own_clock(time_machine: Any) -> None:
    time_machine.move_to(TEST_NOW + dt.timedelta(days=400))
    assert timezone.localdate() == TEST_TODAY + dt.timedelta(days=400)


def test_the_clock_is_back_at_test_now_after_a_test_moved_it() -> None:
    assert TEST_NOW <= timezone.now() < TEST_NOW + A_MINUTE


@settings(max_examples=20)
@given(days=st.integers(min_value=0, max_value=3650))
def test_hypothesis_examples_start_on_the_test_day_and_may_travel(days: int) -> None:
    assert timezone.localdate() == TEST_TODAY
    with travel(TEST_NOW + dt.timedelta(days=days)):
        assert timezone.localdate() == TEST_TODAY + dt.timedelta(days=days)
    assert timezone.localdate() == TEST_TODAY


def test_the_world_contracts_stand_as_documented_on_the_test_day(world: Any) -> None:
    today = timezone.localdate()
    assert contract_status(world.contract_a, today) == ContractStatus.ACTIVE
    assert contract_status(world.contract_b, today) == ContractStatus.NOTICE_SOON
    assert world.ticket_a.opened_at < timezone.now()
