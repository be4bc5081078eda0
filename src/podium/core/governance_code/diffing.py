"""`diff`: what applying one document over another would change, object path by object path.

A change is a create, an update of one field (from → to) or a delete. Top-level objects that
are in the database but not in the document are deletes that wait for ``--prune``
(`needs_prune`); collections nested in a listed object — a party's contacts, a contract's
targets, a forum's members, the letters of a RACI cell — belong to the document, so their
removals apply without it. RACI cells are compared only for objects the document lists: the
letters of an object the document leaves out go (or stay) with the object.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from podium.core.governance_code.schema import (
    COMPONENT,
    SECTIONS,
    SERVICE,
    GovernanceDocument,
    RaciCell,
)

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
_SIGNS = {CREATE: "+", UPDATE: "~", DELETE: "-"}
MAX_SHOWN_TEXT = 60


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: ``action`` on the object at ``path`` (and, for an update, one ``field``)."""

    action: str
    path: str
    field: str = ""
    before: Any = None
    after: Any = None
    needs_prune: bool = False

    @property
    def section(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def object_key(self) -> str:
        """The top-level object's key, e.g. ``acme`` for ``parties.acme.contacts.…``."""
        return _split(self.path)[1]

    def __str__(self) -> str:
        sign = _SIGNS[self.action]
        if self.action == UPDATE:
            return f"{sign} {self.path}.{self.field}: {show(self.before)} → {show(self.after)}"
        if self.action == DELETE and self.needs_prune:
            return f"{sign} {self.path} (only with --prune)"
        return f"{sign} {self.path}"


def _split(path: str) -> tuple[str, str, str]:
    """(section, key, rest) of a path; keys may hold dots, so sections are matched by name."""
    section, _, rest = path.partition(".")
    key, _, nested = rest.partition(" / ")
    return section, key, nested


def show(value: Any) -> str:
    """A value as a person reads it in a diff line."""
    if value is None:
        return "(none)"
    if isinstance(value, tuple):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, str):
        flat = " ".join(value.split())
        short = flat if len(flat) <= MAX_SHOWN_TEXT else flat[: MAX_SHOWN_TEXT - 1] + "…"
        return f'"{short}"'
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return str(value)


def _comparable(value: Any) -> Any:
    """Nested objects (ladder steps) compare and print as their one-line text."""
    if isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
        return tuple(str(v) for v in value)
    return value


def _compare(path: str, current: Any, desired: Any) -> Iterator[Change]:
    for f in dataclasses.fields(desired):
        before, after = getattr(current, f.name), getattr(desired, f.name)
        if f.metadata.get("nested"):
            yield from _compare_items(
                f"{path} / {f.name}", before, after, nested=True, needs_prune=False
            )
        elif before != after:
            yield Change(UPDATE, path, f.name, _comparable(before), _comparable(after))


def _compare_items(
    prefix: str,
    current: Iterable[Any],
    desired: Iterable[Any],
    *,
    nested: bool,
    needs_prune: bool,
) -> Iterator[Change]:
    have = {item.key: item for item in current}
    want = {item.key: item for item in desired}
    join = " " if nested else "."
    for key in sorted(want):
        path = f"{prefix}{join}{key}"
        if key not in have:
            yield Change(CREATE, path, after=want[key])
        else:
            yield from _compare(path, have[key], want[key])
    for key in sorted(set(have) - set(want)):
        yield Change(DELETE, f"{prefix}{join}{key}", before=have[key], needs_prune=needs_prune)


def _listed_objects(doc: GovernanceDocument) -> set[tuple[str, str]]:
    return {(SERVICE, s.key) for s in doc.services} | {(COMPONENT, c.key) for c in doc.components}


def keeping_unstated(
    current: GovernanceDocument, desired: GovernanceDocument
) -> GovernanceDocument:
    """`desired` with what it leaves unstated taken from `current`: a party's chip (``code``,
    ``colour``) when the document does not give one, so documents written before parties had
    codes keep meaning "no change".

    >>> from podium.core.governance_code.schema import Party
    >>> have = GovernanceDocument(parties=(Party("acme", "Acme", "saas_vendor", "ACM", "teal"),))
    >>> want = GovernanceDocument(parties=(Party("acme", "Acme", "saas_vendor"),))
    >>> keeping_unstated(have, want) == have
    True
    """
    chips = {p.key: p for p in current.parties}
    parties = []
    for party in desired.parties:
        old = chips.get(party.key)
        if old is not None and not (party.code and party.colour):
            party = dataclasses.replace(
                party, code=party.code or old.code, colour=party.colour or old.colour
            )
        parties.append(party)
    return dataclasses.replace(desired, parties=tuple(parties))


def diff(current: GovernanceDocument, desired: GovernanceDocument) -> list[Change]:
    """Every change that turns `current` into `desired`, section by section, sorted by path.

    >>> from podium.core.governance_code.schema import Activity
    >>> old = GovernanceDocument(activities=(Activity("backup", "Backup"),))
    >>> new = GovernanceDocument(activities=(Activity("backup", "Backup and restore"),))
    >>> [str(c) for c in diff(old, new)]
    ['~ activities.backup.name: "Backup" → "Backup and restore"']
    >>> [str(c) for c in diff(new, GovernanceDocument())]
    ['- activities.backup (only with --prune)']
    """
    changes: list[Change] = []
    for section in SECTIONS:
        have: tuple[Any, ...] = getattr(current, section)
        want: tuple[Any, ...] = getattr(desired, section)
        if section == "raci":
            listed = _listed_objects(desired)
            have = tuple(c for c in have if _object_of(c) in listed)
            changes.extend(_compare_items("raci", have, want, nested=False, needs_prune=False))
        else:
            changes.extend(_compare_items(section, have, want, nested=False, needs_prune=True))
    return changes


def _object_of(cell: RaciCell) -> tuple[str, str]:
    return cell.object_kind, cell.object_key


def render_changes(changes: Iterable[Change], *, prune: bool = False) -> str:
    """The diff as lines for the terminal, and a last line that counts them.

    >>> print(render_changes([]))
    no changes
    """
    lines = []
    counts = {CREATE: 0, UPDATE: 0, DELETE: 0}
    held_back = 0
    for change in changes:
        if change.needs_prune and not prune:
            held_back += 1
            lines.append(str(change))
            continue
        counts[change.action] += 1
        lines.append(str(dataclasses.replace(change, needs_prune=False)))
    if not lines:
        return "no changes"
    summary = f"{counts[CREATE]} to create, {counts[UPDATE]} to update, {counts[DELETE]} to delete"
    if held_back:
        summary += f"; {held_back} not in the document, kept unless --prune"
    return "\n".join([*lines, summary])
