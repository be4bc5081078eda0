"""The escalation sweep over many open tickets, on SQLite in a fresh PODIUM_HOME.

    .venv/bin/python benchmarks/bench_escalation_sweep.py [--tickets 100000] [--due 1000]
        [--all-due] [--profile FILE]

On PostgreSQL with `PODIUM_DATABASE_URL` set (a throwaway database: the benchmark flushes it).

Seeds `--tickets` open tickets held by supplier A of the test world (tests/support/world.py),
each with a one-hour target, the ladder of two steps and a stored clock as the live path writes
it (one clock evaluated by the engine, its state copied), and supplier A as its holder (so
supplier A's users are told of what fires), inserted in bulk; `--due` of them are
past their next deadline. Then times, each on the same database:

1. a sweep with `--due` tickets due (warning, first step and breach fire on each);
2. a sweep right after it (nothing due: the index on the next deadline answers);
3. a sweep when every ticket is due at once (a worker back after a long downtime); with
   `--all-due` only this one (every ticket seeded due).

Each line prints wall clock and processor time (`time.process_time()`, this process only: on
PostgreSQL the server's work is not in it) and the SQL queries the sweep made.

The machine is shared (2 cores, other engineers' suites running): the load average is printed
with the figures, and the spread between runs is wide.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--all-due", action="store_true", help="time only the all-due sweep")
    parser.add_argument("--profile", help="write a cProfile of the last sweep to this file")
    args = parser.parse_args()
    if args.all_due:
        args.due = args.tickets
    os.environ["PODIUM_HOME"] = tempfile.mkdtemp(prefix="podium-bench-sweep-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from django.db import connection

    if connection.vendor != "sqlite":
        call_command("flush", interactive=False, verbosity=0)
    from tests.support.escalations import open_tickets, policy, publish_ladder
    from tests.support.world import build_world

    from podium.apps.operations.models import Escalation, Ticket, TicketHolder
    from podium.apps.operations.services import escalations

    world = build_world()
    publish_ladder(world.supplier_a.slug, [10, 600])
    opened = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    (template,) = open_tickets(
        ["BENCH-TEMPLATE"],
        party_id=world.supplier_a.pk,
        opened_at=opened,
        target_seconds=3600,
        now=opened,
    )
    warning_at = opened + dt.timedelta(minutes=48)
    started = time.perf_counter()
    with transaction.atomic():
        Ticket.objects.bulk_create(
            (
                Ticket(
                    reference=f"BENCH-{i}",
                    title="Bench ticket",
                    priority="P1",
                    status="inProgress",
                    opened_at=opened,
                    current_party_id=world.supplier_a.pk,
                    escalation_ladder_id=template.escalation_ladder_id,
                    sla_policy=policy(3600),
                    clock_state=template.clock_state,
                    # the first `due` are due at the sweep, the others a day later
                    next_deadline_at=warning_at
                    if i < args.due
                    else warning_at + dt.timedelta(days=1),
                )
                for i in range(args.tickets)
            ),
            batch_size=5000,
        )
        # held by supplier A, as the live path records it: its users may see them, so they
        # are told of each warning, step and breach
        TicketHolder.objects.bulk_create(
            (
                TicketHolder(ticket_id=pk, party_id=world.supplier_a.pk, first_held_at=opened)
                for pk in Ticket.objects.filter(reference__startswith="BENCH-")
                .exclude(pk=template.pk)
                .values_list("pk", flat=True)
            ),
            batch_size=5000,
        )
    seeded = time.perf_counter() - started
    # every ticket's stored clock says its warning is at 09:48; the sweep at 11:00 fires the
    # warning, the first step and the breach of the due ones
    now = opened + dt.timedelta(hours=2)

    from podium.apps.operations.models import Notification

    class Counted:
        """Counts the queries a sweep makes (cheaper than capturing their SQL)."""

        def __init__(self) -> None:
            self.count = 0

        def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            self.count += 1
            return execute(sql, params, many, context)

    def timed(label: str, at: dt.datetime, profile: str | None = None) -> None:
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
        queries = Counted()
        with connection.execute_wrapper(queries):
            begun, cpu = time.perf_counter(), time.process_time()
            if profiler is not None:
                profiler.enable()
            summary = escalations.sweep(now=at)
            if profiler is not None:
                profiler.disable()
            elapsed, cpu = time.perf_counter() - begun, time.process_time() - cpu
        if profiler is not None and profile:
            profiler.dump_stats(profile)
        print(
            f"{label:<44} {elapsed:7.3f} s wall {cpu:7.3f} s cpu {queries.count:>6} queries  "
            f"{summary.looked_at:>7} tickets looked at, {summary.fired_total:>7} escalations fired"
        )

    print(
        f"{connection.vendor}: {args.tickets} open tickets seeded in {seeded:.1f} s; "
        f"load {os.getloadavg()}"
    )
    if args.all_due:
        timed(f"sweep, all {args.tickets} due (after a downtime)", now, args.profile)
    else:
        timed(f"sweep, {args.due} due", now)
        timed("sweep again, nothing due", now)
        Ticket.objects.filter(reference__startswith="BENCH-").update(next_deadline_at=warning_at)
        timed(
            f"sweep, all {args.tickets + 1} due (after a downtime)",
            now + dt.timedelta(days=2),
            args.profile,
        )
    print(
        f"escalations stored: {Escalation.objects.count()}, notifications "
        f"{Notification.objects.count()}; load {os.getloadavg()}"
    )


if __name__ == "__main__":
    main()
