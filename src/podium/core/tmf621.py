"""TMF621 Trouble Ticket bodies in and out: the one adapter between the TM Forum standard and
Podium's ticket values.

`read_ticket` turns a create (POST) or merge-patch (PATCH) body — v5, or the v4 shapes suppliers
still send (`externalId`, flat `relatedParty` / `relatedEntity`) — into a `TicketChange`, or
raises `TmfInputError` listing every problem with its place in the body (`relatedParty[1].role`).
`ticket_resource` renders a `TicketView` as the v5 resource. Pure: no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

STATUSES = (
    "acknowledged",
    "rejected",
    "pending",
    "held",
    "inProgress",
    "cancelled",
    "closed",
    "resolved",
)
REQUIRED_ON_CREATE = ("description", "severity", "ticketType", "@type")
MAX_TEXT = 4000
MAX_NAME = 200
MAX_ITEMS = 50


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong, and where in the body (``relatedParty[1].role``)."""

    path: str
    message: str


class TmfInputError(ValueError):
    """A body that is not a trouble ticket Podium can take; `problems` says each place."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in self.problems))


@dataclass(frozen=True, slots=True)
class ExternalId:
    """A ticket's number in another party's tool: the correlation key is (owner, id)."""

    owner: str
    id: str


@dataclass(frozen=True, slots=True)
class PartyRef:
    role: str
    id: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An affected service, component or contract (``@referredType`` says which)."""

    role: str
    referred_type: str
    id: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class NoteIn:
    text: str
    author: str = ""
    date: datetime | None = None
    id: str = ""


@dataclass(frozen=True, slots=True)
class TicketChange:
    """What a body says about a ticket; `fields` lists the top-level fields it set, so a
    merge-patch changes only those."""

    fields: frozenset[str]
    name: str = ""
    description: str = ""
    severity: str = ""
    priority: str = ""
    ticket_type: str = ""
    status: str = ""
    status_change_reason: str = ""
    external_ids: tuple[ExternalId, ...] = ()
    parties: tuple[PartyRef, ...] = ()
    entities: tuple[EntityRef, ...] = ()
    notes: tuple[NoteIn, ...] = ()
    requested_resolution: datetime | None = None
    expected_resolution: datetime | None = None
    resolution_date: datetime | None = None
    last_update: datetime | None = None
    sla_breached: bool | None = None  # the sender's tool's own SLA verdict, if it gave one

    def sets(self, name: str) -> bool:
        return name in self.fields


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def text(self, body: Mapping[str, Any], key: str, path: str, limit: int = MAX_TEXT) -> str:
        value = body.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(path, f"must be a string, not {type(value).__name__}")
            return ""
        if len(value) > limit:
            self.fail(path, f"must be at most {limit} characters")
            return ""
        return value

    def when(self, body: Mapping[str, Any], key: str, path: str) -> datetime | None:
        raw = body.get(key)
        if raw is None:
            return None
        if not isinstance(raw, str):
            self.fail(path, "must be a date-time string such as 2026-03-02T09:00:00Z")
            return None
        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            self.fail(path, f"{raw[:40]!r} is not a date-time such as 2026-03-02T09:00:00Z")
            return None
        if value.tzinfo is None:
            self.fail(path, "needs a time zone offset, e.g. Z or +01:00")
            return None
        if not 1900 <= value.year <= 2999:
            self.fail(path, "must be a date-time from 1900 to 2999")
            return None
        return value

    def items(self, body: Mapping[str, Any], key: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = body.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "must be an array")
            return []
        if len(value) > MAX_ITEMS:
            self.fail(key, f"holds at most {MAX_ITEMS} items")
            return []
        found = []
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                self.fail(f"{key}[{index}]", "must be an object")
            else:
                found.append((f"{key}[{index}]", item))
        return found


def _external_ids(reader: _Reader, body: Mapping[str, Any], owner: str) -> tuple[ExternalId, ...]:
    found: list[ExternalId] = []
    if "externalId" in body:  # v4: one string, owned by whoever sends it
        value = reader.text(body, "externalId", "externalId", limit=120)
        if value:
            found.append(ExternalId(owner, value))
    for path, item in reader.items(body, "externalIdentifier"):
        ident = reader.text(item, "id", f"{path}.id", limit=120)
        who = reader.text(item, "owner", f"{path}.owner", limit=120) or owner
        if not ident:
            reader.fail(f"{path}.id", "is required")
        else:
            found.append(ExternalId(who, ident))
    return tuple(found)


def _parties(reader: _Reader, body: Mapping[str, Any]) -> tuple[PartyRef, ...]:
    found = []
    for path, item in reader.items(body, "relatedParty"):
        role = reader.text(item, "role", f"{path}.role", limit=60)
        ref = item.get("partyOrPartyRole", item)  # v4 puts id and name on the item itself
        where = f"{path}.partyOrPartyRole" if "partyOrPartyRole" in item else path
        if not isinstance(ref, Mapping):
            reader.fail(where, "must be an object")
            continue
        ident = reader.text(ref, "id", f"{where}.id", limit=120)
        if not ident:
            reader.fail(f"{where}.id", "is required")
            continue
        found.append(PartyRef(role, ident, reader.text(ref, "name", f"{where}.name", MAX_NAME)))
    return tuple(found)


def _entities(reader: _Reader, body: Mapping[str, Any]) -> tuple[EntityRef, ...]:
    found = []
    for path, item in reader.items(body, "relatedEntity"):
        role = reader.text(item, "role", f"{path}.role", limit=60)
        ref = item.get("entity", item)  # v4 puts the reference on the item itself
        where = f"{path}.entity" if "entity" in item else path
        if not isinstance(ref, Mapping):
            reader.fail(where, "must be an object")
            continue
        ident = reader.text(ref, "id", f"{where}.id", limit=120)
        kind = reader.text(ref, "@referredType", f"{where}.@referredType", limit=60)
        if not ident:
            reader.fail(f"{where}.id", "is required")
            continue
        name = reader.text(ref, "name", f"{where}.name", MAX_NAME)
        found.append(EntityRef(role, kind, ident, name))
    return tuple(found)


SLA_CHARACTERISTIC = "slaBreached"
"""The `troubleTicketCharacteristic` by which a tool gives its own SLA verdict (see
docs/exchange.md): ``{"@type": "BooleanCharacteristic", "name": "slaBreached", "value": true}``."""


def _sla_verdict(reader: _Reader, body: Mapping[str, Any]) -> bool | None:
    verdict = None
    for path, item in reader.items(body, "troubleTicketCharacteristic"):
        if item.get("name") != SLA_CHARACTERISTIC:
            continue  # other characteristics are the tool's own business
        value = item.get("value")
        if not isinstance(value, bool):
            reader.fail(f"{path}.value", f"{SLA_CHARACTERISTIC} must be true or false")
        else:
            verdict = value
    return verdict


def _notes(reader: _Reader, body: Mapping[str, Any]) -> tuple[NoteIn, ...]:
    found = []
    for path, item in reader.items(body, "note"):
        text = reader.text(item, "text", f"{path}.text")
        if not text:
            reader.fail(f"{path}.text", "is required")
            continue
        found.append(
            NoteIn(
                text,
                reader.text(item, "author", f"{path}.author", MAX_NAME),
                reader.when(item, "date", f"{path}.date"),
                reader.text(item, "id", f"{path}.id", limit=120),
            )
        )
    return tuple(found)


def read_ticket(body: Any, *, creating: bool, owner: str) -> TicketChange:
    """A create or merge-patch body as a `TicketChange`; `owner` names the sender's tool for
    a v4 `externalId` and for an `externalIdentifier` that names no owner.

    >>> change = read_ticket({"@type": "TroubleTicket", "description": "WAN down",
    ...     "severity": "Major", "ticketType": "incident",
    ...     "externalIdentifier": [{"owner": "beta-snow", "id": "INC0012"}]},
    ...     creating=True, owner="beta")
    >>> change.description, change.external_ids
    ('WAN down', (ExternalId(owner='beta-snow', id='INC0012'),))
    >>> read_ticket({"status": "solved"}, creating=False, owner="beta")
    Traceback (most recent call last):
    ...
    podium.core.tmf621.TmfInputError: status: must be one of acknowledged, rejected, pending, held, inProgress, cancelled, closed, resolved
    """
    if not isinstance(body, Mapping):
        raise TmfInputError([Problem("$", "the body must be a JSON object")])
    reader = _Reader()
    if creating:
        for key in REQUIRED_ON_CREATE:
            if body.get(key) in (None, ""):
                reader.fail(key, "is required to create a trouble ticket")
        if body.get("@type") not in (None, "", "TroubleTicket"):
            reader.fail("@type", "must be TroubleTicket")
    status = reader.text(body, "status", "status", limit=20)
    if status and status not in STATUSES:
        reader.fail("status", f"must be one of {', '.join(STATUSES)}")
    fields = {key for key in body if isinstance(key, str)}
    if "externalId" in fields:
        fields.add("externalIdentifier")
    change = TicketChange(
        fields=frozenset(fields),
        name=reader.text(body, "name", "name", MAX_NAME),
        description=reader.text(body, "description", "description"),
        severity=reader.text(body, "severity", "severity", limit=40),
        priority=reader.text(body, "priority", "priority", limit=40),
        ticket_type=reader.text(body, "ticketType", "ticketType", limit=40),
        status=status,
        status_change_reason=reader.text(body, "statusChangeReason", "statusChangeReason", 400),
        external_ids=_external_ids(reader, body, owner),
        parties=_parties(reader, body),
        entities=_entities(reader, body),
        notes=_notes(reader, body),
        requested_resolution=reader.when(
            body, "requestedResolutionDate", "requestedResolutionDate"
        ),
        expected_resolution=reader.when(body, "expectedResolutionDate", "expectedResolutionDate"),
        resolution_date=reader.when(body, "resolutionDate", "resolutionDate"),
        last_update=reader.when(body, "lastUpdate", "lastUpdate"),
        sla_breached=_sla_verdict(reader, body),
    )
    if reader.problems:
        raise TmfInputError(reader.problems)
    return change


@dataclass(frozen=True, slots=True)
class StatusChangeView:
    status: str
    at: datetime
    reason: str = ""


@dataclass(frozen=True, slots=True)
class NoteView:
    id: str
    text: str
    author: str
    at: datetime


@dataclass(frozen=True, slots=True)
class TicketView:
    """A ticket as the TMF621 resource shows it to one caller."""

    id: str
    href: str
    name: str
    description: str
    severity: str
    priority: str
    ticket_type: str
    status: str
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None = None
    requested_resolution: datetime | None = None
    expected_resolution: datetime | None = None
    external_ids: tuple[ExternalId, ...] = ()
    parties: tuple[PartyRef, ...] = ()
    entities: tuple[EntityRef, ...] = ()
    notes: tuple[NoteView, ...] = ()
    status_changes: tuple[StatusChangeView, ...] = field(default_factory=tuple)


def _instant(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def ticket_resource(view: TicketView) -> dict[str, Any]:
    """The v5 TroubleTicket resource (empty optional parts left out, as TMF servers do)."""
    resource: dict[str, Any] = {
        "id": view.id,
        "href": view.href,
        "@type": "TroubleTicket",
        "name": view.name,
        "description": view.description,
        "severity": view.severity,
        "priority": view.priority,
        "ticketType": view.ticket_type,
        "status": view.status,
        "creationDate": _instant(view.created_at),
        "lastUpdate": _instant(view.updated_at),
    }
    optional = {
        "resolutionDate": _instant(view.resolved_at),
        "requestedResolutionDate": _instant(view.requested_resolution),
        "expectedResolutionDate": _instant(view.expected_resolution),
    }
    resource.update({k: v for k, v in optional.items() if v is not None})
    if view.external_ids:
        resource["externalIdentifier"] = [
            {"@type": "ExternalIdentifier", "owner": e.owner, "id": e.id} for e in view.external_ids
        ]
    if view.parties:
        resource["relatedParty"] = [
            {
                "@type": "RelatedPartyRefOrPartyRoleRef",
                "role": p.role,
                "partyOrPartyRole": {
                    "@type": "PartyRef",
                    "@referredType": "Organization",
                    "id": p.id,
                    "name": p.name,
                },
            }
            for p in view.parties
        ]
    if view.entities:
        resource["relatedEntity"] = [
            {
                "@type": "RelatedEntity",
                "role": e.role,
                "entity": {
                    "@type": "EntityRef",
                    "@referredType": e.referred_type,
                    "id": e.id,
                    "name": e.name,
                },
            }
            for e in view.entities
        ]
    if view.notes:
        resource["note"] = [
            {
                "@type": "Note",
                "id": n.id,
                "text": n.text,
                "author": n.author,
                "date": _instant(n.at),
            }
            for n in view.notes
        ]
    if view.status_changes:
        resource["statusChange"] = [
            {
                "@type": "StatusChange",
                "status": s.status,
                "statusChangeDate": _instant(s.at),
                "statusChangeReason": s.reason,
            }
            for s in view.status_changes
        ]
    return resource


def error_body(status: int, reason: str, message: str, code: str = "") -> dict[str, str]:
    """The TMF `Error` body.

    >>> error_body(404, "Not found", "No trouble ticket TT-9 you may see")["status"]
    '404'
    """
    return {
        "@type": "Error",
        "code": code or str(status),
        "reason": reason,
        "message": message,
        "status": str(status),
    }
