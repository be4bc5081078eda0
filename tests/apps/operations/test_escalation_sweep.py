"""The sweep of due deadlines fires each warning, breach and escalation step of a ticket once, in
order, whenever it runs: on time, after a long downtime, twice at the same instant, with the
clock moved back, or across a change of daylight-saving time."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult
from tests.support.escalations import finish, fired_in, helper_process, open_tickets, publish_ladder

from podium.apps.operations.models import Escalation, SweepSchedule, Ticket
from podium.apps.operations.services import clocks, escalations

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


def fired(ticket: Ticket) -> list[tuple[str, str, str]]:
    return [
        (e.step, e.due_at.strftime("%H:%M"), e.fired_at.strftime("%H:%M"))
        for e in Escalation.objects.filter(ticket=ticket).order_by("id")
    ]


@pytest.fixture
def ticket(world: Any, settings: Any) -> Ticket:
    """Opened at 09:00 with a one-hour target: the warning at 09:48 (80 %), the breach at 10:00;
    the ladder's steps wait 10 minutes after the warning, then 20 after the first step."""
    settings.ESCALATION_WARNING_SHARE = 0.8
    publish_ladder(world.supplier_a.slug, [10, 20])
    (opened,) = open_tickets(
        ["INC-S1"], party_id=world.supplier_a.pk, opened_at=T0, target_seconds=3600, now=T0
    )
    return opened


def test_a_new_ticket_is_looked_at_no_later_than_its_warning(ticket: Ticket) -> None:
    assert ticket.escalation_ladder_id is not None
    assert ticket.next_deadline_at == T0 + 48 * MIN


def test_sweeps_on_time_fire_each_step_once_and_store_the_next_deadline(ticket: Ticket) -> None:
    assert escalations.sweep(now=T0 + 30 * MIN).looked_at == 0
    expected_next = {49: 58, 58: 60, 60: 78, 78: None}
    for minute, following in expected_next.items():
        summary = escalations.sweep(now=T0 + minute * MIN)
        assert summary.fired_total == 1
        ticket.refresh_from_db()
        assert ticket.next_deadline_at == (T0 + following * MIN if following else None)
        # the same instant again: nothing left to fire
        assert escalations.sweep(now=T0 + minute * MIN).fired_total == 0
    assert fired(ticket) == [
        ("warning", "09:48", "09:49"),
        ("step-1", "09:58", "09:58"),
        ("breach", "10:00", "10:00"),
        ("step-2", "10:18", "10:18"),
    ]
    escalation = Escalation.objects.get(ticket=ticket, step="step-2")
    assert (escalation.ladder_version, escalation.position, escalation.level) == (
        1,
        2,
        "tactical",
    )
    assert (escalation.contact_role, escalation.channel) == ("service_manager", "email")


def test_after_a_long_downtime_each_owed_step_fires_once_in_order(ticket: Ticket) -> None:
    late = T0 + dt.timedelta(hours=10)
    assert escalations.sweep(now=late).fired_total == 3
    # the first step was owed since 09:58; the second waits its 20 minutes after it was fired
    assert fired(ticket) == [
        ("warning", "09:48", "19:00"),
        ("step-1", "09:58", "19:00"),
        ("breach", "10:00", "19:00"),
    ]
    ticket.refresh_from_db()
    assert ticket.next_deadline_at == late + 20 * MIN
    assert escalations.sweep(now=late + 19 * MIN).fired_total == 0
    assert escalations.sweep(now=late + 20 * MIN).fired_total == 1
    assert escalations.sweep(now=late + dt.timedelta(days=3)).fired_total == 0
    assert len(fired(ticket)) == 4


def test_a_clock_moved_back_fires_nothing_twice(ticket: Ticket) -> None:
    assert escalations.sweep(now=T0 + 61 * MIN).fired_total == 3
    for minutes in (49, 30, 61, 59):
        assert escalations.sweep(now=T0 + minutes * MIN).fired_total == 0
    assert [step for step, _, _ in fired(ticket)] == ["warning", "step-1", "breach"]


def test_a_change_to_the_ticket_after_its_warning_does_not_fire_it_again(
    ticket: Ticket,
) -> None:
    assert escalations.sweep(now=T0 + 50 * MIN).fired_total == 1
    # an update recomputes the clocks: the ticket is looked at again, and nothing is fired twice
    clocks.recompute(ticket, now=T0 + 52 * MIN)
    assert ticket.next_deadline_at == T0 + 52 * MIN
    assert escalations.sweep(now=T0 + 53 * MIN).fired_total == 0
    ticket.refresh_from_db()
    assert ticket.next_deadline_at == T0 + 58 * MIN


def test_a_paused_ticket_does_not_climb_and_a_resumed_one_fires_what_it_owes(
    world: Any, settings: Any
) -> None:
    settings.ESCALATION_WARNING_SHARE = 0.5
    publish_ladder(world.supplier_a.slug, [10])
    (ticket,) = open_tickets(
        ["INC-P1"],
        party_id=world.supplier_a.pk,
        opened_at=T0,
        target_seconds=3600,
        events=[(T0 + 40 * MIN, "pending")],
        now=T0 + 40 * MIN,
    )
    # paused at 09:40 after its warning (09:30) passed: the warning fires, the step waits
    assert escalations.sweep(now=T0 + 90 * MIN).fired_total == 1
    ticket.refresh_from_db()
    assert ticket.next_deadline_at is None
    assert fired(ticket) == [("warning", "09:30", "10:30")]


def test_two_sweeps_find_claimed_tickets_no_longer_due(ticket: Ticket) -> None:
    now = T0 + 61 * MIN
    first = escalations.sweep(now=now)
    second = escalations.sweep(now=now)
    assert (first.fired_total, second.fired_total, second.looked_at) == (3, 0, 0)


def test_the_database_refuses_a_step_fired_twice(ticket: Ticket) -> None:
    """The last guard, whatever a worker believes: one row per ticket, ladder version and step."""
    from django.db import IntegrityError

    escalations.sweep(now=T0 + 61 * MIN)
    first = Escalation.objects.get(ticket=ticket, step="step-1")
    first.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.bulk_create([first])
    assert len(fired(ticket)) == 3


def test_business_waits_across_the_change_to_winter_time_fire_once(
    world: Any, settings: Any
) -> None:
    """Amsterdam leaves summer time at 03:00 on 25 October 2026, so that night the calendar's
    01:00-05:00 local opening holds five real hours (23:00-04:00 UTC). A 3-hour target from
    00:30 local: the warning (half) at 00:30 UTC, the breach at 02:00 UTC, the one-hour step
    after the warning at 01:30 UTC — each fired once by sweeps every ten minutes, and none
    again when the clock is wound back over the change."""
    settings.ESCALATION_WARNING_SHARE = 0.5
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    calendar = {
        "time_zone": "Europe/Amsterdam",
        "weekly_hours": {day: [["01:00", "05:00"]] for day in days},
    }
    opened = dt.datetime(2026, 10, 24, 22, 30, tzinfo=dt.UTC)
    publish_ladder(world.supplier_a.slug, [60], wait_kind="business")
    (ticket,) = open_tickets(
        ["INC-DST"],
        party_id=world.supplier_a.pk,
        opened_at=opened,
        target_seconds=3 * 3600,
        calendar=calendar,
        now=opened,
    )
    times = [opened + k * 10 * MIN for k in range(40)]
    for now in times:
        escalations.sweep(now=now)
    for now in reversed(times):
        assert escalations.sweep(now=now).fired_total == 0
    assert fired(ticket) == [
        ("warning", "00:30", "00:30"),
        ("step-1", "01:30", "01:30"),
        ("breach", "02:00", "02:00"),
    ]


def test_the_chain_of_sweeps_collapses_into_one(world: Any) -> None:
    escalations.resume_sweeping(now=T0)
    escalations.resume_sweeping(now=T0)  # a second worker starting
    queued = DBTaskResult.objects.filter(task_path="podium.apps.operations.tasks.sweep_deadlines")
    assert queued.count() == 2
    assert escalations.sweep_when_due(now=T0) == 0
    assert escalations.sweep_when_due(now=T0) == 0  # the other queued run finds it claimed
    assert queued.count() == 3  # one following run, not two
    schedule = SweepSchedule.objects.get()
    assert schedule.next_sweep_at == T0 + dt.timedelta(seconds=escalations.sweep_seconds())
    assert escalations.sweep_seconds() <= 30


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_fire_each_step_once_between_them(
    world: Any, settings: Any, tmp_path: Path
) -> None:
    """Two workers sweeping at the same instant fire each step once between them, on either
    database, each in its own way: on PostgreSQL the second sweep does not wait for the first
    (SKIP LOCKED passes over the ticket the first holds, which fires with whichever sweep comes
    after the first lets go); on SQLite one write transaction holds the whole database, so the
    second sweep waits for the first to commit and then finds nothing left owed."""
    if connection.features.has_select_for_update_skip_locked:
        _the_second_sweep_skips_what_the_first_holds(world, settings)
    else:
        _the_second_sweep_waits_for_the_first(tmp_path)


def _the_second_sweep_skips_what_the_first_holds(world: Any, settings: Any) -> None:
    import threading

    settings.ESCALATION_WARNING_SHARE = 0.8
    publish_ladder(world.supplier_a.slug, [10, 20])
    (held,) = open_tickets(
        ["INC-L1"], party_id=world.supplier_a.pk, opened_at=T0, target_seconds=3600, now=T0
    )
    (free,) = open_tickets(
        ["INC-L2"], party_id=world.supplier_a.pk, opened_at=T0, target_seconds=3600, now=T0
    )
    locked, release = threading.Event(), threading.Event()

    def first_worker() -> None:
        with transaction.atomic():
            list(Ticket.objects.select_for_update().filter(pk=held.pk))
            locked.set()
            release.wait(timeout=30)
        connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        summary = escalations.sweep(now=T0 + 61 * MIN)
        assert (summary.looked_at, summary.fired_total) == (1, 3)
        assert fired(held) == []
    finally:
        release.set()
        thread.join(timeout=30)
    assert escalations.sweep(now=T0 + 61 * MIN).fired_total == 3
    assert [step for step, _, _ in fired(held)] == ["warning", "step-1", "breach"]
    assert len(fired(free)) == 3
    assert connection.vendor == "postgresql"


def _the_second_sweep_waits_for_the_first(tmp_path: Path) -> None:
    """Podium's own SQLite set-up (a file in WAL mode, IMMEDIATE transactions, a busy timeout),
    in a fresh home with two processes: the in-memory database of the test run shares one cache
    between its connections, where a second writer is refused at once instead of waiting."""
    import time

    from tests.support.cli import run

    home = {k: v for k, v in os.environ.items() if not k.startswith(("PODIUM_", "DJANGO_"))}
    home["PODIUM_HOME"] = str(tmp_path / "home")
    assert run(home, "migrate").returncode == 0
    finish(helper_process(home, "seed", "2", T0.isoformat(), T0.isoformat()))
    at = (T0 + 61 * MIN).isoformat()
    first = helper_process(home, "hold", at)
    second = None
    try:
        assert first.stdout is not None
        assert first.stdin is not None
        assert first.stdout.readline().strip() == "6"  # both tickets' three steps, uncommitted
        second = helper_process(home, "ready-sweep", at)
        assert second.stdout is not None
        assert second.stdout.readline().strip() == "ready"
        time.sleep(1.0)
        assert second.poll() is None, "the second sweep did not wait for the first"
        first.stdin.write("\n")
        first.stdin.flush()
        finish(first)  # committed
        assert finish(second).strip() == "0"
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
    rows = fired_in(home)
    assert rows == [
        (reference, step, 1)
        for reference in ("INC-0", "INC-1")
        for step in ("breach", "step-1", "warning")
    ]


def _sweep_queries(world: Any, count: int, prefix: str, at: dt.datetime) -> tuple[int, int]:
    """(queries, notifications written) of one sweep over `count` tickets all due at once."""
    from django.test.utils import CaptureQueriesContext

    from podium.apps.operations.models import Notification

    open_tickets(
        [f"{prefix}-{i}" for i in range(count)],
        party_id=world.supplier_a.pk,
        opened_at=at - 2 * dt.timedelta(hours=1),
        target_seconds=3600,
        now=at - 2 * dt.timedelta(hours=1),
    )
    before = Notification.objects.count()
    with CaptureQueriesContext(connection) as captured:
        summary = escalations.sweep(now=at)
    assert summary.looked_at >= count
    return len(captured), Notification.objects.count() - before


def test_a_catch_up_sweep_writes_its_notifications_in_as_many_queries_whatever_their_number(
    world: Any, settings: Any
) -> None:
    """A worker back after a downtime finds every ticket due at once: within a batch, the
    firings, the inbox rows and the mails are written set-wise, so the queries do not grow with
    the tickets (they grew by one insert per few dozen notifications). Told one by one: a storm
    above the grouping threshold is told grouped (tests/apps/operations/test_storms.py)."""
    settings.ESCALATION_WARNING_SHARE = 0.8
    settings.NOTIFICATION_GROUP_THRESHOLD = 1000
    publish_ladder(world.supplier_a.slug, [10, 20])
    few = _sweep_queries(world, 5, "FEW", T0 + dt.timedelta(hours=2))
    many = _sweep_queries(world, 30, "MANY", T0 + dt.timedelta(hours=4))
    assert many[1] > 5 * few[1]  # each ticket's warning, steps and breach told to alpha's users
    assert many[0] == few[0]
