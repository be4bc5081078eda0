"""The rules of forums that every page, the API and imports share: how a logged decision and an
agreed action may move, when they are overdue, and the items a meeting's agenda is made of.

Pure: the caller passes `today`. The status names are the values of the governance app's
choices (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

PROPOSED, DECIDED, SUPERSEDED, WITHDRAWN = "proposed", "decided", "superseded", "withdrawn"
OPEN, IN_PROGRESS, DONE, CANCELLED = "open", "in_progress", "done", "cancelled"

# Where a decision may go from each status, once it is in the log. A decided decision can only
# be superseded (by a later one); withdrawn and superseded are final.
DECISION_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    PROPOSED: (DECIDED, WITHDRAWN, SUPERSEDED),
    DECIDED: (SUPERSEDED,),
    WITHDRAWN: (),
    SUPERSEDED: (),
}

# An action moves along and back while it is worked on; one marked done or cancelled by mistake
# can be opened again.
ACTION_TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    OPEN: (IN_PROGRESS, DONE, CANCELLED),
    IN_PROGRESS: (OPEN, DONE, CANCELLED),
    DONE: (OPEN, IN_PROGRESS),
    CANCELLED: (OPEN,),
}

OPEN_ACTION_STATUSES: tuple[str, ...] = (OPEN, IN_PROGRESS)


class TransitionError(ValueError):
    """A status change the lifecycle does not allow; the message says what is allowed."""


def _words(status: str) -> str:
    return status.replace("_", " ")


def check_transition(
    transitions: Mapping[str, Sequence[str]], kind: str, current: str, wanted: str
) -> None:
    """Refuse `current` → `wanted` unless the lifecycle allows it (staying put is allowed).

    >>> check_transition(DECISION_TRANSITIONS, "decision", DECIDED, WITHDRAWN)
    Traceback (most recent call last):
    ...
    podium.core.forums.TransitionError: A decided decision can become superseded, not withdrawn.
    >>> check_transition(ACTION_TRANSITIONS, "action", DONE, OPEN)
    """
    if wanted not in transitions:
        raise TransitionError(f"{wanted!r} is not a status of a {kind}.")
    if wanted == current:
        return
    allowed = transitions.get(current, ())
    if wanted not in allowed:
        options = " or ".join(_words(s) for s in allowed) or "nothing else"
        raise TransitionError(
            f"A {_words(current)} {kind} can become {options}, not {_words(wanted)}."
        )


def is_action_overdue(status: str, due_on: date, today: date) -> bool:
    """An action still open after its due day.

    >>> is_action_overdue(OPEN, date(2026, 3, 1), date(2026, 3, 2))
    True
    >>> is_action_overdue(DONE, date(2026, 3, 1), date(2026, 3, 2))
    False
    """
    return status in OPEN_ACTION_STATUSES and due_on < today


def is_decision_overdue(status: str, due_on: date | None, today: date) -> bool:
    """A proposed decision whose day to be decided has passed."""
    return status == PROPOSED and due_on is not None and due_on < today


ObjectKey = tuple[str, int]
SCOPED_KINDS = frozenset({"notice", "raci"})


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One line of an agenda, with what it is about so that each viewer sees only their share.

    `about_party` restricts the item to that party's users (and the integrator): a contract's
    notice deadline is commercial. `about_object` restricts it to viewers who may see that
    service or component. `party` is the party the text names (an action's owner), shown as
    its chip; it restricts nothing.
    """

    kind: str
    text: str
    ref: str = ""
    overdue: bool = False
    due_on: date | None = None
    about_party: int | None = None
    about_object: ObjectKey | None = None
    party: int | None = None

    def sort_key(self) -> tuple[bool, date, str]:
        return (not self.overdue, self.due_on or date.max, self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "ref": self.ref,
            "overdue": self.overdue,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "about_party": self.about_party,
            "about_object": list(self.about_object) if self.about_object else None,
            "party": self.party,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AgendaItem:
        """Read an item as stored. A contract or matrix item stored before agendas recorded
        what an item is about is kept for the integrator only (party 0 is nobody's)."""
        obj = data.get("about_object")
        due = data.get("due_on")
        if "about_party" not in data and data.get("kind") in SCOPED_KINDS:
            return cls(
                str(data["kind"]),
                str(data.get("text", "")),
                str(data.get("ref", "")),
                bool(data.get("overdue", False)),
                about_party=0,
            )
        return cls(
            kind=str(data.get("kind", "")),
            text=str(data.get("text", "")),
            ref=str(data.get("ref", "")),
            overdue=bool(data.get("overdue", False)),
            due_on=date.fromisoformat(due) if due else None,
            about_party=data.get("about_party"),
            about_object=(str(obj[0]), int(obj[1])) if obj else None,
            party=data.get("party"),
        )

    def visible_to(
        self, parties: frozenset[int] | None, objects: frozenset[ObjectKey] | None
    ) -> bool:
        """`parties`/`objects` the viewer may see; None means every one."""
        if self.about_party is not None and parties is not None and self.about_party not in parties:
            return False
        return not (
            self.about_object is not None
            and objects is not None
            and self.about_object not in objects
        )


@dataclass(frozen=True, slots=True)
class AgendaSection:
    title: str
    items: tuple[AgendaItem, ...] = ()
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "items": [i.to_json() for i in self.items]}
        if self.note:
            out["note"] = self.note
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AgendaSection:
        return cls(
            title=str(data.get("title", "")),
            items=tuple(AgendaItem.from_json(i) for i in data.get("items", ())),
            note=str(data.get("note", "")),
        )


def ordered(items: Iterable[AgendaItem]) -> tuple[AgendaItem, ...]:
    """Overdue first, then by due day (undated last), then by text.

    >>> items = [AgendaItem("action", "b", due_on=date(2026, 3, 9)),
    ...          AgendaItem("action", "a", due_on=date(2026, 3, 1), overdue=True),
    ...          AgendaItem("action", "c", due_on=date(2026, 3, 5))]
    >>> [i.text for i in ordered(items)]
    ['a', 'c', 'b']
    """
    return tuple(sorted(items, key=AgendaItem.sort_key))


@dataclass(frozen=True, slots=True)
class Agenda:
    sections: tuple[AgendaSection, ...] = field(default_factory=tuple)

    def to_json(self) -> list[dict[str, Any]]:
        return [s.to_json() for s in self.sections]

    @classmethod
    def from_json(cls, data: Iterable[Mapping[str, Any]] | None) -> Agenda:
        return cls(tuple(AgendaSection.from_json(s) for s in data or ()))

    def narrowed(
        self, parties: frozenset[int] | None, objects: frozenset[ObjectKey] | None
    ) -> Agenda:
        """The agenda as a viewer who may see `parties` and `objects` reads it."""
        return Agenda(
            tuple(
                AgendaSection(
                    s.title, tuple(i for i in s.items if i.visible_to(parties, objects)), s.note
                )
                for s in self.sections
            )
        )
