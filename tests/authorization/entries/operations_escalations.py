"""Escalations in the matrix: the list page and the API, open to every role, each party seeing
the escalations of the tickets it may see (supplier B's ticket, INC-B, is a foreign marker of
`operations.py`). `build` fires the warning and breach of both suppliers' tickets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.authorization.support import Entry


def build(world: Any) -> None:
    from tests.support.clock import TEST_NOW
    from tests.support.escalations import policy

    from podium.apps.operations.services import clocks, escalations

    for ticket in (world.ticket_a, world.ticket_b):
        ticket.sla_policy = policy(3600)
        ticket.save(update_fields=["sla_policy"])
        clocks.recompute(ticket, now=ticket.opened_at + dt.timedelta(minutes=5))
    escalations.sweep(now=TEST_NOW)


PAGES = {"operations:escalation_list": Entry()}
API = {"GET /api/v1/operations/escalations": Entry()}
