"""Reads of the responsibility matrix, scoped to the acting user.

Integrator staff and auditors see every letter. A party's users see the letters of the
(object, activity) cells their own party holds a letter in — their own and the other parties'
next to them, which is what a RACI tells them — and nothing else. Findings are computed over the
whole matrix by ``podium.core.raci`` and then narrowed the same way, so a party never learns of
another party's contracts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.ecosystem.choices import Criticality, PartyKind
from podium.apps.ecosystem.models import Component, Contract, Dependency, Party, Service
from podium.apps.governance.models import Activity, ResponsibilityAssignment
from podium.core import raci
from podium.platform.access import visible_party_ids


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


def assignments_visible_to(user: Any) -> QuerySet[ResponsibilityAssignment]:
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


def _end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the viewer's time zone (set by the middleware)."""
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)


def _narrow(user: Any, letters: list[Letter]) -> list[Letter]:
    parties = visible_party_ids(user)
    if parties is None:
        return letters
    cells = {(x.obj, x.activity_id) for x in letters if x.party_id in parties}
    return [x for x in letters if (x.obj, x.activity_id) in cells]


def letters_visible_to(user: Any, as_of: dt.date | None = None) -> list[Letter]:
    """The letters now, or as they stood at the end of ``as_of`` (from the row history)."""
    if as_of is None:
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
            for r in assignments_visible_to(user)
        ]
    historical = ResponsibilityAssignment.history.model
    latest: dict[int, Any] = {}
    for row in historical.objects.filter(history_date__lt=_end_of_day(as_of)).order_by(
        "history_date", "history_id"
    ):
        latest[row.id] = row
    alive = [r for r in latest.values() if r.history_type != "-"]
    codes = dict(Activity.objects.values_list("pk", "code"))
    names = dict(Party.objects.values_list("pk", "name"))
    letters = [
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
        for r in alive
    ]
    return _narrow(user, letters)


def landscape() -> raci.Landscape:
    """The whole service/component graph as core values (findings need all of it)."""
    links: dict[int, set[int]] = {}
    for service_id, component_id in Service.components.through.objects.values_list(
        "service_id", "component_id"
    ):
        links.setdefault(service_id, set()).add(component_id)
    return raci.Landscape(
        services=tuple(
            raci.ServiceNode(pk, name, crit == Criticality.CRITICAL, frozenset(links.get(pk, ())))
            for pk, name, crit in Service.objects.values_list("pk", "name", "criticality")
        ),
        components=tuple(
            raci.ComponentNode(pk, name, kind, run_by)
            for pk, name, kind, run_by in Component.objects.values_list(
                "pk", "name", "kind", "run_by_id"
            )
        ),
        dependencies=tuple(Dependency.objects.values_list("source_id", "target_id")),
    )


def contract_terms() -> list[raci.ContractTerm]:
    terms = []
    for contract in Contract.objects.prefetch_related("services", "components"):
        terms.append(
            raci.ContractTerm(
                contract.reference,
                contract.party_id,
                contract.starts_on,
                contract.ends_on,
                contract.notice_deadline,
                frozenset(s.pk for s in contract.services.all()),
                frozenset(c.pk for c in contract.components.all()),
            )
        )
    return terms


def _integrator_ids() -> frozenset[int]:
    return frozenset(Party.objects.filter(kind=PartyKind.INTEGRATOR).values_list("pk", flat=True))


def visible_objects(user: Any) -> tuple[set[int], set[int]]:
    """Service and component ids whose rows the user may see in the grid."""
    parties = visible_party_ids(user)
    if parties is None:
        return set(Service.objects.values_list("pk", flat=True)), set(
            Component.objects.values_list("pk", flat=True)
        )
    services = set(ecosystem.services_visible_to(user).values_list("pk", flat=True))
    components = set(ecosystem.components_visible_to(user).values_list("pk", flat=True))
    for service_id, component_id in ResponsibilityAssignment.objects.filter(
        party__in=parties
    ).values_list("service_id", "component_id"):
        if service_id is not None:
            services.add(service_id)
        if component_id is not None:
            components.add(component_id)
    return services, components


def findings_visible_to(
    user: Any, *, as_of: dt.date, historical: bool = False
) -> list[raci.Finding]:
    """Findings on ``as_of`` for the whole matrix (as it stood then when ``historical``),
    narrowed to what the user may see: objects in reach, and contract findings only about the
    user's own party."""
    all_letters = [
        x.core() for x in letters_visible_to(EVERYONE, as_of=as_of if historical else None)
    ]
    found = raci.validate(
        all_letters,
        landscape(),
        contract_terms(),
        as_of=as_of,
        exempt_parties=_integrator_ids(),
    )
    parties = visible_party_ids(user)
    if parties is None:
        return list(found)
    services, components = visible_objects(user)
    contract_rules = {raci.CONTRACT_EXPIRED, raci.CONTRACT_EXPIRING, raci.OUTSIDE_CONTRACT}
    return [
        f
        for f in found
        if f.obj[1] in (services if f.obj[0] == raci.SERVICE else components)
        and (f.rule not in contract_rules or f.party in parties)
    ]


class _Everyone:
    """An acting user who sees everything: findings are computed over the whole matrix."""

    is_authenticated = True
    role = "auditor"
    party_id = None


EVERYONE = _Everyone()


def object_names(kind: str, ids: Iterable[int]) -> dict[int, Any]:
    model = Service if kind == raci.SERVICE else Component
    return {o.pk: o for o in model.objects.filter(pk__in=list(ids))}


def party_names() -> dict[int, str]:
    return dict(Party.objects.values_list("pk", "name"))
