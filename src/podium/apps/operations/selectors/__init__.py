"""Reads of tickets, always scoped to what the acting user may see."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.choices import OPEN_STATUSES, MajorIncidentStatus, SubscriptionFormat
from podium.apps.operations.models import (
    BondedTicket,
    Delivery,
    DeliveryAttempt,
    Escalation,
    HubSubscription,
    IntegrationCredential,
    MajorIncident,
    Notification,
    PartyEndpoint,
    Ticket,
    TicketEvent,
    TicketHolder,
    TicketNote,
)
from podium.core import tmf621
from podium.core.clocks import ClockPolicy
from podium.core.eventlog import EventLog
from podium.core.goals import ClockGroup
from podium.platform.access import Actor, visible_party_ids


def tickets_visible_to(user: Actor) -> QuerySet[Ticket]:
    return tickets_of_parties(visible_party_ids(user))


def tickets_of_parties(parties: set[int] | None) -> QuerySet[Ticket]:
    """Tickets these parties raised or held at some point (None: every ticket)."""
    tickets = Ticket.objects.select_related("service", "component", "current_party", "raised_by")
    if parties is None:
        return tickets
    # EXISTS probes the (ticket, party) index row by row; `pk IN (subquery)` had SQLite list
    # every ticket the parties ever held on every call, the cost growing with their history.
    held = TicketHolder.objects.filter(ticket=OuterRef("pk"), party__in=parties)
    return tickets.filter(Exists(held) | Q(raised_by__in=parties))


def escalations_visible_to(user: Actor) -> QuerySet[Escalation]:
    """What the sweep fired (warnings, breaches, ladder steps) on tickets the user may see,
    latest first."""
    rows = Escalation.objects.select_related("ticket", "party", "ladder").order_by(
        "-fired_at", "-id"
    )
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    return rows.filter(ticket__in=tickets_of_parties(parties).values("pk"))


def open_tickets_visible_to(user: Actor) -> QuerySet[Ticket]:
    return tickets_visible_to(user).filter(status__in=OPEN_STATUSES)


def open_tickets_by_holder(user: Actor) -> list[dict[str, Any]]:
    """Open tickets the user may see, counted per party holding them now, most first."""
    rows = (
        open_tickets_visible_to(user)
        .values("current_party__name", "current_party__slug")
        .annotate(open_tickets=Count("id", distinct=True))
        .order_by("-open_tickets", "current_party__name")
    )
    return [
        {
            "party": r["current_party__name"] or "nobody",
            "slug": r["current_party__slug"],
            "open": r["open_tickets"],
        }
        for r in rows
    ]


def ticket_events(ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("party").order_by("occurred_at", "seq")


def ticket_notes(ticket: Ticket) -> QuerySet[TicketNote]:
    return ticket.notes.order_by("written_at", "id")


def credentials_visible_to(user: Actor) -> QuerySet[IntegrationCredential]:
    """Integration tokens (never the secret): the integrator sees all, a party its own."""
    parties = visible_party_ids(user)
    rows = IntegrationCredential.objects.select_related("party")
    return rows if parties is None else rows.filter(party__in=parties)


def all_credentials(party_slug: str | None) -> QuerySet[IntegrationCredential]:
    """Every token (the operator's command line), or one party's."""
    rows = IntegrationCredential.objects.select_related("party").order_by("party__slug", "name")
    return rows if party_slug is None else rows.filter(party__slug=party_slug)


def ticket_view(ticket: Ticket) -> tmf621.TicketView:
    """The ticket as a TMF621 resource shows it (the API's answers and the hub's events):
    its status changes, reporter and assignee, affected service and component, notes, and its
    numbers in other tools — the raiser's, and each bonded party's."""
    events = list(ticket_events(ticket))
    changes = []
    last_status = ""
    for event in events:
        if event.status != last_status:
            changes.append(tmf621.StatusChangeView(event.status, event.occurred_at, event.reason))
            last_status = event.status
    parties = []
    if ticket.raised_by is not None:
        parties.append(tmf621.PartyRef("reporter", ticket.raised_by.slug, ticket.raised_by.name))
    if ticket.current_party is not None:
        parties.append(
            tmf621.PartyRef("assignee", ticket.current_party.slug, ticket.current_party.name)
        )
    entities = []
    if ticket.service is not None:
        entities.append(
            tmf621.EntityRef("affectedService", "Service", ticket.service.slug, ticket.service.name)
        )
    if ticket.component is not None:
        entities.append(
            tmf621.EntityRef(
                "affectedComponent", "Component", ticket.component.slug, ticket.component.name
            )
        )
    external = [tmf621.ExternalId(ticket.external_owner, ticket.external_id)]
    external += [
        tmf621.ExternalId(owner, remote)
        for owner, remote in BondedTicket.objects.filter(ticket=ticket)
        .exclude(remote_id="")
        .values_list("endpoint__party__slug", "remote_id")
    ]
    return tmf621.TicketView(
        id=ticket.reference,
        href=reverse("tmf621:retrieve_trouble_ticket", kwargs={"ticket_id": ticket.reference}),
        name=ticket.title,
        description=ticket.description,
        severity=ticket.severity,
        priority=ticket.priority,
        ticket_type=ticket.ticket_type,
        status=ticket.status,
        created_at=ticket.opened_at,
        updated_at=ticket.updated_at or ticket.opened_at,
        resolved_at=ticket.resolved_at,
        external_ids=tuple(e for e in dict.fromkeys(external) if e.id),
        parties=tuple(parties),
        entities=tuple(entities),
        notes=tuple(
            tmf621.NoteView(str(n.external_id or n.pk), n.text, n.author, n.written_at)
            for n in ticket_notes(ticket)
        ),
        status_changes=tuple(changes),
    )


def subscriptions_visible_to(caller_party: int | None) -> QuerySet[HubSubscription]:
    """Live hub subscriptions: a party's own (None: every party's, for the integrator)."""
    rows = HubSubscription.objects.select_related("party").filter(
        removed_at__isnull=True, format=SubscriptionFormat.TMF621
    )
    return rows if caller_party is None else rows.filter(party_id=caller_party)


@dataclass(frozen=True, slots=True)
class Listeners:
    """Whether anyone at all may hear of a ticket's change: a live hub subscription, a live
    bonded endpoint."""

    subscriptions: bool
    endpoints: bool


def listeners() -> Listeners:
    """One query for what a change owes nobody most of the time: whether any live
    subscription or live endpoint exists (read afresh each change, so a subscription or an
    endpoint that another process registered a moment ago is heard at once)."""
    subscriptions = HubSubscription.objects.filter(
        disabled_at__isnull=True, removed_at__isnull=True, format=SubscriptionFormat.TMF621
    ).values("id")[:1]
    endpoints = PartyEndpoint.objects.filter(disabled_at__isnull=True).values("id")[:1]
    first, first_params = subscriptions.query.sql_with_params()
    second, second_params = endpoints.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS({first}), EXISTS({second})",  # both are Django's own SQL
            [*first_params, *second_params],
        )
        row = cursor.fetchone()
    return Listeners(subscriptions=bool(row[0]), endpoints=bool(row[1]))


def subscriptions_hearing_of(ticket: Ticket) -> list[HubSubscription]:
    """Live subscriptions whose party may see the ticket (it raised or held it), and those
    of the integrator's staff, which hear of every ticket."""
    parties = set(ticket.party_ids())
    if ticket.raised_by_id is not None:
        parties.add(ticket.raised_by_id)
    return list(
        HubSubscription.objects.filter(
            disabled_at__isnull=True, removed_at__isnull=True, format=SubscriptionFormat.TMF621
        )
        .filter(Q(sees_everything=True) | Q(party_id__in=parties))
        .order_by("id")
    )


def deliveries_visible_to(user: Actor) -> QuerySet[Delivery]:
    """The delivery log: every delivery for the integrator and auditors, a party's users
    those to their party's subscriptions and endpoint."""
    rows = Delivery.objects.select_related(
        "subscription__party", "link__endpoint__party", "ticket"
    ).order_by("-created_at", "-id")
    parties = visible_party_ids(user)
    if parties is None:
        return rows
    return rows.filter(
        Q(subscription__party__in=parties, subscription__sees_everything=False)
        | Q(link__endpoint__party__in=parties)
    )


def notifications_of(user: Actor) -> QuerySet[Notification]:
    """The user's own inbox, newest first (nobody reads another's)."""
    return Notification.objects.filter(user_id=int(getattr(user, "pk", 0) or 0)).select_related(
        "ticket"
    )


def notifications_in_reach(user: Actor) -> QuerySet[Notification]:
    """Notifications of the users of the parties the viewer may see: looked up here first, so
    another party's answers 404, and then only its own user may mark it (a 403 for the rest)."""
    parties = visible_party_ids(user)
    rows = Notification.objects.select_related("ticket")
    return rows if parties is None else rows.filter(user__party_id__in=parties)


def unread_notifications(user: Actor) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()


def webhooks_visible_to(user: Actor) -> QuerySet[HubSubscription]:
    """Live CloudEvents webhooks: a party's own, every party's for the integrator and auditors."""
    rows = HubSubscription.objects.select_related("party").filter(
        removed_at__isnull=True, format=SubscriptionFormat.CLOUDEVENTS
    )
    parties = visible_party_ids(user)
    return rows if parties is None else rows.filter(party_id__in=parties, sees_everything=False)


def delivery_tries(delivery: Delivery) -> QuerySet[DeliveryAttempt]:
    return delivery.tries.order_by("number")


def endpoints_visible_to(user: Actor) -> QuerySet[PartyEndpoint]:
    """Parties' TMF621 endpoints (never their token): the integrator sees all, a party its own."""
    rows = PartyEndpoint.objects.select_related("party").filter(disabled_at__isnull=True)
    parties = visible_party_ids(user)
    return rows if parties is None else rows.filter(party__in=parties)


def all_endpoints(party_slug: str | None) -> QuerySet[PartyEndpoint]:
    """Every registered endpoint (the operator's command line), or one party's."""
    rows = PartyEndpoint.objects.select_related("party").filter(disabled_at__isnull=True)
    rows = rows if party_slug is None else rows.filter(party__slug=party_slug)
    return rows.order_by("party__slug")


def delivery_log(status: str | None) -> QuerySet[Delivery]:
    """Every delivery, newest first (the operator's command line), or those in one status."""
    rows = Delivery.objects.select_related("subscription", "link__endpoint", "ticket")
    rows = rows if not status else rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def ticket_holders(ticket: Ticket) -> list[TicketHolder]:
    """The parties that held the ticket, in the order they first did."""
    return list(
        TicketHolder.objects.filter(ticket=ticket)
        .select_related("party")
        .order_by("first_held_at", "pk")
    )


def open_tickets_like(user: Actor, ticket: Ticket, limit: int = 10) -> list[Ticket]:
    """Other open tickets of the same service (else component) the user may see, newest first."""
    rows = open_tickets_visible_to(user).exclude(pk=ticket.pk)
    if ticket.service_id is not None:
        rows = rows.filter(service_id=ticket.service_id)
    elif ticket.component_id is not None:
        rows = rows.filter(component_id=ticket.component_id)
    else:
        return []
    return list(rows.order_by("-opened_at")[:limit])


@dataclass(frozen=True)
class ClockSegment:
    """A stretch of a clock: running or paused, and the party holding the ticket meanwhile."""

    party: Any
    running: bool
    start: dt.datetime
    end: dt.datetime | None  # None: still going at `as_of`
    seconds: float  # business seconds


@dataclass(frozen=True)
class ClockView:
    """One clock of a ticket as the engine computed it from the ticket's SLA policy snapshot:
    the end-to-end clock (`party` None) or one party's."""

    party: Any
    state: str
    target_seconds: float
    elapsed_seconds: float
    remaining_seconds: float | None
    due_at: dt.datetime | None
    breached_at: dt.datetime | None
    holding: bool
    segments: tuple[ClockSegment, ...]

    @property
    def breached(self) -> bool:
        return self.breached_at is not None

    @property
    def used_percent(self) -> int | None:
        if not self.target_seconds:
            return None
        return min(100, round(100 * self.elapsed_seconds / self.target_seconds))


@dataclass(frozen=True)
class PartyTime:
    """How long one party held the ticket while its end-to-end clock ran."""

    party: Any
    seconds: float
    holding: bool
    share: int  # percent of the clock's elapsed time


@dataclass(frozen=True)
class ToolVerdict:
    """What the source tool last said of its own SLA clock, and when (its event's time)."""

    breached: bool
    at: dt.datetime
    party: Any
    source: str


@dataclass(frozen=True)
class TicketClocks:
    """What the ticket page shows of a ticket's clocks, for one viewer: the end-to-end clock,
    the party clocks the viewer may see (a party's users their own party's, the integrator's
    staff every one), and the contract the policy came from if the viewer may see it."""

    end_to_end: ClockView
    parties: tuple[ClockView, ...]
    time_in_hands: tuple[PartyTime, ...]
    contract: Any
    calendar: str  # the snapshot's calendar by name, "" when time runs around the clock
    policy_version: int | None
    as_of: dt.datetime
    tool_verdict: ToolVerdict | None = None

    @property
    def breached(self) -> bool:
        return self.end_to_end.breached

    @property
    def disagreement(self) -> bool:
        """The source tool's verdict and Podium's end-to-end clock differ on the breach."""
        return self.tool_verdict is not None and self.tool_verdict.breached != self.breached

    @property
    def due_at(self) -> dt.datetime | None:
        return self.end_to_end.due_at


def ticket_clocks(user: Actor, ticket: Ticket, now: dt.datetime) -> TicketClocks | None:
    """The ticket's clocks at `now` (None for a ticket without events): the live path's own
    evaluation (`services.clocks.clock_states`, which `recompute` stores after every change)
    over the SLA policy the ticket kept when it opened, scoped to what `user` may see."""
    from podium.apps.operations.services import clocks

    events = list(ticket_events(ticket))
    if not events:
        return None
    moment = max(now, events[-1].occurred_at)
    policy = ticket.sla_policy or {}
    inputs = [(e.occurred_at, e.status, e.sub_status, e.party.slug if e.party else None, e.seq)
              for e in events]  # fmt: skip
    key = ticket.reference
    state = clocks.clock_states([clocks.ClockInput(key, policy, inputs)], now=moment)[key].state
    by_slug = {e.party.slug: e.party for e in events if e.party is not None}
    segments = tuple(
        ClockSegment(
            by_slug.get(row["party"]),
            row["running"],
            dt.datetime.fromisoformat(row["start"]),
            dt.datetime.fromisoformat(row["end"]) if row["end"] else None,
            row["business_seconds"],
        )
        for row in state.get("segments", ())
    )
    end_to_end = ClockView(
        party=None,
        state=state.get("state", "not_started"),
        target_seconds=state.get("target_seconds", 0.0),
        elapsed_seconds=state.get("elapsed_seconds", 0.0),
        remaining_seconds=state.get("remaining_seconds"),
        due_at=_instant_of(state.get("due_at")),
        breached_at=_instant_of(state.get("breached_at")),
        holding=False,
        segments=segments,
    )
    visible = visible_party_ids(user)
    parties = tuple(
        ClockView(
            party=by_slug[row["party"]],
            state=end_to_end.state if row["holding"] else "not holding",
            target_seconds=row["target_seconds"],
            elapsed_seconds=row["elapsed_seconds"],
            remaining_seconds=row["remaining_seconds"],
            due_at=_instant_of(row["due_at"]),
            breached_at=_instant_of(row["breached_at"]),
            holding=row["holding"],
            segments=tuple(s for s in segments if s.party == by_slug[row["party"]]),
        )
        for row in state.get("parties", ())
        if row["party"] in by_slug and (visible is None or by_slug[row["party"]].pk in visible)
    )
    ran: dict[str, float] = {}
    for segment in segments:
        if segment.running and segment.party is not None:
            ran[segment.party.slug] = ran.get(segment.party.slug, 0.0) + segment.seconds
    total = end_to_end.elapsed_seconds or 1.0
    holder = ticket.current_party.slug if ticket.current_party and ticket.is_open else None
    reference = policy.get("contract") or ""
    contract = (
        ecosystem.contracts_visible_to(user).filter(reference=reference).first()
        if reference
        else None
    )
    calendar = policy.get("calendar") or {}
    said = next((e for e in reversed(events) if e.sla_breached is not None), None)
    return TicketClocks(
        tool_verdict=ToolVerdict(bool(said.sla_breached), said.occurred_at, said.party, said.source)
        if said is not None
        else None,
        end_to_end=end_to_end,
        parties=parties,
        time_in_hands=tuple(
            PartyTime(by_slug[slug], seconds, slug == holder, round(100 * seconds / total))
            for slug, seconds in sorted(ran.items(), key=lambda item: -item[1])
        ),
        contract=contract,
        calendar="" if not calendar or calendar.get("always_open") else calendar.get("name", ""),
        policy_version=policy.get("version"),
        as_of=moment,
    )


def _instant_of(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def open_major_incidents() -> list[tuple[str, int, int | None]]:
    """Every open major incident on a service — a ticket declared one and not yet closed, or
    an open P1 ticket — as (reference, service id, holding party id): the change calendar
    checks planned changes against them; who may read a reference is the caller's to judge
    (`tickets_visible_to`)."""
    declared = MajorIncident.objects.filter(status=MajorIncidentStatus.OPEN).values("ticket_id")
    return list(
        Ticket.objects.filter(service__isnull=False)
        .filter(
            Q(pk__in=declared) | Q(priority="P1", status__in=OPEN_STATUSES),
        )
        .order_by("reference")
        .values_list("reference", "service_id", "current_party_id")
    )


def tickets_opened_on(
    *,
    service_ids: Iterable[int],
    component_ids: Iterable[int],
    start: dt.datetime,
    end: dt.datetime,
) -> list[tuple[str, int | None, int | None, dt.datetime, str]]:
    """Tickets opened in ``[start, end)`` on one of these services or components, as
    (reference, service id, component id, opened at, priority): the change calendar links
    them to the change that ran just before; who may read a reference is the caller's to judge
    (`tickets_visible_to`)."""
    return list(
        Ticket.objects.filter(
            Q(service__in=list(service_ids)) | Q(component__in=list(component_ids)),
            opened_at__gte=start,
            opened_at__lt=end,
        )
        .order_by("opened_at", "reference")
        .values_list("reference", "service_id", "component_id", "opened_at", "priority")
    )


def _contract_epochs() -> Any:
    """A function from a day to the first day of its stretch of days over which the contracts
    in force stay the same (their start and end dates bound the stretches)."""
    import bisect

    terms = ecosystem.contract_terms()
    bounds = sorted(
        {t.starts_on for t in terms} | {t.ends_on + dt.timedelta(days=1) for t in terms}
    )

    def epoch(day: dt.date) -> dt.date:
        at = bisect.bisect_right(bounds, day)
        return bounds[at - 1] if at else (bounds[0] - dt.timedelta(days=1) if bounds else day)

    return epoch


def ticket_clock_groups(
    *,
    service_id: int | None,
    start: dt.datetime,
    end: dt.datetime,
    party_clocks: bool = True,
) -> list[ClockGroup]:
    """The events of every ticket (of one service, or all) with an event in [start, end), as
    event logs grouped by what their clocks share (calendar, pause and stop rules, party
    targets), each ticket against its own stored target: what `core.goals` measures shared
    goals over. Aggregates only; the caller decides who may read them.

    `party_clocks=False` is for a measurement that reads only the end-to-end clocks and the
    hand-offs: the parties' targets are left out of the groups and of what groups them, so
    tickets of one calendar are one group (on the demo 98 groups become 7) and the engine runs
    once per calendar rather than once per set of party targets."""
    from podium.apps.operations.services.clocks import (
        PolicyKey,
        calendar_of,
        clock_policy_of,
        sla_policies_for,
    )

    tickets = Ticket.objects.filter(
        pk__in=TicketEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=end).values(
            "ticket_id"
        )
    )
    if service_id is not None:
        tickets = tickets.filter(service_id=service_id)
    rows = list(
        tickets.values_list(
            "pk",
            "sla_policy",
            "priority",
            "service_id",
            "component_id",
            "current_party_id",
            "opened_at",
        )
    )
    # A ticket loaded from history kept no policy: it gets the one it would have kept when
    # it opened (the same rule as a live ticket's). Between two contract start or end dates
    # the contracts in force do not change, so each such stretch is asked once.
    needed = [row for row in rows if not row[1]]
    epoch = _contract_epochs() if needed else lambda day: day
    keys = {
        pk: PolicyKey(priority, service, component, party, epoch(opened.date()))
        for pk, policy, priority, service, component, party, opened in needed
    }
    derived = sla_policies_for(keys.values())
    policies = {pk: policy or derived[keys[pk]] for pk, policy, *_ in rows}
    events = (
        TicketEvent.objects.filter(ticket_id__in=list(policies))
        .order_by("ticket_id", "occurred_at", "seq")
        .values_list(
            "ticket_id",
            "ticket__reference",
            "occurred_at",
            "status",
            "sub_status",
            "party__slug",
            "seq",
        )
    )
    grouped_by = ("calendar", "pauses", "stops", "party_targets")[: 4 if party_clocks else 3]
    group_of = {  # once a ticket, not once an event
        pk: json.dumps({k: policy.get(k) for k in grouped_by}, sort_keys=True, default=str)
        for pk, policy in policies.items()
    }
    grouped: dict[str, tuple[dict[str, Any], dict[str, float], list[Any]]] = {}
    for ticket_id, reference, at, status, sub_status, party, seq in events:
        policy = policies.get(ticket_id) or {}
        group = grouped.setdefault(group_of[ticket_id], (policy, {}, []))
        target = float(policy.get("resolution_seconds") or 0)
        label = f"t{target!r}"
        group[1][label] = target
        group[2].append((seq, reference, at, status, sub_status or None, party, label))
    result = []
    for policy, targets, rows in grouped.values():
        frame = pl.DataFrame(
            rows,
            schema={
                "seq": pl.Int64,
                "case_id": pl.String,
                "timestamp": pl.Datetime("us", "UTC"),
                "activity": pl.String,
                "sub_status": pl.String,
                "party": pl.String,
                "priority": pl.String,
            },
            orient="row",
        )
        base = clock_policy_of(policy)
        result.append(
            ClockGroup(
                EventLog.from_frame(frame),
                calendar_of(policy),
                ClockPolicy(
                    pause_activities=base.pause_activities,
                    pause_sub_statuses=base.pause_sub_statuses,
                    stop_activities=base.stop_activities,
                    targets=targets,
                    default_target_seconds=base.default_target_seconds,
                    party_targets=base.party_targets if party_clocks else {},
                ),
            )
        )
    return result


def parties_holding_together() -> set[tuple[int, int]]:
    """Pairs of parties (lower id first) that both held one ticket at some point: who works
    with whom by the ticket history (the trust context's survey asks each about the other)."""
    holders: dict[int, set[int]] = {}
    for ticket_id, party_id in TicketHolder.objects.values_list("ticket_id", "party_id"):
        holders.setdefault(ticket_id, set()).add(party_id)
    return {(a, b) for parties in holders.values() for a in parties for b in parties if a < b}


def ticket_event_log(start: dt.datetime | None = None, end: dt.datetime | None = None) -> EventLog:
    """Every ticket's events as the engine's canonical log, the party by its id (as text), for
    analyses over the whole history (the trust context's insight into hand-offs per pair), or
    only the events in [start, end) (the cockpit's period)."""
    events = TicketEvent.objects.all()
    if start is not None:
        events = events.filter(occurred_at__gte=start)
    if end is not None:
        events = events.filter(occurred_at__lt=end)
    rows = list(
        events.order_by("ticket_id", "occurred_at", "seq").values_list(
            "ticket_id", "occurred_at", "status", "party_id"
        )
    )
    frame = pl.DataFrame(
        {
            "case_id": [str(r[0]) for r in rows],
            "timestamp": [r[1] for r in rows],
            "activity": [r[2] for r in rows],
            "party": [None if r[3] is None else str(r[3]) for r in rows],
        },
        schema={
            "case_id": pl.String,
            "timestamp": pl.Datetime("us", "UTC"),
            "activity": pl.String,
            "party": pl.String,
        },
    )
    return EventLog.from_frame(frame, source="tickets")


HISTORY_CHUNK = 10_000
"""Tickets a query of `ticket_history_log` reads the events of."""


def ticket_history_log(
    tickets: QuerySet[Ticket], *, start: dt.datetime, end: dt.datetime
) -> EventLog:
    """The events in [start, end) of `tickets` (a caller's scoped queryset, such as
    `tickets_visible_to(user)`) as the engine's canonical log, named as the clock groups name
    them: case id the ticket's reference, activity its status, party its slug; the ticket's
    priority and service as attributes. What exports of live data write."""
    # The tickets are read first: as a subquery of the events' filter, PostgreSQL without
    # statistics (a test's data in one transaction) planned it once per event. Their ids go in
    # chunks in reference order (SQLite takes at most 32,766 parameters a query), so the chunks'
    # rows, each ordered, follow each other in order.
    ids = list(tickets.order_by("reference").values_list("pk", flat=True))
    rows: list[tuple[Any, ...]] = []
    for first in range(0, len(ids), HISTORY_CHUNK):
        rows.extend(
            TicketEvent.objects.filter(
                ticket_id__in=ids[first : first + HISTORY_CHUNK],
                occurred_at__gte=start,
                occurred_at__lt=end,
            )
            .order_by("ticket__reference", "occurred_at", "seq")
            .values_list(
                "ticket__reference",
                "occurred_at",
                "status",
                "sub_status",
                "party__slug",
                "team",
                "resource",
                "ticket__priority",
                "ticket__service__slug",
            )
        )
    names = ("case_id", "timestamp", "activity", "sub_status", "party", "team", "resource")
    schema: dict[str, Any] = dict.fromkeys((*names, "priority", "service"), pl.String)
    schema["timestamp"] = pl.Datetime("us", "UTC")
    frame = pl.DataFrame(
        [tuple(value or None for value in row) for row in rows], schema=schema, orient="row"
    )
    return EventLog.from_frame(frame, source="tickets", assume_sorted=True)


def stopped_clock_verdicts(
    start: dt.datetime, end: dt.datetime, *, party_slug: str | None = None
) -> list[tuple[dt.datetime, bool, list[tuple[str, bool]]]]:
    """The clock verdicts the live path keeps on each ticket whose end-to-end clock stopped
    in [start, end) (resolved, or closed without being resolved) — of the tickets
    `party_slug` held, when one is named: when it stopped, whether it breached, and each
    party's clock (its slug, whether it breached). What `core.scorecard.scorecards_from_verdicts`
    reads, in one query, the segments left in the database. Aggregates only; the caller
    decides who may read them."""
    in_window = Q(resolved_at__gte=start, resolved_at__lt=end) | Q(
        resolved_at=None, closed_at__gte=start, closed_at__lt=end
    )
    stopped = Ticket.objects.filter(in_window, clock_state__state="stopped").order_by()
    if party_slug is not None:
        stopped = stopped.filter(holders__slug=party_slug)
    rows = stopped.values_list(
        "resolved_at", "closed_at", "clock_state__breached_at", "clock_state__parties"
    )
    found = []
    for resolved, closed, breached, parties in rows:
        stopped_at = resolved or closed  # one of them is in the window
        clocks = [(p["party"], bool(p.get("breached_at"))) for p in parties or ()]
        if stopped_at is not None:
            found.append((stopped_at, bool(breached), clocks))
    return found


def party_event_log(start: dt.datetime, end: dt.datetime, *, party_slug: str | None) -> EventLog:
    """Every event of the tickets that were open in [start, end) — those `party_slug` held,
    when one is named — as the engine's log with the party by its slug, in one query: for
    what needs no clock policy, the hand-offs and bounces in the span of a scorecard (a
    ticket's own events, all of them, so a hand-off's previous holder is there even before
    the span; a ticket with no event in the span has no hand-off in it to count)."""
    events = TicketEvent.objects.filter(ticket__opened_at__lt=end).filter(
        Q(ticket__closed_at=None) | Q(ticket__closed_at__gte=start)
    )
    if party_slug is not None:
        events = events.filter(ticket__holders__slug=party_slug)
    rows = events.order_by("ticket_id", "occurred_at", "seq").values_list(
        "ticket_id", "occurred_at", "status", "party_id"
    )
    slugs = ecosystem.party_slugs()
    frame = pl.DataFrame(
        list(rows),
        schema={
            "case_id": pl.Int64,
            "timestamp": pl.Datetime("us", "UTC"),
            "activity": pl.String,
            "party": pl.Int64,
        },
        orient="row",
    ).with_columns(
        pl.col("case_id").cast(pl.String),
        pl.col("party").replace_strict(slugs, default=None, return_dtype=pl.String),
    )
    return EventLog.from_frame(frame, source="tickets", assume_sorted=True)
