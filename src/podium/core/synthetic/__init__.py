"""A seeded, deterministic fictional enterprise for demos, tests and benchmarks.

``generate_ecosystem(seed=…, scale=…, end=…, months=…)`` returns an ``EcosystemSpec``: the
parties of Nordhaven Logistics (a European logistics company), their calendars and contacts,
business services, components with their dependencies, contracts with targets, demo users, and
a ticket history that ends at ``end``. It is pure — no Django, no I/O, no clock: the same
arguments give an equal spec — so the demo loader, the engine tests and the benchmarks all use
the same data. ``EcosystemSpec.events_frame()`` gives the history as a canonical event log.

Patterns planted in the history, so that Podium's analysis has something true to reveal
(``spec.planted`` names the parties, services and targets involved):

* **Ping-pong** — tickets on order to cash and customer invoicing bounce directly between the
  offshore application developer (Kaveri) and the SaaS ERP vendor (Ledgerline), A→B→A, one to
  four times each; no other pair comes close.
* **Watermelon** — track and trace tickets go service desk → cloud → carrier → service desk.
  Every holder keeps each ticket well inside its own per-party target (queue time included),
  yet the sum of four holders misses the end-to-end target on most tickets.
* **Slow pick-up** — the security consultancy (Bastion) runs a 24x7 SOC, yet hand-offs wait in
  its queue for about fourteen hours (median) before anyone acts; every other party picks up
  faster, even those that must wait for their office to open.
* **Two time zones, two holiday calendars** — the developer works 09:30–18:30 Asia/Kolkata
  on Indian working days, the internal infrastructure team 08:00–17:00 Europe/Amsterdam on
  Dutch working days; every event either party records falls inside its own hours.

Some tickets are still open at ``end``; about one in fifty is cancelled.
"""

from podium.core.synthetic.generate import SyntheticSpecError, generate_ecosystem
from podium.core.synthetic.parties import DEMO_PASSWORD
from podium.core.synthetic.spec import (
    CalendarSpec,
    ComponentSpec,
    ContactSpec,
    ContractSpec,
    DependencySpec,
    EcosystemSpec,
    EventSpec,
    PartySpec,
    PingPongPlant,
    PlantedPatterns,
    ServiceSpec,
    SlowPickupPlant,
    TargetSpec,
    TicketSpec,
    TimeZonePlant,
    UserSpec,
    WatermelonPlant,
)

__all__ = [
    "DEMO_PASSWORD",
    "CalendarSpec",
    "ComponentSpec",
    "ContactSpec",
    "ContractSpec",
    "DependencySpec",
    "EcosystemSpec",
    "EventSpec",
    "PartySpec",
    "PingPongPlant",
    "PlantedPatterns",
    "ServiceSpec",
    "SlowPickupPlant",
    "SyntheticSpecError",
    "TargetSpec",
    "TicketSpec",
    "TimeZonePlant",
    "UserSpec",
    "WatermelonPlant",
    "generate_ecosystem",
]
