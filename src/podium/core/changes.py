"""Planned changes: their lifecycle and the conflicts between them, as pure values.

Every party changes the systems it runs on its own rhythm; a database patch by one supplier on
Tuesday night collides with another's network change on the same path to the ERP. This module
decides, from plain values and a `now` it is given, which transitions a change may make and
which conflicts a set of planned changes has:

- ``same_component``: two changes whose windows overlap touch the same component;
- ``dependency``: their windows overlap and a component of one depends on a component of the
  other, directly or through the dependency graph (either direction); the path is named;
- ``same_service``: their windows overlap and both touch what one critical business service
  needs (and neither of the above already says so);
- ``blackout``: the window overlaps a blackout (freeze) window, global or on a service the
  change affects;
- ``maintenance``: the implementer has agreed maintenance windows and the change lies outside
  every one of them;
- ``major_incident``: an open major (P1) incident is on a service the change affects and the
  change has not ended by `now`.

A service is *affected* by a change when it needs one of the change's components, directly or
through dependencies. Every conflict names the other change (or the blackout, or the incident),
the path through the graph and the parties to talk to.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from podium.core.raci import Landscape

# -- the lifecycle -------------------------------------------------------------------------

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
REJECTED = "rejected"
SCHEDULED = "scheduled"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
FAILED = "failed"
ROLLED_BACK = "rolled_back"
CANCELLED = "cancelled"

TRANSITIONS: Mapping[str, frozenset[str]] = {
    DRAFT: frozenset({SUBMITTED, CANCELLED}),
    SUBMITTED: frozenset({APPROVED, REJECTED, CANCELLED}),
    APPROVED: frozenset({SCHEDULED, CANCELLED}),
    REJECTED: frozenset({DRAFT, CANCELLED}),
    SCHEDULED: frozenset({IN_PROGRESS, CANCELLED}),
    IN_PROGRESS: frozenset({COMPLETED, FAILED, ROLLED_BACK}),
    COMPLETED: frozenset(),
    FAILED: frozenset(),
    ROLLED_BACK: frozenset(),
    CANCELLED: frozenset(),
}
"""Where each status may go: draft → submitted → approved / rejected → scheduled → in progress →
completed / failed / rolled back; cancelled from anywhere before the work starts; a rejected
change goes back to draft to be reworked."""

LIVE = frozenset({SUBMITTED, APPROVED, SCHEDULED, IN_PROGRESS})
"""Statuses in which a change still claims its window: the ones others are checked against."""

EDITABLE = frozenset({DRAFT, REJECTED})
"""Statuses in which the implementer may still change the window, components and text."""

DECIDED_BY_APPROVAL = frozenset({APPROVED, REJECTED})
"""Transitions made by the approvers' decisions, never asked for directly."""

STARTED = frozenset({IN_PROGRESS, COMPLETED, FAILED, ROLLED_BACK})
"""Statuses of a change whose work began: incidents after its window are linked to it."""

RETROSPECTIVE_ASKABLE = frozenset({FAILED, ROLLED_BACK})
"""A change that failed or was rolled back may ask for a retrospective."""

INCIDENT_HORIZON = dt.timedelta(hours=24)
"""How long after a change's window an incident on what it affects is still linked to it."""

MAX_WINDOW = dt.timedelta(days=14)
"""The longest window a change may plan: a longer one is a project, not a change."""


class _CycleError(Exception):
    """The dependency graph has a cycle here: closures are walked instead of composed."""


class TransitionError(ValueError):
    """A status change the lifecycle does not allow; the message says which are allowed."""


def check_transition(current: str, target: str) -> None:
    """Refuse a transition the lifecycle does not allow, naming those it does.

    >>> check_transition("draft", "submitted")
    >>> check_transition("draft", "completed")
    Traceback (most recent call last):
    ...
    podium.core.changes.TransitionError: A draft change cannot become completed; it may become cancelled or submitted.
    """
    if current not in TRANSITIONS:
        raise TransitionError(f"{current!r} is not a status of a change.")
    if target not in TRANSITIONS:
        raise TransitionError(f"{target!r} is not a status of a change.")
    allowed = TRANSITIONS[current]
    if target in allowed:
        return
    words = " or ".join(_word(s) for s in sorted(allowed)) or "nothing else: it is final"
    raise TransitionError(
        f"A {_word(current)} change cannot become {_word(target)}; it may become {words}."
    )


def _word(status: str) -> str:
    return status.replace("_", " ")


def window_problem(start: dt.datetime, end: dt.datetime) -> str | None:
    """What is wrong with a planned window, or None.

    >>> t = dt.datetime(2026, 12, 1, 22, tzinfo=dt.UTC)
    >>> window_problem(t, t + dt.timedelta(hours=2)) is None
    True
    >>> window_problem(t, t)
    'must end after it starts'
    """
    if start.tzinfo is None or end.tzinfo is None:
        return "must be an instant with a time zone"
    if end <= start:
        return "must end after it starts"
    if end - start > MAX_WINDOW:
        return f"must be at most {MAX_WINDOW.days} days long"
    return None


# -- the values conflicts are found over ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedChange:
    """A change as conflict detection reads it: its window and what it touches."""

    id: int
    party: int
    start: dt.datetime
    end: dt.datetime
    components: frozenset[int]


@dataclass(frozen=True, slots=True)
class Blackout:
    """A freeze: no change in ``[start, end)`` on ``services`` (all services when empty)."""

    id: int
    name: str
    start: dt.datetime
    end: dt.datetime
    services: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class MaintenanceSlot:
    """An implementer's agreed weekly window: ``weekday`` (0 Monday) from ``start`` to ``end``
    on its wall clock in ``zone``; an ``end`` at or before ``start`` runs past midnight."""

    party: int
    weekday: int
    start: dt.time
    end: dt.time
    zone: str = "UTC"


@dataclass(frozen=True, slots=True)
class Incident:
    """An open major incident on a service; ``party`` holds it now."""

    reference: str
    service: int
    party: int | None = None


@dataclass(frozen=True, slots=True)
class OpenedTicket:
    """A ticket opened on a service or component, as incident linking reads it."""

    reference: str
    service: int | None
    component: int | None
    opened_at: dt.datetime
    priority: str = ""


def incidents_after(
    start: dt.datetime,
    end: dt.datetime,
    components: frozenset[int],
    affected: frozenset[int],
    tickets: Iterable[OpenedTicket],
    *,
    horizon: dt.timedelta = INCIDENT_HORIZON,
) -> list[OpenedTicket]:
    """The tickets linked to a change that ran in ``[start, end)``: opened during the window or
    within ``horizon`` after it, on a component it touched or a service it affects
    (``affected``: the services needing one of its components), earliest first.

    >>> t = dt.datetime(2026, 12, 1, 22, tzinfo=dt.UTC)
    >>> hour = dt.timedelta(hours=1)
    >>> opened = [OpenedTicket("INC-1", 7, None, t + hour), OpenedTicket("INC-2", None, 3, t + 30 * hour),
    ...           OpenedTicket("INC-3", 8, None, t + hour), OpenedTicket("INC-4", None, 3, t - hour)]
    >>> [x.reference for x in incidents_after(t, t + 2 * hour, frozenset({3}), frozenset({7}), opened)]
    ['INC-1']
    """
    until = end + horizon
    return sorted(
        (
            ticket
            for ticket in tickets
            if start <= ticket.opened_at < until
            and (ticket.component in components or ticket.service in affected)
        ),
        key=lambda ticket: (ticket.opened_at, ticket.reference),
    )


@dataclass(frozen=True, slots=True)
class Conflict:
    """One reason for ``change`` to talk to someone before it goes ahead.

    ``other`` is the other change (pairwise kinds), ``blackout`` the blackout's id,
    ``incident`` the ticket's reference; ``path`` runs through the dependency graph, each
    component needing the next (``same_component``: the one component; ``same_service``: the
    change's component, then the other's); for ``dependency`` the path starts at the change's
    own component unless ``theirs_depend`` (the other change's component needs this one's);
    ``service`` the service concerned; ``parties`` whom to talk to.
    """

    kind: str
    change: int
    parties: frozenset[int]
    other: int | None = None
    path: tuple[int, ...] = ()
    service: int | None = None
    blackout: int | None = None
    incident: str | None = None
    theirs_depend: bool = False


SAME_COMPONENT = "same_component"
DEPENDENCY = "dependency"
SAME_SERVICE = "same_service"
BLACKOUT = "blackout"
MAINTENANCE = "maintenance"
MAJOR_INCIDENT = "major_incident"
KINDS = (SAME_COMPONENT, DEPENDENCY, SAME_SERVICE, BLACKOUT, MAINTENANCE, MAJOR_INCIDENT)


@dataclass(frozen=True)
class ChangeGraph:
    """The dependency graph as conflict detection needs it: ``needs[c]`` what component ``c``
    depends on; ``runners[c]`` the party running it; ``services[s]`` every component service
    ``s`` needs (closure); ``critical`` the critical services.

    Closures are kept as bit sets (a Python int, one bit per component): the union of two
    closures and the question "does this change touch what that one needs?" are then one
    operation each, which keeps a week of changes over thousands of components fast."""

    needs: Mapping[int, frozenset[int]]
    runners: Mapping[int, int | None]
    services: Mapping[int, frozenset[int]]
    critical: frozenset[int]
    _index: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    _order: list[int] = field(default_factory=list, compare=False, repr=False)
    _down: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    _service_bits: dict[int, int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_landscape(cls, landscape: Landscape) -> ChangeGraph:
        needs: dict[int, set[int]] = {}
        for source, target in landscape.dependencies:
            needs.setdefault(source, set()).add(target)
        frozen = {k: frozenset(v) for k, v in needs.items()}
        graph = cls(
            needs=frozen,
            runners={c.id: c.run_by for c in landscape.components},
            services={},
            critical=frozenset(s.id for s in landscape.services if s.critical),
        )
        services = {s.id: graph.needed_by(s.components) for s in landscape.services}
        return cls(
            frozen, graph.runners, services, graph.critical, graph._index, graph._order, graph._down
        )

    def bit(self, component: int) -> int:
        index = self._index.get(component)
        if index is None:
            index = self._index[component] = len(self._order)
            self._order.append(component)
        return 1 << index

    def bits_of(self, components: Iterable[int]) -> int:
        out = 0
        for component in components:
            out |= self.bit(component)
        return out

    def _members(self, bits: int) -> frozenset[int]:
        order = self._order
        text = bin(bits)[:1:-1]  # lowest bit first
        return frozenset(order[i] for i, digit in enumerate(text) if digit == "1")

    def down_bits(self, component: int) -> int:
        """What ``component`` depends on, directly or not (itself excluded), as a bit set.

        Closures are built from the closures of what a component needs, each once; a component
        on a cycle is walked on its own instead."""
        cached = self._down.get(component)
        if cached is not None:
            return cached
        try:
            return self._closure(component, set())
        except _CycleError:
            return self._walk(component)

    def _closure(self, component: int, visiting: set[int]) -> int:
        cached = self._down.get(component)
        if cached is not None:
            return cached
        if component in visiting or len(visiting) > 500:
            raise _CycleError
        visiting.add(component)
        out = 0
        for target in self.needs.get(component, ()):
            out |= self.bit(target) | self._closure(target, visiting)
        visiting.discard(component)
        closure = self._down[component] = out & ~self.bit(component)
        return closure

    def _walk(self, component: int) -> int:
        seen: set[int] = set()
        frontier = [component]
        while frontier:
            for target in self.needs.get(frontier.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        seen.discard(component)
        closure = self._down[component] = self.bits_of(seen)
        return closure

    def down(self, component: int) -> frozenset[int]:
        """Every component ``component`` depends on, directly or not (itself excluded)."""
        return self._members(self.down_bits(component))

    def needed_by(self, components: Iterable[int]) -> frozenset[int]:
        """``components`` and all they depend on."""
        bits = 0
        for component in components:
            bits |= self.bit(component) | self.down_bits(component)
        return self._members(bits)

    def _services_as_bits(self) -> dict[int, int]:
        if not self._service_bits and self.services:
            for service, needed in self.services.items():
                self._service_bits[service] = self.bits_of(needed)
        return self._service_bits

    def affected_services(self, components: Iterable[int]) -> frozenset[int]:
        """The services that need one of ``components``, directly or through dependencies."""
        touched = self.bits_of(components)
        return frozenset(s for s, bits in self._services_as_bits().items() if bits & touched)

    def serving(self, component: int) -> frozenset[int]:
        """The services that need ``component``, directly or through dependencies."""
        return self.affected_services((component,))

    def path(self, source: int, target: int) -> tuple[int, ...] | None:
        """The shortest chain of dependencies from ``source`` to ``target`` (source needs …
        needs target), the smallest ids first among equals; or None."""
        goal = self.bit(target)
        parents: dict[int, int] = {source: source}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            if node == target:
                chain = [node]
                while chain[-1] != source:
                    chain.append(parents[chain[-1]])
                return tuple(reversed(chain))
            for nxt in sorted(self.needs.get(node, ())):
                # only components from which the target can still be reached
                if nxt not in parents and (nxt == target or self.down_bits(nxt) & goal):
                    parents[nxt] = node
                    queue.append(nxt)
        return None


def overlaps(
    a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime
) -> bool:
    """Half-open windows overlap: one ending when the other starts does not."""
    return a_start < b_end and b_start < a_end


def within_maintenance(
    start: dt.datetime, end: dt.datetime, slots: Sequence[MaintenanceSlot]
) -> bool:
    """The window lies inside one occurrence of one slot (on the slot's own wall clock).

    >>> slot = MaintenanceSlot(1, 1, dt.time(22), dt.time(4), "Europe/Paris")  # Tue 22:00-04:00
    >>> t = dt.datetime(2026, 12, 1, 21, 30, tzinfo=dt.UTC)  # Tue 22:30 in Paris
    >>> within_maintenance(t, t + dt.timedelta(hours=4), [slot])
    True
    >>> within_maintenance(t, t + dt.timedelta(hours=6), [slot])
    False
    """
    for slot in slots:
        zone = ZoneInfo(slot.zone)
        local = start.astimezone(zone)
        for back in (0, 1):
            day = local.date() - dt.timedelta(days=back)
            if day.weekday() != slot.weekday:
                continue
            opens = dt.datetime.combine(day, slot.start, tzinfo=zone)
            close_day = day + dt.timedelta(days=1) if slot.end <= slot.start else day
            closes = dt.datetime.combine(close_day, slot.end, tzinfo=zone)
            if opens <= start and end <= closes:
                return True
    return False


# -- detection -----------------------------------------------------------------------------


def detect_conflicts(
    changes: Sequence[PlannedChange],
    graph: ChangeGraph,
    *,
    now: dt.datetime,
    blackouts: Sequence[Blackout] = (),
    maintenance: Sequence[MaintenanceSlot] = (),
    incidents: Sequence[Incident] = (),
    only: frozenset[int] | None = None,
) -> list[Conflict]:
    """Every conflict of ``changes`` (of those in ``only`` when given), each change's own.

    A pair of changes in conflict gives one conflict to each of them, each naming the other.
    Windows are compared in order of start, so a week of changes costs about one comparison per
    pair that overlaps.

    >>> t = dt.datetime(2026, 12, 1, 22, tzinfo=dt.UTC)
    >>> g = ChangeGraph.from_landscape(Landscape((), (), ((1, 2),)))
    >>> a = PlannedChange(10, 100, t, t + dt.timedelta(hours=2), frozenset({1}))
    >>> b = PlannedChange(11, 200, t + dt.timedelta(hours=1), t + dt.timedelta(hours=3), frozenset({2}))
    >>> [(c.kind, c.change, c.other, c.path) for c in detect_conflicts([a, b], g, now=t)]
    [('dependency', 10, 11, (1, 2)), ('dependency', 11, 10, (1, 2))]
    """
    found: list[Conflict] = []
    ordered = sorted(changes, key=lambda c: (c.start, c.id))
    down = {c.id: _down_of(c, graph) for c in ordered}
    touched = {c.id: graph.bits_of(c.components) for c in ordered}
    affected = {c.id: graph.affected_services(c.components) for c in ordered}

    def wanted(change: PlannedChange) -> bool:
        return only is None or change.id in only

    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.start >= a.end:
                break
            if not (wanted(a) or wanted(b)) or not overlaps(a.start, a.end, b.start, b.end):
                continue
            for conflict in _pair(a, b, graph, down, touched, affected):
                if only is None or conflict.change in only:
                    found.append(conflict)
    slots_by_party: dict[int, list[MaintenanceSlot]] = {}
    for slot in maintenance:
        slots_by_party.setdefault(slot.party, []).append(slot)
    for change in ordered:
        if not wanted(change):
            continue
        found.extend(_blackouts(change, blackouts, affected[change.id]))
        slots = slots_by_party.get(change.party)
        if slots and not within_maintenance(change.start, change.end, slots):
            found.append(Conflict(MAINTENANCE, change.id, frozenset({change.party})))
        if change.end > now:
            for incident in incidents:
                if incident.service in affected[change.id]:
                    found.append(
                        Conflict(
                            MAJOR_INCIDENT,
                            change.id,
                            frozenset(p for p in (change.party, incident.party) if p is not None),
                            service=incident.service,
                            incident=incident.reference,
                        )
                    )
    found.sort(key=lambda c: (c.change, KINDS.index(c.kind), c.other or 0, c.blackout or 0))
    return found


def _down_of(change: PlannedChange, graph: ChangeGraph) -> int:
    out = 0
    for component in change.components:
        out |= graph.down_bits(component)
    return out


def _talk_to(
    graph: ChangeGraph, a: PlannedChange, b: PlannedChange, path: Iterable[int]
) -> frozenset[int]:
    parties = {a.party, b.party}
    parties.update(p for c in path if (p := graph.runners.get(c)) is not None)
    return frozenset(parties)


def _pair(
    a: PlannedChange,
    b: PlannedChange,
    graph: ChangeGraph,
    down: Mapping[int, int],
    touched: Mapping[int, int],
    affected: Mapping[int, frozenset[int]],
) -> list[Conflict]:
    shared = a.components & b.components
    if shared:
        path: tuple[int, ...] = (min(shared),)
        parties = _talk_to(graph, a, b, path)
        return [
            Conflict(SAME_COMPONENT, a.id, parties, other=b.id, path=path),
            Conflict(SAME_COMPONENT, b.id, parties, other=a.id, path=path),
        ]
    route = _route(a, b, graph, down, touched)
    if route is not None:
        path, a_needs_b = route
        parties = _talk_to(graph, a, b, path)
        return [
            Conflict(DEPENDENCY, a.id, parties, other=b.id, path=path, theirs_depend=not a_needs_b),
            Conflict(DEPENDENCY, b.id, parties, other=a.id, path=path, theirs_depend=a_needs_b),
        ]
    common = affected[a.id] & affected[b.id] & graph.critical
    if common:
        service = min(common)
        mine = min(a.components & graph.services[service])
        theirs = min(b.components & graph.services[service])
        parties = _talk_to(graph, a, b, (mine, theirs))
        return [
            Conflict(SAME_SERVICE, a.id, parties, other=b.id, path=(mine, theirs), service=service),
            Conflict(SAME_SERVICE, b.id, parties, other=a.id, path=(theirs, mine), service=service),
        ]
    return []


def _route(
    a: PlannedChange,
    b: PlannedChange,
    graph: ChangeGraph,
    down: Mapping[int, int],
    touched: Mapping[int, int],
) -> tuple[tuple[int, ...], bool] | None:
    """The shortest chain of dependencies between a component of a and one of b, and whether
    it runs from a's (a needs b) rather than from b's; a needing b is looked for first."""
    for first, second, a_needs_b in ((a, b, True), (b, a, False)):
        if not down[first.id] & touched[second.id]:
            continue
        best: tuple[int, ...] | None = None
        for source in sorted(first.components):
            if not graph.down_bits(source) & touched[second.id]:
                continue
            for target in sorted(second.components):
                if not graph.down_bits(source) & graph.bit(target):
                    continue
                path = graph.path(source, target)
                if path is not None and (best is None or len(path) < len(best)):
                    best = path
        if best is not None:
            return best, a_needs_b
    return None


def _blackouts(
    change: PlannedChange, blackouts: Sequence[Blackout], affected: frozenset[int]
) -> list[Conflict]:
    out = []
    for blackout in blackouts:
        if not overlaps(change.start, change.end, blackout.start, blackout.end):
            continue
        hit = blackout.services & affected
        if blackout.services and not hit:
            continue
        out.append(
            Conflict(
                BLACKOUT,
                change.id,
                frozenset({change.party}),
                blackout=blackout.id,
                service=min(hit) if hit else None,
            )
        )
    return out


# -- in words ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """How to call things when explaining a conflict: ids to names."""

    changes: Mapping[int, str] = field(default_factory=dict)
    components: Mapping[int, str] = field(default_factory=dict)
    services: Mapping[int, str] = field(default_factory=dict)
    parties: Mapping[int, str] = field(default_factory=dict)
    blackouts: Mapping[int, str] = field(default_factory=dict)


def explain(conflict: Conflict, names: Names) -> str:
    """The conflict in plain words, naming the other change, the path and whom to talk to.

    >>> c = Conflict(DEPENDENCY, 10, frozenset({100, 200}), other=11, path=(1, 2))
    >>> n = Names({10: "CHG-10", 11: "CHG-11"}, {1: "ERP app", 2: "Core DB"}, {}, {100: "Alpha", 200: "Beta"})
    >>> explain(c, n)
    'Overlaps CHG-11, which touches Core DB: ERP app depends on Core DB (ERP app → Core DB). Talk to Alpha and Beta.'
    """

    def comp(cid: int) -> str:
        return names.components.get(cid, f"component {cid}")

    other = names.changes.get(conflict.other or 0, f"change {conflict.other}")
    talk = _and([names.parties.get(p, f"party {p}") for p in sorted(conflict.parties)])
    service = names.services.get(conflict.service or 0, f"service {conflict.service}")
    if conflict.kind == SAME_COMPONENT:
        text = f"Overlaps {other}, which touches the same component, {comp(conflict.path[0])}."
    elif conflict.kind == DEPENDENCY:
        chain = " → ".join(comp(c) for c in conflict.path)
        first, last = comp(conflict.path[0]), comp(conflict.path[-1])
        theirs = first if conflict.theirs_depend else last
        relation = "depends on" if len(conflict.path) == 2 else "depends, through the graph, on"
        text = f"Overlaps {other}, which touches {theirs}: {first} {relation} {last} ({chain})."
    elif conflict.kind == SAME_SERVICE:
        text = (
            f"Overlaps {other}: both serve the critical service {service} "
            f"({comp(conflict.path[0])} here, {comp(conflict.path[-1])} there)."
        )
    elif conflict.kind == BLACKOUT:
        name = names.blackouts.get(conflict.blackout or 0, f"blackout {conflict.blackout}")
        scope = f" on {service}" if conflict.service is not None else ""
        text = f"Falls in the blackout window {name}{scope}."
    elif conflict.kind == MAINTENANCE:
        text = "Lies outside the implementer's agreed maintenance windows."
    else:
        text = f"The major incident {conflict.incident} is open on {service}, which it affects."
    return f"{text} Talk to {talk}."


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# -- who hears of a change -----------------------------------------------------------------

NOTIFIED_STATUSES = frozenset({SCHEDULED, FAILED, ROLLED_BACK})
"""Statuses the affected parties are told a change reached (failed and rolled back alike)."""

MOVABLE = frozenset({APPROVED, SCHEDULED})
"""Statuses in which the implementer may still move the window (and nothing else it planned):
the affected parties are told of the old and the new window."""


def parties_to_tell(
    graph: ChangeGraph,
    components: Iterable[int],
    *,
    implementer: int,
    service_parties: Mapping[int, Iterable[int]] = {},
) -> frozenset[int]:
    """The parties to tell when a change on ``components`` is scheduled, moved or fails: the
    runners of the components it touches and of every component depending on them or that
    they depend on, directly or through the graph (either direction, as conflict detection
    reads it), and the parties ``service_parties`` names for a service the change affects
    (Responsible or Accountable on it) — never the implementer itself.

    >>> from podium.core.raci import ComponentNode as C, ServiceNode as S
    >>> parts = tuple(C(i, f"c{i}", "app", 10 * i) for i in (1, 2, 3, 4, 5))
    >>> erp = S(7, "ERP", False, frozenset({1}))
    >>> g = ChangeGraph.from_landscape(Landscape((erp,), parts, ((1, 2), (2, 3), (4, 5))))
    >>> sorted(parties_to_tell(g, [2], implementer=20, service_parties={7: [70, 20], 8: [80]}))
    [10, 30, 70]
    """
    touched = frozenset(components)
    around = set(graph.needed_by(touched))
    depending: dict[int, set[int]] = {}
    for source, targets in graph.needs.items():
        for target in targets:
            depending.setdefault(target, set()).add(source)
    frontier = list(touched)
    while frontier:
        for source in depending.get(frontier.pop(), ()):
            if source not in around:
                around.add(source)
                frontier.append(source)
    parties = {p for c in around if (p := graph.runners.get(c)) is not None}
    for service in graph.affected_services(touched):
        parties.update(service_parties.get(service, ()))
    parties.discard(implementer)
    return frozenset(parties)


def window_text(start: dt.datetime, end: dt.datetime, zone: str) -> str:
    """A window on the wall clock of ``zone``, for a message read there.

    >>> t = dt.datetime(2026, 12, 1, 21, tzinfo=dt.UTC)
    >>> window_text(t, t + dt.timedelta(hours=3), "Europe/Paris")
    'Tue 01 Dec 2026 22:00 – Wed 02 Dec 01:00 (Europe/Paris)'
    >>> window_text(t, t + dt.timedelta(hours=1), "UTC")
    'Tue 01 Dec 2026 21:00 – 22:00 (UTC)'
    """
    tz = ZoneInfo(zone)
    begins, ends = start.astimezone(tz), end.astimezone(tz)
    last = f"{ends:%H:%M}" if ends.date() == begins.date() else f"{ends:%a %d %b %H:%M}"
    return f"{begins:%a %d %b %Y %H:%M} – {last} ({zone})"
