"""Loading a generated ecosystem into the database, through the app services only.

The loader owns no rules of its own: every row is written by the service that owns it (so it is
permission-checked and audited like any other write) and every service it uses is idempotent,
which makes ``load_demo`` safe to run again — a second run changes nothing and audits nothing.
Ticket history goes through ``import_ticket_history`` in batches, which skips references that
exist already.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from podium.apps.accounts.models import User
from podium.apps.accounts.services import create_user
from podium.apps.ecosystem import services as ecosystem
from podium.apps.ecosystem.models import Component, Party, Service
from podium.apps.operations.services import (
    HistoricalEvent,
    HistoricalTicket,
    arbitration,
    import_ticket_history,
)
from podium.core.synthetic import DEMO_PASSWORD, EcosystemSpec, TargetSpec, TicketSpec, UserSpec
from podium.platform.access import Actor
from podium.site.demo_changes import load_changes
from podium.site.demo_forums import load_forums
from podium.site.demo_goals import load_goals
from podium.site.demo_raci import load_raci
from podium.site.demo_trust import load_trust

TICKET_BATCH = 2000
_ROLE_WORDS = {
    "integrator_admin": "integrator admin",
    "integrator_analyst": "integrator analyst",
    "auditor": "auditor (read-only)",
    "party_manager": "manager",
    "party_member": "engineer",
}


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    description: str


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What the demo holds after loading, and what this run added."""

    company: str
    parties: int
    contacts: int
    services: int
    components: int
    dependencies: int
    contracts: int
    users_created: int
    tickets: int
    tickets_created: int
    events: int
    logins: tuple[DemoLogin, ...]

    def describe(self) -> str:
        """One paragraph for the terminal."""
        return (
            f"{self.company}: {self.parties} parties, {self.contacts} contacts, "
            f"{self.services} services, {self.components} components "
            f"({self.dependencies} dependencies), {self.contracts} contracts, "
            f"{self.tickets} tickets with {self.events} events "
            f"({self.tickets_created} tickets and {self.users_created} users new in this run)."
        )


def load_demo(spec: EcosystemSpec, *, acting_user: Actor | None = None) -> DemoSummary:
    """Write ``spec`` through the services; ``acting_user=None`` is the operator at the console."""
    with transaction.atomic():
        parties = _load_parties(spec, acting_user)
        services, components = _load_landscape(spec, parties, acting_user)
        _load_contracts(spec, parties, services, components, acting_user)
        users_created = _load_users(spec.users, parties, acting_user)
        load_raci(spec, acting_user=acting_user)
        load_forums(spec, acting_user=acting_user)
    tickets_created = import_ticket_history(
        acting_user=acting_user,
        tickets=_historical_tickets(spec.tickets, parties, services, components),
        batch_size=TICKET_BATCH,
        source=f"demo:{spec.company}:seed={spec.seed}:scale={spec.scale}",
    )
    # the history's bouncing tickets go to arbitration as a live change would send them
    arbitration.review_open_tickets(now=spec.end)
    load_changes(spec, acting_user=acting_user)
    load_goals(spec, acting_user=acting_user)  # measured over the history just loaded
    load_trust(spec, acting_user=acting_user)  # who rates whom from the RACI and the history
    return DemoSummary(
        company=spec.company,
        parties=len(spec.parties),
        contacts=sum(len(p.contacts) for p in spec.parties),
        services=len(spec.services),
        components=len(spec.components),
        dependencies=len(spec.dependencies),
        contracts=len(spec.contracts),
        users_created=users_created,
        tickets=len(spec.tickets),
        tickets_created=tickets_created,
        events=spec.event_count,
        logins=tuple(_login(user, spec) for user in spec.users),
    )


def _load_parties(spec: EcosystemSpec, acting_user: Actor | None) -> dict[str, Party]:
    calendars = {
        c.slug: ecosystem.ensure_calendar(
            acting_user=acting_user,
            slug=c.slug,
            name=c.name,
            time_zone=c.time_zone,
            country=c.country,
            subdivision=c.subdivision,
            weekly_hours=c.weekly_hours_json(),
            always_open=c.always_open,
        )
        for c in spec.calendars
    }
    parties: dict[str, Party] = {}
    for p in spec.parties:
        party = ecosystem.ensure_party(
            acting_user=acting_user,
            slug=p.slug,
            name=p.name,
            code=p.code,
            kind=p.kind,
            segment=p.segment,
            risk_tier=p.risk_tier,
            time_zone=p.time_zone,
            calendar=calendars[p.calendar],
            description=p.description,
        )
        for contact in p.contacts:
            ecosystem.ensure_contact(
                acting_user=acting_user,
                party=party,
                name=contact.name,
                role=contact.role,
                email=contact.email,
                phone=contact.phone,
                time_zone=p.time_zone,
            )
        parties[p.slug] = party
    return parties


def _load_landscape(
    spec: EcosystemSpec, parties: Mapping[str, Party], acting_user: Actor | None
) -> tuple[dict[str, Service], dict[str, Component]]:
    components = {
        c.slug: ecosystem.ensure_component(
            acting_user=acting_user,
            slug=c.slug,
            run_by=parties[c.run_by],
            name=c.name,
            kind=c.kind,
            description=c.description,
        )
        for c in spec.components
    }
    for dependency in spec.dependencies:
        ecosystem.add_dependency(
            acting_user=acting_user,
            source=components[dependency.source],
            target=components[dependency.target],
        )
    services: dict[str, Service] = {}
    for s in spec.services:
        service = ecosystem.ensure_service(
            acting_user=acting_user,
            slug=s.slug,
            name=s.name,
            criticality=s.criticality,
            owner=s.owner,
            description=s.description,
        )
        ecosystem.link_service_components(
            acting_user=acting_user,
            service=service,
            components=[components[slug] for slug in s.components],
        )
        services[s.slug] = service
    return services, components


def _target_fields(target: TargetSpec) -> dict[str, Any]:
    """Decimals at the precision the columns keep, so an unchanged target compares equal."""
    availability = target.availability_percent
    return {
        "priority": target.priority,
        "response_minutes": target.response_minutes,
        "resolution_minutes": target.resolution_minutes,
        "availability_percent": None
        if availability is None
        else availability.quantize(Decimal("0.001")),
        "service_credit_percent": target.service_credit_percent.quantize(Decimal("0.01")),
    }


def _load_contracts(
    spec: EcosystemSpec,
    parties: Mapping[str, Party],
    services: Mapping[str, Service],
    components: Mapping[str, Component],
    acting_user: Actor | None,
) -> None:
    for c in spec.contracts:
        ecosystem.ensure_contract(
            acting_user=acting_user,
            reference=c.reference,
            party=parties[c.party],
            services=[services[slug] for slug in c.services],
            components=[components[slug] for slug in c.components],
            targets=[_target_fields(t) for t in c.targets],
            title=c.title,
            scope=c.scope,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            notice_period_days=c.notice_period_days,
            annual_value=c.annual_value.quantize(Decimal("0.01")),
            currency=c.currency,
        )


def _load_users(
    users: tuple[UserSpec, ...], parties: Mapping[str, Party], acting_user: Actor | None
) -> int:
    """Create the demo log-ins that do not exist yet; existing accounts are left as they are
    (their owners may have changed a password or a time zone since)."""
    existing = set(
        User.objects.filter(username__in=[u.username for u in users]).values_list(
            "username", flat=True
        )
    )
    created = 0
    for user in users:
        if user.username in existing:
            continue
        create_user(
            acting_user=acting_user,
            username=user.username,
            password=DEMO_PASSWORD,
            role=user.role,
            party_id=parties[user.party].pk if user.party is not None else None,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            time_zone=user.time_zone,
        )
        created += 1
    return created


def _historical_tickets(
    tickets: tuple[TicketSpec, ...],
    parties: Mapping[str, Party],
    services: Mapping[str, Service],
    components: Mapping[str, Component],
) -> Iterator[HistoricalTicket]:
    """The spec's tickets with slugs replaced by the ids the database gave them."""
    party_ids = {slug: party.pk for slug, party in parties.items()}
    for t in tickets:
        yield HistoricalTicket(
            reference=t.reference,
            title=t.title,
            service_id=services[t.service].pk,
            component_id=components[t.component].pk,
            priority=t.priority,
            status=t.status,
            opened_at=t.opened_at,
            resolved_at=t.resolved_at,
            closed_at=t.closed_at,
            events=tuple(
                HistoricalEvent(
                    occurred_at=e.at,
                    status=e.status,
                    sub_status=e.sub_status,
                    party_id=party_ids[e.party],
                    team=e.team,
                    resource=e.resource,
                )
                for e in t.events
            ),
        )


def _login(user: UserSpec, spec: EcosystemSpec) -> DemoLogin:
    where = spec.party(user.party).name if user.party is not None else spec.company
    return DemoLogin(
        username=user.username,
        password=DEMO_PASSWORD,
        description=f"{_ROLE_WORDS.get(user.role, user.role)}, {where}",
    )
