"""What the hook after a change costs a bulk load: `ingest_events` (what `POST /api/v1/events`
and `podium import` run) in-process, each case ten events handed between the two suppliers
(so every ticket bounces, is flagged for arbitration and ends with the other party), with and
without the hook at the end of the load (`events._after_tickets_changed`).

    .venv/bin/python benchmarks/bench_bulk_hook.py [--cases 1000] [--loads 2]
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/bench_bulk_hook.py   # another checkout
    PODIUM_DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_bulk_hook.py

Runs in a fresh PODIUM_HOME (`_server.fresh_home`; migrated, the test world of
tests/support/world.py; PODIUM_DATABASE_URL, if set, names an empty database to use instead).
Three kinds of load, each of `--cases` cases:

- new:      new tickets, ten events each;
- existing: the last five events of cases whose first five were loaded before (untimed);
- mix:      half new cases of ten events, half the last five events of stored ones;

first with nobody listening, then with everyone who can hear of a ticket: a hub subscription
of Beta's, one of the integrator hearing every ticket, Beta's webhook of assignments, both
suppliers' own TMF621 servers (e-bonding) and a Beta user who takes assignments by mail at
once. Prints per load the wall clock, the processor time (`time.process_time`), the queries and
the events per processor second; "without" replaces the hook by nothing in the same process,
so the difference is the hook's. An untimed load of 20 cases comes first (a server process
has its URLs loaded and the engine's first queries planned before the loads that matter).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from typing import Any

from _server import world_in_process

STATUSES = ("New", *["In Progress"] * 9)


def _records(prefix: str, cases: range, steps: range, start: dt.datetime) -> list[dict[str, Any]]:
    return [
        {
            "case_id": f"{prefix}{case}",
            "timestamp": (start + dt.timedelta(minutes=case, seconds=step)).isoformat(),
            "activity": STATUSES[step],
            "party": ("alpha", "beta")[step % 2],
            "priority": "P2",
        }
        for case in cases
        for step in steps
    ]


def _listen(world: Any, at: dt.datetime) -> None:
    from django.contrib.auth import get_user_model

    from podium.apps.operations.services import bonding, hub, notifications
    from podium.core import notifications as notification_types

    hub.create_subscription(
        acting_user=None,
        party=world.supplier_b,
        callback="https://hooks.beta.example/tmf",
        query="",
        now=at,
    )
    hub.create_subscription(
        acting_user=None,
        party=world.integrator,
        callback="https://hooks.office.example/tmf",
        query="",
        now=at,
        sees_everything=True,
    )
    notifications.create_webhook(
        acting_user=None,
        party=world.supplier_b,
        callback="https://hooks.beta.example/cloud",
        event_types=[notification_types.ASSIGNED],
        now=at,
    )
    for party in (world.supplier_a, world.supplier_b):
        bonding.register_endpoint(
            acting_user=None,
            party=party,
            base_url=f"https://tmf.{party.slug}.example/tmf-api/troubleTicket/v5",
            token="their-bearer-token-1234",  # noqa: S106 (no server behind it)
            now=at,
        )
    member = world.users["other_party_member"]
    get_user_model().objects.filter(pk=member.pk).update(email="ben@beta.example")
    notifications.set_email_preferences(
        acting_user=member, modes={notification_types.ASSIGNED: "immediately"}
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--loads", type=int, default=1, help="rounds of every kind of load")
    args = parser.parse_args()
    world = world_in_process("podium-bench-bulk-hook-")
    from django.db import connection
    from django.utils import timezone

    from podium.apps.operations.services import events
    from podium.core.ingest import read_event_records

    now = timezone.now()
    start = now - dt.timedelta(days=2)
    hook = events._after_tickets_changed

    def load(records: list[dict[str, Any]]) -> tuple[Any, float, float, int]:
        read = read_event_records(records)
        queries = [0]

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries[0] += 1
            return execute(sql, params, many, context)

        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(count):
            summary = events.ingest_events(
                acting_user=None, sender=world.supplier_a, events=read.frame, now=now
            )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert not summary.rejected
        return summary, wall, cpu, queries[0]

    # what a server process has done before its first load: its URLs loaded, the engine's
    # first queries planned (not to be counted against the first load measured)
    from django.urls import reverse

    reverse("tmf621:retrieve_trouble_ticket", kwargs={"ticket_id": "TT-000001"})
    load(_records("warm-up-", range(20), range(10), start))
    print(f"database: {connection.vendor}; {args.cases} cases a load")
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("listeners  load      hook     tickets  events  wall s  cpu s  queries  events/cpu s")
    n = args.cases
    for listeners in ("nobody", "everyone"):
        if listeners == "everyone":
            _listen(world, start)
        for round_ in range(args.loads):
            for kind in ("new", "existing", "mix"):
                for label in ("with", "without"):
                    prefix = f"{listeners}-{kind}-{label}-{round_}-"
                    if kind == "new":
                        records = _records(prefix, range(n), range(10), start)
                    elif kind == "existing":
                        load(_records(prefix, range(n), range(5), start))
                        records = _records(prefix, range(n), range(5, 10), start)
                    else:
                        load(_records(prefix, range(n // 2, n), range(5), start))
                        records = _records(prefix, range(n // 2), range(10), start)
                        records += _records(prefix, range(n // 2, n), range(5, 10), start)
                    events._after_tickets_changed = (  # type: ignore[assignment]
                        hook if label == "with" else (lambda *a: None)
                    )
                    summary, wall, cpu, queries = load(records)
                    events._after_tickets_changed = hook  # type: ignore[assignment]
                    assert summary.created + summary.updated == n
                    print(
                        f"{listeners:10} {kind:9} {label:8} {n:7} {summary.stored:7} {wall:7.2f}"
                        f" {cpu:6.2f} {queries:8} {summary.stored / cpu:13,.0f}",
                        flush=True,
                    )
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
