"""Events in bulk from parties' tools — `POST /api/v1/events` and `podium import FILE`: one
service that takes a canonical event-log frame from one sender party and writes it in batches.

A case is a ticket per correlation key: owner (the sender's slug unless the event names
another) and id (the event's case id). Per batch of whole cases the service reads, in a few
queries whatever the batch's size, the tickets of its keys, their holders and their events;
drops the events already stored (the same time, status, sub-status, party, team and resource:
sending anything again stores nothing); writes new tickets, events and holders with one
statement per table; settles each touched ticket's status, holder and priority from its
latest event by time (so events arriving out of order end in the same state as in order);
and evaluates the clocks of all of them with the engine in as few calls as their policies
allow (`clocks.clock_states`: one, when they share a calendar). A ticket opened here keeps its
SLA policy and escalation ladder from its first event, as one the TMF621 API opens does.

Problems name the event (`seq`) and field: the API turns them into the index or line of its
body, the command line into the file's row or line and column. By default a load is all or
nothing — one rejected event and nothing is written (`written` is False) — so a file or a
request is either in or still to fix; `partial=True` stores the valid events and lists the
rest, for loaders that prefer it. A party never touches another's ticket: an event whose key is
a ticket the sender may not see is rejected and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import IntegrityError, transaction
from django.db.models.functions import Length

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.governance.selectors import escalation
from podium.apps.operations.models import RawPayload, Ticket, TicketEvent, TicketHolder
from podium.apps.operations.rules import EXCHANGE_TICKETS
from podium.apps.operations.services import clocks, outbox
from podium.core.ingest import FINAL, Problem, check_events
from podium.platform import audit
from podium.platform.access import Actor, require, visible_party_ids
from podium.platform.bulk import insert_rows, update_rows, value_rows

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party

BATCH_EVENTS = 10_000
"""Events planned and written together (whole cases: a batch may run over by one case)."""
LOOKUP_CHUNK = 500
"""Keys per `IN (...)` list: below SQLite's 999 variables, with room for the other terms."""
WRITE_ATTEMPTS = 3
"""A concurrent writer on PostgreSQL can take a key or reference first: plan again, twice."""

EventKey = tuple[Any, ...]
"""What makes two events the same event: time, status, sub-status, party id, team, resource."""


@dataclass
class IngestSummary:
    """What a load did (or, with `dry_run`, would do): tickets opened and tickets that got new
    events, events stored and events skipped as already stored, and every rejected event."""

    created: int = 0
    updated: int = 0
    stored: int = 0
    skipped: int = 0
    rejected: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def rejected_events(self) -> int:
        return len({p.seq for p in self.rejected})

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "stored": self.stored,
            "skipped": self.skipped,
            "rejected_events": self.rejected_events,
        }


@dataclass(slots=True)
class _Event:
    seq: int  # the event's place in the input
    at: dt.datetime
    status: str
    sub_status: str
    party_id: int | None
    team: str
    resource: str
    priority: str
    title: str | None = None
    service_id: int | None = None
    component_id: int | None = None
    sla_breached: bool | None = None  # the tool's own SLA verdict, if it gave one
    order: int = 0  # the ticket's own sequence number, once known

    @property
    def key(self) -> EventKey:
        return (self.at, self.status, self.sub_status, self.party_id, self.team, self.resource)


@dataclass
class _Case:
    owner: str
    case_id: str
    events: list[_Event]
    ticket: dict[str, Any] | None = None  # the stored ticket's values, if it exists
    stored: list[_Event] = field(default_factory=list)
    holders: dict[int, dt.datetime] = field(default_factory=dict)
    fresh: list[_Event] = field(default_factory=list)  # events to append
    values: dict[str, Any] = field(default_factory=dict)  # the ticket's settled values


@dataclass
class _Context:
    sender: Party
    reach: set[int] | None
    now: dt.datetime
    source: str
    payload: RawPayload | None
    slugs: dict[int, str]
    touched: set[int] = field(default_factory=set)
    """The tickets this load wrote to (opened, or given new events), across its batches."""


def ingest_events(
    *,
    acting_user: Actor | None,
    sender: Party,
    events: pl.DataFrame,
    now: dt.datetime,
    source: str = "events",
    payload: RawPayload | None = None,
    owner: str | None = None,
    partial: bool = False,
    dry_run: bool = False,
    problems: Sequence[Problem] = (),
) -> IngestSummary:
    """Load `events` (a canonical frame: ``seq``, case_id, timestamp, activity, sub_status,
    party, team, resource, and optionally owner, priority, title, service, component) sent
    by `sender`'s tool; `problems` are those an earlier step found (a JSON record that is no
    event). `acting_user` None is a tool's token or the operator acting for `sender`: it
    reaches the tickets `sender` may see; a user reaches what the user may see.
    """
    if acting_user is not None:
        require(acting_user, EXCHANGE_TICKETS)
    reach = {sender.pk} if acting_user is None else visible_party_ids(acting_user)
    checked = check_events(events, now=now)
    found = [*problems, *checked.problems]
    context = _Context(sender, reach, now, source, payload, ecosystem.party_slugs())
    summary = IngestSummary(rejected=found)
    cases = _cases(checked.frame, owner or sender.slug, context, summary)
    before_planning = list(summary.rejected)
    for attempt in range(WRITE_ATTEMPTS):
        summary = IngestSummary(rejected=list(before_planning))
        context.touched.clear()
        try:
            with transaction.atomic():
                _load(cases, context, summary, partial=partial, dry_run=dry_run)
                if summary.written and summary.rejected and not partial:
                    transaction.set_rollback(True)
                elif summary.written:
                    _after_tickets_changed(cases, context)
            break
        except IntegrityError:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
    if summary.rejected and not partial:
        summary = IngestSummary(rejected=summary.rejected)
    summary.rejected.sort(key=lambda p: (p.seq, p.field))
    return summary


def _load(
    cases: list[_Case], context: _Context, summary: IngestSummary, *, partial: bool, dry_run: bool
) -> None:
    for batch in _batches(cases):
        _plan(batch, context, summary)
        if dry_run or (summary.rejected and not partial):
            _count(batch, summary)
            continue
        summary.written = True
        if any(case.fresh for case in batch):
            _write(batch, context)
        _count(batch, summary)
    if summary.written and summary.stored:
        target: Any = context.payload or Ticket.objects.order_by("-id").first()
        if target is not None:
            audit.record(
                acting_user=None,
                action="operations.events.received",
                target=target,
                party_id=context.sender.pk,
                after={**summary.counts(), "via": context.source},
            )


# -- reading the frame ------------------------------------------------------------------------


def _party_ids(values: set[str]) -> dict[str, int]:
    """Party values as their ids: a party's slug, or its name (any case)."""
    slugs = ecosystem.party_slugs()
    by_slug = {slug: pk for pk, slug in slugs.items()}
    by_name = {name.casefold(): pk for pk, name in ecosystem.party_names().items()}
    found = {}
    for value in values:
        pk = by_slug.get(value) or by_name.get(value.casefold())
        if pk is not None:
            found[value] = pk
    return found


def _slugged(values: set[str], rows: Any) -> dict[str, int]:
    return dict(rows.filter(slug__in=sorted(values)).values_list("slug", "pk")) if values else {}


def _cases(
    frame: pl.DataFrame, default_owner: str, context: _Context, summary: IngestSummary
) -> list[_Case]:
    columns = {name: frame[name].to_list() for name in frame.columns}
    parties = _party_ids({v for v in columns["party"] if v is not None})
    services = _slugged({v for v in columns["service"] if v}, ecosystem.services_for_choice())
    components = _slugged({v for v in columns["component"] if v}, ecosystem.components_for_choice())
    cases: dict[tuple[str, str], _Case] = {}
    for row in range(frame.height):
        seq = columns["seq"][row]
        party, service, component = (
            columns["party"][row],
            columns["service"][row],
            columns["component"][row],
        )
        bad = [
            Problem(seq, name, f"unknown {name}: {value}")
            for name, value, known in (
                ("party", party, parties),
                ("service", service, services),
                ("component", component, components),
            )
            if value is not None and value not in known
        ]
        if bad:
            summary.rejected.extend(bad)
            continue
        owner = columns["owner"][row] or default_owner
        case = cases.get((owner, columns["case_id"][row]))
        if case is None:
            case = cases[(owner, columns["case_id"][row])] = _Case(
                owner, columns["case_id"][row], []
            )
        case.events.append(
            _Event(
                seq=seq,
                at=columns["timestamp"][row],
                status=columns["status"][row],
                sub_status=columns["sub_status"][row] or "",
                party_id=parties[party] if party is not None else None,
                team=columns["team"][row] or "",
                resource=columns["resource"][row] or "",
                priority=columns["priority"][row] or "",
                title=columns["title"][row],
                service_id=services.get(service) if service else None,
                component_id=components.get(component) if component else None,
                sla_breached=columns["sla_breached"][row] if "sla_breached" in columns else None,
            )
        )
    for case in cases.values():
        case.events.sort(key=lambda e: (e.at, e.seq))
    return list(cases.values())


def _batches(cases: list[_Case]) -> Iterator[list[_Case]]:
    batch: list[_Case] = []
    size = 0
    for case in cases:
        batch.append(case)
        size += len(case.events)
        if size >= BATCH_EVENTS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


# -- planning a batch ---------------------------------------------------------------------------

_TICKET_VALUES = (
    "id",
    "reference",
    "external_owner",
    "external_id",
    "raised_by_id",
    "title",
    "priority",
    "status",
    "opened_at",
    "updated_at",
    "resolved_at",
    "closed_at",
    "current_party_id",
    "service_id",
    "component_id",
    "version",
    "sla_policy",
)


_STORED_EVENT = (
    "ticket_id",
    "seq",
    "occurred_at",
    "status",
    "sub_status",
    "party_id",
    "team",
    "resource",
    "priority",
)


def _existing(batch: list[_Case]) -> None:
    """Each case's stored ticket, holders and events: a few queries for the whole batch."""
    for case in batch:
        case.ticket, case.stored, case.holders, case.fresh = None, [], {}, []
    by_owner: dict[str, list[str]] = {}
    for case in batch:
        by_owner.setdefault(case.owner, []).append(case.case_id)
    tickets: dict[tuple[str, str], dict[str, Any]] = {}
    for owner, ids in by_owner.items():
        for chunk in _chunks(ids):
            rows = Ticket.objects.filter(external_owner=owner, external_id__in=chunk)
            for values in value_rows(rows, _TICKET_VALUES):
                row = dict(zip(_TICKET_VALUES, values, strict=True))
                tickets[(row["external_owner"], row["external_id"])] = row
    by_id: dict[int, _Case] = {}
    for case in batch:
        case.ticket = tickets.get((case.owner, case.case_id))
        if case.ticket is not None:
            by_id[case.ticket["id"]] = case
    for chunk in _chunks(sorted(by_id)):
        held = TicketHolder.objects.filter(ticket_id__in=chunk)
        for ticket_id, party_id, since in value_rows(
            held, ("ticket_id", "party_id", "first_held_at")
        ):
            by_id[ticket_id].holders[party_id] = since
        events = TicketEvent.objects.filter(ticket_id__in=chunk).order_by(
            "ticket_id", "occurred_at", "seq"
        )
        for (
            ticket_id,
            seq,
            at,
            status,
            sub_status,
            party_id,
            team,
            resource,
            priority,
        ) in value_rows(events, _STORED_EVENT):
            by_id[ticket_id].stored.append(
                _Event(-1, at, status, sub_status, party_id, team, resource, priority, order=seq)
            )


def _may_touch(case: _Case, reach: set[int] | None) -> bool:
    ticket = case.ticket
    if ticket is None or reach is None:
        return True
    return ticket["raised_by_id"] in reach or bool(reach & case.holders.keys())


def _plan(batch: list[_Case], context: _Context, summary: IngestSummary) -> None:
    """Decide, for every case of the batch, what is new and the ticket it settles in."""
    _existing(batch)
    for case in batch:
        if not _may_touch(case, context.reach):
            summary.rejected.extend(
                Problem(e.seq, "case_id", f"no ticket of yours has case id {case.case_id!r} "
                        f"of owner {case.owner!r}; it is another party's")
                for e in case.events
            )  # fmt: skip
            case.fresh = []
            continue
        seen = {e.key for e in case.stored}
        top = max((e.order for e in case.stored), default=0)
        case.fresh = []
        for event in case.events:
            if event.key in seen:
                summary.skipped += 1
                continue
            seen.add(event.key)
            top += 1
            event.order = top
            case.fresh.append(event)
    touched = [c for c in batch if c.fresh]
    if touched:
        _settle(touched, context)


def _settle(touched: list[_Case], context: _Context) -> None:
    """Each touched ticket's values from all its events, its policy if it is new (or opened
    earlier than it knew), and the clocks of all of them."""
    keys: dict[int, clocks.PolicyKey] = {}
    for index, case in enumerate(touched):
        timeline = sorted([*case.stored, *case.fresh], key=lambda e: (e.at, e.order))
        first, latest = timeline[0], timeline[-1]
        ticket = case.ticket or {}
        with_priority = [e for e in timeline if e.priority]
        priority = with_priority[-1].priority if with_priority else ticket.get("priority", "P3")
        resolved = next((e.at for e in timeline if e.status == "resolved"), None)
        closed = next((e.at for e in timeline if e.status == "closed"), None)
        final = latest.status in FINAL
        values: dict[str, Any] = {
            "status": latest.status,
            "current_party_id": latest.party_id,
            "priority": priority,
            "opened_at": min(first.at, ticket.get("opened_at") or first.at),
            "updated_at": max(latest.at, ticket.get("updated_at") or latest.at),
            "resolved_at": resolved if final else None,
            "closed_at": closed if final else None,
        }
        opening_priority = with_priority[0].priority if with_priority else priority
        if case.ticket is None:
            values.update(
                title=next((e.title for e in timeline if e.title), None) or case.case_id,
                service_id=next((e.service_id for e in timeline if e.service_id), None),
                component_id=next((e.component_id for e in timeline if e.component_id), None),
            )
        else:
            values.update(
                title=ticket["title"],
                service_id=ticket["service_id"],
                component_id=ticket["component_id"],
                sla_policy=ticket["sla_policy"],
            )
        routed = next((e.party_id for e in timeline if e.party_id), None) or context.sender.pk
        values["routed_party_id"] = routed
        if case.ticket is None or values["opened_at"] < ticket["opened_at"]:
            keys[index] = clocks.PolicyKey(
                opening_priority,
                values["service_id"],
                values["component_id"],
                routed,
                values["opened_at"].date(),
            )
        case.values = values
    policies = clocks.sla_policies_for(keys.values())
    ladders = escalation.current_ladder_ids(
        {(c.values["routed_party_id"], c.values["service_id"]) for c in touched if c.ticket is None}
    )
    inputs = []
    for index, case in enumerate(touched):
        if index in keys:
            case.values["sla_policy"] = policies[keys[index]]
        if case.ticket is None:
            pair = (case.values["routed_party_id"], case.values["service_id"])
            case.values["escalation_ladder_id"] = ladders.get(pair)
        events = [
            (e.at, e.status, e.sub_status, context.slugs.get(e.party_id or 0), e.order)
            for e in (*case.stored, *case.fresh)
        ]
        inputs.append(clocks.ClockInput(str(index), case.values["sla_policy"], events))
    outcomes = clocks.clock_states(inputs, now=context.now)
    for index, case in enumerate(touched):
        outcome = outcomes[str(index)]
        case.values["clock_state"] = outcome.state
        case.values["next_deadline_at"] = outcome.next_deadline_at


def _count(batch: list[_Case], summary: IngestSummary) -> None:
    for case in batch:
        if case.fresh:
            summary.stored += len(case.fresh)
            if case.ticket is None:
                summary.created += 1
            else:
                summary.updated += 1


# -- writing a batch ----------------------------------------------------------------------------

_NEW_TICKET = (
    "reference",
    "title",
    "description",
    "severity",
    "ticket_type",
    "external_owner",
    "external_id",
    "raised_by_id",
    "version",
    "updated_at",
    "sla_policy",
    "clock_state",
    "next_deadline_at",
    "service_id",
    "component_id",
    "priority",
    "status",
    "opened_at",
    "resolved_at",
    "closed_at",
    "current_party_id",
    "escalation_ladder_id",
)
_SETTLED = (
    "status",
    "current_party_id",
    "priority",
    "opened_at",
    "updated_at",
    "resolved_at",
    "closed_at",
    "sla_policy",
    "clock_state",
    "next_deadline_at",
    "version",
)
_EVENT = (
    "ticket_id",
    "seq",
    "occurred_at",
    "status",
    "sub_status",
    "party_id",
    "team",
    "resource",
    "priority",
    "reason",
    "source",
    "payload_id",
    "sla_breached",
)


def next_reference_numbers(count: int) -> range:
    """Numbers for `count` new TT- references, after the highest in use (longest first, so
    TT-1000000 counts above TT-999999)."""
    last = (
        Ticket.objects.filter(reference__startswith="TT-")
        .annotate(width=Length("reference"))
        .order_by("-width", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    start = int(last[3:]) + 1 if last and last[3:].isdigit() else 1
    return range(start, start + count)


def _write(batch: list[_Case], context: _Context) -> None:
    new = [c for c in batch if c.fresh and c.ticket is None]
    old = [c for c in batch if c.fresh and c.ticket is not None]
    references = [f"TT-{n:06d}" for n in next_reference_numbers(len(new))]
    insert_rows(
        Ticket,
        _NEW_TICKET,
        (
            (
                reference,
                c.values["title"][:200],
                "",
                "",
                "incident",
                c.owner,
                c.case_id,
                context.sender.pk,
                1,
                c.values["updated_at"],
                c.values["sla_policy"],
                c.values["clock_state"],
                c.values["next_deadline_at"],
                c.values["service_id"],
                c.values["component_id"],
                c.values["priority"],
                c.values["status"],
                c.values["opened_at"],
                c.values["resolved_at"],
                c.values["closed_at"],
                c.values["current_party_id"],
                c.values["escalation_ladder_id"],
            )
            for reference, c in zip(references, new, strict=True)
        ),
    )
    ids: dict[str, int] = {}
    for chunk in _chunks(references):
        ids.update(Ticket.objects.filter(reference__in=chunk).values_list("reference", "id"))
    for reference, case in zip(references, new, strict=True):
        case.values["id"] = ids[reference]
    for case in old:
        case.values["id"] = case.ticket["id"] if case.ticket else None
    context.touched.update(c.values["id"] for c in (*new, *old))
    payload_id = context.payload.pk if context.payload is not None else None
    insert_rows(
        TicketEvent,
        _EVENT,
        (
            (
                c.values["id"],
                e.order,
                e.at,
                e.status,
                e.sub_status,
                e.party_id,
                e.team,
                e.resource,
                e.priority,
                "",
                context.source,
                payload_id,
                e.sla_breached,
            )
            for c in (*new, *old)
            for e in c.fresh
        ),
    )
    holders, earlier = [], []
    for case in (*new, *old):
        firsts: dict[int, dt.datetime] = {}
        for event in case.fresh:  # in time order: the first seen is the earliest
            if event.party_id is not None:
                firsts.setdefault(event.party_id, event.at)
        for party_id, since in firsts.items():
            held = case.holders.get(party_id)
            if held is None:
                holders.append((case.values["id"], party_id, since))
            elif since < held:
                earlier.append((since, case.values["id"], party_id))
    insert_rows(TicketHolder, ("ticket_id", "party_id", "first_held_at"), holders)
    for since, ticket_id, party_id in earlier:
        TicketHolder.objects.filter(ticket_id=ticket_id, party_id=party_id).update(
            first_held_at=since
        )
    _update_settled(old)


def _update_settled(old: list[_Case]) -> None:
    """Set what changed on each stored ticket: one statement per set of changed columns
    (SQLite rewrites every index over a column it is told to set, changed or not)."""
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for case in old:
        stored = case.ticket or {}
        names = tuple(
            name for name in _SETTLED if name in _ALWAYS or case.values[name] != stored.get(name)
        )
        values = tuple(case.values[name] for name in names if name != "version")
        groups.setdefault(names, []).append(
            (*values, stored.get("version", 0) + 1, case.values["id"])
        )
    for names, rows in groups.items():
        update_rows(Ticket, (*(n for n in names if n != "version"), "version"), rows)


_ALWAYS = frozenset({"clock_state", "next_deadline_at", "version"})


def _after_tickets_changed(cases: list[_Case], context: _Context) -> None:
    """The hook every ticket change goes through (ping-pong arbitration, the hub's deliveries,
    the new holder's notifications), once per ticket the load wrote events to, after the whole
    load and for all of them at once (`outbox.after_tickets_loaded`, the set-based
    `tickets.after_tickets_changed`): a ticket bounced ten times in one request is reviewed
    once, and its holder is told of where it ended, not of every step."""
    ids = sorted({c.values["id"] for c in cases if c.fresh and c.values.get("id") is not None})
    outbox.after_tickets_loaded(
        ids, party_id=context.sender.pk, source=context.source, now=context.now
    )


def import_events(
    *,
    sender: Party,
    events: pl.DataFrame,
    now: dt.datetime,
    file_name: str,
    kind: str,
    owner: str | None = None,
    partial: bool = False,
    dry_run: bool = False,
) -> IngestSummary:
    """A file the operator imports for `sender`'s tool (`podium import`): the load, and a
    `RawPayload` (channel "import", the file's name, not its contents) that its events point
    to — both, or, when nothing is stored (a rejection without `partial`, a file imported
    before, a dry run), neither."""
    with transaction.atomic():
        payload = None
        if not dry_run:
            payload = RawPayload(
                received_at=now,
                party=sender,
                channel="import",
                method="IMPORT",
                path=file_name[-300:],
                content_type=kind[:100],
            )
            payload.full_clean()
            payload.save()
        summary = ingest_events(
            acting_user=None,
            sender=sender,
            events=events,
            now=now,
            source="import",
            payload=payload,
            owner=owner,
            partial=partial,
            dry_run=dry_run,
        )
        if payload is not None:
            if not summary.stored:  # rejected, or nothing new: the import leaves no trace
                transaction.set_rollback(True)
            else:
                payload.outcome = "created" if summary.created else "updated"
                payload.save(update_fields=["outcome"])
    return summary
