"""Writes of the service landscape: business services, the components they need, and the
dependencies between components. A dependency that would close a cycle is refused, naming it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.ecosystem.models import Component, Dependency, Party, Service, ServiceComponent
from podium.apps.ecosystem.rules import EDIT
from podium.platform.access import Actor, require
from podium.platform.writes import delete_row, ensure_row, save_row


class DependencyCycleError(ValueError):
    """A dependency would make a component depend on itself through others.

    The message names the whole cycle so that whoever edits the graph sees which edge to drop.
    """

    def __init__(self, source: Component, path: list[Component]) -> None:
        self.cycle = [source, *path]
        names = " → ".join(c.name for c in self.cycle)
        super().__init__(f"{names} would close a dependency cycle")


def path_between(
    start: Component, goal: Component, *, ignore_from: Iterable[int] = ()
) -> list[Component] | None:
    """The components on a dependency path from `start` to `goal` (both included), if any.

    `ignore_from` leaves out the current edges of components whose dependencies are being
    replaced, so that an edit is judged on the graph it will produce.
    """
    skipped = set(ignore_from)
    edges: dict[int, list[int]] = {}
    for s, t in Dependency.objects.values_list("source_id", "target_id"):
        if s not in skipped:
            edges.setdefault(s, []).append(t)
    parent: dict[int, int | None] = {start.pk: None}
    frontier = [start.pk]
    while frontier:
        node = frontier.pop()
        if node == goal.pk:
            ids = []
            step: int | None = node
            while step is not None:
                ids.append(step)
                step = parent[step]
            ids.reverse()
            names = Component.objects.in_bulk(ids)
            return [names[i] for i in ids]
        for nxt in edges.get(node, ()):
            if nxt not in parent:
                parent[nxt] = node
                frontier.append(nxt)
    return None


def _slugs(rows: Iterable[Any]) -> list[str]:
    return sorted(r.slug for r in rows)


# -- idempotent writes by natural key (imports, the demo) -------------------------------------


def ensure_service(*, acting_user: Actor | None, slug: str, **fields: Any) -> Service:
    require(acting_user, EDIT)
    return ensure_row(Service, acting_user=acting_user, lookup={"slug": slug}, fields=fields)[0]


def ensure_component(
    *, acting_user: Actor | None, slug: str, run_by: Party, **fields: Any
) -> Component:
    require(acting_user, EDIT)
    return ensure_row(
        Component,
        acting_user=acting_user,
        lookup={"slug": slug},
        fields={"run_by": run_by, **fields},
        party_id=run_by.pk,
    )[0]


def link_service_components(
    *, acting_user: Actor | None, service: Service, components: Iterable[Component]
) -> None:
    require(acting_user, EDIT)
    with transaction.atomic():
        for component in components:
            ensure_row(
                ServiceComponent,
                acting_user=acting_user,
                lookup={"service": service, "component": component},
                fields={},
            )


def add_dependency(
    *, acting_user: Actor | None, source: Component, target: Component
) -> Dependency:
    """`source` needs `target`; a dependency that closes a cycle is rejected."""
    require(acting_user, EDIT)
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


# -- create / change / delete behind the pages and the API ------------------------------------


def save_service(
    *,
    acting_user: Actor | None,
    service: Service | None = None,
    components: Iterable[Component] | None = None,
    **fields: Any,
) -> Service:
    """`components` replaces the components the service needs directly; None leaves them."""
    require(acting_user, EDIT)
    wanted = None if components is None else list(components)

    def apply(row: Service) -> None:
        if wanted is None:
            return
        ServiceComponent.objects.filter(service=row).exclude(component__in=wanted).delete()
        have = set(
            ServiceComponent.objects.filter(service=row).values_list("component_id", flat=True)
        )
        ServiceComponent.objects.bulk_create(
            ServiceComponent(service=row, component=c) for c in wanted if c.pk not in have
        )

    return save_row(
        Service,
        service,
        fields,
        acting_user=acting_user,
        related=lambda r: {"components": _slugs(r.components.all())},
        apply_related=apply,
    )


def save_component(
    *,
    acting_user: Actor | None,
    component: Component | None = None,
    depends_on: Iterable[Component] | None = None,
    **fields: Any,
) -> Component:
    """`depends_on` replaces the component's dependencies; one that closes a cycle is refused."""
    require(acting_user, EDIT)
    wanted = None if depends_on is None else list(depends_on)

    def validate(row: Component) -> None:
        for target in wanted or ():
            if row.pk is not None and target.pk == row.pk:
                raise ValidationError({"depends_on": f"{row.name} cannot depend on itself."})
            if row.pk is None:
                continue  # a new component has no dependents yet, so it closes no cycle
            cycle = path_between(target, row, ignore_from=[row.pk])
            if cycle is not None:
                # name the cycle by stored names: the edit may be renaming `row` too
                raise ValidationError({"depends_on": str(DependencyCycleError(cycle[-1], cycle))})

    def apply(row: Component) -> None:
        if wanted is None:
            return
        Dependency.objects.filter(source=row).exclude(target__in=wanted).delete()
        have = set(Dependency.objects.filter(source=row).values_list("target_id", flat=True))
        Dependency.objects.bulk_create(
            Dependency(source=row, target=t) for t in wanted if t.pk not in have
        )

    return save_row(
        Component,
        component,
        fields,
        acting_user=acting_user,
        party_id=lambda r: r.run_by_id,
        related=lambda r: {"depends_on": _slugs(r.depends_on.all())},
        validate_related=validate,
        apply_related=apply,
    )


def delete_service(*, acting_user: Actor | None, service: Service) -> None:
    require(acting_user, EDIT)
    delete_row(acting_user=acting_user, row=service)


def delete_component(*, acting_user: Actor | None, component: Component) -> None:
    require(acting_user, EDIT)
    delete_row(acting_user=acting_user, row=component, party_id=component.run_by_id)
