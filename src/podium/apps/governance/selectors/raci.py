"""Reads of the responsibility matrix, and of what it answers: "who do I call?", what a
component outage touches, how much of the critical business rests on one party.

Integrator staff and auditors see every letter. A party's users see the letters of the
(object, activity) cells their own party holds a letter in — their own and the other parties'
next to them, which is what a RACI tells them — and nothing else. Findings are computed over the
whole matrix by ``podium.core.raci`` and then narrowed the same way, so a party never learns of
another party's contracts. Contacts come only through the letters the user may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.models import Activity, EscalationLadder, ResponsibilityAssignment
from podium.apps.governance.selectors import escalation
from podium.core import raci
from podium.platform.access import Actor, memoised, visible_party_ids
from podium.platform.history import end_of_day

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Component, Contact, Party, Service
    from podium.apps.governance.models import EscalationStep

CONTRACT_RULES = frozenset({raci.CONTRACT_EXPIRED, raci.CONTRACT_EXPIRING, raci.OUTSIDE_CONTRACT})


@dataclass(frozen=True)
class Letter:
    """One assignment as pages show it, current or as it was on a past day."""

    id: int
    obj: raci.ObjectKey
    activity_id: int
    activity_code: str
    party_id: int
    party_name: str
    role: str
    note: str

    def core(self) -> raci.Assignment:
        return raci.Assignment(self.obj, self.activity_code, self.party_id, self.role)


def activities() -> QuerySet[Activity]:
    return Activity.objects.all()


def _key(service_id: int | None, component_id: int | None) -> raci.ObjectKey:
    if service_id is not None:
        return (raci.SERVICE, service_id)
    assert component_id is not None
    return (raci.COMPONENT, component_id)


def assignments_visible_to(user: Actor) -> QuerySet[ResponsibilityAssignment]:
    """Current letters the user may read (see the module docstring for a party's share)."""
    rows = ResponsibilityAssignment.objects.select_related(
        "activity", "party", "service", "component"
    )
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    own = ResponsibilityAssignment.objects.filter(party__in=parties, activity=OuterRef("activity"))
    return rows.filter(
        (Q(service__isnull=False) & Q(Exists(own.filter(service=OuterRef("service")))))
        | (Q(component__isnull=False) & Q(Exists(own.filter(component=OuterRef("component")))))
    )


def _letters(rows: Iterable[ResponsibilityAssignment]) -> list[Letter]:
    return [
        Letter(
            r.pk,
            _key(r.service_id, r.component_id),
            r.activity_id,
            r.activity.code,
            r.party_id,
            r.party.name,
            r.role,
            r.note,
        )
        for r in rows
    ]


def _letters_as_of(day: dt.date) -> list[Letter]:
    """Every letter as the matrix stood at the end of `day` (from the row history)."""
    historical = ResponsibilityAssignment.history.model
    latest: dict[int, Any] = {}
    for row in historical.objects.filter(history_date__lt=end_of_day(day)).order_by(
        "history_date", "history_id"
    ):
        latest[row.id] = row
    codes = dict(Activity.objects.values_list("pk", "code"))
    names = ecosystem.party_names()
    return [
        Letter(
            r.id,
            _key(r.service_id, r.component_id),
            r.activity_id,
            codes.get(r.activity_id, "?"),
            r.party_id,
            names.get(r.party_id, "?"),
            r.role,
            r.note,
        )
        for r in latest.values()
        if r.history_type != "-"
    ]


def _narrow(user: Actor, letters: list[Letter]) -> list[Letter]:
    parties = visible_party_ids(user)
    if parties is None:
        return letters
    cells = {(x.obj, x.activity_id) for x in letters if x.party_id in parties}
    return [x for x in letters if (x.obj, x.activity_id) in cells]


def all_letters(as_of: dt.date | None = None) -> list[Letter]:
    """The whole matrix, unscoped: for rules that must see all of it before narrowing."""
    if as_of is None:
        return _letters(
            ResponsibilityAssignment.objects.select_related("activity", "party").order_by("pk")
        )
    return _letters_as_of(as_of)


def letters_visible_to(user: Actor, as_of: dt.date | None = None) -> list[Letter]:
    """The letters now, or as they stood at the end of ``as_of``."""
    if as_of is None:
        return _letters(assignments_visible_to(user))
    return _narrow(user, _letters_as_of(as_of))


def visible_objects(user: Actor) -> tuple[frozenset[int], frozenset[int]]:
    """Service and component ids whose rows the user may see in the grid (worked out once
    per request)."""
    return memoised(user, "governance.visible_objects", lambda: _visible_objects(user))


def _visible_objects(user: Actor) -> tuple[frozenset[int], frozenset[int]]:
    parties = visible_party_ids(user)
    if parties is None:
        return frozenset(ecosystem.service_ids()), frozenset(ecosystem.component_ids())
    services = set(ecosystem.services_visible_to(user).values_list("pk", flat=True))
    components = set(ecosystem.components_visible_to(user).values_list("pk", flat=True))
    for service_id, component_id in ResponsibilityAssignment.objects.filter(
        party__in=parties
    ).values_list("service_id", "component_id"):
        if service_id is not None:
            services.add(service_id)
        if component_id is not None:
            components.add(component_id)
    return frozenset(services), frozenset(components)


def visible_object_keys(user: Actor) -> frozenset[raci.ObjectKey] | None:
    """The (kind, id) of every object in the user's reach; None for those who see everything."""
    if visible_party_ids(user) is None:
        return None
    services, components = visible_objects(user)
    return frozenset(
        [(raci.SERVICE, i) for i in services] + [(raci.COMPONENT, i) for i in components]
    )


def all_findings(*, as_of: dt.date, historical: bool = False) -> tuple[raci.Finding, ...]:
    """Findings on ``as_of`` over the whole matrix (as it stood then when ``historical``)."""
    return raci.validate(
        [x.core() for x in all_letters(as_of if historical else None)],
        ecosystem.landscape(),
        ecosystem.contract_terms(),
        as_of=as_of,
        exempt_parties=ecosystem.integrator_party_ids(),
    )


def narrow_findings(user: Actor, found: Iterable[raci.Finding]) -> list[raci.Finding]:
    """The findings the user may see: on objects in reach, and findings about contracts only
    about the user's own party."""
    parties = visible_party_ids(user)
    if parties is None:
        return list(found)
    services, components = visible_objects(user)
    return [
        f
        for f in found
        if f.obj[1] in (services if f.obj[0] == raci.SERVICE else components)
        and (f.rule not in CONTRACT_RULES or f.party in parties)
    ]


def findings_visible_to(
    user: Actor, *, as_of: dt.date, historical: bool = False
) -> list[raci.Finding]:
    return narrow_findings(user, all_findings(as_of=as_of, historical=historical))


def objects_by_id(kind: str, ids: Iterable[int]) -> dict[int, Any]:
    rows = (
        ecosystem.services_among(ids) if kind == raci.SERVICE else ecosystem.components_among(ids)
    )
    return {o.pk: o for o in rows}


def object_in_reach(user: Actor, kind: str, slug: str) -> Service | Component | None:
    """The service or component `slug` if it is in the user's reach (else None: a 404)."""
    services, components = visible_objects(user)
    if kind == raci.SERVICE:
        return ecosystem.services_among(services).filter(slug=slug).first()
    if kind == raci.COMPONENT:
        return ecosystem.components_among(components).filter(slug=slug).first()
    return None


def objects_in_reach(user: Actor, kind: str) -> QuerySet[Any]:
    services, components = visible_objects(user)
    if kind == raci.SERVICE:
        return ecosystem.services_among(services)
    return ecosystem.components_among(components)


def party_names() -> dict[int, str]:
    return ecosystem.party_names()


def responsible_for(
    *, component_id: int | None, service_id: int | None, activity: str = raci.INCIDENT_RESOLUTION
) -> int | None:
    """The party the matrix makes Responsible for `activity` on the component (else on the
    service), for routing a ticket that names no one to hold it; with several, the first by
    name, so the answer does not depend on the order letters were written."""
    rows = ResponsibilityAssignment.objects.filter(activity__code=activity, role="R").order_by(
        "party__name"
    )
    if component_id is not None:
        found = rows.filter(component_id=component_id).values_list("party_id", flat=True).first()
        if found is not None:
            return found
    if service_id is not None:
        return rows.filter(service_id=service_id).values_list("party_id", flat=True).first()
    return None


@dataclass(frozen=True)
class Responsibility:
    """Who holds which letter for one activity on a service or component (a ticket's page)."""

    kind: str
    activity: str
    letters: tuple[tuple[str, tuple[Party, ...]], ...]  # (role, parties), R A C I order


def responsibilities_on(
    user: Actor, *, service_id: int | None, component_id: int | None
) -> list[Responsibility]:
    """The letters the user may read on one service and one component, by activity."""
    wanted = {(raci.SERVICE, service_id), (raci.COMPONENT, component_id)}
    letters = [x for x in letters_visible_to(user) if x.obj in wanted]
    chips = parties_by_id({x.party_id for x in letters})
    grouped: dict[tuple[str, int], list[Letter]] = {}
    for letter in letters:
        grouped.setdefault((letter.obj[0], letter.activity_id), []).append(letter)
    order = {a.pk: (a.position, a.name) for a in activities()}
    rows = []
    for (kind, activity_id), held in grouped.items():
        roles = tuple(
            (role, tuple(sorted((chips[x.party_id] for x in held if x.role == role), key=str)))
            for role in raci.ROLES
            if any(x.role == role and x.party_id in chips for x in held)
        )
        rows.append(
            (
                kind,
                order.get(activity_id, (0, "?")),
                Responsibility(kind, order.get(activity_id, (0, "?"))[1], roles),
            )
        )
    rows.sort(key=lambda r: (r[0] != raci.SERVICE, r[1]))
    return [r[2] for r in rows]


def parties_by_id(party_ids: Iterable[int]) -> dict[int, Party]:
    """The parties that letters the caller may read name, for their chips (one query)."""
    return {p.pk: p for p in ecosystem.parties_among(party_ids)}


# -- what the matrix answers --------------------------------------------------------------------


@dataclass(frozen=True)
class Callee:
    role: str
    party: Party
    contacts: list[Contact]
    hours: ecosystem.Hours
    ladder: EscalationLadder | None
    steps: list[EscalationStep]


def search_objects(user: Actor, text: str) -> list[Any]:
    """Services and components in reach whose name contains ``text``."""
    found: list[Any] = list(objects_in_reach(user, raci.SERVICE).filter(name__icontains=text))
    found += list(objects_in_reach(user, raci.COMPONENT).filter(name__icontains=text))
    return found


def who_to_call(
    user: Actor, obj: Service | Component, activity: Activity, now: dt.datetime
) -> list[Callee]:
    """Who holds letters for `activity` on `obj`, their contacts, whether they work now, and
    the escalation ladder that applies — only a ladder the user may read."""
    kind = raci.SERVICE if obj._meta.model_name == "service" else raci.COMPONENT
    letters = [
        x
        for x in letters_visible_to(user)
        if x.obj == (kind, obj.pk) and x.activity_id == activity.pk
    ]
    parties = ecosystem.parties_with_contacts({x.party_id for x in letters})
    service_id = obj.pk if kind == raci.SERVICE else None
    ladder_ids = escalation.current_ladder_ids({(x.party_id, service_id) for x in letters})
    readable = {
        lad.pk: lad
        for lad in escalation.current_ladders_visible_to(user).filter(pk__in=ladder_ids.values())
    }
    callees = []
    for letter in sorted(letters, key=lambda x: (raci.ROLES.index(x.role), x.party_name)):
        party = parties[letter.party_id]
        ladder = readable.get(ladder_ids.get((letter.party_id, service_id), -1))
        callees.append(
            Callee(
                letter.role,
                party,
                list(party.contacts.all()),
                ecosystem.hours_at(party, now),
                ladder,
                list(escalation.ladder_steps(ladder)) if ladder else [],
            )
        )
    return callees


def impact(user: Actor, component: Component, activity: str | None) -> dict[str, Any]:
    """Affected services (in the user's reach) and the letters to inform on what is touched."""
    service_ids, component_ids = visible_objects(user)
    letters = letters_visible_to(user)
    result = raci.impact_of(
        component.pk, ecosystem.landscape(), [x.core() for x in letters], activity=activity
    )
    names = party_names()
    objects = {
        kind: objects_by_id(kind, {n.obj[1] for n in result.notices if n.obj[0] == kind})
        for kind in (raci.SERVICE, raci.COMPONENT)
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
    return {
        "services": list(ecosystem.services_among(set(result.services) & service_ids)),
        "components": list(ecosystem.components_among(result.components & component_ids)),
        "notices": notices,
    }


def concentration() -> dict[str, Any]:
    """Shares of the critical business per party, the Herfindahl index and exit risks."""
    land = ecosystem.landscape()
    result = raci.concentration(land)
    names = party_names()
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
