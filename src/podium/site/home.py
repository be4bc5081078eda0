"""The numbers on each role's home page, all read through scoped selectors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors as operations
from podium.platform.access import Actor, Role, role_of


@dataclass(frozen=True, slots=True)
class HomeSummary:
    heading: str
    scope: str
    parties: int
    services: int
    components: int
    open_tickets: int
    tickets: int
    open_by_holder: list[dict[str, Any]]


def home_summary(user: Actor) -> HomeSummary:
    role = role_of(user)
    if role in {Role.INTEGRATOR_ADMIN, Role.INTEGRATOR_ANALYST}:
        heading, scope = "Integrator office", "the whole ecosystem"
    elif role == Role.AUDITOR:
        heading, scope = "Audit view", "the whole ecosystem, read-only"
    else:
        party = getattr(user, "party", None)
        heading = str(party) if party else "No party"
        scope = "your party's components, the services they support and the tickets you held"
    return HomeSummary(
        heading=heading,
        scope=scope,
        parties=ecosystem.parties_visible_to(user).count(),
        services=ecosystem.services_visible_to(user).count(),
        components=ecosystem.components_visible_to(user).count(),
        open_tickets=operations.open_tickets_visible_to(user).count(),
        tickets=operations.tickets_visible_to(user).count(),
        open_by_holder=operations.open_tickets_by_holder(user),
    )
