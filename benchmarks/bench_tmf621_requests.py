"""What one TMF621 request costs in process: CPU time and SQL queries per create and per patch.

    .venv/bin/python benchmarks/bench_tmf621_requests.py              # 300 tickets
    .venv/bin/python benchmarks/bench_tmf621_requests.py --tickets 1000
    .venv/bin/python benchmarks/bench_tmf621_requests.py --before /tmp/before/src

The same requests as `bench_tmf621.py` (a create each, then a status patch each), sent through
Django's test client in this process on a fresh PODIUM_HOME (SQLite), so the figures are the
server's own work without HTTP or another process: CPU time per request (`process_time`, which
a shared machine inflates less than wall time) and the queries one create and one patch run
(which no load changes). `--before` runs the same in a child process on another checkout's
`src` (a `git worktree add` of an older commit) and prints both.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _server import prepare
from bench_tmf621 import BASE, creates, patches


def measure(tickets: int) -> dict[str, float]:
    bench = prepare("podium-bench-tmf621-requests-", "--requests-per-minute", "100000")
    env, token = bench.env, bench.token
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "podium.site.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    ids: list[str] = []
    spent: dict[str, list[float]] = {"create": [], "patch": []}
    for _, path, body in creates(tickets):
        began = time.process_time()
        answer = client.post(path, body, content_type="application/json")
        spent["create"].append(time.process_time() - began)
        assert answer.status_code == 201, answer.content[:300]
        ids.append(answer.json()["id"])
    for _, path, body in patches(ids, 1):
        began = time.process_time()
        answer = client.patch(path, body, content_type="application/merge-patch+json")
        spent["patch"].append(time.process_time() - began)
        assert answer.status_code == 200, answer.content[:300]
    _, path, body = creates(tickets + 1)[-1]
    with CaptureQueriesContext(connection) as created:
        answer = client.post(path, body, content_type="application/json")
    with CaptureQueriesContext(connection) as patched:
        client.patch(
            f"{BASE}/{answer.json()['id']}",
            json.dumps({"status": "inProgress"}),
            content_type="application/merge-patch+json",
        )
    figures = {"create queries": len(created), "patch queries": len(patched)}
    for phase, times in spent.items():
        warm = sorted(times[min(20, len(times) // 10) :])  # the first requests warm caches
        figures[f"{phase} median ms"] = statistics.median(warm) * 1e3
        figures[f"{phase} p95 ms"] = warm[int(0.95 * (len(warm) - 1))] * 1e3
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--before", type=Path, help="another checkout's src to compare with")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.tickets)))
        return
    runs = {"this": Path(__file__).resolve().parents[1] / "src"}
    if args.before:
        runs = {"before": args.before.resolve(), **runs}
    results = {}
    for name, src in runs.items():
        child = {**os.environ, "PYTHONPATH": str(src)}
        done = subprocess.run(
            [sys.executable, __file__, "--tickets", str(args.tickets), "--json"],
            env=child, capture_output=True, text=True, check=True,
        )  # fmt: skip
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"{'':<20}" + "".join(f"{name:>12}" for name in results))
    for key in next(iter(results.values())):
        print(f"{key:<20}" + "".join(f"{r[key]:>12.1f}" for r in results.values()))


if __name__ == "__main__":
    main()
