"""The values a generated ecosystem is made of: frozen, comparable, free of any database.

The loader in ``podium.site.demo`` writes these through the app services; tests and benchmarks
read them directly (``EcosystemSpec.events_frame()`` is the ticket history as a canonical event
log). Everything refers to other things by slug, so a spec means the same in any database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from podium.core.eventlog import CANONICAL_SCHEMA

WeeklyHours = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
"""(weekday, ((start, end), ...)) pairs, e.g. ``(("mon", (("09:00", "17:00"),)), ...)``."""


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    slug: str
    name: str
    time_zone: str
    country: str
    weekly_hours: WeeklyHours
    always_open: bool = False
    subdivision: str = ""

    def weekly_hours_json(self) -> dict[str, list[list[str]]]:
        """The hours in the shape ``BusinessCalendar.weekly_hours`` stores (JSON lists)."""
        return {day: [[start, end] for start, end in spans] for day, spans in self.weekly_hours}


@dataclass(frozen=True, slots=True)
class ContactSpec:
    name: str
    role: str
    email: str
    phone: str


@dataclass(frozen=True, slots=True)
class PartySpec:
    """A party with the people who work its tickets (``engineers``) and its queues (``teams``);
    ``code`` is the short name its chip shows."""

    slug: str
    name: str
    code: str
    kind: str
    segment: str
    risk_tier: str
    time_zone: str
    calendar: str
    description: str
    contacts: tuple[ContactSpec, ...]
    teams: tuple[str, ...]
    engineers: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ComponentSpec:
    slug: str
    name: str
    kind: str
    run_by: str
    description: str


@dataclass(frozen=True, slots=True)
class DependencySpec:
    """Component ``source`` cannot work without component ``target``."""

    source: str
    target: str


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    slug: str
    name: str
    criticality: str
    owner: str
    description: str
    components: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """Targets for one priority, in business minutes on the party's calendar."""

    priority: str
    response_minutes: int
    resolution_minutes: int
    availability_percent: Decimal | None
    service_credit_percent: Decimal


@dataclass(frozen=True, slots=True)
class ContractSpec:
    reference: str
    party: str
    title: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date
    notice_period_days: int
    annual_value: Decimal
    currency: str
    services: tuple[str, ...]
    components: tuple[str, ...]
    targets: tuple[TargetSpec, ...]

    @property
    def notice_deadline(self) -> dt.date:
        return self.ends_on - dt.timedelta(days=self.notice_period_days)


@dataclass(frozen=True, slots=True)
class UserSpec:
    """A demo log-in; every one shares ``DEMO_PASSWORD``."""

    username: str
    role: str
    party: str | None
    first_name: str
    last_name: str
    email: str
    time_zone: str


@dataclass(frozen=True, slots=True)
class EventSpec:
    """One status change or hand-off. ``party``/``team`` hold the ticket *after* the event;
    ``resource`` is the person acting and ``actor_party`` the party that person works for."""

    at: dt.datetime
    status: str
    sub_status: str
    party: str
    team: str
    resource: str
    actor_party: str
    line: int


@dataclass(frozen=True, slots=True)
class TicketSpec:
    reference: str
    title: str
    service: str
    component: str
    priority: str
    status: str
    opened_at: dt.datetime
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    events: tuple[EventSpec, ...]


@dataclass(frozen=True, slots=True)
class PingPongPlant:
    """Tickets on ``services`` bounce directly between ``party_a`` and ``party_b`` (A→B→A)."""

    party_a: str
    party_b: str
    services: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WatermelonPlant:
    """Tickets of ``service`` pass ``holders`` in turn; each holds it within its per-party
    target, yet end to end the ticket misses the service's target. Targets are minutes on a
    24x7 clock (the service and every holder work around the clock), keyed by priority."""

    service: str
    holders: tuple[str, ...]
    end_to_end_target_minutes: tuple[tuple[str, int], ...]
    party_target_minutes: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class SlowPickupPlant:
    """``party`` works around the clock yet lets hand-offs wait: median pick-up near the value."""

    party: str
    median_pickup_minutes: int


@dataclass(frozen=True, slots=True)
class TimeZonePlant:
    """Two parties whose events fall in their own hours, with their own holidays."""

    offshore_party: str
    offshore_time_zone: str
    offshore_country: str
    internal_party: str
    internal_time_zone: str
    internal_country: str


@dataclass(frozen=True, slots=True)
class PlantedPatterns:
    ping_pong: PingPongPlant
    watermelon: WatermelonPlant
    slow_pickup: SlowPickupPlant
    time_zones: TimeZonePlant


EXTRA_COLUMNS: tuple[str, ...] = ("priority", "service", "component", "actor_party")
"""Attribute columns ``events_frame`` adds after the canonical ones."""


@dataclass(frozen=True, slots=True)
class EcosystemSpec:
    """A whole fictional enterprise and its ticket history, from ``start`` up to ``end``.

    ``start``/``end`` are UTC instants: ``end`` is midnight after the requested end date.
    """

    company: str
    seed: int
    scale: int
    start: dt.datetime
    end: dt.datetime
    calendars: tuple[CalendarSpec, ...]
    parties: tuple[PartySpec, ...]
    components: tuple[ComponentSpec, ...]
    dependencies: tuple[DependencySpec, ...]
    services: tuple[ServiceSpec, ...]
    contracts: tuple[ContractSpec, ...]
    users: tuple[UserSpec, ...]
    tickets: tuple[TicketSpec, ...]
    planted: PlantedPatterns

    @property
    def event_count(self) -> int:
        return sum(len(t.events) for t in self.tickets)

    def party(self, slug: str) -> PartySpec:
        return next(p for p in self.parties if p.slug == slug)

    def events_frame(self) -> pl.DataFrame:
        """The ticket history in the canonical event-log schema, plus ``EXTRA_COLUMNS``.

        Rows come grouped by ticket in time order, so ``EventLog.from_frame`` may be told
        ``assume_sorted=True`` when the caller wants to skip the sort.
        """
        columns: dict[str, list[object]] = {
            name: [] for name in (*CANONICAL_SCHEMA, *EXTRA_COLUMNS)
        }
        seq = 0
        for ticket in sorted(self.tickets, key=lambda t: t.reference):
            for event in ticket.events:
                columns["seq"].append(seq)
                columns["case_id"].append(ticket.reference)
                columns["timestamp"].append(event.at)
                columns["activity"].append(event.status)
                columns["sub_status"].append(event.sub_status or None)
                columns["party"].append(event.party)
                columns["team"].append(event.team)
                columns["resource"].append(event.resource or None)
                columns["line"].append(event.line)
                columns["priority"].append(ticket.priority)
                columns["service"].append(ticket.service)
                columns["component"].append(ticket.component)
                columns["actor_party"].append(event.actor_party or None)
                seq += 1
        schema = {**CANONICAL_SCHEMA, **dict.fromkeys(EXTRA_COLUMNS, pl.String())}
        return pl.DataFrame(columns, schema=schema)
