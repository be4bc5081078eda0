"""What the hook after a change costs a bulk load: `ingest_events` (what `POST /api/v1/events`
and `podium import` run) in-process on SQLite, each case ten events handed between the two
suppliers, with and without `tickets.after_tickets_changed` at the end of the load.

    .venv/bin/python benchmarks/bench_bulk_hook.py [--cases 1000] [--loads 3]

Runs in a fresh PODIUM_HOME (`_server.fresh_home`; migrated, the test world of
tests/support/world.py). Each load is new cases (new tickets). Prints per load the wall clock,
the processor time (`time.process_time`), the queries and the events per processor second;
"without" replaces the hook by nothing in the same process, so the difference is the hook's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time

from _server import world_in_process


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    world = world_in_process("podium-bench-bulk-hook-")
    from django.db import connection
    from django.utils import timezone

    from podium.apps.operations.services import events
    from podium.core.ingest import read_event_records

    now = timezone.now()
    start = now - dt.timedelta(days=2)
    hook = events._after_tickets_changed
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("hook      cases  events  wall s  cpu s  queries  events/cpu s")
    for round_ in range(args.loads):
        for label in ("with", "without"):
            prefix = f"{label}-{round_}-"
            records = [
                {
                    "case_id": f"{prefix}{case}",
                    "timestamp": (start + dt.timedelta(minutes=case, seconds=step)).isoformat(),
                    "activity": "New" if step == 0 else "In Progress",
                    "party": ("alpha", "beta")[step % 2],
                    "priority": "P2",
                }
                for case in range(args.cases)
                for step in range(10)
            ]
            read = read_event_records(records)
            events._after_tickets_changed = hook if label == "with" else (lambda *a: None)  # type: ignore[assignment]
            wall, cpu = time.perf_counter(), time.process_time()
            queries = [0]

            def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
                queries[0] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                summary = events.ingest_events(
                    acting_user=None, sender=world.supplier_a, events=read.frame, now=now
                )
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            assert summary.created == args.cases
            assert not summary.rejected
            print(
                f"{label:8} {args.cases:6} {summary.stored:7} {wall:7.2f} {cpu:6.2f} "
                f"{queries[0]:8} {summary.stored / cpu:13,.0f}"
            )
    events._after_tickets_changed = hook  # type: ignore[assignment]
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
