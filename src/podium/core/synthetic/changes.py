"""Planned changes for the demo, and a change load at scale for the benchmark.

`plan_changes(spec, today=…)` gives Nordhaven's calendar for the weeks after ``today`` with two
conflicts planted so that the change calendar has something true to find:

* **One night, dependent components** — on the next Tuesday night the developer (Kaveri)
  deploys the ERP integration layer while the ERP vendor (Ledgerline) patches the ERP finance
  tenant the layer depends on (through the ERP connector and the order-to-cash module).
* **Month-end freeze** — the cloud provider resizes the managed PostgreSQL behind order
  management during the month-end closing blackout of the finance services.

`change_load(seed=…, components=…, changes=…, start=…)` builds a layered dependency graph and a
week of changes over it, as plain core values, for `benchmarks/bench_changes_conflicts.py`.
Both are pure and seeded: the same arguments give equal values.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass

from podium.core.changes import PlannedChange
from podium.core.raci import ComponentNode, Landscape, ServiceNode
from podium.core.synthetic.parties import CLOUD, DEVELOPER, ERP_VENDOR, SERVICE_DESK, WMS_VENDOR
from podium.core.synthetic.spec import EcosystemSpec


@dataclass(frozen=True)
class ChangeSpec:
    title: str
    implementer: str
    components: tuple[str, ...]
    start: dt.datetime
    end: dt.datetime
    kind: str = "normal"
    risk: str = "medium"
    description: str = ""
    rollback_plan: str = ""
    internal_notes: str = ""
    submit: bool = True


@dataclass(frozen=True)
class BlackoutSpec:
    name: str
    start: dt.datetime
    end: dt.datetime
    services: tuple[str, ...]
    reason: str = ""


@dataclass(frozen=True)
class MaintenanceSpec:
    party: str
    weekday: int
    starts: dt.time
    ends: dt.time
    time_zone: str


@dataclass(frozen=True)
class ChangePlan:
    changes: tuple[ChangeSpec, ...]
    blackouts: tuple[BlackoutSpec, ...]
    maintenance: tuple[MaintenanceSpec, ...]


FINANCE_SERVICES = ("order-to-cash", "customer-invoicing", "procure-to-pay")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def plan_changes(spec: EcosystemSpec, *, today: dt.date) -> ChangePlan:
    """The demo's calendar after ``today`` (see the module docstring).

    >>> from podium.core.synthetic import generate_ecosystem
    >>> spec = generate_ecosystem(end=dt.date(2026, 11, 30), months=1)
    >>> plan = plan_changes(spec, today=dt.date(2026, 12, 1))
    >>> [c.start.isoformat() for c in plan.changes[:2]]
    ['2026-12-08T21:00:00+00:00', '2026-12-08T22:00:00+00:00']
    >>> plan.blackouts[0].start.isoformat(), plan.changes[2].start.isoformat()
    ('2026-12-29T00:00:00+00:00', '2026-12-30T20:00:00+00:00')
    """
    slugs = {c.slug for c in spec.components}
    services = {s.slug for s in spec.services}
    tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)
    month_end_day = tuesday.replace(day=calendar.monthrange(tuesday.year, tuesday.month)[1])
    if month_end_day - today < dt.timedelta(days=3):  # too close: next month's closing
        following = month_end_day + dt.timedelta(days=1)
        month_end_day = following.replace(
            day=calendar.monthrange(following.year, following.month)[1]
        )
    freeze_start = _at(month_end_day - dt.timedelta(days=2), 0)
    freeze_end = _at(month_end_day + dt.timedelta(days=3), 0)
    saturday = tuesday + dt.timedelta(days=4)
    thursday = tuesday + dt.timedelta(days=2)
    changes = (
        ChangeSpec(
            "Deploy ERP integration layer 4.2",
            DEVELOPER,
            ("erp-integration-layer",),
            _at(tuesday, 21),
            _at(tuesday + dt.timedelta(days=1), 0, 30),
            risk="high",
            description="New mapping of credit notes between order management and the ERP.",
            rollback_plan="Redeploy 4.1 from the release pipeline; replay queued messages.",
            internal_notes="Kaveri internal: the 4.1 rollback was last rehearsed in August.",
        ),
        ChangeSpec(
            "Patch the ERP finance tenant",
            ERP_VENDOR,
            ("erp-finance",),
            _at(tuesday, 22),
            _at(tuesday + dt.timedelta(days=1), 1),
            description="Quarterly security patch of the finance tenant.",
            rollback_plan="Restore the tenant snapshot taken at 21:45.",
            internal_notes="Ledgerline internal: two engineers on shift.",
        ),
        ChangeSpec(
            "Resize the managed PostgreSQL cluster",
            CLOUD,
            ("managed-postgres",),
            _at(month_end_day - dt.timedelta(days=1), 20),
            _at(month_end_day - dt.timedelta(days=1), 22),
            risk="low",
            description="Move the order database to the next instance size.",
            rollback_plan="Scale back down; the storage stays.",
        ),
        ChangeSpec(
            "Service desk tool minor release",
            SERVICE_DESK,
            ("itsm-tool",),
            _at(thursday, 19),
            _at(thursday, 20),
            kind="standard",
            risk="low",
            rollback_plan="Vendor rollback button.",
        ),
        ChangeSpec(
            "WMS core upgrade",
            WMS_VENDOR,
            ("wms-core",),
            _at(saturday, 20),
            _at(saturday + dt.timedelta(days=1), 2),
            risk="high",
            rollback_plan="Restore the database and the previous build.",
            submit=False,
        ),
    )
    return ChangePlan(
        changes=tuple(c for c in changes if set(c.components) <= slugs),
        blackouts=(
            BlackoutSpec(
                "Month-end closing",
                freeze_start,
                freeze_end,
                tuple(s for s in FINANCE_SERVICES if s in services),
                reason="Finance closes the books: no change on the finance services.",
            ),
        ),
        maintenance=(
            MaintenanceSpec(ERP_VENDOR, 1, dt.time(22), dt.time(4), "Europe/Amsterdam"),
            MaintenanceSpec(SERVICE_DESK, 3, dt.time(19), dt.time(23), "Europe/Amsterdam"),
        ),
    )


def change_load(
    *, seed: int = 2026, components: int = 2000, changes: int = 500, start: dt.datetime
) -> tuple[Landscape, list[PlannedChange]]:
    """A layered graph of ``components`` (each needing up to three of the layer below, run by
    one of 40 parties, 200 services of which a fifth critical) and ``changes`` changes of one to
    four hours over the week from ``start``, most at night, each touching one to three
    components.

    >>> land, planned = change_load(components=50, changes=10, start=dt.datetime(2026, 12, 7, tzinfo=dt.UTC))
    >>> len(land.components), len(planned)
    (50, 10)
    """
    rng = random.Random(seed)
    layers = 6
    per_layer = max(1, components // layers)
    nodes = [
        ComponentNode(i, f"component {i}", "application", rng.randrange(40))
        for i in range(components)
    ]
    layer_of = {i: min(i // per_layer, layers - 1) for i in range(components)}
    by_layer: dict[int, list[int]] = {}
    for i, layer in layer_of.items():
        by_layer.setdefault(layer, []).append(i)
    dependencies: list[tuple[int, int]] = []
    for i in range(components):
        below = by_layer.get(layer_of[i] + 1)
        if below:
            for target in rng.sample(below, k=min(len(below), rng.randint(1, 3))):
                dependencies.append((i, target))
    top = by_layer[0]
    services = tuple(
        ServiceNode(
            s,
            f"service {s}",
            s % 5 == 0,
            frozenset(rng.sample(top, k=min(len(top), rng.randint(1, 4)))),
        )
        for s in range(200)
    )
    planned = []
    for c in range(changes):
        day = rng.randrange(7)
        hour = rng.choice((19, 20, 21, 22, 23, 0, 1, 2) if rng.random() < 0.8 else tuple(range(24)))
        begins = start + dt.timedelta(days=day, hours=hour, minutes=rng.choice((0, 15, 30, 45)))
        touched = frozenset(rng.sample(range(components), k=rng.randint(1, 3)))
        party = nodes[min(touched)].run_by or 0
        planned.append(
            PlannedChange(c, party, begins, begins + dt.timedelta(hours=rng.randint(1, 4)), touched)
        )
    return Landscape(services, tuple(nodes), tuple(dependencies)), planned
