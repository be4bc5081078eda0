"""The ecosystem map: parties → the components they run → the business services those serve.

Laid out on the server as three columns so that the page needs no script and reads the same
with a screen reader (each node is a link with a title) as in a table (the rows under it).
Everything comes from the scoped selectors, so a party's users see only their part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from podium.apps.ecosystem import selectors
from podium.apps.ecosystem.models import ServiceComponent

COLUMN_X = (10, 340, 670)
NODE_WIDTH, NODE_HEIGHT, ROW_GAP, TOP = 250, 28, 12, 40
LABEL_CHARS = 34


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    detail: str
    url: str
    x: int
    y: int

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= LABEL_CHARS else self.label[: LABEL_CHARS - 1] + "…"

    @property
    def text_y(self) -> int:
        return self.y + NODE_HEIGHT // 2 + 5


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node

    @property
    def path(self) -> str:
        x1, y1 = self.source.x + NODE_WIDTH, self.source.y + NODE_HEIGHT // 2
        x2, y2 = self.target.x, self.target.y + NODE_HEIGHT // 2
        middle = (x1 + x2) // 2
        return f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"


@dataclass(frozen=True)
class EcosystemMap:
    parties: list[Node]
    components: list[Node]
    services: list[Node]
    edges: list[Edge]
    rows: list[tuple[str, str, str, str]]  # party, component, service, criticality

    width: int = COLUMN_X[2] + NODE_WIDTH + 10

    @property
    def height(self) -> int:
        tallest = max(len(self.parties), len(self.components), len(self.services), 1)
        return TOP + tallest * (NODE_HEIGHT + ROW_GAP)

    @property
    def columns(self) -> list[tuple[int, str]]:
        return [(COLUMN_X[0], "Parties"), (COLUMN_X[1], "Components"), (COLUMN_X[2], "Services")]


def _column(x: int, items: list[tuple[str, str, str, str]]) -> list[Node]:
    return [
        Node(key, label, detail, url, x, TOP + i * (NODE_HEIGHT + ROW_GAP))
        for i, (key, label, detail, url) in enumerate(items)
    ]


def ecosystem_map(user: Any, *, criticality: str = "", party: str = "") -> EcosystemMap:
    """The part of the map `user` may see, narrowed by service criticality and by party."""
    components = list(selectors.components_visible_to(user).order_by("run_by__name", "name"))
    services = selectors.services_visible_to(user).order_by("name")
    if criticality:
        services = services.filter(criticality=criticality)
    if party:
        components = [c for c in components if c.run_by.slug == party]
    service_list = list(services)
    component_ids = {c.pk for c in components}
    links = [
        (c, s)
        for c, s in ServiceComponent.objects.filter(
            component__in=component_ids, service__in=[s.pk for s in service_list]
        ).values_list("component_id", "service_id")
    ]
    if criticality or party:
        linked_components = {c for c, _ in links}
        if criticality:
            components = [c for c in components if c.pk in linked_components]
        service_list = [s for s in service_list if s.pk in {s_id for _, s_id in links}]
    parties = sorted({c.run_by for c in components}, key=lambda p: p.name)
    if not (criticality or party):
        parties = list(selectors.parties_visible_to(user).order_by("name"))

    party_nodes = _column(
        COLUMN_X[0],
        [
            (
                f"p{p.pk}",
                p.name,
                p.get_kind_display(),
                reverse("ecosystem:party_detail", args=[p.slug]),
            )
            for p in parties
        ],
    )
    component_nodes = _column(
        COLUMN_X[1],
        [
            (
                f"c{c.pk}",
                c.name,
                c.get_kind_display(),
                reverse("ecosystem:component_detail", args=[c.slug]),
            )
            for c in components
        ],
    )
    service_nodes = _column(
        COLUMN_X[2],
        [
            (
                f"s{s.pk}",
                s.name,
                s.get_criticality_display(),
                reverse("ecosystem:service_detail", args=[s.slug]),
            )
            for s in service_list
        ],
    )
    by_key = {n.key: n for n in (*party_nodes, *component_nodes, *service_nodes)}
    edges = [
        Edge(by_key[f"p{c.run_by_id}"], by_key[f"c{c.pk}"])
        for c in components
        if f"p{c.run_by_id}" in by_key
    ]
    edges += [
        Edge(by_key[f"c{c}"], by_key[f"s{s}"])
        for c, s in links
        if f"c{c}" in by_key and f"s{s}" in by_key
    ]
    service_by_id = {s.pk: s for s in service_list}
    served: dict[int, list[Any]] = {}
    for c, s in links:
        if s in service_by_id:
            served.setdefault(c, []).append(service_by_id[s])
    rows: list[tuple[str, str, str, str]] = []
    for component in components:
        needing = sorted(served.get(component.pk, []), key=lambda s: s.name)
        for service in needing or [None]:
            rows.append(
                (
                    component.run_by.name,
                    component.name,
                    service.name if service else "",
                    service.get_criticality_display() if service else "",
                )
            )
    return EcosystemMap(party_nodes, component_nodes, service_nodes, edges, rows)
