"""The responsibility matrix as pure values: what is wrong with it, what a failure touches, and
how much of the critical business rests on one party.

The apps turn rows into these frozen values and pass the date to judge by (``as_of``); nothing
here reads the clock or a database, so the page, the API and the tests see the same findings.
Objects are ``(kind, id)`` pairs with ``kind`` either ``"service"`` or ``"component"``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from podium.core.contract_terms import NOTICE_WINDOW_DAYS, needs_notice_soon

ObjectKey = tuple[str, int]
SERVICE = "service"
COMPONENT = "component"
INCIDENT_RESOLUTION = "incident-resolution"
HORIZON_DAYS = NOTICE_WINDOW_DAYS
ROLES = ("A", "R", "C", "I")

# Rule codes, each a question the integrator asks of the matrix.
MISSING_ACCOUNTABLE = "missing-accountable"
SEVERAL_ACCOUNTABLES = "several-accountables"
MISSING_RESPONSIBLE = "missing-responsible"
COMPONENT_WITHOUT_RUNNER = "component-without-runner"
COMPONENT_WITHOUT_INCIDENT_RESPONSIBLE = "component-without-incident-responsible"
CRITICAL_WITHOUT_INCIDENT_ACCOUNTABLE = "critical-service-without-incident-accountable"
OUTSIDE_CONTRACT = "responsible-outside-contract"
CONTRACT_EXPIRED = "contract-expired"
CONTRACT_EXPIRING = "contract-expiring"

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Assignment:
    """One letter: ``party`` is ``role`` (A, R, C or I) for ``activity`` on ``obj``."""

    obj: ObjectKey
    activity: str
    party: int
    role: str


@dataclass(frozen=True, slots=True)
class ServiceNode:
    id: int
    name: str
    critical: bool
    components: frozenset[int]


@dataclass(frozen=True, slots=True)
class ComponentNode:
    id: int
    name: str
    kind: str
    run_by: int | None


@dataclass(frozen=True, slots=True)
class ContractTerm:
    """What an assignment may rest on: a party's contract, its term and what it covers."""

    reference: str
    party: int
    starts_on: dt.date
    ends_on: dt.date
    notice_deadline: dt.date
    services: frozenset[int]
    components: frozenset[int]

    def covers(self, obj: ObjectKey) -> bool:
        return obj[1] in (self.services if obj[0] == SERVICE else self.components)

    def is_current(self, on: dt.date) -> bool:
        return self.starts_on <= on <= self.ends_on


@dataclass(frozen=True, slots=True)
class Landscape:
    """Services, components and ``dependencies`` as ``(source, target)``: source needs target."""

    services: tuple[ServiceNode, ...]
    components: tuple[ComponentNode, ...]
    dependencies: tuple[tuple[int, int], ...] = ()

    def needs(self) -> dict[int, set[int]]:
        out: dict[int, set[int]] = defaultdict(set)
        for source, target in self.dependencies:
            out[source].add(target)
        return out

    def closure(self, service: ServiceNode) -> set[int]:
        """Every component the service needs, directly or through dependencies."""
        needs = self.needs()
        seen = set(service.components)
        frontier = list(seen)
        while frontier:
            for target in needs.get(frontier.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        return seen


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    obj: ObjectKey
    activity: str | None
    party: int | None
    message: str


def validate(
    assignments: Iterable[Assignment],
    landscape: Landscape,
    contracts: Iterable[ContractTerm] = (),
    *,
    as_of: dt.date,
    exempt_parties: frozenset[int] = frozenset(),
    incident_activity: str = INCIDENT_RESOLUTION,
    horizon_days: int = HORIZON_DAYS,
) -> tuple[Finding, ...]:
    """Every gap in the matrix on ``as_of``; ``exempt_parties`` (the integrator) need no contract.

    >>> web = ServiceNode(1, "Web shop", True, frozenset({10}))
    >>> k8s = ComponentNode(10, "Cluster", "platform", run_by=7)
    >>> letters = [Assignment(("service", 1), "incident-resolution", 7, "R")]
    >>> [f.rule for f in validate(letters, Landscape((web,), (k8s,)), as_of=dt.date(2026, 1, 1))]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['missing-accountable', 'critical-service-without-incident-accountable',
     'component-without-incident-responsible', 'responsible-outside-contract']
    """
    letters = list(assignments)
    terms = list(contracts)
    findings: list[Finding] = []
    cells: dict[tuple[ObjectKey, str], list[Assignment]] = defaultdict(list)
    for a in letters:
        cells[(a.obj, a.activity)].append(a)
    for (obj, activity), cell in cells.items():
        accountable = sorted({a.party for a in cell if a.role == "A"})
        if not accountable:
            findings.append(
                Finding(MISSING_ACCOUNTABLE, ERROR, obj, activity, None, "No Accountable party.")
            )
        elif len(accountable) > 1:
            findings.append(
                Finding(
                    SEVERAL_ACCOUNTABLES,
                    ERROR,
                    obj,
                    activity,
                    accountable[1],
                    f"{len(accountable)} Accountable parties; exactly one may be.",
                )
            )
        if not any(a.role == "R" for a in cell):
            findings.append(
                Finding(MISSING_RESPONSIBLE, ERROR, obj, activity, None, "No Responsible party.")
            )
    for service in landscape.services:
        cell = cells.get(((SERVICE, service.id), incident_activity), [])
        if service.critical and not any(a.role == "A" for a in cell):
            findings.append(
                Finding(
                    CRITICAL_WITHOUT_INCIDENT_ACCOUNTABLE,
                    ERROR,
                    (SERVICE, service.id),
                    incident_activity,
                    None,
                    "Critical service without an Accountable party for incident resolution.",
                )
            )
    for component in landscape.components:
        obj = (COMPONENT, component.id)
        if component.run_by is None:
            findings.append(
                Finding(
                    COMPONENT_WITHOUT_RUNNER,
                    ERROR,
                    obj,
                    None,
                    None,
                    "No party runs this component.",
                )
            )
        if not any(a.role == "R" for a in cells.get((obj, incident_activity), [])):
            findings.append(
                Finding(
                    COMPONENT_WITHOUT_INCIDENT_RESPONSIBLE,
                    WARNING,
                    obj,
                    incident_activity,
                    None,
                    "No Responsible party for incident resolution.",
                )
            )
    findings.extend(_contract_findings(letters, terms, as_of, exempt_parties, horizon_days))
    return tuple(findings)


def _contract_findings(
    letters: list[Assignment],
    terms: list[ContractTerm],
    as_of: dt.date,
    exempt_parties: frozenset[int],
    horizon_days: int,
) -> list[Finding]:
    """R and A rest on a contract of their party that covers the object: none, lapsed, or ending.

    A party with several covering contracts is judged by its current ones; an expired contract
    counts only when no current one covers the object.
    """
    by_party: dict[int, list[ContractTerm]] = defaultdict(list)
    for term in terms:
        by_party[term.party].append(term)
    out: list[Finding] = []
    seen: set[tuple[ObjectKey, str, int]] = set()
    for a in letters:
        key = (a.obj, a.activity, a.party)
        if a.role not in {"R", "A"} or a.party in exempt_parties or key in seen:
            continue
        seen.add(key)
        covering = [t for t in by_party.get(a.party, []) if t.covers(a.obj)]
        current = [t for t in covering if t.is_current(as_of)]
        lapsed = [t for t in covering if t.ends_on < as_of]
        if current:
            last = max(current, key=lambda t: t.ends_on)
            if needs_notice_soon(
                ends_on=last.ends_on,
                notice_deadline=last.notice_deadline,
                today=as_of,
                window_days=horizon_days,
            ):
                out.append(
                    Finding(
                        CONTRACT_EXPIRING,
                        WARNING,
                        a.obj,
                        a.activity,
                        a.party,
                        f"Rests on {last.reference}: notice by {last.notice_deadline.isoformat()},"
                        f" ends {last.ends_on.isoformat()}.",
                    )
                )
        elif lapsed:
            last = max(lapsed, key=lambda t: t.ends_on)
            out.append(
                Finding(
                    CONTRACT_EXPIRED,
                    ERROR,
                    a.obj,
                    a.activity,
                    a.party,
                    f"Rests on {last.reference}, which ended {last.ends_on.isoformat()}.",
                )
            )
        elif a.role == "R":
            out.append(
                Finding(
                    OUTSIDE_CONTRACT,
                    WARNING,
                    a.obj,
                    a.activity,
                    a.party,
                    "Responsible, but no current contract of the party covers this.",
                )
            )
    return out


@dataclass(frozen=True, slots=True)
class Notice:
    party: int
    role: str
    obj: ObjectKey
    activity: str


@dataclass(frozen=True, slots=True)
class Impact:
    """What breaks when ``component`` is down, and whom to tell."""

    component: int
    components: frozenset[int]
    services: tuple[int, ...]
    notices: tuple[Notice, ...]


def impact_of(
    component: int,
    landscape: Landscape,
    assignments: Iterable[Assignment] = (),
    *,
    activity: str | None = INCIDENT_RESOLUTION,
) -> Impact:
    """Services that need ``component`` directly or through dependencies, and the letters on
    those services and components (only ``activity``'s, or all when it is None).

    >>> land = Landscape(
    ...     (ServiceNode(1, "Shop", True, frozenset({10})), ServiceNode(2, "Mail", False, frozenset({11}))),
    ...     (ComponentNode(10, "App", "application", 1), ComponentNode(11, "Mx", "saas", 2),
    ...      ComponentNode(12, "DB", "database", 3)),
    ...     ((10, 12),))
    >>> impact_of(12, land).services
    (1,)
    """
    needed_by: dict[int, set[int]] = defaultdict(set)
    for source, target in landscape.dependencies:
        needed_by[target].add(source)
    down = {component}
    frontier = [component]
    while frontier:
        for source in needed_by.get(frontier.pop(), ()):
            if source not in down:
                down.add(source)
                frontier.append(source)
    services = tuple(sorted(s.id for s in landscape.services if s.components & down))
    touched = {(SERVICE, s) for s in services} | {(COMPONENT, c) for c in down}
    notices = sorted(
        {
            Notice(a.party, a.role, a.obj, a.activity)
            for a in assignments
            if a.obj in touched and (activity is None or a.activity == activity)
        },
        key=lambda n: (ROLES.index(n.role) if n.role in ROLES else 9, n.obj, n.party),
    )
    return Impact(component, frozenset(down), services, tuple(notices))


@dataclass(frozen=True, slots=True)
class PartyShare:
    party: int
    critical_services: frozenset[int]
    share: float


@dataclass(frozen=True, slots=True)
class ExitRisk:
    """If ``party`` left, ``service`` would lose ``component`` with nothing like it to fall back on."""

    party: int
    service: int
    component: int


@dataclass(frozen=True, slots=True)
class Concentration:
    shares: tuple[PartyShare, ...]
    index: float
    exit_risks: tuple[ExitRisk, ...]


def concentration(landscape: Landscape) -> Concentration:
    """Per party the share of critical services that need one of its components (transitively);
    the index is the Herfindahl–Hirschman sum of squares of those shares normalised to sum to 1
    (1.0: everything critical rests on one party; 1/n: spread evenly over n parties).

    An *alternative* for a component is another component of the same kind, run by another party,
    that the same service also needs; without one the runner's exit leaves the service without it.

    >>> land = Landscape(
    ...     (ServiceNode(1, "Shop", True, frozenset({10, 11})),
    ...      ServiceNode(2, "Dock", True, frozenset({11}))),
    ...     (ComponentNode(10, "App", "application", 1), ComponentNode(11, "Net", "network", 2)))
    >>> c = concentration(land)
    >>> [(s.party, s.share) for s in c.shares], round(c.index, 3)
    ([(2, 1.0), (1, 0.5)], 0.556)
    >>> [(r.party, r.service) for r in c.exit_risks]
    [(1, 1), (2, 1), (2, 2)]
    """
    runner = {c.id: c.run_by for c in landscape.components}
    kind = {c.id: c.kind for c in landscape.components}
    critical = [s for s in landscape.services if s.critical]
    per_party: dict[int, set[int]] = defaultdict(set)
    risks: list[ExitRisk] = []
    for service in critical:
        needed = landscape.closure(service)
        for component in needed:
            party = runner.get(component)
            if party is None:
                continue
            per_party[party].add(service.id)
            fallback = any(
                other != component
                and kind.get(other) == kind.get(component)
                and runner.get(other) not in (None, party)
                for other in needed
            )
            if not fallback:
                risks.append(ExitRisk(party, service.id, component))
    total = len(critical)
    shares = sorted(
        (
            PartyShare(party, frozenset(services), len(services) / total if total else 0.0)
            for party, services in per_party.items()
        ),
        key=lambda s: (-s.share, s.party),
    )
    return Concentration(tuple(shares), herfindahl(s.share for s in shares), _unique(risks))


def herfindahl(shares: Iterable[float]) -> float:
    """Sum of squared shares after normalising them to add up to 1; 0.0 for no shares.

    >>> herfindahl([1.0, 1.0]), herfindahl([3.0]), herfindahl([])
    (0.5, 1.0, 0.0)
    """
    values = [s for s in shares if s > 0]
    total = sum(values)
    return sum((s / total) ** 2 for s in values) if total else 0.0


def _unique(risks: list[ExitRisk]) -> tuple[ExitRisk, ...]:
    return tuple(sorted(set(risks), key=lambda r: (r.party, r.service, r.component)))


def cell_letters(assignments: Iterable[Assignment]) -> Mapping[tuple[ObjectKey, str], str]:
    """The text of each grid cell, e.g. ``"A: 3 · R: 4, 5"`` with party ids (pages map names).

    >>> cell_letters([Assignment(("service", 1), "x", 4, "R"), Assignment(("service", 1), "x", 3, "A")])
    {(('service', 1), 'x'): 'A: 3 · R: 4'}
    """
    grouped: dict[tuple[ObjectKey, str], dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for a in assignments:
        grouped[(a.obj, a.activity)][a.role].append(a.party)
    return {
        key: " · ".join(
            f"{role}: {', '.join(str(p) for p in sorted(roles[role]))}"
            for role in ROLES
            if roles.get(role)
        )
        for key, roles in grouped.items()
    }
