"""Notifications: the event types people and systems hear of, when a user's daily digest is
due, how a digest groups what it carries, and the CloudEvents envelope outbound webhooks send.

An event is heard once: an escalation step fires once (the sweep's `Escalation` row), and a
notification is kept once per user and key, so an update that changes nothing worth hearing
never notifies again. A user chooses per event type whether e-mail comes at once, in the daily
digest, or not at all (the in-app inbox always has it). Pure: the caller passes `now`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

# The event types (CloudEvents `type`: reverse-DNS, the same name in the inbox and in mail).
WARNING = "org.podium.escalation.warning"
BREACH = "org.podium.escalation.breach"
STEP = "org.podium.escalation.step"
ASSIGNED = "org.podium.ticket.assigned"
CHANGE_SCHEDULED = "org.podium.change.scheduled"
CHANGE_MOVED = "org.podium.change.moved"
CHANGE_FAILED = "org.podium.change.failed"
MAJOR_INCIDENT_DECLARED = "org.podium.major_incident.declared"
MAJOR_INCIDENT_UPDATE = "org.podium.major_incident.update"
MAJOR_INCIDENT_CLOSED = "org.podium.major_incident.closed"
# Many firings at once told as one: a storm (docs/notifications.md, "Storms").
GROUPED = "org.podium.escalation.grouped"

# How a user wants e-mail of one event type.
IMMEDIATELY = "immediately"
DIGEST = "digest"
OFF = "off"
EMAIL_MODES = (IMMEDIATELY, DIGEST, OFF)


@dataclass(frozen=True, slots=True)
class EventType:
    """One event type as every surface names it: its CloudEvents `type`; its `key`, what the
    API's preferences field and the choices' member are called; how e-mail of it comes unless
    the user chose otherwise; the tone of its badge (a console tone: "red", "azure" …); and
    the label people read in the inbox, the preferences and mail."""

    type: str
    key: str
    default_mode: str
    tone: str
    label: str


# Every event type, in the order mails group them and pages list them; a new type is one line
# here (and a migration of the operations choices built from it).
# Unless the user chose otherwise: breaches and steps at once, the rest in the digest.
# A change failing is heard at once; a change scheduled or moved in the digest.
# A major incident's bridge hears at once of its declaration and updates, of its close in the digest.
# fmt: off
EVENTS = (
    EventType(WARNING, "warning", DIGEST, "yellow", "Deadline warnings"),
    EventType(BREACH, "breach", IMMEDIATELY, "red", "Breaches"),
    EventType(STEP, "step", IMMEDIATELY, "orange", "Escalation steps"),
    EventType(ASSIGNED, "assigned", DIGEST, "azure", "Tickets assigned to my party"),
    EventType(CHANGE_SCHEDULED, "change_scheduled", DIGEST, "indigo", "Changes scheduled on what my party runs or needs"),
    EventType(CHANGE_MOVED, "change_moved", DIGEST, "purple", "Changes moved after approval"),
    EventType(CHANGE_FAILED, "change_failed", IMMEDIATELY, "pink", "Changes failed or rolled back"),
    EventType(MAJOR_INCIDENT_DECLARED, "major_incident_declared", IMMEDIATELY, "red", "Major incidents declared with my party on the bridge"),
    EventType(MAJOR_INCIDENT_UPDATE, "major_incident_update", IMMEDIATELY, "purple", "Updates of major incidents my party is on the bridge of"),
    EventType(MAJOR_INCIDENT_CLOSED, "major_incident_closed", DIGEST, "green", "Major incidents closed that my party was on the bridge of"),
    EventType(GROUPED, "grouped", IMMEDIATELY, "red", "Many warnings, breaches or steps at once, grouped"),
)
# fmt: on
EVENT_TYPES = tuple(event.type for event in EVENTS)
EVENT_LABELS = {event.type: event.label for event in EVENTS}
DEFAULT_MODES = {event.type: event.default_mode for event in EVENTS}

CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json"


def email_mode(event_type: str, chosen: Mapping[str, str]) -> str:
    """The e-mail mode for `event_type`: the user's choice, else the default.

    >>> email_mode(BREACH, {}), email_mode(BREACH, {BREACH: DIGEST}), email_mode("x", {})
    ('immediately', 'digest', 'off')
    """
    mode = chosen.get(event_type) or DEFAULT_MODES.get(event_type, OFF)
    return mode if mode in EMAIL_MODES else OFF


def digest_cutoff(now: dt.datetime, time_zone: str, hour: int) -> dt.datetime:
    """The latest instant at or before `now` when the user's digest falls due: `hour` o'clock
    on the user's wall clock (a time the clocks skip that day is the first instant after it).
    A digest sent at a cutoff carries what arrived before it.

    >>> now = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
    >>> digest_cutoff(now, "Europe/Paris", 8).isoformat()
    '2026-12-01T07:00:00+00:00'
    >>> digest_cutoff(now, "Europe/Paris", 11).isoformat()
    '2026-11-30T10:00:00+00:00'
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = ZoneInfo(time_zone)
    local = now.astimezone(zone)
    for back in range(3):
        day = local.date() - dt.timedelta(days=back)
        wall = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
        instant = wall.astimezone(dt.UTC)  # a skipped hour: the first instant after it
        if instant <= now:
            return instant
    raise ValueError(f"no digest hour {hour} in the three days before {now.isoformat()}")


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to tell a user: its event type, a one-line title, a line of detail, and
    where to look (a path in Podium)."""

    event_type: str
    title: str
    detail: str
    link: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Mail:
    subject: str
    text: str


def compose(items: Iterable[Item], *, digest: bool, base_url: str) -> Mail:
    """One mail for several items: grouped by event type (in `EVENT_TYPES` order), oldest
    first within a group; an immediate mail of one item is titled by it.

    >>> at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    >>> mail = compose([Item(BREACH, "INC-1 breached", "P1", "/t/INC-1/", at),
    ...                 Item(WARNING, "INC-2 at 80 %", "P2", "/t/INC-2/", at)],
    ...                digest=True, base_url="https://podium.example")
    >>> mail.subject
    'Podium daily digest: 2 notifications'
    >>> print(mail.text.splitlines()[2])
    Deadline warnings (1)
    """
    ordered = sorted(
        items,
        key=lambda i: (
            EVENT_TYPES.index(i.event_type) if i.event_type in EVENT_TYPES else 99,
            i.at,
        ),
    )
    if not ordered:
        raise ValueError("a mail needs at least one item")
    if not digest and len(ordered) == 1:
        subject = f"Podium: {ordered[0].title}"
    elif digest:
        subject = f"Podium daily digest: {_count(len(ordered))}"
    else:
        subject = f"Podium: {_count(len(ordered))}"
    lines = [subject, ""]
    groups: dict[str, list[Item]] = {}
    for item in ordered:
        groups.setdefault(item.event_type, []).append(item)
    for event_type, group in groups.items():
        lines.append(f"{EVENT_LABELS.get(event_type, event_type)} ({len(group)})")
        for item in group:
            lines.append(f"- {item.title}")
            if item.detail:
                lines.append(f"  {item.detail}")
            lines.append(f"  {base_url.rstrip('/')}{item.link}")
        lines.append("")
    lines.append("Choose what reaches you by e-mail under Preferences.")
    return Mail(subject[:200], "\n".join(lines))


def _count(n: int) -> str:
    return f"{n} notification" if n == 1 else f"{n} notifications"


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def cloud_event(
    *,
    event_id: str,
    event_type: str,
    source: str,
    subject: str,
    time: dt.datetime,
    data: Mapping[str, Any],
) -> dict[str, Any]:
    """A CloudEvents 1.0 event in the structured JSON mode (`application/cloudevents+json`).

    >>> event = cloud_event(event_id="e1", event_type=BREACH, source="/podium/operations",
    ...     subject="INC-1", time=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), data={"a": 1})
    >>> event["specversion"], event["time"], event["datacontenttype"]
    ('1.0', '2026-12-01T09:00:00Z', 'application/json')
    """
    if not event_id or not source or not event_type:
        raise ValueError("a CloudEvent needs an id, a source and a type")
    return {
        "specversion": "1.0",
        "id": event_id,
        "source": source,
        "type": event_type,
        "subject": subject,
        "time": _instant(time),
        "datacontenttype": "application/json",
        "data": dict(data),
    }
