"""The TMF621 Trouble Ticket API over real HTTP: create and patch requests per second.

    .venv/bin/python benchmarks/bench_tmf621.py                        # 2,000 tickets, 4 clients
    .venv/bin/python benchmarks/bench_tmf621.py --tickets 5000 --clients 8 --patches 2
    PODIUM_DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_tmf621.py  # PostgreSQL

Sets up a fresh PODIUM_HOME as `bench_events.py` does (`_server.py`: SQLite unless
PODIUM_DATABASE_URL names another database, then that database is migrated and used), with two
parties and a token for Alpha's tool (`--requests-per-minute 100000`, so the rate limit does not
throttle), starts `podium serve` on loopback and sends from this process, one keep-alive
connection per client thread:

- create: `POST /tmf-api/troubleTicket/v5/troubleTicket`, one new ticket each (its own
  `externalIdentifier`), answered 201 with the resource;
- patch:  `PATCH …/troubleTicket/{id}` (merge-patch), a status change each, `--patches` rounds
  over every ticket (inProgress, pending, inProgress, …), answered 200.

Every request is a whole write: the raw body kept, the ticket and its event stored, its clocks
recomputed, the audit entry and the hub's publication written, one transaction. Each phase is
timed from its first request to its last answer; every answer is checked. The `load` column is
the 1-minute load average when the phase started. `server cpu ms/req` is the processor time
the server's processes used a request (from /proc: what a shared machine does not inflate),
`client cpu ms/req` this process's.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import threading
import time
from typing import Any

from _server import prepare, serving, wait_for_quiet

TARGET = 300
BASE = "/tmf-api/troubleTicket/v5/troubleTicket"
STATUSES = ("inProgress", "pending")


def send_all(
    port: int, token: str, requests: list[tuple[str, str, bytes]], clients: int
) -> tuple[float, list[tuple[int, Any] | None]]:
    """Send (method, path, body) requests over `clients` keep-alive connections."""
    answers: list[tuple[int, Any] | None] = [None] * len(requests)

    def lane(indexes: list[int]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for index in indexes:
            method, path, body = requests[index]
            kind = "application/json" if method == "POST" else "application/merge-patch+json"
            connection.request(
                method,
                path,
                body=body,
                headers={"Authorization": f"Bearer {token}", "Content-Type": kind},
            )
            response = connection.getresponse()
            raw = response.read()
            try:
                answers[index] = (response.status, json.loads(raw or b"null"))
            except ValueError:  # a server error page: keep its start for the report
                answers[index] = (response.status, raw[:200].decode(errors="replace"))
        connection.close()

    lanes = [list(range(n, len(requests), clients)) for n in range(clients)]
    threads = [threading.Thread(target=lane, args=(indexes,)) for indexes in lanes]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, answers


def creates(tickets: int) -> list[tuple[str, str, bytes]]:
    return [
        (
            "POST",
            BASE,
            json.dumps(
                {
                    "@type": "TroubleTicket",
                    "name": f"Benchmark ticket {n}",
                    "description": "Branch office WAN link flaps",
                    "severity": "Major",
                    "priority": "P2",
                    "ticketType": "incident",
                    "externalIdentifier": [{"owner": "alpha-snow", "id": f"INC{n:07d}"}],
                }
            ).encode(),
        )
        for n in range(tickets)
    ]


def patches(ids: list[str], rounds: int) -> list[tuple[str, str, bytes]]:
    return [
        ("PATCH", f"{BASE}/{ticket}", json.dumps({"status": STATUSES[r % 2]}).encode())
        for r in range(rounds)
        for ticket in ids
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tickets", type=int, default=2000, help="tickets created")
    parser.add_argument("--patches", type=int, default=1, help="patch rounds over every ticket")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=8, help="podium serve --threads")
    parser.add_argument("--workers", type=int, default=1, help="podium serve --workers")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--quiet-load", type=float, default=0.0, help="wait for this 1-min load before a phase"
    )
    parser.add_argument("--max-wait", type=float, default=300.0, help="seconds to wait at most")
    args = parser.parse_args()
    bench = prepare("podium-bench-tmf621-", "--requests-per-minute", "100000")
    with serving(bench, port=args.port, threads=args.threads, workers=args.workers) as server:
        print(
            f"{'phase':<10}{'requests':>10}{'clients':>9}{'seconds':>10}{'requests/s':>12}"
            f"{'target':>9}{'met':>6}{'load':>7}{'server cpu ms/req':>19}{'client cpu ms/req':>19}"
        )
        ids: list[str] = []
        for name in ("create", "patch"):
            requests = creates(args.tickets) if name == "create" else patches(ids, args.patches)
            wait_for_quiet(args.quiet_load, args.max_wait)
            load = os.getloadavg()[0]
            busy, mine = server.cpu_seconds(), time.process_time()
            seconds, answers = send_all(args.port, bench.token, requests, args.clients)
            busy, mine = server.cpu_seconds() - busy, time.process_time() - mine
            expected = 201 if name == "create" else 200
            bad = [a for a in answers if a is None or a[0] != expected]
            if bad:
                raise SystemExit(f"{name}: {len(bad)} requests failed, e.g. {str(bad[0])[:500]}")
            if name == "create":
                ids = [a[1]["id"] for a in answers if a is not None]
                if len(set(ids)) != args.tickets:
                    raise SystemExit(f"create: {len(set(ids))} tickets for {args.tickets}")
            rate = len(requests) / seconds
            print(
                f"{name:<10}{len(requests):>10,}{args.clients:>9}{seconds:>10.2f}{rate:>12,.0f}"
                f"{'>= ' + str(TARGET):>9}{'yes' if rate >= TARGET else 'NO':>6}{load:>7.2f}"
                f"{busy / len(requests) * 1e3:>19.2f}{mine / len(requests) * 1e3:>19.2f}"
            )


if __name__ == "__main__":
    main()
