"""`podium simulate` for real, against `podium serve` on loopback with the demo loaded: it waits
for a server that is not up yet, raises and works tickets as two suppliers' tools, and run again
with the same seed sends nothing twice; `podium demo` runs it beside the server and Ctrl-C stops
them all."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.cli import PODIUM, free_port, get_when_up, run

from podium.core.synthetic.traffic import PHASES

# One worker runs every module on the demo's home, so the run loads the demo once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo_home")
TOOLS = {"kaveri-software-sim": "kaveri-software", "stratus-cloud-sim": "stratus-cloud"}
TMF = "/tmf-api/troubleTicket/v5/troubleTicket"


class Server:
    """`podium serve` on a free port, started when a test says so (and stopped at the end)."""

    def __init__(self, home: dict[str, str]) -> None:
        self.home = home
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if self.process is None:
            port = self.url.rsplit(":", 1)[1]
            self.process = subprocess.Popen(
                [*PODIUM, "serve", "--port", port], env=self.home, stderr=subprocess.DEVNULL
            )


@pytest.fixture(scope="module")
def server(demo_home: dict[str, str]) -> Iterator[Server]:
    started = Server(demo_home)
    yield started
    if started.process is not None:
        started.process.terminate()
        started.process.wait(timeout=10)


def _database(home: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(Path(home["PODIUM_HOME"]) / "podium.sqlite3")


def _tokens(home: dict[str, str]) -> dict[str, str]:
    path = Path(home["PODIUM_HOME"]) / "simulator-tokens.json"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    return dict(json.loads(path.read_text()))


def _tickets(base: str, token: str) -> list[dict[str, Any]]:
    """Every ticket the token's party may see, the simulator's among them."""
    found: list[dict[str, Any]] = []
    offset = 0
    while True:
        request = urllib.request.Request(
            f"{base}{TMF}?limit=500&offset={offset}&sort=id",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            page = json.loads(response.read())
            total = int(response.headers["X-Total-Count"])
        found.extend(page)
        offset += len(page)
        if offset >= total or not page:
            return found


def _simulated(base: str, home: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    """The simulator's tickets by correlation key, as its two tools see them over the API."""
    tickets: dict[tuple[str, str], dict[str, Any]] = {}
    for token in _tokens(home).values():
        for ticket in _tickets(base, token):
            for ident in ticket.get("externalIdentifier", []):
                if ident["owner"] in TOOLS:
                    key = (ident["owner"], ident["id"])
                    assert tickets.get(key, ticket)["id"] == ticket["id"], "one ticket per key"
                    tickets[key] = ticket
    return tickets


def _simulate(home: dict[str, str], base: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*PODIUM, "simulate", "--url", base, *args],
        env=home,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _party(ticket: dict[str, Any], role: str) -> str:
    return next(p["partyOrPartyRole"]["id"] for p in ticket["relatedParty"] if p["role"] == role)


def test_the_simulator_raises_and_works_tickets_and_never_twice(
    demo_home: dict[str, str], server: Server
) -> None:
    base = server.url
    simulator = _simulate(demo_home, base, "--count", "30", "--seed", "1", "--interval", "0")
    assert simulator.stderr is not None
    said = []
    for line in simulator.stderr:  # it waits for the server, which is not up yet
        said.append(line)
        if "waiting for Podium" in line:
            break
    server.start()
    _, rest = simulator.communicate(timeout=180)
    said.append(rest)
    log = "".join(said)
    assert simulator.returncode == 0, log
    assert "30 steps of the plan (seed 1): 30 sent, 0 there already, 0 refused." in log
    assert "Podium answers; carrying on." in log

    with _database(demo_home) as db:
        answers = dict(
            db.execute("SELECT status_code, count(*) FROM operations_rawpayload GROUP BY 1")
        )
        events = db.execute("SELECT count(*) FROM operations_ticketevent").fetchone()[0]
        handed = db.execute(
            "SELECT count(*) FROM (SELECT ticket_id FROM operations_ticketholder h"
            " JOIN operations_ticket t ON t.id = h.ticket_id WHERE t.external_owner LIKE '%-sim'"
            " GROUP BY ticket_id HAVING count(*) > 1)"
        ).fetchone()[0]
    assert set(answers) <= {200, 201}, answers  # no 4xx, no 5xx
    assert sum(answers.values()) == 30
    assert handed >= 1, "at least one ticket changed hands"

    tickets = _simulated(base, demo_home)
    opened = log.count(" opened TT-")
    assert len(tickets) == opened == answers[201]
    handovers = 0
    for (owner, number), ticket in tickets.items():
        assert number.startswith(("KAV-1-", "STR-1-"))
        assert _party(ticket, "reporter") == TOOLS[owner], "raised by the tool's party"
        assert _party(ticket, "assignee") in TOOLS.values()
        handovers += _party(ticket, "assignee") != TOOLS[owner]
        statuses = [c["status"] for c in ticket["statusChange"]]
        phases = [PHASES[s] for s in statuses]
        assert phases == sorted(phases), f"{number} moved back: {statuses}"
        assert statuses[0] == "acknowledged"
        assert {n["author"] for n in ticket.get("note", [])} <= set(TOOLS)
    assert handovers >= 1, "a ticket is held by the other party at the end"
    assert any(t["status"] == "closed" for t in tickets.values())

    again = run(demo_home, "simulate", "--url", base, "--count", "30", "--seed", "1")
    assert again.returncode == 0, again.stderr
    assert "30 steps of the plan (seed 1): 0 sent, 30 there already, 0 refused." in again.stderr
    assert "new token" not in again.stderr, "the tools' tokens are kept"
    assert _simulated(base, demo_home).keys() == tickets.keys()
    with _database(demo_home) as db:
        assert db.execute("SELECT count(*) FROM operations_ticketevent").fetchone()[0] == events

    # the tokens lost: rotated, the old ones revoked; a longer run carries the story on
    (Path(demo_home["PODIUM_HOME"]) / "simulator-tokens.json").unlink()
    longer = run(
        demo_home, "simulate", "--url", base, "--count", "45", "--seed", "1", "--interval", "0"
    )
    assert longer.returncode == 0, longer.stderr
    assert longer.stderr.count("new token") == 2
    assert "45 steps of the plan (seed 1): 15 sent, 30 there already, 0 refused." in longer.stderr
    with _database(demo_home) as db:
        live = db.execute(
            "SELECT count(*), sum(revoked_at IS NULL) FROM operations_integrationcredential"
            " WHERE name = 'Demo simulator'"
        ).fetchone()
    assert live == (4, 2)
    more = _simulated(base, demo_home)
    assert set(tickets) < set(more)


def test_ctrl_c_stops_the_simulator_between_requests(
    demo_home: dict[str, str], server: Server
) -> None:
    server.start()
    simulator = _simulate(demo_home, server.url, "--seed", "5", "--interval", "30")
    assert simulator.stderr is not None
    for line in simulator.stderr:
        if " opened TT-" in line:
            break
    started = time.monotonic()
    simulator.send_signal(signal.SIGINT)
    _, rest = simulator.communicate(timeout=20)
    assert simulator.returncode == 0
    assert "Simulator stopped: " in rest
    assert time.monotonic() - started < 10


def test_the_demo_runs_the_simulator_beside_and_ctrl_c_stops_all(
    demo_home: dict[str, str],
) -> None:
    port = free_port()
    demo = subprocess.Popen(
        [*PODIUM, "demo", "--port", str(port)],
        env=demo_home,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    base = f"http://127.0.0.1:{port}"
    try:
        get_when_up(f"{base}/healthz")
        deadline = time.monotonic() + 60
        with _database(demo_home) as db:
            while True:
                flowing = db.execute(
                    "SELECT count(*) FROM operations_ticket WHERE external_owner LIKE '%-sim'"
                    " AND external_id LIKE '%-2026-%'"  # the demo's own seed
                ).fetchone()[0]
                if flowing or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
        assert flowing, "tickets arrive from the simulator while the demo runs"
    finally:
        os.killpg(demo.pid, signal.SIGINT)  # Ctrl-C in the terminal
        output, _ = demo.communicate(timeout=60)
    assert demo.returncode == 0, output
    assert "Ctrl-C stops the server, the worker and the simulator." in output
    assert "Simulator stopped: " in output
    assert "Traceback" not in output, output  # each process stopped once, gracefully
    assert output.rstrip().endswith("Stopped.")
    with pytest.raises(ProcessLookupError):
        os.killpg(demo.pid, 0)  # nothing of the demo's is left running
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{base}/healthz", timeout=2)


def test_the_sender_waits_out_a_busy_or_failing_server() -> None:
    """429 (as long as Retry-After says) and 5xx are tried again; a 4xx is the answer."""
    import http.server
    import threading

    from podium.cli.simulate import Sender

    script = [(503, {}), (429, {"Retry-After": "7"}), (201, {}), (500, {})] + [(500, {})] * 5
    seen: list[str] = []

    class Scripted(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(self.headers["Authorization"])
            status, headers = script.pop(0)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            body = json.dumps({"id": "TT-1", "message": "busy"}).encode()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    pauses: list[float] = []
    said: list[str] = []
    try:
        sender = Sender(f"http://127.0.0.1:{httpd.server_port}", said.append, sleep=pauses.append)
        answer = sender.send("POST", TMF, "pod_x", {"name": "x"})
        assert (answer.status, answer.body["id"]) == (201, "TT-1")
        assert pauses == [0.5, 7.0]
        assert seen == ["Bearer pod_x"] * 3
        pauses.clear()
        failing = sender.send("POST", TMF, "pod_x", {"name": "x"})
        assert failing.status == 500, "five server errors in a row: given up"
        assert len(pauses) == 5
        assert max(pauses) <= 10
    finally:
        httpd.shutdown()
    with pytest.raises(Exception, match="http:// or https://"):
        Sender("file:///etc/passwd", said.append)


def test_what_the_simulator_cannot_work_with_is_named(
    home: dict[str, str], demo_home: dict[str, str]
) -> None:
    bare = run(home, "simulate", "--count", "1")
    assert bare.returncode == 1
    assert "run `podium demo` or `podium migrate` first" in bare.stderr
    unknown = run(demo_home, "simulate", "--party", "nobody", "--party", "stratus-cloud")
    assert unknown.returncode == 1
    assert "--party nobody: no party with that slug" in unknown.stderr
    assert run(demo_home, "simulate", "--party", "stratus-cloud").returncode == 2
    assert run(demo_home, "simulate", "--url", "ftp://example", "--count", "1").returncode == 2
