"""Reads of changes and their conflicts.

Every party's users and the integrator read the whole calendar: a change's window, its
implementer and the components it touches are everybody's business. Its internal notes are not:
`may_read_notes` says who reads them, and every page and API answer asks it. Conflicts are found
by `podium.core.changes.detect_conflicts` over the whole dependency graph, the blackouts, the
implementers' maintenance windows and the open major incidents; an incident's reference is
named only to whoever may see its ticket.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from podium.apps.changes.models import BlackoutWindow, Change, MaintenanceWindow
from podium.apps.changes.rules import READ_NOTES, VIEW
from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors as operations
from podium.core import changes as core
from podium.platform.access import Actor, may

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party

KIND_LABELS = {
    core.SAME_COMPONENT: "Same component",
    core.DEPENDENCY: "Dependent components",
    core.SAME_SERVICE: "Same critical service",
    core.BLACKOUT: "Blackout window",
    core.MAINTENANCE: "Outside maintenance windows",
    core.MAJOR_INCIDENT: "Open major incident",
}


def changes_visible_to(user: Actor) -> QuerySet[Change]:
    """The whole calendar for whoever may read it, nothing for anyone else."""
    if not may(user, VIEW):
        return Change.objects.none()
    return Change.objects.select_related("implementer").prefetch_related("components")


def may_read_notes(user: Actor, change: Change) -> bool:
    return may(user, READ_NOTES, change)


@dataclass(frozen=True)
class ConflictView:
    """A conflict as pages and the API show it."""

    kind: str
    label: str
    text: str
    other: Change | None
    path: tuple[str, ...]
    parties: tuple[Party, ...]
    incident: str | None
    blackout: str | None


@dataclass(frozen=True)
class _Detected:
    """What conflict detection found for some changes, and what it read to find it."""

    found: list[core.Conflict]
    landscape: Any
    blackouts: list[BlackoutWindow]
    incidents: list[core.Incident]


def _detect(changes: list[Change], *, now: dt.datetime) -> _Detected:
    """Conflicts of ``changes`` with every live change overlapping them, the blackouts, the
    implementers' maintenance windows and the open major incidents. Reads windows and
    components as plain values (one query each), never the other changes' rows."""
    start = min(c.planned_start for c in changes)
    end = max(c.planned_end for c in changes)
    asked = {c.pk: c for c in changes}
    windows = {
        pk: (party, begins, ends)
        for pk, party, begins, ends in Change.objects.filter(
            status__in=core.LIVE, planned_start__lt=end, planned_end__gt=start
        ).values_list("pk", "implementer_id", "planned_start", "planned_end")
    }
    windows.update(
        {pk: (c.implementer_id, c.planned_start, c.planned_end) for pk, c in asked.items()}
    )
    touched: dict[int, set[int]] = {pk: set() for pk in windows}
    through = Change.components.through.objects.filter(change_id__in=list(windows))
    for change_id, component_id in through.values_list("change_id", "component_id"):
        touched[change_id].add(component_id)
    landscape = ecosystem.landscape()
    graph = core.ChangeGraph.from_landscape(landscape)
    blackouts = list(
        BlackoutWindow.objects.filter(starts_at__lt=end, ends_at__gt=start).prefetch_related(
            "services"
        )
    )
    parties = {party for party, _, _ in windows.values()}
    slots = [
        core.MaintenanceSlot(w.party_id, w.weekday, w.starts, w.ends, w.time_zone)
        for w in MaintenanceWindow.objects.filter(party__in=parties)
    ]
    incidents = [core.Incident(r, s, p) for r, s, p in operations.open_major_incidents()]
    found = core.detect_conflicts(
        [
            core.PlannedChange(pk, party, begins, ends, frozenset(touched[pk]))
            for pk, (party, begins, ends) in windows.items()
        ],
        graph,
        now=now,
        blackouts=[
            core.Blackout(
                b.pk, b.name, b.starts_at, b.ends_at, frozenset(s.pk for s in b.services.all())
            )
            for b in blackouts
        ],
        maintenance=slots,
        incidents=incidents,
        only=frozenset(asked),
    )
    return _Detected(found, landscape, blackouts, incidents)


def conflict_counts(changes: list[Change], *, now: dt.datetime) -> dict[int, int]:
    """How many conflicts each of ``changes`` has (what the calendar shows), without putting
    them in words."""
    if not changes:
        return {}
    counts: dict[int, int] = {}
    for conflict in _detect(changes, now=now).found:
        counts[conflict.change] = counts.get(conflict.change, 0) + 1
    return counts


def conflicts_for(
    user: Actor, changes: list[Change], *, now: dt.datetime
) -> dict[int, list[ConflictView]]:
    """The conflicts of each of ``changes`` (with every live change, blackout, maintenance
    window and open major incident), in words the viewer may read."""
    if not changes:
        return {}
    asked = {c.pk: c for c in changes}
    detected = _detect(changes, now=now)
    found, landscape, blackouts, incidents = (
        detected.found, detected.landscape, detected.blackouts, detected.incidents
    )  # fmt: skip
    named = {c.other for c in found if c.other is not None and c.other not in asked}
    every = {
        **{c.pk: c for c in Change.objects.filter(pk__in=named).select_related("implementer")},
        **asked,
    }
    readable = (
        set(
            operations.tickets_visible_to(user)
            .filter(reference__in=[i.reference for i in incidents])
            .values_list("reference", flat=True)
        )
        if incidents
        else set()
    )
    involved = {p for conflict in found for p in conflict.parties}
    party_rows = {p.pk: p for p in ecosystem.parties_among(involved)}
    names = core.Names(
        changes={pk: c.reference for pk, c in every.items()},
        components={c.id: c.name for c in landscape.components},
        services={s.id: s.name for s in landscape.services},
        parties={pk: p.name for pk, p in party_rows.items()},
        blackouts={b.pk: b.name for b in blackouts},
    )
    out: dict[int, list[ConflictView]] = {pk: [] for pk in asked}
    for conflict in found:
        shown = conflict
        if conflict.incident is not None and conflict.incident not in readable:
            shown = _unnamed_incident(conflict)
        out[conflict.change].append(
            ConflictView(
                kind=conflict.kind,
                label=KIND_LABELS[conflict.kind],
                text=core.explain(shown, names),
                other=every.get(conflict.other) if conflict.other is not None else None,
                path=tuple(names.components.get(c, "?") for c in conflict.path),
                parties=tuple(party_rows[p] for p in sorted(conflict.parties) if p in party_rows),
                incident=shown.incident,
                blackout=names.blackouts.get(conflict.blackout) if conflict.blackout else None,
            )
        )
    return out


def _unnamed_incident(conflict: core.Conflict) -> core.Conflict:
    from dataclasses import replace

    return replace(conflict, incident="(a ticket you may not open)")


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=7)


def between(rows: QuerySet[Change], start: dt.datetime, end: dt.datetime) -> QuerySet[Change]:
    return rows.filter(planned_start__lt=end, planned_end__gt=start)


def search(rows: QuerySet[Change], text: str) -> QuerySet[Change]:
    return rows.filter(Q(reference__icontains=text) | Q(title__icontains=text))


def change_shape(change: Change, *, notes: bool) -> dict[str, Any]:
    """A change's fields as the API answers, its notes only for who may read them."""
    return {
        "reference": change.reference,
        "title": change.title,
        "description": change.description,
        "implementer": change.implementer.slug,
        "implementer_name": change.implementer.name,
        "kind": change.kind,
        "risk": change.risk,
        "status": change.status,
        "planned_start": change.planned_start,
        "planned_end": change.planned_end,
        "components": sorted(c.slug for c in change.components.all()),
        "rollback_plan": change.rollback_plan,
        "internal_notes": change.internal_notes if notes else None,
        "retrospective_asked_at": change.retrospective_asked_at,
    }


def _feed_rows(user: Actor) -> QuerySet[Change]:
    return changes_visible_to(user).exclude(status__in=(core.CANCELLED, core.REJECTED))


def changes_for_party_feed(user: Actor, party_id: int | None) -> QuerySet[Change]:
    """The changes a party's calendar feed holds: live or planned ones it implements or that
    touch a component it runs (the integrator's feed: every one)."""
    rows = _feed_rows(user)
    if party_id is None or party_id in ecosystem.integrator_party_ids():
        return rows
    return rows.filter(Q(implementer=party_id) | Q(components__run_by=party_id)).distinct()


def feed_service(slug: str) -> Any:
    """The service a calendar feed is asked for, or None (every calendar reader names any
    service, as the calendar's service filter does)."""
    return ecosystem.services_for_choice().filter(slug=slug).first()


def changes_for_service_feed(user: Actor, service_id: int) -> QuerySet[Change]:
    """The changes a service's calendar feed holds: live or planned ones touching a component
    the service needs, directly or through the dependency graph."""
    graph = core.ChangeGraph.from_landscape(ecosystem.landscape())
    needed = graph.services.get(service_id, frozenset())
    return _feed_rows(user).filter(components__in=sorted(needed)).distinct()


@dataclass(frozen=True)
class LinkedIncidents:
    """The tickets opened on what a change touched or affects during its window or within
    `core.INCIDENT_HORIZON` after it: those the viewer may open, and how many others."""

    tickets: tuple[Any, ...]
    hidden: int

    def __bool__(self) -> bool:
        return bool(self.tickets) or bool(self.hidden)


def incident_references(change: Change) -> list[str]:
    """Every ticket linked to a change whose work began (none for one that never started),
    earliest first; whoever reads them is the caller's to judge."""
    if change.status not in core.STARTED:
        return []
    components = frozenset(c.pk for c in change.components.all())
    graph = core.ChangeGraph.from_landscape(ecosystem.landscape())
    affected = graph.affected_services(components)
    opened = [
        core.OpenedTicket(reference, service, component, at, priority)
        for reference, service, component, at, priority in operations.tickets_opened_on(
            service_ids=affected,
            component_ids=components,
            start=change.planned_start,
            end=change.planned_end + core.INCIDENT_HORIZON,
        )
    ]
    linked = core.incidents_after(
        change.planned_start, change.planned_end, components, affected, opened
    )
    return [t.reference for t in linked]


def linked_incidents(user: Actor, change: Change) -> LinkedIncidents:
    """The incidents after a change, as far as the viewer may open their tickets."""
    references = incident_references(change)
    if not references:
        return LinkedIncidents((), 0)
    visible = {
        t.reference: t for t in operations.tickets_visible_to(user).filter(reference__in=references)
    }
    shown = tuple(visible[r] for r in references if r in visible)
    return LinkedIncidents(shown, len(references) - len(shown))
