"""The outbox for real: `podium serve` takes a hub subscription and a ticket over HTTP, and
`podium worker` — the django-tasks-db worker — delivers the signed event to a receiver on
loopback. (These processes run on the real clock, so nothing here depends on the date.)"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
from pathlib import Path

from tests.cli.test_tokens_cli import DOCUMENT
from tests.support.cli import PODIUM, free_port, get_when_up, run
from tests.support.loopback import Receiver, call

TMF = "/tmf-api/troubleTicket/v5"


def test_the_worker_delivers_a_signed_event_the_server_queued(
    home: dict[str, str], tmp_path: Path
) -> None:
    assert run(home, "migrate").returncode == 0
    document = tmp_path / "ecosystem.yaml"
    document.write_text(DOCUMENT)
    assert run(home, "governance", "apply", str(document)).returncode == 0
    token = run(home, "token", "create", "--party", "alpha", "--name", "Alpha ITSM").stdout.strip()

    port = free_port()
    server = subprocess.Popen(
        [*PODIUM, "serve", "--port", str(port)], env=home, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    with Receiver() as receiver:
        try:
            get_when_up(f"{base}/healthz")
            status, subscription = call(
                "POST",
                f"{base}{TMF}/hub",
                token=token,
                body={"callback": receiver.script("/podium"), "query": ""},
            )
            assert status == 201, subscription
            status, ticket = call(
                "POST",
                f"{base}{TMF}/troubleTicket",
                token=token,
                body={
                    "@type": "TroubleTicket",
                    "description": "Cluster nodes restarting",
                    "severity": "Major",
                    "ticketType": "incident",
                },
            )
            assert status == 201, ticket
        finally:
            server.terminate()
            server.wait(timeout=10)
        assert receiver.requests == []  # nothing is sent by the web process itself
        worked = run(home, "worker", "--batch")
        assert worked.returncode == 0, worked.stderr
        (got,) = receiver.to("/podium")
        # the log, and a replay the next worker run sends again, as the same message
        log = json.loads(run(home, "delivery", "list", "--format", "json").stdout)
        assert [(d["kind"], d["status"], d["attempts"]) for d in log] == [("event", "delivered", 1)]
        assert (
            run(home, "delivery", "replay", str(log[0]["id"]), "--reason", "test").returncode == 0
        )
        assert run(home, "worker", "--batch").returncode == 0
        first, again = receiver.to("/podium")
        assert again.headers["webhook-id"] == first.headers["webhook-id"]
    key = base64.b64decode(subscription["secret"].removeprefix("whsec_"))
    signed = f"{got.headers['webhook-id']}.{got.headers['webhook-timestamp']}.".encode() + got.body
    digest = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert got.headers["webhook-signature"] == f"v1,{digest}"
    assert got.json()["event"]["troubleTicket"]["id"] == ticket["id"]


def test_an_endpoint_is_registered_with_its_token_on_standard_input(
    home: dict[str, str], tmp_path: Path
) -> None:
    assert run(home, "migrate").returncode == 0
    document = tmp_path / "ecosystem.yaml"
    document.write_text(DOCUMENT)
    assert run(home, "governance", "apply", str(document)).returncode == 0
    secret = "alpha-itsm-token-0123456789"
    refused = run(
        home, "endpoint", "add", "--party", "alpha", "--url", "gopher://x", input_text=secret
    )
    assert refused.returncode == 1
    assert "base_url" in refused.stderr
    added = run(
        home,
        "endpoint",
        "add",
        "--party",
        "alpha",
        "--url",
        "https://itsm.alpha.example/tmf-api/troubleTicket/v5",
        input_text=secret + "\n",
    )
    assert added.returncode == 0, added.stderr
    listed = run(home, "endpoint", "list", "--format", "json").stdout
    assert json.loads(listed)[0]["token"] == "…6789"
    assert secret not in listed + added.stdout + added.stderr
    assert run(home, "endpoint", "remove", added.stdout.strip()).returncode == 0
    assert json.loads(run(home, "endpoint", "list", "--format", "json").stdout) == []
