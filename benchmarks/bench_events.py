"""The bulk events endpoint over real HTTP: events per second from a second process.

    .venv/bin/python benchmarks/bench_events.py                      # 100,000 events a phase
    .venv/bin/python benchmarks/bench_events.py --events 200000 --batch 10000 --clients 2
    .venv/bin/python benchmarks/bench_events.py --quiet-load 1.0 --max-wait 600  # shared machine
    PODIUM_DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_events.py  # PostgreSQL

Sets up a fresh PODIUM_HOME with two parties and a token of Alpha's tool and starts `podium
serve` on loopback (`_server.py`: SQLite, as `podium serve` runs by default, unless
PODIUM_DATABASE_URL names another database: then that one, which must be empty), and posts NDJSON from this process (`http.client`, one keep-alive connection per
client). Cases have ten events (statuses New … Closed with pauses, hand-offs between the two
parties, a priority), one case opening every minute, events sent in time order:

- backfill: whole cases, a history loaded in bulk — about 1,000 new tickets a request;
- open:     other cases, their first five events — about 2,000 new tickets a request;
- update:   the same cases' last five events — about 2,000 stored tickets a request, each
            read with its events, settled again and its clocks recomputed;
- resend:   the update phase again — everything is skipped as already stored.

The `load` column is the 1-minute load average when the phase started. Each phase is timed
from its first request to its last answer (the server's JSON parsing,
validation, ticket lookups, inserts, clocks and commits, and the client's encoding are all
inside); the bodies are encoded before the clock starts. Every answer is checked (200, counts).
`server cpu s` is the processor time the server's processes used during the phase (from
/proc), which a shared machine does not inflate as it does the wall clock; `client cpu s` is
this process's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import threading
import time
from typing import Any

from _server import prepare, serving, wait_for_quiet

TARGET = 20_000
STATUSES = (
    "New",
    "In Progress",
    "On Hold",
    "In Progress",
    "Waiting for Vendor",
    "In Progress",
    "In Progress",
    "Resolved",
    "In Progress",
    "Closed",
)


def events_of(cases: range, steps: range) -> list[dict[str, Any]]:
    """Events in time order, cases overlapping (one opens every minute, ten steps 7 min apart)."""
    start = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
    out = []
    for case in cases:
        for step in steps:
            at = start + dt.timedelta(minutes=case + 7 * step)
            out.append(
                {
                    "case_id": f"INC{case:07d}",
                    "timestamp": at.isoformat().replace("+00:00", "Z"),
                    "activity": STATUSES[step],
                    "party": "alpha" if step < 3 else "beta",
                    "team": "Service desk" if step < 3 else "Network operations",
                    "resource": f"agent {case % 17}",
                    "priority": "P2" if case % 5 == 0 else "P3",
                }
            )
    out.sort(key=lambda e: e["timestamp"])
    return out


def bodies(events: list[dict[str, Any]], batch: int) -> list[bytes]:
    return [
        "\n".join(json.dumps(e) for e in events[i : i + batch]).encode()
        for i in range(0, len(events), batch)
    ]


def post_all(port: int, token: str, chunks: list[bytes], clients: int) -> tuple[float, list[Any]]:
    answers: list[Any] = [None] * len(chunks)
    lanes = [list(range(i, len(chunks), clients)) for i in range(clients)]

    def lane(indexes: list[int]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for index in indexes:
            connection.request(
                "POST",
                "/api/v1/events",
                body=chunks[index],
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/x-ndjson",
                },
            )
            response = connection.getresponse()
            answers[index] = (response.status, json.loads(response.read()))
        connection.close()

    threads = [threading.Thread(target=lane, args=(indexes,)) for indexes in lanes]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=100_000, help="events a phase (x10)")
    parser.add_argument("--batch", type=int, default=10_000, help="events a request")
    parser.add_argument("--clients", type=int, default=1, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=8, help="podium serve --threads")
    parser.add_argument("--workers", type=int, default=1, help="podium serve --workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--quiet-load", type=float, default=0.0, help="wait for this 1-min load before a phase"
    )
    parser.add_argument("--max-wait", type=float, default=300.0, help="seconds to wait at most")
    args = parser.parse_args()
    bench = prepare("podium-bench-events-")
    whole, halves = args.events // 10, args.events // 5
    phases = {
        "backfill (whole cases)": bodies(events_of(range(whole), range(10)), args.batch),
        "open (first halves)": bodies(
            events_of(range(whole, whole + halves), range(5)), args.batch
        ),
        "update (second halves)": bodies(
            events_of(range(whole, whole + halves), range(5, 10)), args.batch
        ),
    }
    phases["resend (all skipped)"] = phases["update (second halves)"]
    with serving(bench, port=args.port, threads=args.threads, workers=args.workers) as server:
        print(
            f"{'phase':<28}{'events':>10}{'requests':>10}{'clients':>9}{'seconds':>10}"
            f"{'events/s':>11}{'target':>11}{'met':>6}{'load':>7}"
            f"{'server cpu s':>14}{'events/cpu s':>14}{'client cpu s':>14}"
        )
        for name, chunks in phases.items():
            wait_for_quiet(args.quiet_load, args.max_wait)
            load = os.getloadavg()[0]
            busy, mine = server.cpu_seconds(), time.process_time()
            seconds, answers = post_all(args.port, bench.token, chunks, args.clients)
            busy, mine = server.cpu_seconds() - busy, time.process_time() - mine
            bad = [a for a in answers if a is None or a[0] != 200]
            if bad:
                raise SystemExit(f"{name}: {len(bad)} requests failed, e.g. {str(bad[0])[:500]}")
            stored = sum(a[1]["stored"] for a in answers)
            skipped = sum(a[1]["skipped"] for a in answers)
            sent = stored + skipped
            if sent != args.events or (name.startswith("resend") and stored):
                raise SystemExit(f"{name}: stored {stored} and skipped {skipped} of {args.events}")
            rate = sent / seconds
            met = "yes" if rate >= TARGET else "NO"
            print(
                f"{name:<28}{sent:>10,}{len(chunks):>10}{args.clients:>9}{seconds:>10.2f}"
                f"{rate:>11,.0f}{'>= ' + format(TARGET, ','):>11}{met:>6}{load:>7.2f}"
                f"{busy:>14.2f}{sent / max(busy, 1e-9):>14,.0f}{mine:>14.2f}"
            )


if __name__ == "__main__":
    main()
