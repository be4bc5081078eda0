"""Tickets whose clocks run against a chosen target, for the tests of the escalation sweep (in
the test process, and in the processes `tests/cli/test_escalation_worker.py` starts)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

LADDER_KEY = "sweep-ladder"
ROOT = Path(__file__).resolve().parents[2]


def policy(target_seconds: float, calendar: dict[str, Any] | None = None) -> dict[str, Any]:
    """An SLA policy as `services.clocks` stores it, with one end-to-end target."""
    return {
        "version": 1,
        "priority": "P1",
        "contract": "",
        "resolution_seconds": target_seconds,
        "response_seconds": None,
        "party_targets": {},
        "calendar": calendar,
        "pauses": ["held", "pending"],
        "stops": ["cancelled", "closed", "rejected", "resolved"],
    }


def publish_ladder(
    party_slug: str, waits_minutes: Sequence[int], wait_kind: str = "calendar"
) -> Any:
    from podium.apps.governance.services.escalation import StepInput, publish_ladder_version

    levels = ("operational", "tactical", "strategic")
    ladder, _ = publish_ladder_version(
        acting_user=None,
        key=LADDER_KEY,
        name="Sweep ladder",
        steps=[
            StepInput(levels[min(i, 2)], wait, wait_kind, party_slug, "service_manager", "email")
            for i, wait in enumerate(waits_minutes)
        ],
        party=party_slug,
    )
    return ladder


def open_tickets(
    references: Sequence[str],
    *,
    party_id: int,
    opened_at: dt.datetime,
    target_seconds: float,
    calendar: dict[str, Any] | None = None,
    events: Sequence[tuple[dt.datetime, str]] = (),
    now: dt.datetime,
) -> list[Any]:
    """Open tickets held by `party_id` (the ladder of that party is stored on each), keep the
    given policy, and recompute their clocks at `now` as the live path does."""
    from podium.apps.operations.models import Ticket
    from podium.apps.operations.services import (
        HistoricalEvent,
        HistoricalTicket,
        clocks,
        import_ticket_history,
    )

    history = [HistoricalEvent(opened_at, "inProgress", "", party_id, "Ops", "eng")]
    history += [HistoricalEvent(at, status, "", party_id, "Ops", "eng") for at, status in events]
    last_status = history[-1].status
    import_ticket_history(
        acting_user=None,
        source="test",
        tickets=[
            HistoricalTicket(
                reference=reference,
                title="Cluster down",
                service_id=None,
                component_id=None,
                priority="P1",
                status=last_status,
                opened_at=opened_at,
                resolved_at=None,
                closed_at=None,
                events=tuple(history),
            )
            for reference in references
        ],
    )
    tickets = list(Ticket.objects.filter(reference__in=references).order_by("pk"))
    for ticket in tickets:
        ticket.sla_policy = policy(target_seconds, calendar)
        ticket.save(update_fields=["sla_policy"])
        clocks.recompute(ticket, now=now)
    return tickets


def helper_process(home: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """This module's `_main` in a process of its own, in `home` (stdin, stdout and stderr piped)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.escalations", *args],
        env=home,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    """What the process still has to say, once it has ended well."""
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    return out


def fired_in(home: dict[str, str]) -> list[tuple[str, str, int]]:
    """(ticket reference, step, times fired) of every escalation in the home's database."""
    with sqlite3.connect(Path(home["PODIUM_HOME"]) / "podium.sqlite3") as db:
        return db.execute(
            "SELECT t.reference, e.step, count(*) FROM operations_escalation e"
            " JOIN operations_ticket t ON t.id = e.ticket_id GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()


def _main(argv: list[str]) -> None:
    """`python -m tests.support.escalations seed N OPENED_AT NOW`, `seed N warning-in SECONDS`,
    `sweep NOW`, `ready-sweep NOW` (says "ready" once set up, then sweeps) or `hold NOW` (sweeps
    inside a transaction it commits only when a line arrives on stdin), in a home whose
    database `podium migrate` made."""
    from podium.cli.django_setup import setup_django

    setup_django()
    if argv[0] == "seed":
        from podium.apps.ecosystem import services as eco

        party = eco.ensure_party(
            acting_user=None, slug="alpha", name="Alpha", kind="cloud_provider"
        )
        publish_ladder("alpha", [10, 20])
        count = int(argv[1])
        if argv[2] == "warning-in":  # on this process's (real) clock: the warning in N seconds
            now = dt.datetime.now(dt.UTC)
            opened_at = now - dt.timedelta(minutes=48) + dt.timedelta(seconds=float(argv[3]))
        else:
            opened_at, now = dt.datetime.fromisoformat(argv[2]), dt.datetime.fromisoformat(argv[3])
        open_tickets(
            [f"INC-{i}" for i in range(count)],
            party_id=party.pk,
            opened_at=opened_at,
            target_seconds=3600,
            now=now,
        )
        warning = opened_at + dt.timedelta(minutes=48)
        print((warning - dt.datetime.now(dt.UTC)).total_seconds())  # seconds left to it
    elif argv[0] in ("sweep", "ready-sweep"):
        from podium.apps.operations.services import escalations

        if argv[0] == "ready-sweep":
            print("ready", flush=True)
        print(escalations.sweep(now=dt.datetime.fromisoformat(argv[1])).fired_total)
    elif argv[0] == "hold":
        from django.db import transaction

        from podium.apps.operations.services import escalations

        with transaction.atomic():
            print(escalations.sweep(now=dt.datetime.fromisoformat(argv[1])).fired_total, flush=True)
            sys.stdin.readline()


if __name__ == "__main__":
    _main(sys.argv[1:])
