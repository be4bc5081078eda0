"""Reads of the ecosystem, always scoped to what the acting user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from podium.apps.ecosystem.models import (
    BusinessCalendar,
    Component,
    Contact,
    Contract,
    Dependency,
    Party,
    Service,
    ServiceComponent,
)
from podium.platform.access import visible_party_ids
from podium.platform.audit import changed_fields
from podium.platform.models import AuditEvent

M = TypeVar("M", bound=models.Model)


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


def contracts_with_notice_deadline_between(
    party_ids: Iterable[int], start: dt.date, end: dt.date
) -> list[Contract]:
    """Contracts of these parties whose notice deadline falls in [start, end], earliest first.

    For other contexts (forum agendas) that have already decided the caller may see these parties.
    """
    rows = Contract.objects.filter(party__in=list(party_ids)).select_related("party")
    due = [c for c in rows if start <= c.notice_deadline <= end]
    return sorted(due, key=lambda c: (c.notice_deadline, c.reference))


def contacts_holding(roles: Iterable[tuple[int, str]]) -> list[Contact]:
    """Contacts who hold one of these (party id, contact role) pairs, by name."""
    wanted = Q(pk__in=[])
    for party_id, role in roles:
        wanted |= Q(party_id=party_id, role=role)
    return list(Contact.objects.filter(wanted).order_by("name"))


def component_runners(component_ids: Iterable[int]) -> dict[int, int]:
    """Component id → id of the party that runs it."""
    return dict(Component.objects.filter(pk__in=list(component_ids)).values_list("pk", "run_by_id"))


def contracts_visible_to(user: Any) -> QuerySet[Contract]:
    """Contract values are commercial secrets: a party sees its own contracts and no others."""
    parties = visible_party_ids(user)
    rows = Contract.objects.select_related("party")
    return rows if parties is None else rows.filter(party__in=parties)


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    """A party sees its own contacts here; the RACI pages add the ones it is given there."""
    parties = visible_party_ids(user)
    rows = Contact.objects.select_related("party")
    return rows if parties is None else rows.filter(party__in=parties)


def calendars_visible_to(user: Any) -> QuerySet[BusinessCalendar]:
    """A party sees the calendars it works by: its own, and those of its contracts' targets."""
    parties = visible_party_ids(user)
    rows = BusinessCalendar.objects.all()
    if parties is None:
        return rows
    return rows.filter(
        Q(parties__in=parties)
        | Q(pk__in=Contract.objects.filter(party__in=parties).values("targets__calendar"))
    ).distinct()


@dataclass(frozen=True)
class HistoryEntry:
    """One audit entry about an object, with the fields it changed as (before, after) pairs."""

    at: dt.datetime
    who: str
    action: str
    changes: dict[str, tuple[Any, Any]]


def history_of(row: models.Model) -> list[HistoryEntry]:
    """The audit trail of one row, newest first; the caller has already checked it may see it."""
    events = AuditEvent.objects.filter(
        target_type=f"{row._meta.app_label}.{row._meta.model_name}", target_id=str(row.pk)
    ).order_by("-at", "-id")
    return [
        HistoryEntry(
            at=event.at,
            who=event.actor_label,
            action=event.action.rsplit(".", 1)[-1],
            changes=changed_fields(event.before or {}, event.after or {}),
        )
        for event in events
    ]


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in the viewer's time zone, as an aware datetime."""
    zone = timezone.get_current_timezone()
    start_of_next = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start_of_next - dt.timedelta(microseconds=1)


def as_of(row: M, day: dt.date) -> M | None:
    """`row` as it was at the end of `day` (simple-history), or None if it did not exist yet."""
    try:
        old: M = row.history.as_of(end_of_day(day))  # type: ignore[attr-defined]
    except type(row).DoesNotExist:  # type: ignore[attr-defined]
        return None
    return old
