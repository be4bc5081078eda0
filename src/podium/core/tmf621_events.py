"""TMF621 notifications: hub subscriptions (callback and query), the events a ticket's change
raises, the event envelope Podium sends, and the events a party's TMF server pushes to
Podium's listeners.

Pure: no Django, no clock; problems are `podium.core.tmf621.Problem` with their place
(``query``, ``event.troubleTicket.status``) in a `TmfInputError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from podium.core.tmf621 import Problem, TmfInputError

CREATE = "TroubleTicketCreateEvent"
STATUS_CHANGE = "TroubleTicketStatusChangeEvent"
RESOLVED = "TroubleTicketResolvedEvent"
INFORMATION_REQUIRED = "TroubleTicketInformationRequiredEvent"
ATTRIBUTE_VALUE_CHANGE = "TroubleTicketAttributeValueChangeEvent"
EVENT_TYPES = (CREATE, STATUS_CHANGE, RESOLVED, INFORMATION_REQUIRED, ATTRIBUTE_VALUE_CHANGE)
# The listener paths of the official document for these events: /listener/troubleTicket…Event
LISTENER_PATHS = {
    f"troubleTicket{name.removeprefix('TroubleTicket')}": name for name in EVENT_TYPES
}
MAX_CALLBACK = 1000
MAX_QUERY = 400
MAX_EVENT_ID = 200


def read_callback(raw: Any) -> str:
    """A hub callback: an absolute http(s) URL without credentials in it.

    >>> read_callback("https://tools.beta.example/tmf/listener")
    'https://tools.beta.example/tmf/listener'
    >>> read_callback("ftp://tools.beta.example/")
    Traceback (most recent call last):
    ...
    podium.core.tmf621.TmfInputError: callback: must be an http or https URL, not ftp
    """
    if not isinstance(raw, str) or not raw.strip():
        raise TmfInputError([Problem("callback", "is required: the URL events are posted to")])
    url = raw.strip()
    if len(url) > MAX_CALLBACK:
        raise TmfInputError([Problem("callback", f"must be at most {MAX_CALLBACK} characters")])
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise TmfInputError([Problem("callback", "must not hold spaces or control characters")])
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise TmfInputError([Problem("callback", f"is not a URL ({exc})")]) from exc
    if parts.scheme.lower() not in {"http", "https"}:
        scheme = parts.scheme or "no scheme"
        raise TmfInputError([Problem("callback", f"must be an http or https URL, not {scheme}")])
    if not parts.hostname:
        raise TmfInputError([Problem("callback", "names no host")])
    if parts.username is not None or parts.password is not None:
        raise TmfInputError(
            [Problem("callback", "must not carry a user or password; the signature proves us")]
        )
    if port == 0:
        raise TmfInputError([Problem("callback", "port 0 cannot be called")])
    return url


def read_hub_query(raw: Any) -> frozenset[str]:
    """The event types a subscription's `query` asks for (empty: every type).

    The query is TMF630's notation: ``eventType=A`` or ``eventType=A,B``; several conditions
    on ``eventType`` joined by ``&`` add up. A filter on anything else is refused, naming it,
    rather than silently ignored.

    >>> sorted(read_hub_query("eventType=TroubleTicketStatusChangeEvent,TroubleTicketResolvedEvent"))
    ['TroubleTicketResolvedEvent', 'TroubleTicketStatusChangeEvent']
    >>> read_hub_query("") == frozenset()
    True
    >>> read_hub_query("event.troubleTicket.severity=Major")
    Traceback (most recent call last):
    ...
    podium.core.tmf621.TmfInputError: query: cannot filter on 'event.troubleTicket.severity'; only eventType=TroubleTicketCreateEvent,… is honoured
    """
    if raw is None:
        return frozenset()
    if not isinstance(raw, str):
        raise TmfInputError([Problem("query", f"must be a string, not {type(raw).__name__}")])
    if len(raw) > MAX_QUERY:
        raise TmfInputError([Problem("query", f"must be at most {MAX_QUERY} characters")])
    wanted: set[str] = set()
    for condition in (c.strip() for c in raw.split("&")):
        if not condition:
            continue
        key, sep, value = (part.strip() for part in condition.partition("="))
        if key != "eventType":
            raise TmfInputError(
                [
                    Problem(
                        "query",
                        f"cannot filter on {key[:60]!r}; only eventType={CREATE},… is honoured",
                    )
                ]
            )
        names = [v.strip() for v in value.split(",") if v.strip()] if sep else []
        if not names:
            raise TmfInputError([Problem("query", "eventType= names no event type")])
        for name in names:
            if name not in EVENT_TYPES:
                raise TmfInputError(
                    [
                        Problem(
                            "query",
                            f"unknown event type {name[:60]!r}: one of {', '.join(EVENT_TYPES)}",
                        )
                    ]
                )
            wanted.add(name)
    return frozenset(wanted)


@dataclass(frozen=True, slots=True)
class TicketSnapshot:
    """What subscribers are told about a ticket, to tell which events a change raises."""

    status: str
    attributes: tuple[tuple[str, str], ...]
    note_ids: frozenset[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "attributes": dict(self.attributes),
            "notes": sorted(self.note_ids),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TicketSnapshot:
        attributes = data.get("attributes") or {}
        return cls(
            str(data.get("status", "")),
            tuple(sorted((str(k), str(v)) for k, v in attributes.items())),
            frozenset(str(n) for n in data.get("notes") or ()),
        )


def events_between(before: TicketSnapshot | None, after: TicketSnapshot) -> tuple[str, ...]:
    """The TMF621 events that going from `before` (None: nothing yet) to `after` raises.

    A new status is a status change (and, to resolved, a resolution too); notes added while the
    ticket waits (pending) ask for information; any other attribute or note is an attribute
    value change.

    >>> a = TicketSnapshot("inProgress", (("priority", "P2"),), frozenset())
    >>> events_between(None, a)
    ('TroubleTicketCreateEvent',)
    >>> events_between(a, TicketSnapshot("resolved", a.attributes, frozenset()))
    ('TroubleTicketStatusChangeEvent', 'TroubleTicketResolvedEvent')
    >>> events_between(a, TicketSnapshot("pending", a.attributes, frozenset({"7"})))
    ('TroubleTicketStatusChangeEvent', 'TroubleTicketInformationRequiredEvent')
    >>> events_between(a, TicketSnapshot("inProgress", (("priority", "P1"),), frozenset()))
    ('TroubleTicketAttributeValueChangeEvent',)
    >>> events_between(a, a)
    ()
    """
    if before is None:
        return (CREATE,)
    found: list[str] = []
    if after.status != before.status:
        found.append(STATUS_CHANGE)
        if after.status == "resolved":
            found.append(RESOLVED)
    new_notes = bool(after.note_ids - before.note_ids)
    if new_notes and after.status == "pending":
        found.append(INFORMATION_REQUIRED)
    if after.attributes != before.attributes or (new_notes and after.status != "pending"):
        found.append(ATTRIBUTE_VALUE_CHANGE)
    return tuple(found)


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def envelope(
    *, event_id: str, event_time: dt.datetime, event_type: str, ticket: Mapping[str, Any]
) -> dict[str, Any]:
    """The notification body: ``{eventId, eventTime, eventType, event: {troubleTicket}}``.

    >>> body = envelope(event_id="e1", event_time=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
    ...     event_type=CREATE, ticket={"id": "TT-000001"})
    >>> body["eventTime"], body["event"]["troubleTicket"]["id"], body["@type"]
    ('2026-12-01T09:00:00Z', 'TT-000001', 'TroubleTicketCreateEvent')
    """
    return {
        "@type": event_type,
        "@baseType": "Event",
        "eventId": event_id,
        "eventTime": _instant(event_time),
        "eventType": event_type,
        "event": {"troubleTicket": dict(ticket)},
    }


@dataclass(frozen=True, slots=True)
class InboundEvent:
    """An event a party's TMF server pushed to one of Podium's listeners."""

    event_id: str
    event_time: dt.datetime
    event_type: str
    ticket: Mapping[str, Any]


def _when(raw: Any, path: str, problems: list[Problem]) -> dt.datetime | None:
    if not isinstance(raw, str) or not raw:
        problems.append(Problem(path, "is required: a date-time such as 2026-03-02T09:00:00Z"))
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        problems.append(
            Problem(path, f"{raw[:40]!r} is not a date-time such as 2026-03-02T09:00:00Z")
        )
        return None
    if value.tzinfo is None:
        problems.append(Problem(path, "needs a time zone offset, e.g. Z or +01:00"))
        return None
    if not 1900 <= value.year <= 2999:
        problems.append(Problem(path, "must be a date-time from 1900 to 2999"))
        return None
    return value


def read_event(body: Any, *, listener: str) -> InboundEvent:
    """An event body for the listener of event type `listener`.

    >>> event = read_event({"eventId": "41cf", "eventTime": "2026-12-01T09:00:00Z",
    ...     "eventType": STATUS_CHANGE, "event": {"troubleTicket": {"id": "3180",
    ...     "status": "pending"}}}, listener=STATUS_CHANGE)
    >>> event.event_id, event.ticket["status"]
    ('41cf', 'pending')
    >>> read_event({"eventId": "41cf", "eventTime": "2026-12-01T09:00:00Z",
    ...     "eventType": CREATE, "event": {"troubleTicket": {}}}, listener=STATUS_CHANGE)
    Traceback (most recent call last):
    ...
    podium.core.tmf621.TmfInputError: eventType: this listener takes TroubleTicketStatusChangeEvent, not 'TroubleTicketCreateEvent'
    """
    if not isinstance(body, Mapping):
        raise TmfInputError([Problem("$", "the body must be a JSON object (a TMF621 event)")])
    problems: list[Problem] = []
    event_id = body.get("eventId")
    if not isinstance(event_id, str) or not event_id.strip():
        problems.append(Problem("eventId", "is required: the event's own identifier"))
    elif len(event_id) > MAX_EVENT_ID:
        problems.append(Problem("eventId", f"must be at most {MAX_EVENT_ID} characters"))
    event_time = _when(body.get("eventTime"), "eventTime", problems)
    for key in ("eventType", "@type"):
        named = body.get(key)
        if named is not None and named != listener:
            problems.append(
                Problem(key, f"this listener takes {listener}, not {str(named)[:60]!r}")
            )
    inner = body.get("event")
    ticket = inner.get("troubleTicket") if isinstance(inner, Mapping) else None
    if not isinstance(ticket, Mapping):
        problems.append(Problem("event.troubleTicket", "is required: the ticket as it is now"))
    if problems or event_time is None or not isinstance(ticket, Mapping):
        raise TmfInputError(problems)
    return InboundEvent(str(event_id).strip(), event_time, listener, ticket)
