"""The outbox of a bulk load — what a load owes others, written for all its tickets at once:
the hook after a change for a whole bulk load (`POST /api/v1/events`, `podium import`), what `tickets.after_tickets_changed` does one ticket at a time after a TMF621 request —
ping-pong arbitration, the hub's publication and events, the new holder's notices, e-bonding —
done in one pass over every ticket the load wrote to.

The effects are those of the per-ticket hook run over the same tickets in the order of their
ids (`tests/apps/operations/test_outbox_of_a_load.py` holds the two together row for row): the same
publications; the same outbox rows in the same order — per ticket, its hub events (by kind,
then subscription), the assignment's CloudEvents, e-bonding's create and then its patches —
each with its task; the same notifications. One difference, on purpose: a user who takes
assignments by mail at once gets one mail for what the load told them, not one per ticket (the
notices of a load are written by one `notifications.write_notices`, whose rule that is).

What it reads is a fixed number of queries whatever the number of tickets (in chunks of
`LOOKUP_CHUNK` ids): the tickets' values, their notes and publications; whether anyone listens
(one query, as on the TMF621 path); holders, subscriptions, live webhooks, users, links and
endpoints only when someone listens or a ticket changed hands; the events only when a resource
is built. It writes with one statement per table (`platform.bulk`): publications, outbox rows and
their tasks, links and their synced state; the notifications through `write_notices`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors
from podium.apps.operations.choices import DeliveryKind, SubscriptionFormat
from podium.apps.operations.models import (
    BondedTicket,
    Delivery,
    HubSubscription,
    PartyEndpoint,
    Ticket,
    TicketEvent,
    TicketHolder,
    TicketNote,
    TicketPublication,
)
from podium.apps.operations.services import arbitration, bonding, hub, notifications
from podium.core import notifications as notification_types
from podium.core import tmf621, tmf621_events
from podium.platform import bulk

LOOKUP_CHUNK = 500
"""Ids per `IN (...)` list: below SQLite's 999 variables."""


@dataclass(slots=True)
class _Note:
    pk: int
    external_id: str
    text: str
    author: str
    written_at: dt.datetime


@dataclass(slots=True)
class _Ticket:
    """What the hook needs of one ticket: its values as the load left them, and what the hook
    reads around it."""

    id: int
    reference: str
    title: str
    description: str
    severity: str
    priority: str
    ticket_type: str
    status: str
    current_party_id: int | None
    service_id: int | None
    component_id: int | None
    raised_by_id: int | None
    external_owner: str
    external_id: str
    version: int
    opened_at: dt.datetime
    updated_at: dt.datetime | None
    resolved_at: dt.datetime | None
    notes: list[_Note] = field(default_factory=list)
    publication: tuple[int, dict[str, Any]] | None = None
    holders: set[int] = field(default_factory=set)
    events: list[tuple[dt.datetime, int, str, str]] = field(default_factory=list)
    links: list[BondedTicket] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.id


_TICKET = (
    "id",
    "reference",
    "title",
    "description",
    "severity",
    "priority",
    "ticket_type",
    "status",
    "current_party_id",
    "service_id",
    "component_id",
    "raised_by_id",
    "external_owner",
    "external_id",
    "version",
    "opened_at",
    "updated_at",
    "resolved_at",
)


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def after_tickets_loaded(
    ticket_ids: Sequence[int], *, party_id: int | None, source: str, now: dt.datetime
) -> None:
    """What a bulk load owes after it wrote to `ticket_ids` (inside its transaction), as
    `tickets.after_tickets_changed` owes it for each of them: every one goes to arbitration,
    and the hub writes what subscribers, the new holders' users and bonded parties are owed.
    `party_id` is the party the load came from; `source` is where it came from."""
    ids = sorted(set(ticket_ids))
    if not ids:
        return
    arbitration.review_bounces(ids, now=now)
    rows = _tickets(ids)
    listening = selectors.listeners()
    changes = _publish(rows, now)
    outbox = _Outbox(now)
    assigned = [
        (row, holder)
        for row, before, _kinds in changes
        if (holder := row.current_party_id) is not None
        and str(holder) != dict(before.attributes if before else ()).get("assignee")
        and holder != party_id
    ]
    bonded = rows if listening.endpoints else []
    if (listening.subscriptions and changes) or assigned:
        _read_holders([row for row, _b, _k in changes])
    if listening.subscriptions or bonded:
        _read_links(rows)
    subscriptions = _live_subscriptions() if listening.subscriptions and changes else []
    hooks = notifications.live_webhooks() if assigned else []
    views = _Views(rows, now) if subscriptions or bonded else None
    told = _Told(assigned, hooks, party_id, now)
    endpoints = _live_endpoints({r.current_party_id for r in bonded if r.current_party_id})
    hub_kinds = {row.id: kinds for row, _before, kinds in changes}
    for row in rows:
        kinds = hub_kinds.get(row.id, ())
        if kinds and subscriptions:
            assert views is not None
            outbox.hub_events(row, kinds, subscriptions, views)
        told.deliveries(row, outbox)
        if listening.endpoints:
            assert views is not None
            _bond(row, endpoints.get(row.current_party_id or 0), party_id, views, outbox)
    outbox.write()
    told.write()


# -- reading -------------------------------------------------------------------------------------


def _tickets(ids: list[int]) -> list[_Ticket]:
    rows: dict[int, _Ticket] = {}
    for chunk in _chunks(ids):
        for values in bulk.value_rows(Ticket.objects.filter(pk__in=chunk).order_by(), _TICKET):
            rows[values[0]] = _Ticket(*values)
        notes = TicketNote.objects.filter(ticket_id__in=chunk).order_by(
            "ticket_id", "written_at", "id"
        )
        for ticket_id, *note in bulk.value_rows(
            notes, ("ticket_id", "id", "external_id", "text", "author", "written_at")
        ):
            rows[ticket_id].notes.append(_Note(*note))
        publications = TicketPublication.objects.filter(ticket_id__in=chunk).order_by()
        for ticket_id, pk, snapshot in bulk.value_rows(
            publications, ("ticket_id", "id", "snapshot")
        ):
            rows[ticket_id].publication = (pk, snapshot)
    return [rows[pk] for pk in ids if pk in rows]


def _read_holders(rows: list[_Ticket]) -> None:
    by_id = {row.id: row for row in rows}
    for chunk in _chunks(sorted(by_id)):
        for ticket_id, party_id in TicketHolder.objects.filter(ticket_id__in=chunk).values_list(
            "ticket_id", "party_id"
        ):
            by_id[ticket_id].holders.add(party_id)


def _read_links(rows: list[_Ticket]) -> None:
    """Each ticket's links to bonded endpoints, in the order the per-ticket hook reads them
    (the model's: by ticket, then endpoint)."""
    by_id = {row.id: row for row in rows}
    for chunk in _chunks(sorted(by_id)):
        for link in BondedTicket.objects.filter(ticket_id__in=chunk).select_related("endpoint"):
            by_id[link.ticket_id].links.append(link)


def _live_subscriptions() -> list[HubSubscription]:
    return list(
        HubSubscription.objects.filter(
            disabled_at__isnull=True, removed_at__isnull=True, format=SubscriptionFormat.TMF621
        ).order_by("id")
    )


def _live_endpoints(party_ids: set[int]) -> dict[int, PartyEndpoint]:
    """Each party's live endpoint (the first registered, as `.first()` reads it)."""
    found: dict[int, PartyEndpoint] = {}
    if not party_ids:
        return found
    for endpoint in PartyEndpoint.objects.filter(
        party_id__in=party_ids, disabled_at__isnull=True
    ).order_by("created_at", "id"):
        found.setdefault(endpoint.party_id, endpoint)
    return found


# -- publication ---------------------------------------------------------------------------------


def _publish(
    rows: list[_Ticket], now: dt.datetime
) -> list[tuple[_Ticket, tmf621_events.TicketSnapshot | None, tuple[str, ...]]]:
    """Each ticket's events since subscribers were last told (`hub.ticket_changed`'s rule),
    and the publications kept, written: (ticket, what was told before, events) of those with
    events."""
    changes = []
    fresh, kept = [], []
    for row in rows:
        current = hub.ticket_snapshot(row, (note.pk for note in row.notes))
        before = (
            tmf621_events.TicketSnapshot.from_json(row.publication[1]) if row.publication else None
        )
        kinds = tmf621_events.events_between(before, current)
        if not kinds:
            continue
        changes.append((row, before, kinds))
        if row.publication is None:
            fresh.append((row.id, current.as_json(), now))
        else:
            kept.append((current.as_json(), now, row.publication[0]))
    bulk.insert_rows(TicketPublication, ("ticket_id", "snapshot", "published_at"), fresh)
    bulk.update_rows(TicketPublication, ("snapshot", "published_at"), kept)
    return changes


_MARK = "TT-REFERENCE"
_PLAIN = re.compile(r"[A-Za-z0-9_.-]+")


class _Views:
    """Tickets as their TMF621 resource shows them (`selectors.ticket_view`), built from values
    read once for the whole load, and kept per ticket (the per-ticket hook builds one for the
    hub's events and again for e-bonding's create, of the same ticket in the same state)."""

    def __init__(self, rows: list[_Ticket], now: dt.datetime) -> None:
        by_id = {row.id: row for row in rows}
        for chunk in _chunks(sorted(by_id)):
            for ticket_id, at, seq, status, reason in bulk.value_rows(
                TicketEvent.objects.filter(ticket_id__in=chunk).order_by(
                    "ticket_id", "occurred_at", "seq"
                ),
                ("ticket_id", "occurred_at", "seq", "status", "reason"),
            ):
                by_id[ticket_id].events.append((at, seq, status, reason))
        self.slugs = ecosystem.party_slugs()
        self.names = ecosystem.party_names()
        self.services = {
            pk: (slug, name)
            for pk, slug, name in ecosystem.services_among(
                {r.service_id for r in rows if r.service_id}
            ).values_list("pk", "slug", "name")
        }
        self.components = {
            pk: (slug, name)
            for pk, slug, name in ecosystem.components_among(
                {r.component_id for r in rows if r.component_id}
            ).values_list("pk", "slug", "name")
        }
        self.resources: dict[int, dict[str, Any]] = {}
        self.href_pattern = reverse("tmf621:retrieve_trouble_ticket", kwargs={"ticket_id": _MARK})

    def resource(self, row: _Ticket) -> dict[str, Any]:
        if row.id not in self.resources:
            self.resources[row.id] = tmf621.ticket_resource(self._view(row))
        return self.resources[row.id]

    def _href(self, reference: str) -> str:
        """`reverse` of the ticket's TMF621 URL: the pattern's once, and the reference put in
        where quoting leaves it as it is (Podium's own TT- references); `reverse` otherwise."""
        if _PLAIN.fullmatch(reference):
            return self.href_pattern.replace(_MARK, reference)
        return reverse("tmf621:retrieve_trouble_ticket", kwargs={"ticket_id": reference})

    def _party(self, role: str, pk: int | None) -> list[tmf621.PartyRef]:
        if pk is None or pk not in self.slugs:
            return []
        return [tmf621.PartyRef(role, self.slugs[pk], self.names[pk])]

    def _view(self, row: _Ticket) -> tmf621.TicketView:
        changes = []
        last_status = ""
        for at, _seq, status, reason in row.events:
            if status != last_status:
                changes.append(tmf621.StatusChangeView(status, at, reason))
                last_status = status
        entities = []
        if row.service_id in self.services:
            slug, name = self.services[row.service_id]
            entities.append(tmf621.EntityRef("affectedService", "Service", slug, name))
        if row.component_id in self.components:
            slug, name = self.components[row.component_id]
            entities.append(tmf621.EntityRef("affectedComponent", "Component", slug, name))
        external = [tmf621.ExternalId(row.external_owner, row.external_id)]
        external += [
            tmf621.ExternalId(self.slugs[link.endpoint.party_id], link.remote_id)
            for link in row.links
            if link.remote_id
        ]
        return tmf621.TicketView(
            id=row.reference,
            href=self._href(row.reference),
            name=row.title,
            description=row.description,
            severity=row.severity,
            priority=row.priority,
            ticket_type=row.ticket_type,
            status=row.status,
            created_at=row.opened_at,
            updated_at=row.updated_at or row.opened_at,
            resolved_at=row.resolved_at,
            external_ids=tuple(e for e in dict.fromkeys(external) if e.id),
            parties=(*self._party("reporter", row.raised_by_id),
                     *self._party("assignee", row.current_party_id)),
            entities=tuple(entities),
            notes=tuple(
                tmf621.NoteView(str(n.external_id or n.pk), n.text, n.author, n.written_at)
                for n in row.notes
            ),
            status_changes=tuple(changes),
        )  # fmt: skip


# -- the outbox ----------------------------------------------------------------------------------


def _json(body: Any) -> str:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


@dataclass(slots=True)
class _Call:
    """One delivery the load owes, as plain values (a model object each cost more than the
    rest of its work); `link` is a new link's until it is saved."""

    kind: str
    ticket_id: int
    event_id: str
    body: str
    subscription_id: int | None = None
    event_type: str = ""
    link: BondedTicket | None = None

    def values(self, now: dt.datetime) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subscription_id": self.subscription_id,
            "link_id": self.link.pk if self.link is not None else None,
            "ticket_id": self.ticket_id,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "body": self.body,
            "created_at": now,
            "next_attempt_at": now,
        }


def _delivery_defaults() -> dict[str, Any]:
    """Every column but the id, with its default: what a `Delivery()` carries."""
    return {f.attname: f.get_default() for f in Delivery._meta.concrete_fields if not f.primary_key}


class _Outbox:
    """The load's deliveries in the order the per-ticket hook writes them, written at the end
    with one statement, then their tasks with one more."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.rows: list[_Call] = []
        self.links: list[BondedTicket] = []  # new links, saved before the deliveries
        self.synced: list[BondedTicket] = []  # links whose synced state changed

    def add(self, call: _Call) -> None:
        self.rows.append(call)

    def hub_events(
        self,
        row: _Ticket,
        kinds: tuple[str, ...],
        subscriptions: list[HubSubscription],
        views: _Views,
    ) -> None:
        """`hub._publish`: each event to every subscription whose party may see the ticket."""
        parties = row.holders | ({row.raised_by_id} if row.raised_by_id is not None else set())
        hearing = [s for s in subscriptions if s.sees_everything or s.party_id in parties]
        if not hearing:
            return
        resource = views.resource(row)
        event_time = row.updated_at or row.opened_at or self.now
        for kind in kinds:
            wanting = [s for s in hearing if s.wants(kind)]
            if not wanting:
                continue
            event_id = uuid.uuid4().hex
            body = _json(
                tmf621_events.envelope(
                    event_id=event_id, event_time=event_time, event_type=kind, ticket=resource
                )
            )
            for subscription in wanting:
                self.add(_Call(DeliveryKind.EVENT, row.id, event_id, body, subscription.pk, kind))

    def write(self) -> None:
        self._write_links()
        bulk.update_rows(BondedTicket, ("synced",), ((ln.synced, ln.pk) for ln in self.synced))
        if not self.rows:
            return
        defaults = _delivery_defaults()
        rows = [{**defaults, **call.values(self.now)} for call in self.rows]
        checked: set[str] = set()
        for values in rows:
            if values["kind"] not in checked:  # Podium's own values: the shape once per kind
                checked.add(values["kind"])  # (the rows it points to were read just now)
                Delivery(**values).full_clean(exclude=["body", "subscription", "link", "ticket"])
        last = Delivery.objects.order_by("-id").values_list("id", flat=True).first() or 0
        names = tuple(defaults)
        bulk.insert_rows(Delivery, names, ([values[n] for n in names] for values in rows))
        # Their ids, in the order written: those after the highest before that carry one of
        # the load's event ids (on PostgreSQL another transaction may write deliveries too).
        mine = {d.event_id for d in self.rows}
        ids = [
            pk
            for pk, event_id in Delivery.objects.filter(id__gt=last)
            .order_by("id")
            .values_list("id", "event_id")
            if event_id in mine
        ]
        if len(ids) != len(self.rows):
            raise RuntimeError(f"{len(self.rows)} deliveries written, {len(ids)} read back")
        from podium.apps.operations import tasks

        enqueue_all(tasks.deliver, [(pk,) for pk in ids])

    def _write_links(self) -> None:
        """The new links (one per ticket and endpoint at most), and their ids."""
        if not self.links:
            return
        self.links[0].full_clean(
            exclude=["ticket", "endpoint"], validate_unique=False, validate_constraints=False
        )
        bulk.insert_rows(
            BondedTicket,
            ("ticket_id", "endpoint_id", "remote_id", "remote_href", "synced", "created_at"),
            (
                (ln.ticket_id, ln.endpoint_id, ln.remote_id, "", ln.synced, ln.created_at)
                for ln in self.links
            ),
        )
        by_key = {(ln.ticket_id, ln.endpoint_id): ln for ln in self.links}
        tickets = sorted({ln.ticket_id for ln in self.links})
        endpoints = {ln.endpoint_id for ln in self.links}
        for chunk in _chunks(tickets):
            for pk, ticket_id, endpoint_id in BondedTicket.objects.filter(
                ticket_id__in=chunk, endpoint_id__in=endpoints
            ).values_list("id", "ticket_id", "endpoint_id"):
                if (ticket_id, endpoint_id) in by_key:
                    by_key[(ticket_id, endpoint_id)].pk = pk


def enqueue_all(task: Task[Any, Any], args: list[tuple[Any, ...]]) -> None:
    """`task.enqueue(*a)` for every `a` of `args`, with one statement on the database queue
    (the rows `django_tasks_db` writes one at a time); one call each on any other backend."""
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        for values in args:
            task.enqueue(*values)
        return
    if not args:
        return
    backend.validate_task(task)
    pk = DBTaskResult._meta.pk
    assert pk is not None
    enqueued_at = timezone.now()
    run_after = task.run_after or get_date_max()
    bulk.insert_rows(
        DBTaskResult,
        (
            "id",
            "status",
            "enqueued_at",
            "args_kwargs",
            "priority",
            "task_path",
            "worker_ids",
            "queue_name",
            "backend_name",
            "run_after",
            "exception_class_path",
            "traceback",
        ),
        (
            (
                pk.get_db_prep_value(uuid.uuid4(), connection),
                "READY",
                enqueued_at,
                {"args": list(values), "kwargs": {}},
                task.priority,
                task.module_path,
                [],
                task.queue_name,
                backend.alias,
                run_after,
                "",
                "",
            )
            for values in args
        ),
    )


# -- telling the new holder --------------------------------------------------------------------


class _Told:
    """`notifications.ticket_assigned` for every ticket of the load that came to a party other
    than the sender: its CloudEvents in the outbox with the ticket's other deliveries, and the
    notices of all of them written at once."""

    def __init__(
        self,
        assigned: list[tuple[_Ticket, int]],
        hooks: list[HubSubscription],
        by_party_id: int | None,
        now: dt.datetime,
    ) -> None:
        self.holder = {row.id: holder for row, holder in assigned}
        self.hooks = hooks
        self.now = now
        self.notices: list[notifications.Notice] = []
        self.users = notifications._recipients(set(self.holder.values())) if assigned else {}
        self.slugs = ecosystem.party_slugs() if assigned else {}

    def deliveries(self, row: _Ticket, outbox: _Outbox) -> None:
        holder = self.holder.get(row.id)
        if holder is None:
            return
        seeing = {*row.holders, holder}
        if row.raised_by_id is not None:
            seeing.add(row.raised_by_id)
        event_type = notification_types.ASSIGNED
        link = notifications.TICKET_PATH.format(row.reference)
        wanting = [
            s
            for s in self.hooks
            if (s.sees_everything or s.party_id in seeing) and s.wants(event_type)
        ]
        if wanting:
            event_id = f"evt_{uuid.uuid4().hex}"
            base = notifications.public_url()
            data = {
                "ticket": row.reference,
                "title": row.title,
                "priority": row.priority,
                "status": row.status,
                "assignee": self.slugs.get(holder),
            }
            body = _json(
                notification_types.cloud_event(
                    event_id=event_id,
                    event_type=event_type,
                    source=f"{base}/operations",
                    subject=row.reference,
                    time=self.now,
                    data={**data, "link": base + link},
                )
            )
            for subscription in wanting:
                outbox.add(
                    _Call(
                        DeliveryKind.CLOUDEVENT, row.id, event_id, body, subscription.pk, event_type
                    )
                )
        self.notices.extend(
            notifications.Notice(
                user_id,
                event_type,
                f"assigned-{row.id}-{holder}-v{row.version}",
                f"{row.reference} came to your party",
                link,
                f"{row.priority} · {row.title}",
                row.id,
            )
            for user_id in notifications._who_may_see(holder, seeing, self.users)
        )

    def write(self) -> None:
        notifications.write_notices(self.notices, now=self.now)


# -- e-bonding -----------------------------------------------------------------------------------


def _known(row: _Ticket) -> dict[str, Any]:
    """`bonding._known`: what a bonded party's copy should hold."""
    return {
        "status": row.status,
        "notes": sorted(str(note.external_id or note.pk) for note in row.notes),
    }


def _instant(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def _bond(
    row: _Ticket,
    endpoint: PartyEndpoint | None,
    party_id: int | None,
    views: _Views,
    outbox: _Outbox,
) -> None:
    """`bonding.ticket_changed` for one ticket, its writes left to the outbox."""
    links = {link.endpoint_id: link for link in row.links}
    if endpoint is not None and endpoint.pk not in links:
        theirs = party_id == endpoint.party_id and row.raised_by_id == endpoint.party_id
        link = BondedTicket(
            ticket_id=row.id,
            endpoint=endpoint,
            remote_id=row.external_id if theirs else "",
            synced=_known(row),
            created_at=outbox.now,
        )
        outbox.links.append(link)
        links[endpoint.pk] = link
        if not link.remote_id:
            resource = views.resource(row)
            body = {k: v for k, v in resource.items() if k not in bonding.NOT_SENT}
            body["description"] = row.description or row.title
            body["severity"] = row.severity or bonding.SEVERITY_OF_PRIORITY.get(
                row.priority, "Minor"
            )
            body["externalIdentifier"] = [
                {"@type": "ExternalIdentifier", "owner": endpoint.owner, "id": row.reference}
            ]
            outbox.add(_call(link, row, DeliveryKind.CREATE, body, outbox.now))
    now_known = _known(row)
    for link in links.values():
        if not link.endpoint.is_live or link.synced == now_known:
            continue
        known = link.synced
        link.synced = now_known
        outbox.synced.append(link)
        if party_id == link.endpoint.party_id:  # their own change: they know it already
            continue
        body = _patch_body(row, known, now_known, views)
        if body:
            outbox.add(_call(link, row, DeliveryKind.UPDATE, body, outbox.now))


def _patch_body(
    row: _Ticket, known: dict[str, Any], now_known: dict[str, Any], views: _Views
) -> dict[str, Any]:
    """`bonding._patch_body`."""
    body: dict[str, Any] = {}
    if now_known["status"] != known.get("status"):
        body["status"] = row.status
        latest = max(row.events, default=None, key=lambda e: (e[0], e[1]))
        if latest is not None and latest[3]:
            body["statusChangeReason"] = latest[3]
    if now_known["notes"] != sorted(known.get("notes") or []):
        body["note"] = views.resource(row).get("note", [])
    if body:
        body["lastUpdate"] = _instant(row.updated_at)
    return body


def _call(
    link: BondedTicket, row: _Ticket, kind: str, body: dict[str, Any], now: dt.datetime
) -> _Call:
    return _Call(kind, row.id, uuid.uuid4().hex, _json(body), link=link)
