"""Readers of the ecosystem sections: calendars, parties with contacts, components, services
and contracts with targets. Each returns a schema value, or None after reporting why not."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from podium.core.governance_code.reading import Reader, describe
from podium.core.governance_code.schema import (
    WEEKDAYS,
    Calendar,
    Component,
    Contact,
    Contract,
    Party,
    Service,
    Target,
)
from podium.core.party_codes import CODE_RULE, is_party_code

Known = dict[str, Any]
NO_CREDIT = Decimal("0.00")
NO_VALUE = Decimal("0.00")
INTERVAL = re.compile(r"^(\d\d:\d\d)-(\d\d:\d\d)$")


def read_calendar(reader: Reader, item: Any, path: str, line: int, known: Known) -> Calendar | None:
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


def read_party(reader: Reader, item: Any, path: str, line: int, known: Known) -> Party | None:
    fields = ("key", "name", "kind", "code", "colour", "segment", "risk_tier", "time_zone")
    m = reader.mapping(
        item,
        path,
        line,
        allowed=(*fields, "calendar", "description", "contacts"),
        required=fields[:3],
    )
    if m is None:
        return None
    code = reader.text(m, "code", path)
    if "code" in m and isinstance(m.get("code"), str) and not is_party_code(code):
        reader.problem(
            f"{path}.code", m.line_of("code"), f"{code!r} is not a party code: use {CODE_RULE}"
        )
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
        code=code,
        colour=reader.choice(m, "colour", path, "party.colour"),
        segment=reader.choice(m, "segment", path, "party.segment", "routine"),
        risk_tier=reader.choice(m, "risk_tier", path, "party.risk_tier", "medium"),
        time_zone=reader.time_zone(m, "time_zone", path, "Europe/Amsterdam"),
        calendar=reader.reference(m, "calendar", path, known["calendars"], "calendar"),
        description=reader.text(m, "description", path),
        contacts=tuple(contacts[k] for k in sorted(contacts)),
    )


def read_component(
    reader: Reader, item: Any, path: str, line: int, known: Known
) -> Component | None:
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


def read_service(reader: Reader, item: Any, path: str, line: int, known: Known) -> Service | None:
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


def read_target(reader: Reader, raw: Any, path: str, line: int, known: Known) -> Target | None:
    fields = ("priority", "response_minutes", "resolution_minutes")
    extra = ("availability_percent", "service_credit_percent", "calendar")
    m = reader.mapping(raw, path, line, allowed=(*fields, *extra), required=fields)
    if m is None:
        return None
    return Target(
        priority=reader.choice(m, "priority", path, "target.priority"),
        response_minutes=reader.integer(m, "response_minutes", path),
        resolution_minutes=reader.integer(m, "resolution_minutes", path),
        availability_percent=reader.decimal(m, "availability_percent", path, 3, at_most=100),
        service_credit_percent=(
            reader.decimal(m, "service_credit_percent", path, 2, at_most=100) or NO_CREDIT
        ),
        calendar=reader.reference(m, "calendar", path, known["calendars"], "calendar"),
    )


def read_contract(reader: Reader, item: Any, path: str, line: int, known: Known) -> Contract | None:
    fields = ("key", "party", "title", "starts_on", "ends_on")
    extra = ("scope", "notice_period_days", "annual_value", "currency", "services", "components")
    m = reader.mapping(item, path, line, allowed=(*fields, *extra, "targets"), required=fields)
    if m is None:
        return None
    targets: dict[str, Target] = {}
    for _, raw, target_path, target_line in reader.items(m, "targets", path):
        target = read_target(reader, raw, target_path, target_line, known)
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
        currency=reader.currency(m, "currency", path, "EUR"),
        services=reader.references(m, "services", path, known["services"], "service"),
        components=reader.references(m, "components", path, known["components"], "component"),
        targets=tuple(targets[k] for k in sorted(targets)),
    )
