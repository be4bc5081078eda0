"""Each role's home page: first what needs attention, then the numbers — all read through the
contexts' scoped selectors, so a party's users see only their share.

What needs attention, per role:

- integrator staff and auditors: errors and warnings in the responsibility matrix, overdue
  actions and decisions, contracts whose notice deadline is near or whose term has ended;
- a party's manager: the same for their own party (actions it owns, its contracts, the
  matrix cells it holds letters in) and the collaboration agreement it has not acknowledged;
- a party's engineer: the open tickets their party holds, oldest first, then the same.

Breaches and escalations join the list once the escalation engine records them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from rules.permissions import has_perm as rule_allows

from podium.apps.cockpit.rules import VIEW_OVERVIEW
from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.ecosystem.choices import ContractStatus
from podium.apps.ecosystem.filters import contract_status
from podium.apps.governance.rules import ACKNOWLEDGE_AGREEMENT
from podium.apps.governance.selectors import agreements, forums, raci
from podium.apps.operations import selectors as operations
from podium.apps.trust.selectors import kudos as trust_kudos
from podium.core.contract_terms import NOTICE_WINDOW_DAYS
from podium.platform.access import (
    Actor,
    is_auditor,
    is_integrator_staff,
    is_party_manager,
    is_party_user,
    may,
    party_of,
)
from podium.platform.console import tone_of

SHOWN = 5
"""Items shown per kind of attention; the rest is one click away (the card links its list)."""


@dataclass(frozen=True, slots=True)
class AttentionItem:
    """One thing to look at: what it says, where it leads, the party it concerns and when."""

    text: str
    url: str
    tone: str = "secondary"
    label: str = ""
    party: Any = None
    moment: dt.datetime | None = None
    day: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Attention:
    """A kind of attention (e.g. overdue actions) with its total and the first few items."""

    key: str
    title: str
    total: int
    items: tuple[AttentionItem, ...]
    url: str
    tone: str = "orange"
    empty: str = ""


@dataclass(frozen=True, slots=True)
class HomeSummary:
    heading: str
    scope: str
    parties: int
    services: int
    components: int
    open_tickets: int
    tickets: int
    open_by_holder: list[dict[str, Any]]
    attention: tuple[Attention, ...] = field(default=())
    kudos: tuple[Any, ...] = field(default=())
    overview_url: str = ""
    overview_label: str = ""

    @property
    def needs_attention(self) -> int:
        return sum(a.total for a in self.attention)


def home_summary(user: Actor, *, today: dt.date) -> HomeSummary:
    if is_integrator_staff(user):
        heading, scope = "Integrator office", "the whole ecosystem"
    elif is_auditor(user):
        heading, scope = "Audit view", "the whole ecosystem, read-only"
    else:
        party = getattr(user, "party", None)
        heading = str(party) if party else "No party"
        scope = "your party's components, the services they support and the tickets you held"
    return HomeSummary(
        heading=heading,
        scope=scope,
        parties=ecosystem.parties_visible_to(user).count(),
        services=ecosystem.services_visible_to(user).count(),
        components=ecosystem.components_visible_to(user).count(),
        open_tickets=operations.open_tickets_visible_to(user).count(),
        tickets=operations.tickets_visible_to(user).count(),
        open_by_holder=operations.open_tickets_by_holder(user),
        attention=needs_attention(user, today=today),
        kudos=tuple(trust_kudos.recent_kudos(user)),
        **_overview_link(user),
    )


def _overview_link(user: Actor) -> dict[str, str]:
    """The cockpit for who may read the whole ecosystem, else the user's own party view."""
    if rule_allows(VIEW_OVERVIEW, user):  # type: ignore[no-untyped-call]  # the rule alone
        return {"overview_url": reverse("cockpit:overview"), "overview_label": "Open the cockpit"}
    party = getattr(user, "party", None)
    if is_party_user(user) and party is not None:
        url = reverse("cockpit:party", args=[party.slug])
        return {"overview_url": url, "overview_label": f"{party.name}'s view"}
    return {}


def needs_attention(user: Actor, *, today: dt.date) -> tuple[Attention, ...]:
    """What the user's role looks at first (the module's docstring), asked of the same
    predicates the rules are built from."""
    party_id = party_of(user)
    own_party = is_party_user(user)
    engineer = own_party and not is_party_manager(user)
    found: list[Attention] = []
    if engineer and party_id is not None:
        found.append(_held_tickets(user, party_id))
    found.append(_findings(user, today))
    found.append(_overdue_actions(user, today, party_id if own_party else None))
    if not own_party:
        found.append(_overdue_decisions(user, today))
    if not engineer:
        found.append(_contracts(user, today))
    if is_party_manager(user):  # `_agreement` asks the rule itself
        agreement = _agreement(user)
        if agreement is not None:
            found.append(agreement)
    return tuple(found)


def _held_tickets(user: Actor, party_id: int) -> Attention:
    rows = operations.open_tickets_visible_to(user).filter(current_party_id=party_id)
    oldest = list(rows.order_by("opened_at")[:SHOWN])
    url = reverse("operations:ticket_list")
    return Attention(
        "tickets",
        "Open tickets your party holds",
        rows.count(),
        tuple(
            AttentionItem(
                f"{t.reference} {t.title}",
                reverse("operations:ticket_detail", args=[t.reference]),
                tone=tone_of("priority", t.priority),
                label=t.priority,
                moment=t.opened_at,
            )
            for t in oldest
        ),
        f"{url}?open=true&party={getattr(getattr(user, 'party', None), 'slug', '')}",
        tone="blue",
        empty="Your party holds no open ticket.",
    )


def _findings(user: Actor, today: dt.date) -> Attention:
    found = sorted(
        raci.findings_visible_to(user, as_of=today),
        key=lambda f: (f.severity != "error", f.rule, f.message),
    )
    names = {
        kind: raci.objects_by_id(kind, {f.obj[1] for f in found[:SHOWN] if f.obj[0] == kind})
        for kind in {f.obj[0] for f in found[:SHOWN]}
    }
    url = reverse("governance:raci_findings")
    items = []
    for f in found[:SHOWN]:
        obj = names.get(f.obj[0], {}).get(f.obj[1])
        where = f"{obj.name}" + (f" · {f.activity}" if f.activity else "") if obj else f.obj[0]
        items.append(
            AttentionItem(
                f"{where}: {f.message}",
                f"{url}?rule={f.rule}",
                tone="red" if f.severity == "error" else "yellow",
                label=f.severity,
            )
        )
    errors = sum(1 for f in found if f.severity == "error")
    return Attention(
        "findings",
        "Responsibility matrix findings",
        len(found),
        tuple(items),
        url,
        tone="red" if errors else "yellow",
        empty="The matrix has an Accountable and a Responsible wherever it must.",
    )


def _overdue_actions(user: Actor, today: dt.date, owner_party_id: int | None) -> Attention:
    rows = forums.actions_visible_to(user).filter(forums.overdue_actions(today))
    if owner_party_id is not None:
        rows = rows.filter(owner_party_id=owner_party_id)
    first = list(rows.order_by("due_on", "pk")[:SHOWN])
    url = reverse("governance:action_list") + "?overdue=true"
    return Attention(
        "actions",
        "Overdue actions" + (" your party owns" if owner_party_id is not None else ""),
        rows.count(),
        tuple(
            AttentionItem(
                a.title + (f" ({a.forum.name})" if a.forum else ""),
                reverse("governance:forum_detail", args=[a.forum.slug])
                if a.forum
                else reverse("governance:action_list"),
                tone="red",
                party=a.owner_party,
                day=a.due_on,
            )
            for a in first
        ),
        url,
        tone="red",
        empty="No action is past its due date.",
    )


def _overdue_decisions(user: Actor, today: dt.date) -> Attention:
    rows = forums.decisions_visible_to(user).filter(forums.overdue_decisions(today))
    first = list(rows.order_by("due_on", "pk")[:SHOWN])
    return Attention(
        "decisions",
        "Decisions past their due date",
        rows.count(),
        tuple(
            AttentionItem(
                f"{d.reference} {d.title} ({d.forum.name})",
                reverse("governance:forum_detail", args=[d.forum.slug]),
                tone="orange",
                day=d.due_on,
            )
            for d in first
        ),
        reverse("governance:decision_list") + "?overdue=true",
        empty="No proposed decision is overdue.",
    )


def _contracts(user: Actor, today: dt.date) -> Attention:
    # contracts are few: their status is date arithmetic decided here, as the list does
    due = []
    for contract in ecosystem.contracts_visible_to(user):
        status = contract_status(contract, today)
        if status != ContractStatus.ACTIVE:
            due.append((status, contract))

    def day(status: str, contract: Any) -> dt.date:
        if status == ContractStatus.NOTICE_SOON:
            return ecosystem.notice_due_on(contract, today)
        ends_on: dt.date = contract.ends_on
        return ends_on

    def what(status: str, contract: Any) -> str:
        if status != ContractStatus.NOTICE_SOON:
            return "ended"
        return "notice deadline" if contract.notice_deadline >= today else "ends"

    due.sort(key=lambda sc: (sc[0] != ContractStatus.NOTICE_SOON, day(*sc)))
    items = tuple(
        AttentionItem(
            f"{c.reference} {c.title}: {what(s, c)}",
            reverse("ecosystem:contract_detail", args=[c.reference]),
            tone="orange" if s == ContractStatus.NOTICE_SOON else "red",
            label="notice soon" if s == ContractStatus.NOTICE_SOON else "expired",
            party=c.party,
            day=day(s, c),
        )
        for s, c in due[:SHOWN]
    )
    return Attention(
        "contracts",
        "Contracts to renew or replace",
        len(due),
        items,
        reverse("ecosystem:contract_list") + "?status=notice_soon",
        empty=f"No notice deadline or end within {NOTICE_WINDOW_DAYS} days, no contract past its"
        " term.",
    )


def _agreement(user: Actor) -> Attention | None:
    current = agreements.current_agreement()
    if current is None or not may(user, ACKNOWLEDGE_AGREEMENT):
        return None
    if agreements.has_acknowledged(user, current):
        return None
    url = reverse("governance:agreement")
    return Attention(
        "agreement",
        "The collaboration agreement",
        1,
        (
            AttentionItem(
                f"Version {current.version}, “{current.title}”, waits for your party's "
                "acknowledgement",
                url,
                tone="blue",
                day=current.effective_from,
            ),
        ),
        url,
        tone="blue",
    )
