"""The small two-supplier world most database tests start from.

The integrator office, supplier A (whose users act in most tests) and supplier B (whose rows A's
users must never see), one user per role, and rows of every kind on both sides.

Its dates are chosen against the test day (TEST_TODAY, 2026-12-01, tests/support/clock.py): on
it C-ALPHA-1 is active, C-BETA-1 (ending 2026-12-31, its notice deadline passed) shows "notice
soon", and both tickets opened on 2026-10-05.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

PASSWORD = "correct horse battery staple"
ROLES = ("integrator_admin", "integrator_analyst", "auditor", "party_manager", "party_member")


@dataclass
class World:
    integrator: Any
    supplier_a: Any
    supplier_b: Any
    users: dict[str, Any]
    component_a: Any
    component_b: Any
    service_a: Any
    service_b: Any
    ticket_a: Any
    ticket_b: Any
    contract_a: Any
    contract_b: Any


def build_world() -> World:
    from podium.apps.accounts import services as accounts
    from podium.apps.ecosystem import services as eco
    from podium.apps.operations.services import (
        HistoricalEvent,
        HistoricalTicket,
        import_ticket_history,
    )

    integrator = eco.ensure_party(
        acting_user=None, slug="office", name="Integrator Office", kind="integrator"
    )
    supplier_a = eco.ensure_party(
        acting_user=None, slug="alpha", name="Alpha Cloud", kind="cloud_provider"
    )
    supplier_b = eco.ensure_party(
        acting_user=None, slug="beta", name="Beta Networks", kind="network_carrier"
    )
    for party in (supplier_a, supplier_b):
        eco.ensure_contact(
            acting_user=None,
            party=party,
            name=f"{party.name} lead",
            role="service_manager",
            email=f"lead@{party.slug}.example",
        )
    component_a = eco.ensure_component(
        acting_user=None, slug="alpha-k8s", name="Alpha cluster", kind="platform", run_by=supplier_a
    )
    component_b = eco.ensure_component(
        acting_user=None, slug="beta-wan", name="Beta WAN", kind="network", run_by=supplier_b
    )
    service_a = eco.ensure_service(
        acting_user=None, slug="web-shop", name="Web shop", criticality="critical"
    )
    service_b = eco.ensure_service(
        acting_user=None, slug="branch-voice", name="Branch voice", criticality="medium"
    )
    eco.link_service_components(acting_user=None, service=service_a, components=[component_a])
    eco.link_service_components(acting_user=None, service=service_b, components=[component_b])
    contract_a = eco.ensure_contract(
        acting_user=None,
        reference="C-ALPHA-1",
        party=supplier_a,
        title="Alpha hosting",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        annual_value=120000,
        services=[service_a],
        components=[component_a],
        targets=[{"priority": "P1", "response_minutes": 15, "resolution_minutes": 240}],
    )
    contract_b = eco.ensure_contract(
        acting_user=None,
        reference="C-BETA-1",
        party=supplier_b,
        title="Beta WAN",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        annual_value=80000,
        services=[service_b],
        components=[component_b],
    )
    at = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)

    def history(reference: str, service: Any, component: Any, party: Any) -> HistoricalTicket:
        return HistoricalTicket(
            reference=reference,
            title=f"{service.name} down",
            service_id=service.pk,
            component_id=component.pk,
            priority="P2",
            status="inProgress",
            opened_at=at,
            resolved_at=None,
            closed_at=None,
            events=(
                HistoricalEvent(at, "acknowledged", "", integrator.pk, "Service desk", "sd"),
                HistoricalEvent(
                    at + dt.timedelta(minutes=5), "inProgress", "", party.pk, "Ops", "eng"
                ),
            ),
        )

    import_ticket_history(
        acting_user=None,
        source="test world",
        tickets=[
            history("INC-A", service_a, component_a, supplier_a),
            history("INC-B", service_b, component_b, supplier_b),
        ],
    )
    from podium.apps.operations.models import Ticket

    users = {}
    for role in ROLES:
        party = integrator if role.startswith("integrator") or role == "auditor" else supplier_a
        users[role] = accounts.create_user(
            acting_user=None,
            username=role.replace("_", "-"),
            password=PASSWORD,
            role=role,
            party_id=party.pk,
        )
    users["other_party_member"] = accounts.create_user(
        acting_user=None,
        username="beta-member",
        password=PASSWORD,
        role="party_member",
        party_id=supplier_b.pk,
    )
    return World(
        integrator=integrator,
        supplier_a=supplier_a,
        supplier_b=supplier_b,
        users=users,
        component_a=component_a,
        component_b=component_b,
        service_a=service_a,
        service_b=service_b,
        ticket_a=Ticket.objects.get(reference="INC-A"),
        ticket_b=Ticket.objects.get(reference="INC-B"),
        contract_a=contract_a,
        contract_b=contract_b,
    )
