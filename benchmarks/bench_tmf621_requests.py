"""What one TMF621 request costs in process: CPU time and SQL queries per create and per patch.

    .venv/bin/python benchmarks/bench_tmf621_requests.py              # 300 tickets
    .venv/bin/python benchmarks/bench_tmf621_requests.py --tickets 1000
    .venv/bin/python benchmarks/bench_tmf621_requests.py --before /tmp/before/src
    .venv/bin/python benchmarks/bench_tmf621_requests.py --profile /tmp/tmf621   # cProfile

The same requests as `bench_tmf621.py` (a create each, then a status patch each), sent in this
process on a fresh PODIUM_HOME (SQLite), so the figures are the server's own work without HTTP
or another process: CPU time per request (`process_time`, which a shared machine inflates less
than wall time) and the queries one create and one patch run (which no load changes). The
requests go two ways, each over its own tickets:

- `client`: Django's test client, which keeps the database connection between requests;
- `wsgi`: the WSGI application `podium serve` runs, called with a WSGI environ as waitress
  builds it, so the request signals close (or keep, per CONN_MAX_AGE) the connection as
  they do in the server: the figure a served request costs, HTTP parsing aside.

`--before` runs the same in a child process on another checkout's `src` (a `git worktree add`
of an older commit) and prints both. `--profile DIR` writes a cProfile of each phase
(`DIR/wsgi-create.prof`, …) for `python -m pstats`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _server import prepare
from bench_tmf621 import BASE, creates, patches

KINDS = {"POST": "application/json", "PATCH": "application/merge-patch+json"}


class WsgiCaller:
    """Requests to the WSGI application as `podium serve` runs it (connection signals and all)."""

    def __init__(self, token: str) -> None:
        from django.core.wsgi import get_wsgi_application

        self.application = get_wsgi_application()
        self.token = token

    def __call__(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_AUTHORIZATION": f"Bearer {self.token}",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": KINDS[method],
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
        }
        status: list[str] = []
        answer = b"".join(self.application(environ, lambda line, headers: status.append(line)))
        return int(status[0].split()[0]), json.loads(answer)


class ClientCaller:
    """Requests through Django's test client (the connection kept between requests)."""

    def __init__(self, token: str) -> None:
        from django.test import Client

        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")

    def __call__(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        send = self.client.post if method == "POST" else self.client.patch
        answer = send(path, body, content_type=KINDS[method])
        return answer.status_code, answer.json()


def run_phase(
    call: Any, requests: list[tuple[str, str, bytes]], expected: int, profile: Path | None
) -> tuple[list[float], list[Any]]:
    """CPU seconds of each request, and the answers' bodies."""
    profiler = cProfile.Profile()
    spent, bodies = [], []
    for method, path, body in requests:
        began = time.process_time()
        if profile:
            profiler.enable()
        status, answer = call(method, path, body)
        if profile:
            profiler.disable()
        spent.append(time.process_time() - began)
        assert status == expected, str(answer)[:300]
        bodies.append(answer)
    if profile:
        profiler.dump_stats(profile)
    return spent, bodies


def measure(tickets: int, profile: Path | None = None) -> dict[str, float]:
    bench = prepare("podium-bench-tmf621-requests-", "--requests-per-minute", "100000")
    env, token = bench.env, bench.token
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "podium.site.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    spent: dict[str, list[float]] = {}
    made = 0
    for way, caller in (("client", ClientCaller), ("wsgi", WsgiCaller)):
        call = caller(token)
        wanted = creates(made + tickets)[made:]
        made += tickets
        create, patch = (
            (profile / f"{way}-create.prof", profile / f"{way}-patch.prof")
            if profile
            else (None, None)
        )
        spent[f"{way} create"], answers = run_phase(call, wanted, 201, create)
        ids = [answer["id"] for answer in answers]
        spent[f"{way} patch"], _ = run_phase(call, patches(ids, 1), 200, patch)
    connection.close()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="127.0.0.1")
    _, path, body = creates(made + 1)[-1]
    with CaptureQueriesContext(connection) as created:
        answer = client.post(path, body, content_type="application/json")
    with CaptureQueriesContext(connection) as patched:
        client.patch(
            f"{BASE}/{answer.json()['id']}",
            json.dumps({"status": "inProgress"}),
            content_type="application/merge-patch+json",
        )
    figures = {"create queries": len(created), "patch queries": len(patched)}
    for phase, times in spent.items():  # "wsgi create", …
        warm = sorted(times[min(20, len(times) // 10) :])  # the first requests warm caches
        figures[f"{phase} median ms"] = statistics.median(warm) * 1e3
        figures[f"{phase} p95 ms"] = warm[int(0.95 * (len(warm) - 1))] * 1e3
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--before", type=Path, help="another checkout's src to compare with")
    parser.add_argument("--profile", type=Path, help="write a cProfile of each phase here")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
        print(json.dumps(measure(args.tickets, args.profile)))
        return
    runs = {"this": Path(__file__).resolve().parents[1] / "src"}
    if args.before:
        runs = {"before": args.before.resolve(), **runs}
    results = {}
    for name, src in runs.items():
        child = {**os.environ, "PYTHONPATH": str(src)}
        done = subprocess.run(
            [sys.executable, __file__, "--tickets", str(args.tickets), "--json",
             *(["--profile", str(args.profile.resolve() / name)] if args.profile else [])],
            env=child, capture_output=True, text=True, check=True,
        )  # fmt: skip
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"{'':<24}" + "".join(f"{name:>12}" for name in results))
    for key in next(iter(results.values())):
        print(f"{key:<24}" + "".join(f"{r[key]:>12.1f}" for r in results.values()))


if __name__ == "__main__":
    main()
