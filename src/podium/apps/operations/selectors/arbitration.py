"""Reads of ping-pong arbitrations: the integrator's staff and auditors see every one; a
party's users the arbitrations of the pairs their party is in (they are the ones it is about)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.choices import ArbitrationStatus
from podium.apps.operations.models import Arbitration, Ticket
from podium.core import forums, raci
from podium.core.forums import AgendaItem, AgendaSection
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


TACTICAL = "tactical_board"


def arbitration_section(forum: Any, today: dt.date) -> AgendaSection:
    """The agenda section of a tactical board's meeting: the arbitrations still waiting for a
    decision, and those decided in the last 30 days, each about the ticket's service (else
    component), so a member reads only those on what it may see."""
    if forum.kind != TACTICAL:
        return AgendaSection("Ping-pong arbitrations", note="On the agenda of the tactical board.")
    since = dt.datetime.combine(today - dt.timedelta(days=30), dt.time(), dt.UTC)
    rows = (
        Arbitration.objects.select_related("ticket", "party_a", "party_b", "owner")
        .filter(Q(status=ArbitrationStatus.OPEN) | Q(decided_at__gte=since))
        .order_by("flagged_at", "id")
    )
    items = []
    for row in rows:
        ticket = row.ticket
        about = (
            (raci.SERVICE, ticket.service_id)
            if ticket.service_id is not None
            else (raci.COMPONENT, ticket.component_id)
            if ticket.component_id is not None
            else None
        )
        decided = (
            f"owned by {row.owner.name} until resolved ({row.reason})"
            if row.owner is not None
            else "waiting for the integrator's decision"
        )
        items.append(
            AgendaItem(
                "arbitration",
                f"{ticket.reference}: {row.bounces} bounces between {row.party_a.name} and "
                f"{row.party_b.name}, {decided}",
                ref=str(row.pk),
                overdue=row.owner is None,
                about_party=None if about is not None else row.party_a_id,
                about_object=about,
            )
        )
    return AgendaSection("Ping-pong arbitrations", forums.ordered(items))
