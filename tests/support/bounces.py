"""A ticket handed back and forth between parties through the live path (`update_ticket`, as a
party's tool sends it), for the tests of ping-pong arbitration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any


def hand_over(ticket: Any, slugs: Sequence[str], *, start: dt.datetime, sender: Any) -> None:
    """Assign `ticket` to each party of `slugs` in turn, ten minutes apart."""
    from podium.apps.operations.services import tickets
    from podium.core import tmf621

    for index, slug in enumerate(slugs):
        at = start + dt.timedelta(minutes=10 * (index + 1))
        change = tmf621.read_ticket(
            {
                "relatedParty": [{"role": "assignee", "partyOrPartyRole": {"id": slug}}],
                "lastUpdate": at.isoformat(),
            },
            creating=False,
            owner=sender.slug,
        )
        ticket.refresh_from_db()
        tickets.update_ticket(ticket=ticket, party=sender, change=change, now=at)
