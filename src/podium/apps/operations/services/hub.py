"""Hub subscriptions (TMF621 `POST /hub`) and the outbox of deliveries.

When a ticket opens or changes, `ticket_changed` — called by the ticket services inside their
transaction — works out the TMF621 events the change raises (against what subscribers were
last told, `TicketPublication`) and writes one `Delivery` per event and subscription whose
party may see the ticket, together with its task on the database queue: the change, its
outbox rows and their tasks commit or vanish together. Then it lets e-bonding
(`services.bonding`) do the same for the parties' own TMF621 servers.

`attempt` sends one delivery once (the worker's `operations.tasks.deliver`): it claims the row
for a lease instead of holding a transaction over the network, sends with the Standard
Webhooks signature (or the endpoint's bearer token), and records the try. 2xx delivers; 410
disables the subscription; 429 waits as long as `Retry-After` asks; anything else, a redirect
or a timeout included, is tried again with exponential backoff and jitter, up to
`RetryPolicy.max_attempts` tries. `replay` sends a delivery again by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction

from podium.apps.operations import selectors
from podium.apps.operations.choices import DeliveryKind, DeliveryStatus
from podium.apps.operations.models import (
    Delivery,
    DeliveryAttempt,
    HubSubscription,
    InboundEvent,
    IntegrationCredential,
    RawPayload,
    Ticket,
    TicketPublication,
)
from podium.apps.operations.rules import MANAGE_SUBSCRIPTIONS, REPLAY_DELIVERIES
from podium.apps.operations.services import bonding, notifications
from podium.core import notifications as notification_types
from podium.core import tmf621, tmf621_events, webhooks
from podium.platform import audit, outbound
from podium.platform.access import Actor, require
from podium.platform.sealing import UnsealError, seal, unseal

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party

# A claimed delivery is left alone by other workers this long beyond the request's timeout.
LEASE_SECONDS = 60
# A delivery that must wait for an earlier one (a change before its create) looks again after.
WAIT_SECONDS = 5


def timeout_seconds() -> float:
    return float(getattr(settings, "EXCHANGE_TIMEOUT_SECONDS", 10.0))


def retry_policy() -> webhooks.RetryPolicy:
    return getattr(settings, "EXCHANGE_RETRY_POLICY", webhooks.DEFAULT_POLICY)


# -- subscriptions --------------------------------------------------------------------------


def create_subscription(
    *,
    acting_user: Actor | None,
    party: Party,
    callback: Any,
    query: Any,
    now: dt.datetime,
    sees_everything: bool = False,
    credential: IntegrationCredential | None = None,
) -> tuple[HubSubscription, str]:
    """A subscription of `party` to ticket events: (the subscription, its signing secret —
    shown this once). Raises `TmfInputError` naming `callback` or `query`."""
    require(acting_user, MANAGE_SUBSCRIPTIONS, party)
    problems: list[tmf621.Problem] = []
    url, wanted = "", frozenset[str]()
    try:
        url = tmf621_events.read_callback(callback)
    except tmf621.TmfInputError as error:
        problems += error.problems
    try:
        wanted = tmf621_events.read_hub_query(query)
    except tmf621.TmfInputError as error:
        problems += error.problems
    if problems:
        raise tmf621.TmfInputError(problems)
    secret = webhooks.new_secret(secrets.token_bytes(32))
    authenticated = getattr(acting_user, "is_authenticated", False)
    with transaction.atomic():
        subscription = HubSubscription(
            party=party,
            sees_everything=sees_everything,
            credential=credential,
            created_by=acting_user if authenticated else None,  # type: ignore[misc]
            callback=url,
            query=query or "",
            event_types=sorted(wanted),
            secret_sealed=seal(secret),
            created_at=now,
        )
        subscription.full_clean()
        subscription.save()
        audit.record(
            acting_user=acting_user,
            action="operations.hub_subscription.created",
            target=subscription,
            party_id=party.pk,
            after={"callback": url, "query": subscription.query, "every_ticket": sees_everything},
        )
    return subscription, secret


def remove_subscription(
    *, acting_user: Actor | None, subscription: HubSubscription, now: dt.datetime
) -> None:
    """No more events for it; what it was still owed is cancelled (the log keeps it)."""
    require(acting_user, MANAGE_SUBSCRIPTIONS, subscription)
    with transaction.atomic():
        subscription = HubSubscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.removed_at is not None:
            return
        subscription.removed_at = now
        subscription.save(update_fields=["removed_at"])
        _cancel_pending(subscription, "the subscription was removed")
        audit.record(
            acting_user=acting_user,
            action="operations.hub_subscription.removed",
            target=subscription,
            party_id=subscription.party_id,
            after={"removed_at": now.isoformat()},
        )


def _cancel_pending(subscription: HubSubscription, why: str) -> None:
    Delivery.objects.filter(subscription=subscription, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELLED, next_attempt_at=None, last_error=why
    )


# -- what a ticket's change raises ----------------------------------------------------------


def snapshot_of(ticket: Ticket) -> tmf621_events.TicketSnapshot:
    return ticket_snapshot(ticket, ticket.notes.values_list("pk", flat=True))


def ticket_snapshot(ticket: Any, note_ids: Iterable[int]) -> tmf621_events.TicketSnapshot:
    """What subscribers are told of a ticket, from its values (a `Ticket`, or the row a bulk
    load's hook reads) and the ids of its notes."""
    attributes = {
        "name": ticket.title,
        "description": ticket.description,
        "severity": ticket.severity,
        "priority": ticket.priority,
        "ticketType": ticket.ticket_type,
        "assignee": str(ticket.current_party_id or ""),
        "service": str(ticket.service_id or ""),
        "component": str(ticket.component_id or ""),
    }
    notes = frozenset(str(pk) for pk in note_ids)
    return tmf621_events.TicketSnapshot(ticket.status, tuple(sorted(attributes.items())), notes)


def ticket_changed(ticket: Ticket, *, party_id: int | None, source: str, now: dt.datetime) -> int:
    """Write the deliveries a ticket's creation or change owes subscribers and bonded
    parties (inside the caller's transaction); returns how many. `party_id` is the party the
    change came from: e-bonding never sends a party's own change back to it."""
    current = snapshot_of(ticket)
    publication = TicketPublication.objects.filter(ticket=ticket).first()
    before = tmf621_events.TicketSnapshot.from_json(publication.snapshot) if publication else None
    kinds = tmf621_events.events_between(before, current)
    # The snapshot is kept whoever listens (the next change's events, and the assignment's
    # notification, are told against it); who may hear of it is one query when nobody does.
    listening = selectors.listeners()
    written = 0
    if kinds:
        if publication is None:
            publication = TicketPublication(ticket=ticket, published_at=now)
        publication.snapshot = current.as_json()
        publication.published_at = now
        publication.save()
        if listening.subscriptions:
            written += _publish(ticket, kinds, now)
        holder, told = ticket.current_party_id, dict(before.attributes if before else ())
        if holder is not None and str(holder) != told.get("assignee"):
            notifications.ticket_assigned(ticket, party_id=holder, by_party_id=party_id, now=now)
    if listening.endpoints:
        written += bonding.ticket_changed(ticket, party_id=party_id, now=now)
    return written


def _publish(ticket: Ticket, kinds: tuple[str, ...], now: dt.datetime) -> int:
    subscriptions = selectors.subscriptions_hearing_of(ticket)
    if not subscriptions:
        return 0
    resource = tmf621.ticket_resource(selectors.ticket_view(ticket))
    event_time = ticket.updated_at or ticket.opened_at or now
    written = 0
    for kind in kinds:
        listening = [s for s in subscriptions if s.wants(kind)]
        if not listening:
            continue
        event_id = uuid.uuid4().hex
        body = json.dumps(
            tmf621_events.envelope(
                event_id=event_id, event_time=event_time, event_type=kind, ticket=resource
            ),
            separators=(",", ":"),
            ensure_ascii=False,
        )
        written += len(
            queue_all(
                [
                    Delivery(
                        kind=DeliveryKind.EVENT,
                        subscription=subscription,
                        ticket=ticket,
                        event_id=event_id,
                        event_type=kind,
                        body=body,
                        created_at=now,
                        next_attempt_at=now,
                    )
                    for subscription in listening
                ]
            )
        )
    return written


def queue(delivery: Delivery) -> Delivery:
    """Store a delivery and its task, in the caller's transaction (the queue is in the same
    database, so neither exists without the other)."""
    return queue_all([delivery])[0]


def queue_all(deliveries: list[Delivery]) -> list[Delivery]:
    """`queue` for the deliveries of one event, which differ only in where they go, validated
    once. The body is left out of the check: it is JSON Podium wrote from values that were
    validated where they are stored, and checking a long ticket's text again, character by
    character, doubled the cost of a change (benchmarks/bench_exchange_outbox.py)."""
    if not deliveries:
        return []
    deliveries[0].full_clean(exclude=["body"])
    if len(deliveries) == 1:
        deliveries[0].save()
    else:
        deliveries = Delivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        _enqueue(delivery.pk)
    return deliveries


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    from podium.apps.operations import tasks

    task = tasks.deliver if run_after is None else tasks.deliver.using(run_after=run_after)
    task.enqueue(delivery_id)


# -- sending --------------------------------------------------------------------------------


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    lease = now + dt.timedelta(seconds=timeout_seconds() + LEASE_SECONDS)
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=lease)
    )


def _event_request(delivery: Delivery, now: dt.datetime) -> bonding.Outgoing | str:
    subscription = delivery.subscription
    assert subscription is not None
    if not subscription.is_live:
        return "!the subscription is no longer live"
    try:
        secret = unseal(subscription.secret_sealed)
    except UnsealError:
        return "!the signing secret cannot be unsealed (was the secret key changed?)"
    body = delivery.body.encode()
    cloud = delivery.kind == DeliveryKind.CLOUDEVENT
    headers = {
        "Content-Type": notification_types.CLOUDEVENTS_CONTENT_TYPE
        if cloud
        else "application/json",
        **webhooks.signed_headers(secret, delivery.event_id, int(now.timestamp()), body),
    }
    return bonding.Outgoing("POST", subscription.callback, headers, body)


def attempt(delivery_id: int, *, now: dt.datetime, draw: float | None = None) -> Delivery | None:
    """Try a due delivery once (a delivery not due, or taken by another worker, is left as
    it is); returns it as it stands afterwards."""
    if not _claim(delivery_id, now):
        return Delivery.objects.filter(pk=delivery_id).first()
    delivery = Delivery.objects.select_related(
        "subscription", "link__endpoint__party", "link__ticket"
    ).get(pk=delivery_id)
    request = (
        _event_request(delivery, now)
        if delivery.subscription_id is not None
        else bonding.request_for(delivery)
    )
    if isinstance(request, str):
        return _not_sent(delivery, request, now)
    answer = outbound.send(
        request.method,
        request.url,
        headers=request.headers,
        body=request.body,
        timeout=timeout_seconds(),
    )
    return _settle(delivery, answer, now, random.random() if draw is None else draw)


def _not_sent(delivery: Delivery, why: str, now: dt.datetime) -> Delivery:
    """A delivery that cannot go now: "!…" never will (failed), anything else waits."""
    with transaction.atomic():
        if why.startswith("!"):
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
            delivery.last_error = why[1:][:400]
        else:
            delivery.next_attempt_at = now + dt.timedelta(seconds=WAIT_SECONDS)
            delivery.last_error = why[:400]
            _enqueue(delivery.pk, delivery.next_attempt_at)
        delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
    return delivery


def _describe(answer: outbound.Answer) -> str:
    if answer.status is None:
        return answer.error
    if 300 <= answer.status < 400:
        where = answer.headers.get("location", "")[:200]
        return f"{answer.status}: redirects are not followed ({where or 'no Location'})"
    if answer.ok:
        return ""
    text = answer.body[:200].decode("utf-8", errors="replace")
    return f"{answer.status}: {text}".strip()[:400]


def _settle(delivery: Delivery, answer: outbound.Answer, now: dt.datetime, draw: float) -> Delivery:
    """Record the try and decide what comes next."""
    with transaction.atomic():
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.last_status_code = answer.status
        delivery.last_error = _describe(answer)
        next_at: dt.datetime | None = None
        if answer.ok and delivery.subscription_id is None:
            problem = bonding.accepted(delivery, answer, now)
            if problem:
                delivery.last_error = problem
                answer = outbound.Answer(None, error=problem)
        if answer.ok:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
        elif answer.status == 410 and delivery.subscription is not None:
            delivery.status = DeliveryStatus.FAILED
            _disable(delivery.subscription, now, "the callback answered 410 Gone")
        elif delivery.subscription_id is None and not bonding.worth_retrying(answer):
            delivery.status = DeliveryStatus.FAILED
        else:
            retry_after = None
            if answer.status == 429:
                retry_after = webhooks.retry_after_seconds(
                    answer.headers.get("retry-after", ""), now=now
                )
            delay = webhooks.retry_delay(
                delivery.attempts, draw, retry_after=retry_after, policy=retry_policy()
            )
            if delay is None:
                delivery.status = DeliveryStatus.FAILED
                delivery.last_error = f"gave up after {delivery.attempts} tries; " + (
                    delivery.last_error
                )
            else:
                next_at = now + dt.timedelta(seconds=delay)
        delivery.next_attempt_at = next_at
        delivery.save()
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            at=now,
            status_code=answer.status,
            error=delivery.last_error[:400],
            duration_ms=answer.duration_ms,
            next_attempt_at=next_at,
        )
        if next_at is not None:
            _enqueue(delivery.pk, next_at)
    return delivery


def _disable(subscription: HubSubscription, now: dt.datetime, why: str) -> None:
    HubSubscription.objects.filter(pk=subscription.pk, disabled_at__isnull=True).update(
        disabled_at=now, disabled_reason=why
    )
    subscription.disabled_at = now
    subscription.disabled_reason = why
    _cancel_pending(subscription, f"subscription disabled: {why}")
    audit.record(
        acting_user=None,
        action="operations.hub_subscription.disabled",
        target=subscription,
        party_id=subscription.party_id,
        after={"reason": why},
    )


def replay(
    *, acting_user: Actor | None, delivery: Delivery, now: dt.datetime, reason: str = ""
) -> Delivery:
    """Send a delivery again from the log (delivered, failed or cancelled alike): it becomes
    due now with a fresh count of tries; the tries so far stay in the log."""
    require(acting_user, REPLAY_DELIVERIES, delivery)
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.subscription_id is not None:
            subscription = HubSubscription.objects.get(pk=delivery.subscription_id)
            if subscription.removed_at is not None:
                raise tmf621.TmfInputError(
                    [tmf621.Problem("delivery", "its subscription was removed")]
                )
            if subscription.disabled_at is not None:  # replaying is how one re-enables it
                subscription.disabled_at = None
                subscription.disabled_reason = ""
                subscription.save(update_fields=["disabled_at", "disabled_reason"])
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now
        delivery.attempts = 0
        delivery.save(update_fields=["status", "next_attempt_at", "attempts"])
        _enqueue(delivery.pk)
        audit.record(
            acting_user=acting_user,
            action="operations.delivery.replayed",
            target=delivery,
            after={"event_id": delivery.event_id},
            note=reason,
        )
    return delivery


def due_deliveries(now: dt.datetime, limit: int = 500) -> list[int]:
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def resume(*, now: dt.datetime) -> int:
    """Queue a task for every pending delivery (a worker that died mid-send leaves its task
    behind; the lease lets the delivery be taken again) and the poll of every endpoint."""
    pending = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", "next_attempt_at")
    )
    with transaction.atomic():
        for pk, when in pending:
            _enqueue(pk, when if when is not None and when > now else None)
        bonding.resume_polling(now=now)
    return len(pending)


# -- events pushed to Podium's listeners ----------------------------------------------------

# What an event may change of a ticket Podium has: its contents. Routing (relatedParty,
# relatedEntity) stays with POST/PATCH troubleTicket, where an unknown name is the caller's
# to fix — a pushed event naming the sender's own parties must not be lost over it.
EVENT_FIELDS = (
    "name",
    "description",
    "severity",
    "priority",
    "ticketType",
    "status",
    "statusChangeReason",
    "note",
    "externalIdentifier",
    "externalId",
    "@type",
    "requestedResolutionDate",
    "expectedResolutionDate",
)


class NotYoursError(ValueError):
    """The event's correlation key is another party's ticket."""


def _prefixed(error: tmf621.TmfInputError) -> tmf621.TmfInputError:
    return tmf621.TmfInputError(
        [
            tmf621.Problem(f"event.troubleTicket.{p.path}".removesuffix(".$"), p.message)
            for p in error.problems
        ]
    )


def _external_keys(body: dict[str, Any], party: Party) -> list[tuple[str, str]]:
    keys = []
    for item in body.get("externalIdentifier") or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            owner = item.get("owner")
            keys.append((owner if isinstance(owner, str) and owner else party.slug, item["id"]))
    if isinstance(body.get("externalId"), str):
        keys.append((party.slug, body["externalId"]))
    return keys


def _match(party: Party, body: dict[str, Any], reachable: models.QuerySet[Ticket]) -> Ticket | None:
    """The ticket an event is about: Podium's own reference in its externalIdentifier (under
    the name Podium has at the party's endpoint), the party's id of a ticket bonded there, or
    the correlation key of a ticket the party raised."""
    keys = _external_keys(body, party)
    ours = set(bonding.owner_names(party.pk))
    references = [ident for owner, ident in keys if owner in ours]
    if references:
        found = reachable.filter(reference__in=references).first()
        if found is not None:
            return found
    remote = body.get("id")
    if isinstance(remote, (str, int)) and str(remote):
        found = bonding.ticket_bonded_as(party.pk, str(remote), reachable)
        if found is not None:
            return found
        keys.append((party.slug, str(remote)))
    for owner, ident in keys:
        found = Ticket.objects.filter(external_owner=owner, external_id=ident).first()
        if found is not None:
            if not reachable.filter(pk=found.pk).exists():
                raise NotYoursError("No trouble ticket of yours has this externalIdentifier.")
            return found
    return None


def receive_event(
    *,
    party: Party,
    event: tmf621_events.InboundEvent,
    now: dt.datetime,
    payload: RawPayload | None,
    reachable: models.QuerySet[Ticket],
) -> tuple[str, Ticket | None]:
    """Apply an event a party's TMF server pushed: once per `eventId` (the same event again is
    "duplicate"), at its own `eventTime`, to the ticket it names (see `_match`) or, for an
    event about a ticket Podium does not know, a new one raised by the party. Returns the
    outcome and the ticket."""
    from podium.apps.operations.services import tickets

    with transaction.atomic():
        try:
            with transaction.atomic():
                record = InboundEvent.objects.create(
                    party=party,
                    event_id=event.event_id,
                    event_type=event.event_type,
                    event_time=event.event_time,
                    received_at=now,
                    payload=payload,
                )
        except IntegrityError:
            earlier = InboundEvent.objects.filter(party=party, event_id=event.event_id).first()
            return "duplicate", earlier.ticket if earlier is not None else None
        body = {k: v for k, v in event.ticket.items() if k in EVENT_FIELDS}
        body["lastUpdate"] = tmf621_events.envelope(
            event_id="", event_time=event.event_time, event_type="", ticket={}
        )["eventTime"]
        ticket = _match(party, dict(event.ticket), reachable)
        try:
            if ticket is None:
                body.setdefault("@type", "TroubleTicket")
                remote = event.ticket.get("id")
                if (
                    not _external_keys(body, party)
                    and isinstance(remote, (str, int))
                    and str(remote)
                ):
                    body["externalIdentifier"] = [{"owner": party.slug, "id": str(remote)[:120]}]
                change = tmf621.read_ticket(body, creating=True, owner=party.slug)
                received = tickets.receive_ticket(
                    party=party, change=change, now=now, payload=payload, source="listener"
                )
            else:
                body.pop("externalIdentifier", None)
                body.pop("externalId", None)
                change = tmf621.read_ticket(body, creating=False, owner=party.slug)
                received = tickets.update_ticket(
                    ticket=ticket,
                    party=party,
                    change=change,
                    now=now,
                    payload=payload,
                    source="listener",
                )
        except tmf621.TmfInputError as error:
            raise _prefixed(error) from error
        record.ticket = received.ticket
        record.save(update_fields=["ticket"])
    return received.outcome, received.ticket


def resume_on_start() -> int:
    """`podium worker` calls this as it starts."""
    from django.utils import timezone

    return resume(now=timezone.now())
