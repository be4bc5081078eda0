"""`parse_document`: YAML text in, a validated `GovernanceDocument` out, or every mistake at once.

Two passes: the first collects each section's keys (so a component may name a party defined
further down), the second reads every object and checks its references against those keys.
Then the dependency graph is checked for cycles. Allowed values of the choice fields (party
kinds, priorities, …) are passed in by the caller as `vocabularies`, so the lists live once, in
the apps, and this module stays free of them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

import yaml

from podium.core.governance_code.marks import MarkedList, MarkedMap, load_marked
from podium.core.governance_code.reading import DocumentError, Reader, describe
from podium.core.governance_code.schema import (
    COMPONENT,
    RACI_ROLES,
    SECTIONS,
    SERVICE,
    WEEKDAYS,
    Activity,
    Calendar,
    Component,
    Contact,
    Contract,
    Forum,
    GovernanceDocument,
    Ladder,
    LadderStep,
    Letter,
    Member,
    Party,
    RaciCell,
    Service,
    Target,
)

FORMAT_VERSION = 1
NO_CREDIT = Decimal("0.00")
NO_VALUE = Decimal("0.00")
INTERVAL = re.compile(r"^(\d\d:\d\d)-(\d\d:\d\d)$")
Known = dict[str, Collection[str]]


def parse_document(
    text: str, source_name: str, *, vocabularies: Mapping[str, Collection[str]] | None = None
) -> GovernanceDocument:
    """Read and validate a governance document; raise `DocumentError` naming every mistake.

    >>> doc = parse_document("parties:\\n- key: acme\\n  name: Acme\\n  kind: saas_vendor\\n", "x.yaml")
    >>> doc.parties[0].name
    'Acme'
    >>> parse_document("parties:\\n- key: acme\\n  nmae: Acme\\n", "x.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    podium...DocumentError: x.yaml:3: parties[0].nmae: unknown field (known: name, ...
    """
    reader = Reader(source_name, vocabularies or {})
    try:
        root = load_marked(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        reader.problem("", mark.line + 1 if mark else None, f"not valid YAML: {error.problem}")
        raise DocumentError(reader.problems) from error
    except yaml.YAMLError as error:
        reader.problem("", None, f"not valid YAML: {error}")
        raise DocumentError(reader.problems) from error
    if root is None:
        root = load_marked("{}")
    top = reader.mapping(root, "", 1, allowed=("version", *SECTIONS))
    if top is None:
        raise DocumentError(reader.problems)
    version = top.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        reader.problem("version", top.line_of("version"), f"only version {FORMAT_VERSION} is read")
    known = _collect_keys(reader, top)
    doc = GovernanceDocument(
        calendars=_section(reader, top, "calendars", _calendar, known),
        parties=_section(reader, top, "parties", _party, known),
        components=_section(reader, top, "components", _component, known),
        services=_section(reader, top, "services", _service, known),
        contracts=_section(reader, top, "contracts", _contract, known),
        activities=_section(reader, top, "activities", _activity, known),
        raci=_raci(reader, top, known),
        ladders=_section(reader, top, "ladders", _ladder, known),
        forums=_section(reader, top, "forums", _forum, known),
    )
    _check_cycles(reader, top, doc)
    if reader.problems:
        raise DocumentError(reader.problems)
    return doc


def _collect_keys(reader: Reader, top: MarkedMap) -> Known:
    """Each section's keys; a key given twice is reported here, once, with both places."""
    known: Known = {}
    for section in SECTIONS:
        if section == "raci":
            continue
        first: dict[str, str] = {}
        for _, item, path, _line in reader.items(top, section, ""):
            path = path.lstrip(".")
            key = item.get("key") if isinstance(item, MarkedMap) else None
            if not isinstance(key, str):
                continue
            if key in first:
                reader.problem(
                    f"{path}.key",
                    item.line_of("key"),
                    f"duplicate key {key!r} (first at {first[key]})",
                )
            else:
                first[key] = path
        known[section] = set(first)
    return known


def _section(reader: Reader, top: MarkedMap, name: str, read: Any, known: Known) -> tuple[Any, ...]:
    out: dict[str, Any] = {}
    for _, item, path, line in reader.items(top, name, ""):
        before = len(reader.problems)
        value = read(reader, item, path.lstrip("."), line, known)
        if value is not None and len(reader.problems) == before:
            out.setdefault(value.key, value)
    return tuple(out[key] for key in sorted(out))


def _calendar(reader: Reader, item: Any, path: str, line: int, known: Known) -> Calendar | None:
    fields = ("key", "name", "time_zone", "country", "subdivision", "weekly_hours")
    m = reader.mapping(
        item, path, line, allowed=(*fields, "closures", "always_open"), required=fields[:3]
    )
    if m is None:
        return None
    hours: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    raw_hours = m.get("weekly_hours")
    if raw_hours is not None:
        week = reader.mapping(
            raw_hours, f"{path}.weekly_hours", m.line_of("weekly_hours"), allowed=WEEKDAYS
        )
        for day in WEEKDAYS if week is not None else ():
            assert week is not None
            spans: list[tuple[str, str]] = []
            for _, text, span_path, span_line in reader.items(week, day, f"{path}.weekly_hours"):
                match = INTERVAL.match(text) if isinstance(text, str) else None
                if match is None or not match.group(1) < match.group(2) <= "24:00":
                    reader.problem(
                        span_path,
                        span_line,
                        f"expected hours like '09:00-17:00', got {describe(text)}",
                    )
                    continue
                spans.append((match.group(1), match.group(2)))
            if spans:
                hours.append((day, tuple(spans)))
    closures = []
    for _, raw, closure_path, closure_line in reader.items(m, "closures", path):
        closed = reader.date_value(raw, closure_path, closure_line)
        if closed is not None:
            closures.append(closed)
    return Calendar(
        key=reader.key(m, "key", path),
        name=reader.text(m, "name", path),
        time_zone=reader.time_zone(m, "time_zone", path),
        country=reader.text(m, "country", path),
        subdivision=reader.text(m, "subdivision", path),
        weekly_hours=tuple(hours),
        closures=tuple(sorted(set(closures))),
        always_open=reader.boolean(m, "always_open", path),
    )


def _party(reader: Reader, item: Any, path: str, line: int, known: Known) -> Party | None:
    fields = ("key", "name", "kind", "segment", "risk_tier", "time_zone", "calendar")
    m = reader.mapping(
        item, path, line, allowed=(*fields, "description", "contacts"), required=fields[:3]
    )
    if m is None:
        return None
    contacts: dict[str, Contact] = {}
    for _, raw, contact_path, contact_line in reader.items(m, "contacts", path):
        c = reader.mapping(
            raw,
            contact_path,
            contact_line,
            allowed=("name", "role", "email", "phone", "time_zone"),
            required=("name", "role"),
        )
        if c is None:
            continue
        contact = Contact(
            name=reader.text(c, "name", contact_path),
            role=reader.choice(c, "role", contact_path, "contact.role"),
            email=reader.text(c, "email", contact_path),
            phone=reader.text(c, "phone", contact_path),
            time_zone=reader.time_zone(c, "time_zone", contact_path),
        )
        if contact.key in contacts:
            reader.problem(contact_path, contact_line, f"contact {contact.key} is listed twice")
        contacts[contact.key] = contact
    return Party(
        key=reader.key(m, "key", path),
        name=reader.text(m, "name", path),
        kind=reader.choice(m, "kind", path, "party.kind"),
        segment=reader.choice(m, "segment", path, "party.segment", "routine"),
        risk_tier=reader.choice(m, "risk_tier", path, "party.risk_tier", "medium"),
        time_zone=reader.time_zone(m, "time_zone", path, "Europe/Amsterdam"),
        calendar=reader.reference(m, "calendar", path, known["calendars"], "calendar"),
        description=reader.text(m, "description", path),
        contacts=tuple(contacts[k] for k in sorted(contacts)),
    )


def _component(reader: Reader, item: Any, path: str, line: int, known: Known) -> Component | None:
    fields = ("key", "name", "kind", "run_by")
    m = reader.mapping(
        item, path, line, allowed=(*fields, "description", "depends_on"), required=fields
    )
    if m is None:
        return None
    return Component(
        key=reader.key(m, "key", path),
        name=reader.text(m, "name", path),
        kind=reader.choice(m, "kind", path, "component.kind"),
        run_by=reader.reference(m, "run_by", path, known["parties"], "party") or "",
        description=reader.text(m, "description", path),
        depends_on=reader.references(m, "depends_on", path, known["components"], "component"),
    )


def _service(reader: Reader, item: Any, path: str, line: int, known: Known) -> Service | None:
    fields = ("key", "name", "criticality", "owner", "description", "components")
    m = reader.mapping(item, path, line, allowed=fields, required=fields[:3])
    if m is None:
        return None
    return Service(
        key=reader.key(m, "key", path),
        name=reader.text(m, "name", path),
        criticality=reader.choice(m, "criticality", path, "service.criticality"),
        owner=reader.text(m, "owner", path),
        description=reader.text(m, "description", path),
        components=reader.references(m, "components", path, known["components"], "component"),
    )


def _target(reader: Reader, raw: Any, path: str, line: int, known: Known) -> Target | None:
    fields = ("priority", "response_minutes", "resolution_minutes")
    extra = ("availability_percent", "service_credit_percent", "calendar")
    m = reader.mapping(raw, path, line, allowed=(*fields, *extra), required=fields)
    if m is None:
        return None
    return Target(
        priority=reader.choice(m, "priority", path, "target.priority"),
        response_minutes=reader.integer(m, "response_minutes", path),
        resolution_minutes=reader.integer(m, "resolution_minutes", path),
        availability_percent=reader.decimal(m, "availability_percent", path, 3),
        service_credit_percent=reader.decimal(m, "service_credit_percent", path, 2) or NO_CREDIT,
        calendar=reader.reference(m, "calendar", path, known["calendars"], "calendar"),
    )


def _contract(reader: Reader, item: Any, path: str, line: int, known: Known) -> Contract | None:
    fields = ("key", "party", "title", "starts_on", "ends_on")
    extra = ("scope", "notice_period_days", "annual_value", "currency", "services", "components")
    m = reader.mapping(item, path, line, allowed=(*fields, *extra, "targets"), required=fields)
    if m is None:
        return None
    targets: dict[str, Target] = {}
    for _, raw, target_path, target_line in reader.items(m, "targets", path):
        target = _target(reader, raw, target_path, target_line, known)
        if target is not None and target.priority in targets:
            reader.problem(target_path, target_line, f"priority {target.priority} is listed twice")
        elif target is not None:
            targets[target.priority] = target
    starts_on = reader.date(m, "starts_on", path)
    ends_on = reader.date(m, "ends_on", path)
    if starts_on and ends_on and ends_on < starts_on:
        reader.problem(
            f"{path}.ends_on", m.line_of("ends_on"), f"ends before it starts ({starts_on})"
        )
    if starts_on is None or ends_on is None:
        return None
    return Contract(
        key=reader.text(m, "key", path),
        party=reader.reference(m, "party", path, known["parties"], "party") or "",
        title=reader.text(m, "title", path),
        starts_on=starts_on,
        ends_on=ends_on,
        scope=reader.text(m, "scope", path),
        notice_period_days=reader.integer(m, "notice_period_days", path, 90),
        annual_value=reader.decimal(m, "annual_value", path, 2) or NO_VALUE,
        currency=reader.text(m, "currency", path, "EUR"),
        services=reader.references(m, "services", path, known["services"], "service"),
        components=reader.references(m, "components", path, known["components"], "component"),
        targets=tuple(targets[k] for k in sorted(targets)),
    )


def _activity(reader: Reader, item: Any, path: str, line: int, known: Known) -> Activity | None:
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


def _raci(reader: Reader, top: MarkedMap, known: Known) -> tuple[RaciCell, ...]:
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
                letter = _letter(reader, raw, role, letter_path, letter_line, known)
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


def _letter(
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


def _ladder(reader: Reader, item: Any, path: str, line: int, known: Known) -> Ladder | None:
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


def _forum(reader: Reader, item: Any, path: str, line: int, known: Known) -> Forum | None:
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


def _check_cycles(reader: Reader, top: MarkedMap, doc: GovernanceDocument) -> None:
    """Report each dependency cycle once, at the first of its components in the document."""
    edges = {c.key: c.depends_on for c in doc.components}
    where: dict[str, tuple[str, int]] = {}
    for index, item, _path, _line in reader.items(top, "components", ""):
        if isinstance(item, MarkedMap) and isinstance(item.get("key"), str):
            where.setdefault(
                item["key"], (f"components[{index}].depends_on", item.line_of("depends_on"))
            )
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        trail.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    path, line = where.get(nxt, ("components", None))
                    reader.problem(path, line, "dependency cycle " + " → ".join(cycle))
            elif nxt not in state:
                visit(nxt, trail)
        trail.pop()
        state[node] = 2

    for key in edges:
        if key not in state:
            visit(key, [])
