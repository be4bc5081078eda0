"""Idempotent writes of the ecosystem, by natural key, for the demo loader and imports.

The ``ensure_*`` functions are idempotent: they create a row by its natural key or update the
fields that differ, and audit only real changes. The demo loader and imports rely on that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    ContractTarget,
    Dependency,
    Party,
    Service,
    ServiceComponent,
)
from podium.apps.ecosystem.services.base import check_may_edit, ensure_row
from podium.apps.ecosystem.services.graph import DependencyCycleError, path_between


def ensure_calendar(*, acting_user: Any, slug: str, **fields: Any) -> BusinessCalendar:
    return ensure_row(
        BusinessCalendar, acting_user=acting_user, lookup={"slug": slug}, fields=fields
    )[0]


def ensure_party(*, acting_user: Any, slug: str, **fields: Any) -> Party:
    party, _ = ensure_row(Party, acting_user=acting_user, lookup={"slug": slug}, fields=fields)
    return party


def ensure_contact(
    *, acting_user: Any, party: Party, name: str, role: str, **fields: Any
) -> Contact:
    return ensure_row(
        Contact,
        acting_user=acting_user,
        lookup={"party": party, "name": name, "role": role},
        fields=fields,
        party_id=party.pk,
    )[0]


def ensure_service(*, acting_user: Any, slug: str, **fields: Any) -> Service:
    return ensure_row(Service, acting_user=acting_user, lookup={"slug": slug}, fields=fields)[0]


def ensure_component(*, acting_user: Any, slug: str, run_by: Party, **fields: Any) -> Component:
    return ensure_row(
        Component,
        acting_user=acting_user,
        lookup={"slug": slug},
        fields={"run_by": run_by, **fields},
        party_id=run_by.pk,
    )[0]


def link_service_components(
    *, acting_user: Any, service: Service, components: Iterable[Component]
) -> None:
    for component in components:
        ensure_row(
            ServiceComponent,
            acting_user=acting_user,
            lookup={"service": service, "component": component},
            fields={},
        )


def add_dependency(*, acting_user: Any, source: Component, target: Component) -> Dependency:
    """`source` needs `target`; a dependency that closes a cycle is rejected."""
    check_may_edit(acting_user)
    with transaction.atomic():
        cycle = path_between(target, source)
        if cycle is not None:
            raise DependencyCycleError(source, cycle)
        return ensure_row(
            Dependency,
            acting_user=acting_user,
            lookup={"source": source, "target": target},
            fields={},
        )[0]


def ensure_contract(
    *,
    acting_user: Any,
    reference: str,
    party: Party,
    services: Iterable[Service] = (),
    components: Iterable[Component] = (),
    targets: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> Contract:
    with transaction.atomic():
        contract, _ = ensure_row(
            Contract,
            acting_user=acting_user,
            lookup={"reference": reference},
            fields={"party": party, **fields},
            party_id=party.pk,
        )
        contract.services.add(*services)
        contract.components.add(*components)
        for target in targets:
            target_fields = dict(target)
            priority = target_fields.pop("priority")
            ensure_row(
                ContractTarget,
                acting_user=acting_user,
                lookup={"contract": contract, "priority": priority},
                fields=target_fields,
                party_id=party.pk,
            )
    return contract
