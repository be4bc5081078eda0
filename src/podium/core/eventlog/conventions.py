"""What an exporting tool means by its states: which ones are waiting, which pause and stop the
SLA clock, which targets apply per priority — and where each of those rules came from.

A preset carries its tool's defaults (ServiceNow's "Awaiting …" states and hold reasons, Jira
Service Management's "Waiting for customer", BPIC 2013's "Wait …" sub-statuses); the command
line (``--waiting``, ``--pause``, ``--targets``) or a mapping file overrides them. Every rule
keeps its ``origin`` so a report can say what it applied: given, preset default, or built-in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import polars as pl

from podium.core.eventlog.schema import EventLogError

TargetClock = Literal["business", "calendar"]
VerdictMeaning = Literal["met", "breached"]

BUILT_IN = "built-in"
CONVENTION_KEYS = (
    "waiting",
    "pause",
    "targets",
    "target_clock",
    "priority",
    "verdict",
    "verdict_means",
)
"""Keys of a mapping file that set conventions rather than columns."""
DEFAULT_TARGET_SECONDS = 86_400.0
"""The target of a case without one: 24 hours (disclosed as built-in wherever it applies)."""

_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3_600, "d": 86_400, "w": 604_800}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|min|m|h|d|w)\s*$", re.IGNORECASE)
_PRIORITY_WORDS = {
    "critical": "P1", "highest": "P1", "blocker": "P1", "urgent": "P1",
    "high": "P2", "major": "P2",
    "moderate": "P3", "medium": "P3", "normal": "P3",
    "low": "P4", "minor": "P4",
    "planning": "P5", "lowest": "P5", "trivial": "P5",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class StateSet:
    """States matched by name or by regular expression, against the activity (the state) or the
    sub-status (hold reason, pending reason) alike.

    >>> StateSet.parse(["Pending", "/^Wait/"]).describe()
    ['Pending', '/^Wait/']
    """

    names: frozenset[str] = frozenset()
    patterns: tuple[str, ...] = ()

    @classmethod
    def parse(cls, items: Iterable[str], where: str = "states") -> StateSet:
        """Names as written; ``/…/`` is a regular expression (searched, so anchor it with ^)."""
        names: set[str] = set()
        patterns: list[str] = []
        for raw in items:
            item = raw.strip()
            if not item:
                continue
            if len(item) >= 2 and item.startswith("/") and item.endswith("/"):
                pattern = item[1:-1]
                try:
                    pl.select(pl.lit("").str.contains(pattern))
                except pl.exceptions.PolarsError:
                    raise EventLogError(
                        f"{where}: /{pattern[:60]}/ is not a regular expression"
                    ) from None
                patterns.append(pattern)
            else:
                names.add(item)
        return cls(frozenset(names), tuple(patterns))

    @classmethod
    def from_text(cls, text: str, where: str = "states") -> StateSet:
        """A comma-separated list: ``Awaiting Vendor,Pending,/^Wait/``."""
        return cls.parse(text.split(","), where)

    @property
    def empty(self) -> bool:
        return not self.names and not self.patterns

    def matches(self, column: str) -> pl.Expr:
        """Whether the column's value is in this set (null: no)."""
        value = pl.col(column)
        found = value.is_in(sorted(self.names))
        for pattern in self.patterns:
            found = found | value.str.contains(pattern)
        return found.fill_null(False)

    def expr(self) -> pl.Expr:
        """Whether an event's activity or sub-status is in this set."""
        return self.matches("activity") | self.matches("sub_status")

    def describe(self) -> list[str]:
        return [*sorted(self.names), *(f"/{p}/" for p in self.patterns)]

    def resolved(self, frame: pl.DataFrame) -> StateSet:
        """The same set as names only: its patterns matched once against the distinct
        activities and sub-statuses of ``frame``, so that matching an event is a set look-up."""
        if not self.patterns:
            return self
        distinct = pl.concat(
            [frame["activity"].unique(), frame["sub_status"].unique()], how="vertical"
        ).drop_nulls()
        values = pl.DataFrame({"value": distinct.unique()})
        found = values.filter(StateSet(patterns=self.patterns).matches("value"))["value"]
        return StateSet(self.names | frozenset(found.to_list()))


@dataclass(frozen=True, slots=True)
class Conventions:
    """How to read a tool's states and priorities into clocks and waiting figures.

    ``waiting``: the states counted as waiting in the waiting figures. ``pause``: the states
    that pause both the end-to-end (SLA) clock and the parties' (OLA) clocks. ``stop``: the
    states that stop them. ``targets``: end-to-end target in seconds per priority key (``P1``…,
    see :func:`priority_key`); ``default_target_seconds`` for a case without one. Targets run on
    the business calendar (``target_clock="business"``) or on the wall clock (``"calendar"``).
    ``*_from`` says where each rule came from: ``given``, ``preset <name>`` or ``built-in``.
    """

    waiting: StateSet
    pause: StateSet
    stop: StateSet
    waiting_from: str = BUILT_IN
    pause_from: str = BUILT_IN
    stop_from: str = BUILT_IN
    targets: Mapping[str, float] = field(default_factory=dict)
    default_target_seconds: float = DEFAULT_TARGET_SECONDS
    targets_from: str = BUILT_IN
    default_target_from: str = BUILT_IN
    target_clock: TargetClock = "business"
    priority_column: str = "priority"
    verdict_columns: tuple[str, ...] = ()
    """Where the tool writes its own SLA verdict per ticket, first found wins."""
    verdict_means: VerdictMeaning = "met"
    """What a true value there says: ``met`` (ServiceNow ``made_sla``) or ``breached``."""

    def with_overrides(
        self,
        *,
        waiting: StateSet | None = None,
        pause: StateSet | None = None,
        targets: Mapping[str, float] | None = None,
        target_clock: TargetClock | None = None,
        origin: str = "given",
    ) -> Conventions:
        """These conventions with the given rules replacing the defaults.

        Waiting states given without pause states pause the clocks too (a tool pauses its SLA in
        the states its people wait in); give both to tell them apart.
        """
        changed = self
        if waiting is not None:
            changed = replace(changed, waiting=waiting, waiting_from=origin)
            if pause is None:
                changed = replace(changed, pause=waiting, pause_from=origin)
        if pause is not None:
            changed = replace(changed, pause=pause, pause_from=origin)
        if targets is not None:
            default = targets.get("*", changed.default_target_seconds)
            per_priority = {k: v for k, v in targets.items() if k != "*"}
            changed = replace(
                changed,
                targets=per_priority,
                default_target_seconds=default,
                targets_from=origin,
                default_target_from=origin if "*" in targets else changed.default_target_from,
            )
        if target_clock is not None:
            changed = replace(changed, target_clock=target_clock)
        return changed

    def describe(self) -> dict[str, object]:
        """Plain, JSON-ready: every rule, its values and its origin."""
        return {
            "waiting": {"states": self.waiting.describe(), "from": self.waiting_from},
            "pause": {
                "states": self.pause.describe(),
                "from": self.pause_from,
                "clocks": ["end_to_end", "party"],
            },
            "stop": {"states": self.stop.describe(), "from": self.stop_from},
            "targets": {
                "per_priority_seconds": dict(sorted(self.targets.items())),
                "from": self.targets_from,
                "default_seconds": self.default_target_seconds,
                "default_from": self.default_target_from,
                "clock": self.target_clock,
                "priority_column": self.priority_column,
            },
            "tool_verdict": {"columns": list(self.verdict_columns), "means": self.verdict_means},
        }


def parse_duration(text: str, where: str = "target") -> float:
    """Seconds in ``30m``, ``4h``, ``3d``, ``1w`` (a day is 24 hours of the clock it runs on).

    >>> parse_duration("4h"), parse_duration("1.5d"), parse_duration("90 min")
    (14400.0, 129600.0, 5400.0)
    """
    found = _DURATION.match(text)
    if found is None:
        raise EventLogError(
            f'{where}: "{text[:40]}" is not a duration; write a number and a unit: 30m, 4h, 3d'
        )
    return float(found.group(1)) * _UNITS[found.group(2).lower()]


def parse_targets(items: Mapping[str, str] | str, where: str = "targets") -> dict[str, float]:
    """Targets per priority: ``P1=4h,P2=8h,P3=3d`` or a mapping; ``*`` is every other case.

    Priority names are read as :func:`priority_key` reads a ticket's priority, so ``1``,
    ``P1`` and ``1 - Critical`` name the same target.

    >>> parse_targets("P1=4h, 2 - High=8h, *=5d")
    {'P1': 14400.0, 'P2': 28800.0, '*': 432000.0}
    """
    pairs: list[tuple[str, str]] = []
    if isinstance(items, str):
        for item in items.split(","):
            if not item.strip():
                continue
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise EventLogError(
                    f'{where}: "{item.strip()[:40]}" is not PRIORITY=DURATION, e.g. P1=4h'
                )
            pairs.append((name, value))
    else:
        pairs = [(str(k), str(v)) for k, v in items.items()]
    targets: dict[str, float] = {}
    for name, value in pairs:
        key = "*" if name.strip() == "*" else priority_text_key(name)
        targets[key] = parse_duration(value.strip(), f"{where}, {name.strip()}")
    if not targets:
        raise EventLogError(f"{where}: no targets given; write e.g. P1=4h,P2=8h,P3=3d")
    return targets


def priority_text_key(text: str) -> str:
    """One priority as :func:`priority_key` reads it, for a value given in a flag or file.

    >>> [priority_text_key(t) for t in ("1 - Critical", "p2", "3", "High", "Sev A")]
    ['P1', 'P2', 'P3', 'P2', 'Sev A']
    """
    return str(pl.select(priority_key(pl.lit(text.strip()))).item())


def priority_key(value: pl.Expr) -> pl.Expr:
    """The priority as each tool writes it brought to one key: ``P1``…``P5``.

    ServiceNow writes ``1 - Critical`` (or the code ``1``), Jira ``Highest``/``High``/``Medium``,
    others ``P1`` or ``Sev 1``: a leading number (after an optional P, Sev or Prio) is the
    level; a known word (critical, highest, high, moderate, medium, low, lowest, planning, …) its
    level; anything else stays as written.
    """
    text = value.cast(pl.String).str.strip_chars()
    number = text.str.extract(r"(?i)^(?:p|prio(?:rity)?|sev(?:erity)?)?\s*(\d+)\b", 1)
    word = (
        text.str.to_lowercase()
        .str.extract(r"^(?:\d+\s*-\s*)?([a-z]+)", 1)
        .replace_strict(_PRIORITY_WORDS, default=None, return_dtype=pl.String)
    )
    return (
        pl.when(number.is_not_null())
        .then(pl.lit("P") + number.cast(pl.Int64).cast(pl.String))
        .when(word.is_not_null())
        .then(word)
        .otherwise(text)
    )


BUILT_IN_CONVENTIONS = Conventions(
    waiting=StateSet(patterns=("^Wait",)),
    pause=StateSet(names=frozenset({"On Hold", "Wait - User", "Wait - Vendor"})),
    stop=StateSet(names=frozenset({"Resolved", "Closed", "Completed"})),
)
"""No preset known: BPIC-style "Wait …" sub-statuses wait; On Hold, Wait - User and Wait -
Vendor pause; Resolved, Closed and Completed stop."""

SERVICENOW_WAITING = frozenset(
    {
        "On Hold",
        "Awaiting User Info",
        "Awaiting Caller",
        "Awaiting Vendor",
        "Awaiting Problem",
        "Awaiting Evidence",
        "Awaiting Change",
    }
)
SERVICENOW_CONVENTIONS = Conventions(
    waiting=StateSet(names=SERVICENOW_WAITING),
    pause=StateSet(names=SERVICENOW_WAITING),
    stop=StateSet(names=frozenset({"Resolved", "Closed", "Canceled", "Cancelled"})),
    waiting_from="preset servicenow",
    pause_from="preset servicenow",
    stop_from="preset servicenow",
    verdict_columns=("made_sla",),
    verdict_means="met",
)
"""ServiceNow: the On Hold state with its hold reasons (Awaiting Caller, Problem, Vendor, Change)
and, in older releases and many exports, the waiting as the incident state itself (Awaiting User
Info, Vendor, Problem, Evidence): a ServiceNow SLA pauses in all of them by default."""

JIRA_WAITING = frozenset(
    {"Waiting for customer", "Waiting for Customer", "Waiting for Vendor", "Pending"}
)
JIRA_CONVENTIONS = Conventions(
    waiting=StateSet(names=JIRA_WAITING),
    pause=StateSet(names=JIRA_WAITING),
    stop=StateSet(names=frozenset({"Resolved", "Closed", "Done", "Canceled", "Cancelled"})),
    waiting_from="preset jira",
    pause_from="preset jira",
    stop_from="preset jira",
    verdict_columns=("sla_breached", "SLA breached", "Time to resolution breached", "breached"),
    verdict_means="breached",
)
"""Jira Service Management: its SLAs pause in Waiting for customer and Pending (and in Waiting
for Vendor, the status its IT service templates add for a third party)."""

BPIC2013_CONVENTIONS = replace(
    BUILT_IN_CONVENTIONS,
    waiting_from="preset bpic2013",
    pause_from="preset bpic2013",
    stop_from="preset bpic2013",
)
"""BPIC 2013: the "Wait …" sub-statuses wait; Wait - User and Wait - Vendor pause."""

PRESET_CONVENTIONS: dict[str, Conventions] = {
    "servicenow": SERVICENOW_CONVENTIONS,
    "jira": JIRA_CONVENTIONS,
    "bpic2013": BPIC2013_CONVENTIONS,
}


def conventions_for(preset: str | None) -> Conventions:
    """The preset's conventions; the built-in ones for a log read without a tool preset."""
    return PRESET_CONVENTIONS.get(preset or "", BUILT_IN_CONVENTIONS)


@dataclass(frozen=True, slots=True)
class Overrides:
    """Conventions a user gave (flags or a mapping file); None: keep the preset's."""

    waiting: StateSet | None = None
    pause: StateSet | None = None
    targets: Mapping[str, float] | None = None
    target_clock: TargetClock | None = None
    priority: str | None = None
    verdict: str | None = None
    verdict_means: VerdictMeaning | None = None

    def merged(self, other: Overrides) -> Overrides:
        """These overrides, with ``other``'s where it gives one (the command line wins)."""
        return Overrides(
            waiting=other.waiting or self.waiting,
            pause=other.pause or self.pause,
            targets=other.targets or self.targets,
            target_clock=other.target_clock or self.target_clock,
            priority=other.priority or self.priority,
            verdict=other.verdict or self.verdict,
            verdict_means=other.verdict_means or self.verdict_means,
        )

    def applied_to(self, conventions: Conventions, origin: str = "given") -> Conventions:
        changed = conventions.with_overrides(
            waiting=self.waiting,
            pause=self.pause,
            targets=self.targets,
            target_clock=self.target_clock,
            origin=origin,
        )
        if self.priority is not None:
            changed = replace(changed, priority_column=self.priority)
        if self.verdict is not None:
            changed = replace(changed, verdict_columns=(self.verdict,))
        if self.verdict_means is not None:
            changed = replace(changed, verdict_means=self.verdict_means)
        return changed


def target_clock_of(text: str, where: str) -> TargetClock:
    if text == "business":
        return "business"
    if text == "calendar":
        return "calendar"
    raise EventLogError(f'{where}: "{text[:20]}" is neither business nor calendar')


def verdict_means_of(text: str, where: str) -> VerdictMeaning:
    if text == "met":
        return "met"
    if text == "breached":
        return "breached"
    raise EventLogError(f'{where}: "{text[:20]}" is neither met nor breached')


def overrides_from_loaded(loaded: Mapping[str, object], name: str) -> Overrides:
    """The convention keys of a loaded mapping file (see :data:`CONVENTION_KEYS`)::

    waiting: [Awaiting User Info, Awaiting Vendor, /^Wait/]
    pause: [Awaiting Vendor]
    targets: {P1: 4h, P2: 8h, P3: 3d, "*": 5d}
    target_clock: business
    priority: u_priority
    """

    def states(key: str) -> StateSet | None:
        value = loaded.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return StateSet.from_text(value, f"{name}, {key}")
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return StateSet.parse(value, f"{name}, {key}")
        raise EventLogError(f"{name}: {key} must be a list of states, e.g. [Pending, /^Wait/]")

    raw_targets = loaded.get("targets")
    targets: dict[str, float] | None = None
    if isinstance(raw_targets, str):
        targets = parse_targets(raw_targets, f"{name}, targets")
    elif isinstance(raw_targets, dict) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in raw_targets.values()
    ):
        targets = parse_targets(
            {str(k): str(v) for k, v in raw_targets.items()}, f"{name}, targets"
        )
    elif raw_targets is not None:
        raise EventLogError(f"{name}: targets must map priorities to durations, e.g. {{P1: 4h}}")
    clock = loaded.get("target_clock")
    priority = loaded.get("priority")
    if priority is not None and not isinstance(priority, str):
        raise EventLogError(f"{name}: priority must be one column name")
    return Overrides(
        waiting=states("waiting"),
        pause=states("pause"),
        targets=targets,
        target_clock=None
        if clock is None
        else target_clock_of(str(clock), f"{name}, target_clock"),
        priority=priority,
    )


def overrides_from_yaml(path: str | Path) -> Overrides:
    """The conventions a mapping file sets (its column keys are read by ``ColumnMapping``)."""
    from podium.core.eventlog.mapping import load_yaml_mapping

    path = Path(path)
    return overrides_from_loaded(load_yaml_mapping(path), path.name)
