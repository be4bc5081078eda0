"""Reads of the ecosystem.

Reads named ``*_visible_to(user)`` are scoped to what the acting user may see, and pages and the
API use only those. The reads below them serve other contexts (governance, operations), which
decide scope themselves: they return core values (`podium.core.raci` graphs, contract terms) or
rows narrowed to ids the caller has already judged in reach. No other context touches the
ecosystem's models.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from podium.apps.ecosystem.choices import Criticality, PartyKind
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
from podium.core import raci
from podium.core.calendars import BusinessCalendar as EngineCalendar
from podium.core.calendars import CalendarError
from podium.core.calendars.hours import hours_from_json
from podium.core.contract_terms import needs_notice_soon
from podium.platform.access import Actor, visible_party_ids
from podium.platform.history import HistoryEntry, history_of

# -- scoped reads: what the acting user may see -----------------------------------------------


def parties_visible_to(user: Actor) -> QuerySet[Party]:
    parties = visible_party_ids(user)
    rows = Party.objects.annotate(component_count=Count("components", distinct=True))
    return rows if parties is None else rows.filter(pk__in=parties)


def components_visible_to(user: Actor) -> QuerySet[Component]:
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


def services_visible_to(user: Actor) -> QuerySet[Service]:
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


def contracts_visible_to(user: Actor) -> QuerySet[Contract]:
    """Contract values are commercial secrets: a party sees its own contracts and no others."""
    parties = visible_party_ids(user)
    rows = Contract.objects.select_related("party")
    return rows if parties is None else rows.filter(party__in=parties)


def contacts_visible_to(user: Actor) -> QuerySet[Contact]:
    """A party sees its own contacts here; the RACI pages add the ones it is given there."""
    parties = visible_party_ids(user)
    rows = Contact.objects.select_related("party")
    return rows if parties is None else rows.filter(party__in=parties)


def calendars_visible_to(user: Actor) -> QuerySet[BusinessCalendar]:
    """A party sees the calendars it works by: its own, and those of its contracts' targets."""
    parties = visible_party_ids(user)
    rows = BusinessCalendar.objects.all()
    if parties is None:
        return rows
    return rows.filter(
        Q(parties__in=parties)
        | Q(pk__in=Contract.objects.filter(party__in=parties).values("targets__calendar"))
    ).distinct()


def service_components_visible_to(user: Actor, service: Service) -> QuerySet[Component]:
    """The components a service needs directly, of those the viewer may see."""
    return (
        components_visible_to(user)
        .filter(pk__in=ServiceComponent.objects.filter(service=service).values("component_id"))
        .order_by("name")
    )


def service_links(
    component_ids: Iterable[int], service_ids: Iterable[int]
) -> list[tuple[int, int]]:
    """(component id, service id) for each service that needs one of these components."""
    return list(
        ServiceComponent.objects.filter(
            component__in=list(component_ids), service__in=list(service_ids)
        ).values_list("component_id", "service_id")
    )


# Reads for the API's read shapes: each row with the related rows the viewer may see, fetched
# once for the whole page (``visible_*`` attributes), never another party's component.


def services_for_reading(user: Actor) -> QuerySet[Service]:
    return services_visible_to(user).prefetch_related(
        Prefetch(
            "components",
            queryset=components_visible_to(user).order_by("slug"),
            to_attr="visible_components",
        )
    )


def components_for_reading(user: Actor) -> QuerySet[Component]:
    return components_visible_to(user).prefetch_related(
        Prefetch(
            "depends_on",
            queryset=components_visible_to(user).order_by("slug"),
            to_attr="visible_depends_on",
        )
    )


def contracts_for_reading(user: Actor) -> QuerySet[Contract]:
    return contracts_visible_to(user).prefetch_related(
        Prefetch(
            "services",
            queryset=services_visible_to(user).order_by("name"),
            to_attr="visible_services",
        ),
        Prefetch(
            "components",
            queryset=components_visible_to(user).order_by("name"),
            to_attr="visible_components",
        ),
        Prefetch(
            "targets",
            queryset=ContractTarget.objects.select_related("calendar").order_by("priority"),
            to_attr="all_targets",
        ),
    )


def _visible_slug_filter(user: Actor) -> Any:
    """A function that keeps, of a list of component slugs, those the viewer may see."""
    if visible_party_ids(user) is None:
        return lambda slugs: slugs
    visible = set(components_visible_to(user).values_list("slug", flat=True))
    return lambda slugs: [s for s in slugs if s in visible]


def history_visible_to(user: Actor, row: Any) -> list[HistoryEntry]:
    """The audit trail of a row the viewer may see, with other parties' components left out
    of the lists it records (a service's components, a component's dependencies)."""
    keep = _visible_slug_filter(user)

    def redact(field: str, value: Any) -> Any:
        if field in {"components", "depends_on"} and isinstance(value, list):
            return keep(value)
        return value

    return history_of(row, redact=redact)


# -- reads for other contexts, which decide the scope themselves -------------------------------


def parties_for_choice() -> QuerySet[Party]:
    """Every party, for the integrator's forms and lookups by slug."""
    return Party.objects.order_by("name")


def services_for_choice() -> QuerySet[Service]:
    return Service.objects.order_by("name")


def components_for_choice() -> QuerySet[Component]:
    return Component.objects.select_related("run_by").order_by("name")


def calendars_for_choice() -> QuerySet[BusinessCalendar]:
    return BusinessCalendar.objects.order_by("name")


def parties_among(party_ids: Iterable[int]) -> QuerySet[Party]:
    return Party.objects.filter(pk__in=list(party_ids)).order_by("name")


def services_among(service_ids: Iterable[int]) -> QuerySet[Service]:
    return Service.objects.filter(pk__in=list(service_ids)).order_by("name")


def components_among(component_ids: Iterable[int]) -> QuerySet[Component]:
    return (
        Component.objects.filter(pk__in=list(component_ids))
        .select_related("run_by")
        .order_by("name")
    )


def party_names() -> dict[int, str]:
    return dict(Party.objects.values_list("pk", "name"))


def party_slugs() -> dict[int, str]:
    return dict(Party.objects.values_list("pk", "slug"))


def integrator_party_ids() -> frozenset[int]:
    return frozenset(Party.objects.filter(kind=PartyKind.INTEGRATOR).values_list("pk", flat=True))


def service_ids() -> set[int]:
    return set(Service.objects.values_list("pk", flat=True))


def component_ids() -> set[int]:
    return set(Component.objects.values_list("pk", flat=True))


def landscape() -> raci.Landscape:
    """The whole service/component graph as core values (findings and impact need all of it)."""
    links: dict[int, set[int]] = {}
    for service_id, component_id in ServiceComponent.objects.values_list(
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
    """Every contract's term and scope, as the responsibility-matrix rules read them."""
    return [
        raci.ContractTerm(
            contract.reference,
            contract.party_id,
            contract.starts_on,
            contract.ends_on,
            contract.notice_deadline,
            frozenset(s.pk for s in contract.services.all()),
            frozenset(c.pk for c in contract.components.all()),
        )
        for contract in Contract.objects.prefetch_related("services", "components")
    ]


def contracts_needing_notice_soon(party_ids: Iterable[int], today: dt.date) -> list[Contract]:
    """Contracts of these parties that need notice soon (`podium.core.contract_terms`), by the
    date that matters — the notice deadline ahead, else the end — earliest first."""
    rows = Contract.objects.filter(party__in=list(party_ids)).select_related("party")
    due = [
        c
        for c in rows
        if needs_notice_soon(ends_on=c.ends_on, notice_deadline=c.notice_deadline, today=today)
    ]
    return sorted(due, key=lambda c: (notice_due_on(c, today), c.reference))


def notice_due_on(contract: Contract, today: dt.date) -> dt.date:
    """The notice deadline while it lies ahead, else the end of the term."""
    deadline = contract.notice_deadline
    return deadline if deadline >= today else contract.ends_on


@dataclass(frozen=True)
class ResolutionTarget:
    """What a contract promises for a ticket: its resolution target in business minutes, and
    the calendar those minutes count on (the target's own, else the party's; None: 24×7)."""

    contract: Contract
    target: ContractTarget
    calendar: BusinessCalendar | None


def resolution_target_visible_to(
    user: Actor,
    *,
    party_id: int,
    service_id: int | None,
    component_id: int | None,
    priority: str,
    on: dt.date,
) -> ResolutionTarget | None:
    """The target of `party_id`'s contract in force `on` that covers the service or component,
    for `priority` — only among the contracts the user may see (their values are commercial)."""
    covers = Q(pk__in=[])
    if service_id is not None:
        covers |= Q(services=service_id)
    if component_id is not None:
        covers |= Q(components=component_id)
    contracts = (
        contracts_visible_to(user)
        .filter(covers, party_id=party_id, starts_on__lte=on, ends_on__gte=on)
        .select_related("party__calendar")
        .distinct()
        .order_by("reference")
    )
    for contract in contracts:
        target = contract.targets.select_related("calendar").filter(priority=priority).first()
        if target is not None:
            return ResolutionTarget(contract, target, target.calendar or contract.party.calendar)
    return None


def contacts_holding(roles: Iterable[tuple[int, str]]) -> list[Contact]:
    """Contacts who hold one of these (party id, contact role) pairs, by name."""
    wanted = Q(pk__in=[])
    for party_id, role in roles:
        wanted |= Q(party_id=party_id, role=role)
    return list(Contact.objects.filter(wanted).order_by("name"))


def component_runners(component_ids: Iterable[int]) -> dict[int, int]:
    """Component id → id of the party that runs it."""
    return dict(Component.objects.filter(pk__in=list(component_ids)).values_list("pk", "run_by_id"))


@dataclass(frozen=True)
class Hours:
    """Whether a party works at ``now`` and when that changes (``None``: never, e.g. 24×7)."""

    known: bool
    open: bool
    next_change: dt.datetime | None
    time_zone: str


def engine_calendar(calendar: BusinessCalendar) -> EngineCalendar:
    """A stored business calendar as the engine computes with it."""
    if calendar.always_open:
        return EngineCalendar.always_open()
    return EngineCalendar.weekly(
        calendar.time_zone,
        hours_from_json(calendar.weekly_hours),
        country=calendar.country or None,
        subdivision=calendar.subdivision or None,
        closures=[dt.date.fromisoformat(d) for d in calendar.closures],
    )


def hours_at(party: Party, now: dt.datetime) -> Hours:
    """Whether `party` works at `now` by its business calendar."""
    if party.calendar is None:
        return Hours(False, False, None, party.time_zone)
    engine = engine_calendar(party.calendar)
    try:
        change: dt.datetime | None = engine.next_change(now)
    except CalendarError:
        change = None
    return Hours(True, engine.is_open(now), change, party.calendar.time_zone)


def parties_with_contacts(party_ids: Iterable[int]) -> dict[int, Party]:
    """Parties by id with their calendar and contacts loaded ("who do I call?")."""
    rows = (
        Party.objects.select_related("calendar")
        .prefetch_related("contacts")
        .filter(pk__in=list(party_ids))
    )
    return {p.pk: p for p in rows}


@dataclass(frozen=True)
class TargetTerms:
    """A contract's targets for one priority, as a ticket's SLA snapshot keeps them."""

    party_id: int
    contract: str
    response_seconds: float
    resolution_seconds: float
    calendar: dict[str, Any] | None


def calendar_spec(calendar: BusinessCalendar | None) -> dict[str, Any] | None:
    """A business calendar as plain values, for a snapshot that later edits do not change."""
    if calendar is None:
        return None
    return {
        "name": calendar.name,
        "time_zone": calendar.time_zone,
        "weekly_hours": calendar.weekly_hours,
        "country": calendar.country,
        "subdivision": calendar.subdivision,
        "closures": list(calendar.closures),
        "always_open": calendar.always_open,
    }


def targets_covering(
    *, service_id: int | None, component_id: int | None, priority: str, on: dt.date
) -> list[TargetTerms]:
    """Targets for `priority` of the contracts in force on `on` that cover the service or the
    component; a target without its own calendar uses its party's."""
    covering = Q(pk__in=[])
    if service_id is not None:
        covering |= Q(services=service_id)
    if component_id is not None:
        covering |= Q(components=component_id)
    contracts = (
        Contract.objects.filter(covering, starts_on__lte=on, ends_on__gte=on)
        .select_related("party__calendar")
        .prefetch_related("targets__calendar")
        .distinct()
        .order_by("reference")
    )
    found = []
    for contract in contracts:
        for target in contract.targets.all():
            if target.priority != priority:
                continue
            calendar = target.calendar or contract.party.calendar
            found.append(
                TargetTerms(
                    contract.party_id,
                    contract.reference,
                    target.response_minutes * 60.0,
                    target.resolution_minutes * 60.0,
                    calendar_spec(calendar),
                )
            )
    return found


def party_by_slug(slug: str) -> Party | None:
    return Party.objects.filter(slug=slug).first()


def party_calendar_spec(party_id: int | None) -> dict[str, Any] | None:
    if party_id is None:
        return None
    party = Party.objects.select_related("calendar").filter(pk=party_id).first()
    return calendar_spec(party.calendar) if party is not None else None
