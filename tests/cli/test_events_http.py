"""`POST /api/v1/events` for real: `podium serve` on SQLite in a fresh home, a token from
`podium token create`, and eight writers posting at once — overlapping events included — lose
nothing, store nothing twice and are never answered with a server error."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import random
import sqlite3
import subprocess
import threading
from pathlib import Path
from typing import Any

from tests.support.cli import PODIUM, free_port, get_when_up, run

WRITERS = 8
REQUESTS = 5
DOCUMENT = """\
version: 1
parties:
  - key: alpha
    name: Alpha Cloud
    kind: cloud_provider
  - key: beta
    name: Beta Networks
    kind: network_carrier
"""
START = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
STEPS = [("New", "alpha"), ("In Progress", "alpha"), ("On Hold", "beta"), ("Resolved", "beta")]


def _events(case: str, offset: int) -> list[dict[str, Any]]:
    return [
        {
            "case_id": case,
            "timestamp": (START + dt.timedelta(minutes=offset + 9 * i)).isoformat(),
            "activity": activity,
            "party": party,
        }
        for i, (activity, party) in enumerate(STEPS)
    ]


def _post(port: int, token: str, body: bytes) -> tuple[int, dict[str, Any]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST",
            "/api/v1/events",
            body=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def test_eight_writers_at_once_lose_nothing_and_store_nothing_twice(
    home: dict[str, str], tmp_path: Path
) -> None:
    assert run(home, "migrate").returncode == 0
    (tmp_path / "parties.yaml").write_text(DOCUMENT)
    assert run(home, "governance", "apply", str(tmp_path / "parties.yaml")).returncode == 0
    token = run(home, "token", "create", "--party", "alpha", "--name", "Alpha log").stdout.strip()

    shared = [e for n in range(40) for e in _events(f"SHARED-{n}", n)]  # every writer sends these
    bodies: list[list[bytes]] = []
    expected = {json.dumps(e, sort_keys=True) for e in shared}
    for writer in range(WRITERS):
        own = [e for n in range(60) for e in _events(f"W{writer}-{n}", n)]
        expected |= {json.dumps(e, sort_keys=True) for e in own}
        mine = own + shared
        random.Random(writer).shuffle(mine)
        size = len(mine) // REQUESTS + 1
        bodies.append(
            [
                "\n".join(json.dumps(e) for e in mine[i : i + size]).encode()
                for i in range(0, len(mine), size)
            ]
        )

    port = free_port()
    server = subprocess.Popen(
        [*PODIUM, "serve", "--port", str(port), "--threads", str(WRITERS)],
        env=home,
        stderr=subprocess.DEVNULL,
    )
    answers: list[tuple[int, dict[str, Any]]] = []
    lock = threading.Lock()

    def write(mine: list[bytes]) -> None:
        for body in mine:
            answer = _post(port, token, body)
            with lock:
                answers.append(answer)

    try:
        get_when_up(f"http://127.0.0.1:{port}/healthz")
        threads = [threading.Thread(target=write, args=(b,)) for b in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert sorted({status for status, _ in answers}) == [200], answers[:3]
    assert len(answers) == sum(len(b) for b in bodies)
    cases = 40 + WRITERS * 60
    assert sum(a["stored"] for _, a in answers) == len(expected)
    assert sum(a["created"] for _, a in answers) == cases
    assert sum(a["skipped"] for _, a in answers) == (WRITERS - 1) * len(shared)
    with sqlite3.connect(Path(home["PODIUM_HOME"]) / "podium.sqlite3") as db:
        tickets = db.execute("SELECT count(*) FROM operations_ticket").fetchone()[0]
        events = db.execute("SELECT count(*) FROM operations_ticketevent").fetchone()[0]
        closed = db.execute(
            "SELECT count(*) FROM operations_ticket WHERE status = 'resolved'"
        ).fetchone()[0]
    assert (tickets, events, closed) == (cases, len(expected), cases)
