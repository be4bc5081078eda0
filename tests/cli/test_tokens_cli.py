"""`podium token` for real: a token made on the command line lets a party's tool raise a ticket
over HTTP through the TMF621 API, is listed without its secret, and is refused once revoked."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.cli import PODIUM, free_port, get_when_up, run

DOCUMENT = """\
version: 1
parties:
  - key: alpha
    name: Alpha Cloud
    kind: cloud_provider
"""


def _send(url: str, token: str, body: dict[str, object] | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        method="POST" if body is not None else "GET",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_token_from_the_command_line_raises_a_ticket_until_revoked(
    home: dict[str, str], tmp_path: Path
) -> None:
    assert run(home, "migrate").returncode == 0
    document = tmp_path / "ecosystem.yaml"
    document.write_text(DOCUMENT)
    applied = run(home, "governance", "apply", str(document))
    assert applied.returncode == 0, applied.stderr
    assert run(home, "token", "create", "--party", "nobody", "--name", "x").returncode == 1
    created = run(home, "token", "create", "--party", "alpha", "--name", "Alpha monitoring")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert token.startswith("pod_")
    assert token not in created.stderr
    listed = json.loads(run(home, "token", "list", "--format", "json").stdout)
    assert [(t["party"], t["name"], t["revoked_at"]) for t in listed] == [
        ("alpha", "Alpha monitoring", None)
    ]
    assert token not in json.dumps(listed)

    port = free_port()
    server = subprocess.Popen(
        [*PODIUM, "serve", "--port", str(port)], env=home, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}/tmf-api/troubleTicket/v5/troubleTicket"
    try:
        get_when_up(f"http://127.0.0.1:{port}/healthz")
        status, ticket = _send(
            base,
            token,
            {
                "@type": "TroubleTicket",
                "description": "Cluster nodes restarting",
                "severity": "Major",
                "ticketType": "incident",
                "externalIdentifier": [{"owner": "alpha-mon", "id": "A-1"}],
            },
        )
        assert status == 201, ticket
        status, found = _send(f"{base}/{ticket['id']}", token)
        assert (status, found["description"]) == (200, "Cluster nodes restarting")
        assert run(home, "token", "revoke", listed[0]["starts"]).returncode == 0
        status, refused = _send(f"{base}/{ticket['id']}", token)
        assert (status, refused["status"]) == (401, "401")
    finally:
        server.terminate()
        server.wait(timeout=10)
