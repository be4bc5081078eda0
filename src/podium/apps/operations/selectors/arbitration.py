"""Reads of ping-pong arbitrations: the integrator's staff and auditors see every one; a
party's users the arbitrations of the pairs their party is in (they are the ones it is about)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.choices import ArbitrationStatus
from podium.apps.operations.models import Arbitration, Ticket
from podium.platform.access import Actor, visible_party_ids


def arbitrations_visible_to(user: Actor) -> QuerySet[Arbitration]:
    """Arbitrations the user may see, waiting ones first, then the latest flagged."""
    rows = Arbitration.objects.select_related(
        "ticket", "party_a", "party_b", "owner", "decided_by"
    ).order_by("-status", "-flagged_at", "-id")
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    return rows.filter(Q(party_a__in=parties) | Q(party_b__in=parties))


def arbitrations_of_ticket(user: Actor, ticket: Ticket) -> list[Arbitration]:
    """The arbitrations of one ticket the user may see (the ticket page's header)."""
    return list(arbitrations_visible_to(user).filter(ticket=ticket).order_by("flagged_at", "id"))


@dataclass(frozen=True)
class PairCount:
    """How often one pair of parties was sent to arbitration, and how many wait for a decision."""

    party_a: Any
    party_b: Any
    arbitrations: int
    waiting: int
    bounces: int


def counts_per_pair(rows: QuerySet[Arbitration]) -> list[PairCount]:
    """Arbitrations counted per pair of parties, most first (one query)."""
    grouped = (
        rows.order_by()
        .values("party_a", "party_b")
        .annotate(
            arbitrations=Count("id"),
            waiting=Count("id", filter=Q(status=ArbitrationStatus.OPEN)),
            total=Sum("bounces"),
        )
        .order_by("-arbitrations", "party_a", "party_b")
    )
    found = list(grouped)
    parties = {
        p.pk: p
        for p in ecosystem.parties_among(
            {r["party_a"] for r in found} | {r["party_b"] for r in found}
        )
    }
    return [
        PairCount(
            parties[r["party_a"]],
            parties[r["party_b"]],
            r["arbitrations"],
            r["waiting"],
            r["total"],
        )
        for r in found
    ]
