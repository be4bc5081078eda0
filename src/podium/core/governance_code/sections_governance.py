"""Readers of the governance sections: activities, RACI cells, escalation ladders and forums."""

from __future__ import annotations

from typing import Any

from podium.core.cadence import CadenceError, validate_rule
from podium.core.governance_code.marks import MarkedList, MarkedMap
from podium.core.governance_code.reading import Reader
from podium.core.governance_code.schema import (
    COMPONENT,
    RACI_ROLES,
    SERVICE,
    Activity,
    Forum,
    Ladder,
    LadderStep,
    Letter,
    Member,
    RaciCell,
)

Known = dict[str, Any]


def read_activity(reader: Reader, item: Any, path: str, line: int, known: Known) -> Activity | None:
    m = reader.mapping(
        item,
        path,
        line,
        allowed=("key", "name", "description", "position"),
        required=("key", "name"),
    )
    if m is None:
        return None
    return Activity(
        key=reader.key(m, "key", path),
        name=reader.text(m, "name", path),
        description=reader.text(m, "description", path),
        position=reader.integer(m, "position", path, 100),
    )


def read_raci(reader: Reader, top: MarkedMap, known: Known) -> tuple[RaciCell, ...]:
    """Cells: ``{service: x | component: y, activity: z, R: [...], A: [...], C: [...], I: [...]}``;
    a letter is a party key, or ``{party: key, note: text}`` when it carries a note."""
    cells: dict[str, RaciCell] = {}
    for _, item, path, line in reader.items(top, "raci", ""):
        path = path.lstrip(".")
        before = len(reader.problems)
        m = reader.mapping(
            item,
            path,
            line,
            allowed=(SERVICE, COMPONENT, "activity", *RACI_ROLES),
            required=("activity",),
        )
        if m is None:
            continue
        kinds = [kind for kind in (SERVICE, COMPONENT) if kind in m]
        if len(kinds) != 1:
            reader.problem(path, m.line, "name exactly one of 'service' or 'component'")
            continue
        kind = kinds[0]
        section = "services" if kind == SERVICE else "components"
        object_key = reader.reference(m, kind, path, known[section], kind) or ""
        activity = reader.reference(m, "activity", path, known["activities"], "activity") or ""
        letters: dict[str, Letter] = {}
        for role in RACI_ROLES:
            for _, raw, letter_path, letter_line in reader.items(m, role, path):
                letter = read_letter(reader, raw, role, letter_path, letter_line, known)
                if letter is not None and letter.key in letters:
                    reader.problem(letter_path, letter_line, f"{letter.party} is {role} twice")
                elif letter is not None:
                    letters[letter.key] = letter
        cell = RaciCell(kind, object_key, activity, tuple(letters[k] for k in sorted(letters)))
        if cell.key in cells:
            reader.problem(path, m.line, f"the cell {cell.key} is listed twice")
        elif len(reader.problems) == before:
            cells[cell.key] = cell
    return tuple(cells[k] for k in sorted(cells))


def read_letter(
    reader: Reader, raw: Any, role: str, path: str, line: int, known: Known
) -> Letter | None:
    if not isinstance(raw, MarkedMap):
        party = reader.reference_value(raw, path, line, known["parties"], "party")
        return None if party is None else Letter(role, party)
    raw_map = reader.mapping(raw, path, line, allowed=("party", "note"), required=("party",))
    if raw_map is None:
        return None
    party = reader.reference(raw_map, "party", path, known["parties"], "party") or ""
    return Letter(role, party, reader.text(raw_map, "note", path))


def read_ladder(reader: Reader, item: Any, path: str, line: int, known: Known) -> Ladder | None:
    m = reader.mapping(
        item,
        path,
        line,
        allowed=("key", "name", "party", "service", "steps"),
        required=("key", "name", "steps"),
    )
    if m is None:
        return None
    steps = []
    step_fields = ("level", "wait_minutes", "party", "contact_role", "channel")
    for _, raw, step_path, step_line in reader.items(m, "steps", path):
        s = reader.mapping(
            raw, step_path, step_line, allowed=(*step_fields, "wait_kind"), required=step_fields
        )
        if s is None:
            continue
        steps.append(
            LadderStep(
                level=reader.choice(s, "level", step_path, "step.level"),
                wait_minutes=reader.integer(s, "wait_minutes", step_path),
                party=reader.reference(s, "party", step_path, known["parties"], "party") or "",
                contact_role=reader.choice(s, "contact_role", step_path, "contact.role"),
                channel=reader.choice(s, "channel", step_path, "step.channel"),
                wait_kind=reader.choice(s, "wait_kind", step_path, "step.wait_kind", "business"),
            )
        )
    if "steps" in m and not steps and isinstance(m["steps"], MarkedList):
        reader.problem(f"{path}.steps", m.line_of("steps"), "a ladder needs at least one step")
    return Ladder(
        key=reader.key(m, "key", path),
        name=reader.text(m, "name", path),
        steps=tuple(steps),
        party=reader.reference(m, "party", path, known["parties"], "party"),
        service=reader.reference(m, "service", path, known["services"], "service"),
    )


def read_forum(reader: Reader, item: Any, path: str, line: int, known: Known) -> Forum | None:
    fields = ("key", "name", "kind", "charter", "cadence", "first_meeting_at")
    m = reader.mapping(
        item,
        path,
        line,
        allowed=(*fields, "duration_minutes", "time_zone", "members"),
        required=fields[:3],
    )
    if m is None:
        return None
    members: dict[str, Member] = {}
    for _, raw, member_path, member_line in reader.items(m, "members", path):
        mm = reader.mapping(
            raw, member_path, member_line, allowed=("party", "role"), required=("party",)
        )
        if mm is None:
            continue
        party = reader.reference(mm, "party", member_path, known["parties"], "party") or ""
        if party in members:
            reader.problem(member_path, member_line, f"party {party!r} is a member twice")
        members[party] = Member(
            party, reader.choice(mm, "role", member_path, "member.role", "member")
        )
    cadence = reader.text(m, "cadence", path)
    if cadence:
        try:
            validate_rule(cadence)
        except CadenceError as exc:
            reader.problem(f"{path}.cadence", m.line_of("cadence"), str(exc))
    first = reader.instant(m, "first_meeting_at", path)
    if cadence and first is None and "first_meeting_at" not in m:
        reader.problem(path, m.line, "a cadence needs first_meeting_at")
    return Forum(
        key=reader.key(m, "key", path),
        name=reader.text(m, "name", path),
        kind=reader.choice(m, "kind", path, "forum.kind"),
        charter=reader.text(m, "charter", path),
        cadence=cadence,
        first_meeting_at=first,
        duration_minutes=reader.integer(m, "duration_minutes", path, 60),
        time_zone=reader.time_zone(m, "time_zone", path, "Europe/Amsterdam"),
        members=tuple(members[k] for k in sorted(members)),
    )
