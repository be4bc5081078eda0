"""Six months (or any span) of tickets: when they arrive, what they are about, how they travel.

Most tickets follow ordinary flows — fixed at first line, or handed to the party that runs the
component, sometimes escalated to the party of a component it depends on, sometimes misrouted
and sent back. The planted flows (``patterns``) take over for the tickets they concern.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from podium.core.synthetic.hours import WorkingHours
from podium.core.synthetic.landscape import service_volumes
from podium.core.synthetic.parties import SERVICE_DESK
from podium.core.synthetic.patterns import (
    PING_PONG,
    PING_PONG_SHARE,
    SLOW_PICKUP,
    WATERMELON,
    ping_pong_flow,
    slow_pickup_factor,
    watermelon_flow,
)
from podium.core.synthetic.spec import (
    CalendarSpec,
    ComponentSpec,
    DependencySpec,
    PartySpec,
    ServiceSpec,
    TicketSpec,
)
from podium.core.synthetic.timeline import DAY, HOUR, MINUTE, Actor, TicketWriter, lognormal

TICKETS_PER_DAY = 22
"""Tickets a working day brings at scale 1 (weekends bring less than half)."""

_HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 9, 8, 9, 9, 8, 7, 5, 3, 2, 2, 1, 1, 1)
_PRIORITY_MIX = {
    "critical": (4, 20, 56, 20),
    "high": (2, 15, 58, 25),
    "medium": (1, 10, 59, 30),
    "low": (0, 5, 55, 40),
}
_WORK_MEDIAN = {"P1": 40 * MINUTE, "P2": 2 * HOUR, "P3": 4 * HOUR, "P4": 7 * HOUR}
_TITLES = {
    "application": (
        "{c}: error when saving",
        "{c} slow for all users",
        "{c}: batch job failed",
        "{c}: users get time-outs",
        "{c}: wrong data shown",
    ),
    "database": ("{c}: replication lag", "{c}: storage almost full", "{c}: slow queries"),
    "platform": ("{c}: node unavailable", "{c}: certificate expiring", "{c}: capacity alert"),
    "saas": ("{c}: posting fails", "{c}: interface error after release", "{c} unavailable"),
    "network": ("{c}: packet loss at depot", "{c}: link down", "{c}: high latency"),
    "integration": ("{c}: messages stuck in queue", "{c}: mapping error", "{c}: time-outs"),
    "security": ("{c}: users cannot log in", "{c}: suspicious sign-ins", "{c}: alert to review"),
    "end_user": ("{c}: device not working", "{c}: request for access", "{c}: cannot connect"),
}


def _actors(
    parties: tuple[PartySpec, ...],
    calendars: tuple[CalendarSpec, ...],
    first: dt.date,
    last: dt.date,
) -> dict[str, Actor]:
    by_slug = {c.slug: c for c in calendars}
    actors = {}
    for party in parties:
        hours = WorkingHours(by_slug[party.calendar], first, last)
        if party.slug == SLOW_PICKUP.party:
            actors[party.slug] = Actor(
                party, hours, SLOW_PICKUP.median_pickup_minutes * MINUTE, pickup_in_wall_time=True
            )
        else:
            actors[party.slug] = Actor(party, hours, 25 * MINUTE)
    return actors


def _arrivals(rng: random.Random, start: dt.date, days: int, scale: int) -> list[float]:
    """Opening instants, more on weekdays and in European office hours."""
    zone = ZoneInfo("Europe/Amsterdam")
    hours = range(24)
    instants = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        base = TICKETS_PER_DAY * scale * (1.0 if day.weekday() < 5 else 0.45)
        for _ in range(round(base * rng.uniform(0.8, 1.2))):
            hour = rng.choices(hours, weights=_HOUR_WEIGHTS)[0]
            local = dt.datetime(day.year, day.month, day.day, hour, tzinfo=zone)
            instants.append(local.timestamp() + rng.uniform(0, 3600))
    instants.sort()
    return instants


def generate_tickets(
    rng: random.Random,
    *,
    start: dt.datetime,
    end: dt.datetime,
    scale: int,
    parties: tuple[PartySpec, ...],
    calendars: tuple[CalendarSpec, ...],
    components: tuple[ComponentSpec, ...],
    dependencies: tuple[DependencySpec, ...],
    services: tuple[ServiceSpec, ...],
) -> tuple[TicketSpec, ...]:
    """Tickets opened in ``[start, end)``, each cut at ``end``."""
    actors = _actors(
        parties, calendars, start.date() - dt.timedelta(days=3), end.date() + dt.timedelta(days=120)
    )
    component_by_slug = {c.slug: c for c in components}
    needs: dict[str, list[str]] = {}
    for dependency in dependencies:
        needs.setdefault(dependency.source, []).append(dependency.target)
    volumes = service_volumes()
    weights = [volumes[s.slug] for s in services]
    suppliers = [
        a for slug, a in actors.items() if slug != SERVICE_DESK and a.party.kind != "integrator"
    ]
    end_ts = end.timestamp()
    days = (end.date() - start.date()).days
    tickets: list[TicketSpec] = []
    for number, opened in enumerate(_arrivals(rng, start.date(), days, scale), start=1):
        service = rng.choices(services, weights=weights)[0]
        component = component_by_slug[rng.choice(service.components)]
        priority = rng.choices(
            ("P1", "P2", "P3", "P4"), weights=_PRIORITY_MIX[service.criticality]
        )[0]
        writer = TicketWriter(rng, opened, actors[SERVICE_DESK])
        writer.open()
        _route(
            writer, rng, actors, suppliers, service, component, priority, needs, component_by_slug
        )
        title = rng.choice(_TITLES[component.kind]).format(c=component.name)
        ticket = writer.finish(
            reference=f"INC{number:07d}",
            title=title,
            service=service.slug,
            component=component.slug,
            priority=priority,
            end=end_ts,
        )
        if ticket is not None:
            tickets.append(ticket)
    return tuple(tickets)


def _route(
    writer: TicketWriter,
    rng: random.Random,
    actors: dict[str, Actor],
    suppliers: list[Actor],
    service: ServiceSpec,
    component: ComponentSpec,
    priority: str,
    needs: dict[str, list[str]],
    component_by_slug: dict[str, ComponentSpec],
) -> None:
    desk = writer.desk
    work = _WORK_MEDIAN[priority]
    owner = actors[component.run_by]
    chance = rng.random()
    if chance < 0.02:
        writer.step(desk, "inProgress", "Triage", rng.uniform(5, 30) * MINUTE)
        writer.cancel(desk, rng.uniform(5, 60) * MINUTE)
        return
    if service.slug == WATERMELON.service and chance < 0.9:
        watermelon_flow(writer, actors, priority)
        return
    pair = {PING_PONG.party_a, PING_PONG.party_b}
    if service.slug in PING_PONG.services and component.run_by in pair and chance < PING_PONG_SHARE:
        other = actors[(pair - {component.run_by}).pop()]
        bounces = rng.choice((1, 2, 2, 3, 3, 4))
        ping_pong_flow(writer, owner, other, bounces, lognormal(rng, work, 0.5))
        return
    if owner is desk or chance > 0.72:
        _first_line(writer, rng, work)
        return
    _single_resolver(
        writer, rng, actors, suppliers, owner, component, priority, needs, component_by_slug, work
    )


def _first_line(writer: TicketWriter, rng: random.Random, work: float) -> None:
    """The service desk fixes it itself."""
    desk = writer.desk
    writer.step(desk, "inProgress", "Triage", rng.uniform(2, 15) * MINUTE)
    if rng.random() < 0.2:
        writer.pause(desk, "Wait - User", "pending", lognormal(rng, 4 * HOUR, 0.8))
    writer.resolve(desk, lognormal(rng, work * 0.15, 0.6))


def _single_resolver(
    writer: TicketWriter,
    rng: random.Random,
    actors: dict[str, Actor],
    suppliers: list[Actor],
    owner: Actor,
    component: ComponentSpec,
    priority: str,
    needs: dict[str, list[str]],
    component_by_slug: dict[str, ComponentSpec],
    work: float,
) -> None:
    """Desk → the component's party, sometimes via a wrong party or on to a second one."""
    desk = writer.desk
    writer.step(desk, "inProgress", "Triage", rng.uniform(5, 20) * MINUTE)
    if rng.random() < 0.06:
        wrong = rng.choice([a for a in suppliers if a is not owner])
        writer.hand_off(desk, wrong, rng.uniform(5, 15) * MINUTE, "Assigned")
        _pick_up(writer, wrong, priority)
        writer.hand_off(wrong, desk, rng.uniform(10, 60) * MINUTE, "Returned - wrong assignment")
        writer.pick_up(desk)
    writer.hand_off(desk, owner, rng.uniform(5, 15) * MINUTE, "Assigned")
    _pick_up(writer, owner, priority)
    if rng.random() < 0.25:
        sub_status = rng.choice(("Wait - User", "Wait - Vendor"))
        writer.pause(owner, sub_status, "pending", lognormal(rng, 6 * HOUR, 0.9))
    if rng.random() < 0.06:
        writer.pause(owner, "Awaiting change window", "held", rng.uniform(3, 20) * DAY)
    second_parties = [
        actors[component_by_slug[c].run_by]
        for c in needs.get(component.slug, ())
        if actors[component_by_slug[c].run_by] not in (owner, desk)
    ]
    if second_parties and rng.random() < 0.15:
        second = rng.choice(second_parties)
        writer.hand_off(owner, second, lognormal(rng, work * 0.4, 0.5), "Escalated")
        _pick_up(writer, second, priority)
        if rng.random() < 0.12:
            writer.hand_off(second, owner, lognormal(rng, work * 0.4, 0.5), "Returned - not ours")
            _pick_up(writer, owner, priority)
            writer.resolve(owner, lognormal(rng, work * 0.5, 0.5))
        else:
            writer.resolve(second, lognormal(rng, work * 0.6, 0.5))
        return
    writer.resolve(owner, lognormal(rng, work, 0.6))


def _pick_up(writer: TicketWriter, actor: Actor, priority: str) -> None:
    factor = slow_pickup_factor(priority) if actor.party.slug == SLOW_PICKUP.party else 1.0
    writer.pick_up(actor, factor)
