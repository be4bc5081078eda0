"""What the outbox costs a ticket change: `update_ticket` (a status change and a note, the
live path of a TMF621 PATCH) timed per call on SQLite, with no subscriber, with three hub
subscriptions that see the ticket, and with those and a bonded party endpoint as well.

    .venv/bin/python benchmarks/bench_exchange_outbox.py [--changes 300]

Runs in a fresh PODIUM_HOME (`_server.fresh_home`; migrated, the test world of
tests/support/world.py); prints the median and 95th percentile per change. On a checkout without the hub only the first row runs.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _server import world_in_process


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    world = world_in_process("podium-bench-outbox-")
    from django.utils import timezone

    from podium.apps.operations.services import tickets
    from podium.core import tmf621

    try:
        from podium.apps.operations.services import bonding, hub
    except ImportError:
        hub = bonding = None  # type: ignore[assignment]

    def run(label: str) -> None:
        opened = tickets.receive_ticket(
            party=world.supplier_a,
            change=tmf621.read_ticket(
                {
                    "@type": "TroubleTicket",
                    "description": f"bench {label}",
                    "severity": "Major",
                    "ticketType": "incident",
                    "relatedParty": [{"role": "assignee", "partyOrPartyRole": {"id": "beta"}}],
                },
                creating=True,
                owner="alpha",
            ),
            now=timezone.now(),
        ).ticket
        times = []
        for i in range(args.changes):
            body: dict[str, object] = {"status": "inProgress" if i % 2 else "pending"}
            if i % 5 == 0:
                body["note"] = [{"text": f"Note {i}: what was found and what happens next."}]
            change = tmf621.read_ticket(body, creating=False, owner="alpha")
            start = time.perf_counter()
            tickets.update_ticket(
                ticket=opened, party=world.supplier_a, change=change, now=timezone.now()
            )
            times.append(time.perf_counter() - start)
        times.sort()
        p95 = times[int(0.95 * len(times)) - 1]
        print(
            f"{label:<44} median {statistics.median(times) * 1e3:5.1f} ms, "
            f"p95 {p95 * 1e3:5.1f} ms per change"
        )

    run("no subscriber")
    if hub is None:
        return
    for n in range(3):
        hub.create_subscription(
            acting_user=None,
            party=world.supplier_a,
            callback=f"http://127.0.0.1:9/hook{n}",
            query="",
            now=timezone.now(),
        )
    run("three hub subscriptions")
    bonding.register_endpoint(
        acting_user=None,
        party=world.supplier_b,
        base_url="http://127.0.0.1:9/tmf-api/troubleTicket/v5",
        token="bench-token-0123456789",  # noqa: S106  (nothing is ever sent to it)
        now=timezone.now(),
    )
    run("three subscriptions and a bonded endpoint")


if __name__ == "__main__":
    main()
