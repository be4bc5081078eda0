"""The governance document as frozen values: what `podium governance export` writes and `apply`
reads.

Every object is named by a stable ``key`` (a party's, service's, component's, calendar's or
forum's slug, a contract's reference, an activity's code, a ladder's key) and refers to others
only by key, so the document reads the same on any installation. Nested collections (a party's
contacts, a contract's targets, a forum's members, the letters of a RACI cell) belong wholly to
the object that holds them; the field metadata ``nested`` tells the diff to compare them item by
item instead of as one value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

RACI_ROLES = ("R", "A", "C", "I")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SERVICE = "service"
COMPONENT = "component"


def _nested() -> dict[str, bool]:
    return {"nested": True}


@dataclass(frozen=True, slots=True)
class Calendar:
    """Working hours by weekday (``("mon", (("09:00", "17:00"),))``), holidays and closures."""

    key: str
    name: str
    time_zone: str
    country: str = ""
    subdivision: str = ""
    weekly_hours: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    closures: tuple[dt.date, ...] = ()
    always_open: bool = False


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    role: str
    email: str = ""
    phone: str = ""
    time_zone: str = ""

    @property
    def key(self) -> str:
        return f"{self.name} ({self.role})"


@dataclass(frozen=True, slots=True)
class Party:
    """A party. ``code`` and ``colour`` are its chip; left out of a document, applying keeps the
    party's own (or makes them, for a new party)."""

    key: str
    name: str
    kind: str
    code: str = ""
    colour: str = ""
    segment: str = "routine"
    risk_tier: str = "medium"
    time_zone: str = "Europe/Amsterdam"
    calendar: str | None = None
    description: str = ""
    contacts: tuple[Contact, ...] = field(default=(), metadata=_nested())


@dataclass(frozen=True, slots=True)
class Service:
    """A business service and the components it needs directly (sorted keys)."""

    key: str
    name: str
    criticality: str
    owner: str = ""
    description: str = ""
    components: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Component:
    key: str
    name: str
    kind: str
    run_by: str
    description: str = ""
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """What a contract promises for one priority; minutes are business minutes."""

    priority: str
    response_minutes: int
    resolution_minutes: int
    availability_percent: Decimal | None = None
    service_credit_percent: Decimal = Decimal("0.00")
    calendar: str | None = None

    @property
    def key(self) -> str:
        return self.priority


@dataclass(frozen=True, slots=True)
class Contract:
    key: str
    party: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    scope: str = ""
    notice_period_days: int = 90
    annual_value: Decimal = Decimal("0.00")
    currency: str = "EUR"
    services: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    targets: tuple[Target, ...] = field(default=(), metadata=_nested())


@dataclass(frozen=True, slots=True)
class Activity:
    key: str
    name: str
    description: str = ""
    position: int = 100


@dataclass(frozen=True, slots=True)
class Letter:
    """One RACI letter of a cell: ``party`` holds ``role``; the note travels with it."""

    role: str
    party: str
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.role} {self.party}"


@dataclass(frozen=True, slots=True)
class RaciCell:
    """Every letter for one activity on one service or component.

    The document owns the cells of the objects it lists: a letter missing here is taken away.
    """

    object_kind: str
    object_key: str
    activity: str
    letters: tuple[Letter, ...] = field(default=(), metadata=_nested())

    @property
    def key(self) -> str:
        return f"{self.object_kind}:{self.object_key}/{self.activity}"


@dataclass(frozen=True, slots=True)
class LadderStep:
    level: str
    wait_minutes: int
    party: str
    contact_role: str
    channel: str
    wait_kind: str = "business"

    def __str__(self) -> str:
        return (
            f"{self.level} after {self.wait_minutes} min ({self.wait_kind}): "
            f"{self.party} {self.contact_role} by {self.channel}"
        )


@dataclass(frozen=True, slots=True)
class Ladder:
    """The current version of an escalation ladder; steps are compared as one ordered value,
    because any change to them publishes a new version."""

    key: str
    name: str
    steps: tuple[LadderStep, ...]
    party: str | None = None
    service: str | None = None


@dataclass(frozen=True, slots=True)
class Member:
    party: str
    role: str = "member"

    @property
    def key(self) -> str:
        return self.party


@dataclass(frozen=True, slots=True)
class Forum:
    key: str
    name: str
    kind: str
    charter: str = ""
    cadence: str = ""
    first_meeting_at: dt.datetime | None = None
    duration_minutes: int = 60
    time_zone: str = "Europe/Amsterdam"
    members: tuple[Member, ...] = field(default=(), metadata=_nested())


@dataclass(frozen=True, slots=True)
class GovernanceDocument:
    """The whole governed ecosystem; each section is sorted by key."""

    calendars: tuple[Calendar, ...] = ()
    parties: tuple[Party, ...] = ()
    components: tuple[Component, ...] = ()
    services: tuple[Service, ...] = ()
    contracts: tuple[Contract, ...] = ()
    activities: tuple[Activity, ...] = ()
    raci: tuple[RaciCell, ...] = ()
    ladders: tuple[Ladder, ...] = ()
    forums: tuple[Forum, ...] = ()

    def counts(self) -> dict[str, int]:
        """Objects per section, plus the letters in the matrix, for summaries."""
        return {
            "calendars": len(self.calendars),
            "parties": len(self.parties),
            "contacts": sum(len(p.contacts) for p in self.parties),
            "components": len(self.components),
            "services": len(self.services),
            "contracts": len(self.contracts),
            "activities": len(self.activities),
            "raci letters": sum(len(c.letters) for c in self.raci),
            "ladders": len(self.ladders),
            "forums": len(self.forums),
        }


SECTIONS = (
    "calendars",
    "parties",
    "components",
    "services",
    "contracts",
    "activities",
    "raci",
    "ladders",
    "forums",
)
