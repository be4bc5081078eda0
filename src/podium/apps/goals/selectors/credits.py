"""Reads of service credits and their disputes: a party's are for that party and the
integrator only (auditors and other parties are refused by the rule, and a party's users reach
only their own party)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.goals.choices import DisputeStatus
from podium.apps.goals.models import CreditDispute
from podium.apps.operations import selectors as operations
from podium.core import credits as engine
from podium.core.scorecard import month_windows
from podium.platform.access import Actor, visible_party_ids


@dataclass(frozen=True)
class PartyCredits:
    party: Any
    month: dt.date
    credits: list[engine.Credit]
    tickets: dict[str, dict[str, Any]]
    disputes: dict[str, CreditDispute]

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.credits), Decimal(0))

    @property
    def currencies(self) -> str:
        return ", ".join(sorted({c.currency for c in self.credits}))


def credit_parties_visible_to(user: Actor) -> QuerySet[Any]:
    return ecosystem.parties_visible_to(user).order_by("name")


def disputes_visible_to(user: Actor) -> QuerySet[CreditDispute]:
    rows = CreditDispute.objects.select_related("party", "raised_by", "decided_by")
    parties = visible_party_ids(user)
    return rows if parties is None else rows.filter(party__in=parties)


def _rules(user: Actor, party: Any, tickets: dict[str, dict[str, Any]]) -> Any:
    """The credit rule of the party's contract covering each ticket, by priority."""
    contracts = list(
        ecosystem.contracts_visible_to(user)
        .filter(party=party)
        .prefetch_related("targets", "services", "components")
    )

    def rule_for(breach: engine.Breach) -> engine.CreditRule | None:
        ticket = tickets.get(breach.case_id)
        if ticket is None or breach.party != party.slug:
            return None
        opened = ticket["opened_at"].date()
        for contract in contracts:
            if not contract.starts_on <= opened <= contract.ends_on:
                continue
            covers = ticket["service_id"] in {s.pk for s in contract.services.all()} or (
                ticket["component_id"] in {c.pk for c in contract.components.all()}
            )
            target = next(
                (t for t in contract.targets.all() if t.priority == ticket["priority"]), None
            )
            if covers and target is not None and target.service_credit_percent:
                return engine.CreditRule(
                    contract.reference,
                    (contract.annual_value / 12),
                    target.service_credit_percent,
                    contract.currency,
                )
        return None

    return rule_for


def month_breaches(month: dt.date, *, now: dt.datetime) -> list[engine.Breach]:
    """Every party's clock breaches inside `month` (the caller keeps each party's own)."""
    window = month_windows(month, 1)[0]
    groups = operations.ticket_clock_groups(service_id=None, start=window.start, end=window.end)
    return engine.party_breaches(groups, window, now=now)


def parties_credits(
    user: Actor, parties: list[Any], month: dt.date, *, now: dt.datetime
) -> list[PartyCredits]:
    """`party_credits` of several parties from one evaluation of the month's history."""
    breaches = month_breaches(month, now=now)
    return [party_credits(user, party, month, now=now, breaches=breaches) for party in parties]


def party_credits(
    user: Actor,
    party: Any,
    month: dt.date,
    *,
    now: dt.datetime,
    breaches: list[engine.Breach] | None = None,
) -> PartyCredits:
    """What `party` owes for `month`: its clock's breaches inside the month on tickets its
    contracts cover, each with its cost and evidence; waived where a dispute was accepted."""
    window = month_windows(month, 1)[0]
    if breaches is None:
        breaches = month_breaches(month, now=now)
    breaches = [b for b in breaches if b.party == party.slug]
    tickets: dict[str, dict[str, Any]] = {
        t["reference"]: dict(t)
        for t in operations.tickets_of_parties({party.pk})
        .filter(reference__in=[b.case_id for b in breaches])
        .values("reference", "title", "priority", "service_id", "component_id", "opened_at")
    }
    disputes = {
        d.ticket_reference: d
        for d in disputes_visible_to(user).filter(party=party, month=window.start.date())
    }
    waived = {ref for ref, d in disputes.items() if d.status == DisputeStatus.ACCEPTED}
    owed = [b for b in breaches if b.case_id not in waived]
    credits = engine.monthly_credits(owed, _rules(user, party, tickets))
    return PartyCredits(party, window.start.date(), credits, tickets, disputes)


def breach_evidence(
    user: Actor, party: Any, month: dt.date, ticket_reference: str, *, now: dt.datetime
) -> tuple[str, dict[str, Any]] | None:
    """The contract and the measured evidence of one breach of `party` in `month`, or None
    when Podium measured no credit-bearing breach there."""
    found = party_credits(user, party, month, now=now)
    for credit in found.credits:
        for breach, cost in credit.breaches:
            if breach.case_id == ticket_reference:
                return credit.contract, {
                    "ticket": breach.case_id,
                    "party": breach.party,
                    "target_seconds": breach.target_seconds,
                    "elapsed_seconds": breach.elapsed_seconds,
                    "breached_at": breach.breached_at.isoformat(),
                    "credit": str(cost),
                    "currency": credit.currency,
                    "segments": [
                        {
                            "start": s.start.isoformat(),
                            "end": s.end.isoformat() if s.end else None,
                            "running": s.running,
                            "business_seconds": s.business_seconds,
                        }
                        for s in breach.segments
                    ],
                }
    return None
