"""Writes of the ecosystem: each checks permission, writes the rows and audits, in one transaction.

The ``ensure_*`` functions are idempotent: they create a row by its natural key or update the
fields that differ, and audit only real changes. The demo loader and imports rely on that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

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
from podium.platform import audit

M = TypeVar("M", bound=models.Model)


def _check_may_edit(acting_user: Any) -> None:
    """`None` is the operator at the command line of the machine; anyone else needs the right."""
    if acting_user is not None and not acting_user.has_perm("platform.edit_governance"):
        raise PermissionDenied("Only an integrator admin changes the ecosystem.")


def _ensure(
    model: type[M],
    *,
    acting_user: Any,
    lookup: Mapping[str, Any],
    fields: Mapping[str, Any],
    party_id: int | None = None,
) -> tuple[M, bool]:
    _check_may_edit(acting_user)
    label = model._meta.model_name
    with transaction.atomic():
        row = model._default_manager.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **fields)
            row.full_clean()
            row.save()
            audit.record(
                acting_user=acting_user,
                action=f"ecosystem.{label}.created",
                target=row,
                party_id=party_id,
                after=audit.snapshot(row),
            )
            return row, True
        before = audit.snapshot(row)
        for name, value in fields.items():
            setattr(row, name, value)
        after = audit.snapshot(row)
        if before != after:
            row.full_clean()
            row.save()
            audit.record(
                acting_user=acting_user,
                action=f"ecosystem.{label}.updated",
                target=row,
                party_id=party_id,
                before=before,
                after=after,
            )
        return row, False


def ensure_calendar(*, acting_user: Any, slug: str, **fields: Any) -> BusinessCalendar:
    return _ensure(BusinessCalendar, acting_user=acting_user, lookup={"slug": slug}, fields=fields)[
        0
    ]


def ensure_party(*, acting_user: Any, slug: str, **fields: Any) -> Party:
    party, _ = _ensure(Party, acting_user=acting_user, lookup={"slug": slug}, fields=fields)
    return party


def ensure_contact(
    *, acting_user: Any, party: Party, name: str, role: str, **fields: Any
) -> Contact:
    return _ensure(
        Contact,
        acting_user=acting_user,
        lookup={"party": party, "name": name, "role": role},
        fields=fields,
        party_id=party.pk,
    )[0]


def ensure_service(*, acting_user: Any, slug: str, **fields: Any) -> Service:
    return _ensure(Service, acting_user=acting_user, lookup={"slug": slug}, fields=fields)[0]


def ensure_component(*, acting_user: Any, slug: str, run_by: Party, **fields: Any) -> Component:
    return _ensure(
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
        _ensure(
            ServiceComponent,
            acting_user=acting_user,
            lookup={"service": service, "component": component},
            fields={},
        )


class DependencyCycleError(ValueError):
    """A dependency would make a component depend on itself through others."""


def add_dependency(*, acting_user: Any, source: Component, target: Component) -> Dependency:
    """`source` needs `target`; a dependency that closes a cycle is rejected."""
    _check_may_edit(acting_user)
    with transaction.atomic():
        edges: dict[int, set[int]] = {}
        for s, t in Dependency.objects.values_list("source_id", "target_id"):
            edges.setdefault(s, set()).add(t)
        frontier, seen = [target.pk], {target.pk}
        while frontier:
            node = frontier.pop()
            if node == source.pk:
                raise DependencyCycleError(f"{source} → {target} would close a dependency cycle")
            for nxt in edges.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        return _ensure(
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
        contract, _ = _ensure(
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
            _ensure(
                ContractTarget,
                acting_user=acting_user,
                lookup={"contract": contract, "priority": priority},
                fields=target_fields,
                party_id=party.pk,
            )
    return contract
