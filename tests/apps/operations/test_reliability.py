"""Reliability of the live path, for real where it can be: `podium serve` on SQLite in a fresh
home, eight TMF621 writers at once losing nothing and never answered 5xx; 20 MB bodies to both
write APIs answered with a JSON error and changing nothing; and a ticket whose changes arrive
through both channels (TMF621 merge-patches and bulk events) in any order ending as it would
in order."""

from __future__ import annotations

import datetime as dt
import http.client
import itertools
import json
import os
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.cli import PODIUM, free_port, get_when_up, run

from podium.apps.operations.models import Ticket, TicketHolder
from podium.apps.operations.services import tickets
from podium.apps.operations.services.events import ingest_events
from podium.core import tmf621
from podium.core.ingest import read_event_records

TMF = "/tmf-api/troubleTicket/v5/troubleTicket"
WRITERS = 8
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


# -- a real server ------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, str, Path]]:
    """`podium serve` on a free port over SQLite in a fresh home: (port, Alpha's token, db)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PODIUM_", "DJANGO_"))}
    env["PODIUM_HOME"] = str(tmp_path / "home")
    assert run(env, "migrate").returncode == 0
    (tmp_path / "parties.yaml").write_text(DOCUMENT)
    assert run(env, "governance", "apply", str(tmp_path / "parties.yaml")).returncode == 0
    made = run(env, "token", "create", "--party", "alpha", "--name", "Alpha ITSM")
    assert made.returncode == 0, made.stderr
    port = free_port()
    server = subprocess.Popen(
        [*PODIUM, "serve", "--port", str(port), "--threads", str(WRITERS)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        get_when_up(f"http://127.0.0.1:{port}/healthz")
        yield port, made.stdout.strip(), Path(env["PODIUM_HOME"]) / "podium.sqlite3"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _send(
    port: int, token: str, method: str, path: str, body: bytes, kind: str = "application/json"
) -> tuple[int, str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(
            method,
            path,
            body=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": kind},
        )
        response = connection.getresponse()
        raw = response.read()
        return response.status, response.getheader("Content-Type", ""), json.loads(raw or b"null")
    finally:
        connection.close()


def _counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as connection:
        return tuple(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in (
                "operations_ticket",
                "operations_ticketevent",
                "operations_ticketnote",
                "operations_ticketholder",
            )
        )


def _create_body(writer: int, n: int) -> bytes:
    return json.dumps(
        {
            "@type": "TroubleTicket",
            "name": f"Writer {writer} ticket {n}",
            "description": "Branch office WAN link flaps",
            "severity": "Major",
            "priority": "P2",
            "ticketType": "incident",
            "externalIdentifier": [{"owner": "alpha-snow", "id": f"W{writer}-{n}"}],
        }
    ).encode()


def test_eight_tmf621_writers_at_once_lose_nothing_and_get_no_server_error(
    served: tuple[int, str, Path],
) -> None:
    port, token, db = served
    answers: list[tuple[str, int]] = []
    lock = threading.Lock()

    def write(writer: int) -> None:
        mine = []
        for n in range(4):
            status, _, body = _send(port, token, "POST", TMF, _create_body(writer, n))
            mine.append(body["id"] if status == 201 else None)
            with lock:
                answers.append(("create", status))
        # every writer also raises the same shared ticket: one ticket, whoever is first
        status, _, _ = _send(port, token, "POST", TMF, _create_body(99, 0))
        with lock:
            answers.append(("shared", status))
        for round_, status_name in enumerate(("inProgress", "pending", "inProgress")):
            for reference in mine:
                patch = {"status": status_name, "note": [{"text": f"round {round_}"}]}
                status, _, _ = _send(
                    port,
                    token,
                    "PATCH",
                    f"{TMF}/{reference}",
                    json.dumps(patch).encode(),
                    "application/merge-patch+json",
                )
                with lock:
                    answers.append(("patch", status))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not [a for a in answers if a[1] >= 500], answers
    assert sorted({a for a in answers if a[0] == "create"}) == [("create", 201)]
    assert sorted({a for a in answers if a[0] == "patch"}) == [("patch", 200)]
    assert {a[1] for a in answers if a[0] == "shared"} <= {200, 201}
    assert len(answers) == WRITERS * (4 + 1 + 12)
    tickets_, events, notes, _ = _counts(db)
    own = WRITERS * 4
    # each own ticket: its opening event and three status changes; the shared one: one event
    assert (tickets_, events, notes) == (own + 1, own * 4 + 1, own * 3)


def test_a_20_mb_body_to_either_api_is_a_json_error_and_changes_nothing(
    served: tuple[int, str, Path],
) -> None:
    port, token, db = served
    status, _, created = _send(port, token, "POST", TMF, _create_body(1, 1))
    assert status == 201
    before = _counts(db)
    huge = json.dumps({**json.loads(_create_body(1, 2)), "description": "x" * (20 << 20)}).encode()
    event = {"case_id": "BIG", "timestamp": "2026-01-05T08:00:00Z", "activity": "New"}
    events = "\n".join(json.dumps({**event, "title": "x" * 190}) for _ in range(80_000)).encode()
    assert len(huge) > 20_000_000
    assert len(events) > 20_000_000
    patch = json.dumps({"description": "y" * (20 << 20)}).encode()
    for method, path, body, kind in (
        ("POST", TMF, huge, "application/json"),
        ("PATCH", f"{TMF}/{created['id']}", patch, "application/merge-patch+json"),
        ("POST", "/api/v1/events", events, "application/x-ndjson"),
    ):
        status, content_type, answer = _send(port, token, method, path, body, kind)
        assert 400 <= status < 500, (path, status, answer)
        assert content_type.startswith("application/json"), (path, content_type)
        assert isinstance(answer, dict), (path, answer)
        assert answer.get("reason") or answer.get("detail"), (path, answer)
    assert _counts(db) == before
    status, _, same = _send(port, token, "GET", f"{TMF}/{created['id']}", b"")
    assert (status, same["description"]) == (200, "Branch office WAN link flaps")


# -- any order, both channels -------------------------------------------------------------------

AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
NOW = AT + dt.timedelta(hours=6)
STEPS = (("inProgress", 5), ("pending", 30), ("inProgress", 95), ("resolved", 150), ("closed", 200))
_RUNS = itertools.count()


def _open(world: Any, reference: str) -> Ticket:
    change = tmf621.read_ticket(
        {
            "@type": "TroubleTicket",
            "description": "WAN down",
            "severity": "Major",
            "ticketType": "incident",
            "externalIdentifier": [{"owner": "beta-snow", "id": reference}],
            "lastUpdate": AT.isoformat(),
        },
        creating=True,
        owner="beta",
    )
    return tickets.receive_ticket(party=world.supplier_b, change=change, now=NOW).ticket


def _apply(world: Any, ticket: Ticket, step: int, channel: str) -> None:
    status, minutes = STEPS[step]
    at = AT + dt.timedelta(minutes=minutes)
    if channel == "tmf621":
        change = tmf621.read_ticket(
            {"status": status, "lastUpdate": at.isoformat()}, creating=False, owner="beta"
        )
        ticket.refresh_from_db()
        tickets.update_ticket(ticket=ticket, party=world.supplier_b, change=change, now=NOW)
        return
    read = read_event_records(
        [{"case_id": ticket.external_id, "timestamp": at.isoformat(), "activity": status}],
        owner="beta-snow",
    )
    summary = ingest_events(
        acting_user=None, sender=world.supplier_b, events=read.frame, now=NOW, source="events"
    )
    assert not summary.rejected, summary.rejected


def _final(ticket: Ticket) -> tuple[Any, ...]:
    ticket.refresh_from_db()
    return (
        ticket.status,
        ticket.current_party_id,
        ticket.resolved_at,
        ticket.closed_at,
        ticket.sla_policy,
        ticket.clock_state,
        ticket.next_deadline_at,
        sorted(TicketHolder.objects.filter(ticket=ticket).values_list("party_id", flat=True)),
        sorted(ticket.events.values_list("occurred_at", "status", "sub_status", "party_id")),
    )


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    order=st.permutations(range(len(STEPS))),
    channels=st.lists(
        st.sampled_from(["tmf621", "events"]), min_size=len(STEPS), max_size=len(STEPS)
    ),
)
def test_changes_through_both_channels_in_any_order_end_as_in_order(
    world: Any, order: list[int], channels: list[str]
) -> None:
    run_ = next(_RUNS)
    in_order = _open(world, f"ORDERED-{run_}")
    for step in range(len(STEPS)):
        _apply(world, in_order, step, channels[step])
    shuffled = _open(world, f"SHUFFLED-{run_}")
    for step in order:
        _apply(world, shuffled, step, channels[step])
    got, expected = _final(shuffled), _final(in_order)
    assert got == expected
    assert expected[0] == "closed"


@pytest.mark.django_db
def test_a_create_whose_reference_was_taken_meanwhile_takes_the_next_one(world: Any) -> None:
    """What two TMF621 creates side by side on PostgreSQL do: both read the same highest
    reference; the second to save must not answer 500."""
    first = _open(world, "FIRST")
    late = Ticket(
        reference=first.reference,  # what the slower create had chosen before the first saved
        title="Second",
        priority="P3",
        status="acknowledged",
        opened_at=AT,
        external_owner="beta-snow",
        external_id="SECOND",
    )
    tickets._save_with_a_free_reference(late)
    late.refresh_from_db()
    assert late.reference != first.reference
    assert late.reference.startswith("TT-")
    assert Ticket.objects.filter(reference=first.reference).count() == 1
