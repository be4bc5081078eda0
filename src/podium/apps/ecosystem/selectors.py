"""Reads of the ecosystem, always scoped to what the acting user may see."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from podium.apps.ecosystem.models import Component, Dependency, Party, Service, ServiceComponent
from podium.platform.access import visible_party_ids


def parties_visible_to(user: Any) -> QuerySet[Party]:
    parties = visible_party_ids(user)
    rows = Party.objects.annotate(component_count=Count("components", distinct=True))
    return rows if parties is None else rows.filter(pk__in=parties)


def components_visible_to(user: Any) -> QuerySet[Component]:
    parties = visible_party_ids(user)
    rows = Component.objects.select_related("run_by")
    return rows if parties is None else rows.filter(run_by__in=parties)


def _component_ids_needing(component_ids: set[int]) -> set[int]:
    """Every component that depends, directly or through others, on one of `component_ids`."""
    needed_by: dict[int, list[int]] = defaultdict(list)
    for source, target in Dependency.objects.values_list("source_id", "target_id"):
        needed_by[target].append(source)
    seen = set(component_ids)
    frontier = list(component_ids)
    while frontier:
        for source in needed_by[frontier.pop()]:
            if source not in seen:
                seen.add(source)
                frontier.append(source)
    return seen


def services_visible_to(user: Any) -> QuerySet[Service]:
    """Integrator staff see every service; a party sees the services its components support."""
    parties = visible_party_ids(user)
    rows = Service.objects.annotate(component_count=Count("components", distinct=True))
    if parties is None:
        return rows
    own = set(Component.objects.filter(run_by__in=parties).values_list("pk", flat=True))
    affected = _component_ids_needing(own)
    service_ids = ServiceComponent.objects.filter(component__in=affected).values_list(
        "service_id", flat=True
    )
    return rows.filter(pk__in=list(service_ids))


def service_components(service: Service) -> QuerySet[Component]:
    return service.components.select_related("run_by").order_by("name")
