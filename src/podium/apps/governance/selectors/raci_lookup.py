"""Reads behind "who do I call?", impact and concentration risk, scoped like the matrix.

Contacts come only through the letters the user may see, so a party's users learn the contacts
of the parties next to them in a cell and of no one else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from podium.apps.ecosystem.models import BusinessCalendar, Component, Contact, Party, Service
from podium.apps.governance.models import Activity, EscalationLadder, EscalationStep
from podium.apps.governance.selectors import raci as matrix
from podium.core import raci
from podium.core.calendars import BusinessCalendar as EngineCalendar
from podium.core.calendars.errors import CalendarError


@dataclass(frozen=True)
class Hours:
    """Whether a party works at ``now`` and when that changes (``None``: never, e.g. 24×7)."""

    known: bool
    open: bool
    next_change: dt.datetime | None
    time_zone: str


@dataclass(frozen=True)
class Callee:
    role: str
    party: Party
    contacts: list[Contact]
    hours: Hours
    ladder: EscalationLadder | None
    steps: list[EscalationStep]


def engine_calendar(calendar: BusinessCalendar) -> EngineCalendar:
    if calendar.always_open:
        return EngineCalendar.always_open()
    return EngineCalendar.weekly(
        calendar.time_zone,
        {day: [tuple(span) for span in spans] for day, spans in calendar.weekly_hours.items()},
        country=calendar.country or None,
        subdivision=calendar.subdivision or None,
        closures=[dt.date.fromisoformat(d) for d in calendar.closures],
    )


def hours_at(party: Party, now: dt.datetime) -> Hours:
    if party.calendar is None:
        return Hours(False, False, None, party.time_zone)
    engine = engine_calendar(party.calendar)
    try:
        change: dt.datetime | None = engine.next_change(now)
    except CalendarError:
        change = None
    return Hours(True, engine.is_open(now), change, party.calendar.time_zone)


def current_ladder(party: Party, service: Service | None) -> EscalationLadder | None:
    """The most specific current ladder: this party and service, then the party's, then any."""
    ladders = EscalationLadder.objects.filter(is_current=True).filter(
        Q(party=party) | Q(party__isnull=True)
    )
    ladders = (
        ladders.filter(Q(service=service) | Q(service__isnull=True))
        if service
        else (ladders.filter(service__isnull=True))
    )
    ranked = sorted(
        ladders, key=lambda lad: (lad.party_id is None, lad.service_id is None, lad.key)
    )
    return ranked[0] if ranked else None


def search_objects(user: Any, text: str) -> list[Service | Component]:
    """Services and components in reach whose name contains ``text``."""
    service_ids, component_ids = matrix.visible_objects(user)
    found: list[Service | Component] = list(
        Service.objects.filter(pk__in=service_ids, name__icontains=text).order_by("name")
    )
    found += list(
        Component.objects.filter(pk__in=component_ids, name__icontains=text).order_by("name")
    )
    return found


def who_to_call(
    user: Any, obj: Service | Component, activity: Activity, now: dt.datetime
) -> list[Callee]:
    kind = raci.SERVICE if isinstance(obj, Service) else raci.COMPONENT
    letters = [
        x
        for x in matrix.letters_visible_to(user)
        if x.obj == (kind, obj.pk) and x.activity_id == activity.pk
    ]
    parties = {
        p.pk: p
        for p in Party.objects.select_related("calendar")
        .prefetch_related("contacts")
        .filter(pk__in={x.party_id for x in letters})
    }
    service = obj if isinstance(obj, Service) else None
    callees = []
    for letter in sorted(letters, key=lambda x: (raci.ROLES.index(x.role), x.party_name)):
        party = parties[letter.party_id]
        ladder = current_ladder(party, service)
        callees.append(
            Callee(
                letter.role,
                party,
                list(party.contacts.all()),
                hours_at(party, now),
                ladder,
                list(ladder.steps.select_related("party")) if ladder else [],
            )
        )
    return callees


def impact(user: Any, component: Component, activity: str | None) -> dict[str, Any]:
    """Affected services (in the user's reach) and the letters to inform on what is touched."""
    service_ids, component_ids = matrix.visible_objects(user)
    letters = matrix.letters_visible_to(user)
    result = raci.impact_of(
        component.pk, matrix.landscape(), [x.core() for x in letters], activity=activity
    )
    services = Service.objects.filter(pk__in=set(result.services) & service_ids).order_by("name")
    components = Component.objects.filter(pk__in=result.components & component_ids).select_related(
        "run_by"
    )
    names = matrix.party_names()
    objects = {
        raci.SERVICE: matrix.object_names(
            raci.SERVICE, {n.obj[1] for n in result.notices if n.obj[0] == raci.SERVICE}
        ),
        raci.COMPONENT: matrix.object_names(
            raci.COMPONENT, {n.obj[1] for n in result.notices if n.obj[0] == raci.COMPONENT}
        ),
    }
    notices = [
        {
            "party": names.get(n.party, "?"),
            "role": n.role,
            "object": objects[n.obj[0]].get(n.obj[1]),
            "kind": n.obj[0],
            "activity": n.activity,
        }
        for n in result.notices
    ]
    return {"services": list(services), "components": list(components), "notices": notices}


def concentration() -> dict[str, Any]:
    land = matrix.landscape()
    result = raci.concentration(land)
    names = matrix.party_names()
    services = {s.id: s.name for s in land.services}
    components = {c.id: c.name for c in land.components}
    return {
        "index": result.index,
        "critical_total": sum(1 for s in land.services if s.critical),
        "shares": [
            {
                "party": names.get(s.party, "?"),
                "share": s.share,
                "services": sorted(services[i] for i in s.critical_services),
            }
            for s in result.shares
        ],
        "exit_risks": [
            {
                "party": names.get(r.party, "?"),
                "service": services[r.service],
                "component": components[r.component],
            }
            for r in result.exit_risks
        ],
    }
