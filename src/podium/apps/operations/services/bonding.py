"""E-bonding: a party's own TMF621 server kept in step with Podium, both ways.

A party (its manager, or an integrator admin) registers its endpoint: base URL and the bearer
token Podium calls it with, sealed at rest (`podium.platform.sealing`) and never shown again.
When a ticket comes to be held by that party, Podium creates it there (`POST troubleTicket`,
with Podium's reference in `externalIdentifier` under the endpoint's `owner`, "podium" unless
told otherwise) and keeps their id (shown in Podium's resource as an `externalIdentifier`
owned by the party). Later status and note changes travel as merge-patches. All of these are
deliveries of the outbox (`services.hub`), retried as webhooks are.

Their changes come back by **polling**: every `poll_seconds` the worker reads each open bonded
ticket there (`GET troubleTicket/{id}`) and applies a new status or new notes through
`tickets.update_ticket`, as from the party itself. Polling was chosen over subscribing to
their hub because it needs nothing from their side but the API Podium already calls — no
inbound credential configured there, no callback they must reach, no hub support (optional in
TMF621) — and because it cannot lose a change: it reads the state, where a missed event is
gone. A party whose server pushes events to Podium's listeners may do that as well; both paths
meet in the same idempotent update.

No echo: a change that came from the party itself (its tool's token, its listener events, what
polling read from its server) is recorded as known there and never sent back; a link with a
delivery still on its way is not polled, so a change of ours in flight is not read back as
theirs.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.apps.operations import selectors
from podium.apps.operations.choices import (
    STOPPING_STATUSES,
    DeliveryKind,
    DeliveryStatus,
)
from podium.apps.operations.models import (
    BondedTicket,
    Delivery,
    PartyEndpoint,
    RawPayload,
    Ticket,
)
from podium.apps.operations.rules import MANAGE_ENDPOINTS
from podium.core import tmf621, tmf621_events
from podium.platform import audit, outbound
from podium.platform.access import Actor, require
from podium.platform.sealing import UnsealError, seal, unseal
from podium.platform.values import text_problem

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party

SEVERITY_OF_PRIORITY = {"P1": "Critical", "P2": "Major", "P3": "Minor", "P4": "Minor"}
POLL_BATCH = 200
MAX_TOKEN = 2000
# Resource fields that are Podium's own and mean nothing to the party's server on a create.
NOT_SENT = ("id", "href", "creationDate", "statusChange", "relatedParty", "relatedEntity")


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One request a delivery makes."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None


# -- endpoints ------------------------------------------------------------------------------


def _base_url(raw: Any) -> str:
    try:
        url = tmf621_events.read_callback(raw)
    except tmf621.TmfInputError as error:
        message = error.problems[0].message.replace("the signature proves us", "give the token")
        raise ValidationError({"base_url": f"The base URL {message}."}) from error
    return url.rstrip("/")


def register_endpoint(
    *,
    acting_user: Actor | None,
    party: Party,
    base_url: Any,
    token: str,
    now: dt.datetime,
    owner: str = "podium",
    poll_seconds: int = 60,
) -> PartyEndpoint:
    """Register (or replace) `party`'s TMF621 endpoint; polling starts at once."""
    require(acting_user, MANAGE_ENDPOINTS, party)
    url = _base_url(base_url)
    token = (token or "").strip()
    if not token:
        raise ValidationError(
            {"token": "The bearer token Podium calls the endpoint with is required."}
        )
    if len(token) > MAX_TOKEN or any(ord(c) < 33 or ord(c) == 127 for c in token):
        raise ValidationError(
            {"token": f"A bearer token is at most {MAX_TOKEN} visible characters, no spaces."}
        )
    if problem := text_problem(owner or "", multiline=False):
        raise ValidationError({"owner": f"The owner {problem}."})
    authenticated = getattr(acting_user, "is_authenticated", False)
    with transaction.atomic():
        replaced = list(
            PartyEndpoint.objects.select_for_update().filter(party=party, disabled_at__isnull=True)
        )
        for old in replaced:
            old.disabled_at = now
            old.disabled_reason = "replaced by a new registration"
            old.save(update_fields=["disabled_at", "disabled_reason"])
        endpoint = PartyEndpoint(
            party=party,
            base_url=url,
            token_sealed=seal(token),
            token_hint=f"…{token[-4:]}" if len(token) >= 12 else "",
            owner=(owner or "podium").strip(),
            poll_seconds=poll_seconds,
            next_poll_at=now,
            created_at=now,
            created_by=acting_user if authenticated else None,  # type: ignore[misc]
        )
        endpoint.full_clean()
        endpoint.save()
        if replaced:  # the tickets kept at the old endpoint are kept at the new one
            BondedTicket.objects.filter(endpoint__in=replaced).update(endpoint=endpoint)
        audit.record(
            acting_user=acting_user,
            action="operations.endpoint.registered",
            target=endpoint,
            party_id=party.pk,
            after={"base_url": url, "owner": endpoint.owner, "poll_seconds": poll_seconds},
        )
        _enqueue_poll(endpoint.pk, None)
    return endpoint


def remove_endpoint(
    *, acting_user: Actor | None, endpoint: PartyEndpoint, now: dt.datetime
) -> None:
    """Stop keeping tickets there; calls still owed to it are cancelled."""
    require(acting_user, MANAGE_ENDPOINTS, endpoint.party)
    with transaction.atomic():
        endpoint = PartyEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        if endpoint.disabled_at is not None:
            return
        endpoint.disabled_at = now
        endpoint.disabled_reason = "removed"
        endpoint.save(update_fields=["disabled_at", "disabled_reason"])
        Delivery.objects.filter(link__endpoint=endpoint, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.CANCELLED, next_attempt_at=None, last_error="endpoint removed"
        )
        audit.record(
            acting_user=acting_user,
            action="operations.endpoint.removed",
            target=endpoint,
            party_id=endpoint.party_id,
            after={"removed_at": now.isoformat()},
        )


# -- what a change sends there --------------------------------------------------------------


def _known(ticket: Ticket) -> dict[str, Any]:
    """What a bonded party's copy should hold: the status and the notes (by their ids in the
    resource)."""
    return {
        "status": ticket.status,
        "notes": sorted(
            str(external or pk) for pk, external in ticket.notes.values_list("pk", "external_id")
        ),
    }


def _instant(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def _create_body(ticket: Ticket, endpoint: PartyEndpoint) -> dict[str, Any]:
    resource = tmf621.ticket_resource(selectors.ticket_view(ticket))
    body = {k: v for k, v in resource.items() if k not in NOT_SENT}
    body["description"] = ticket.description or ticket.title
    body["severity"] = ticket.severity or SEVERITY_OF_PRIORITY.get(ticket.priority, "Minor")
    body["externalIdentifier"] = [
        {"@type": "ExternalIdentifier", "owner": endpoint.owner, "id": ticket.reference}
    ]
    return body


def _patch_body(ticket: Ticket, known: dict[str, Any], now_known: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if now_known["status"] != known.get("status"):
        body["status"] = ticket.status
        latest = ticket.events.order_by("-occurred_at", "-seq").first()
        if latest is not None and latest.reason:
            body["statusChangeReason"] = latest.reason
    if now_known["notes"] != sorted(known.get("notes") or []):
        # a merge-patch replaces an array whole: the ticket's notes, all of them
        body["note"] = tmf621.ticket_resource(selectors.ticket_view(ticket)).get("note", [])
    if body:
        body["lastUpdate"] = _instant(ticket.updated_at)
    return body


def ticket_changed(ticket: Ticket, *, party_id: int | None, now: dt.datetime) -> int:
    """Queue what the bonded parties' servers need to hear of this change (in the caller's
    transaction); returns how many calls."""
    holder = ticket.current_party_id
    links = {
        link.endpoint_id: link
        for link in BondedTicket.objects.filter(ticket=ticket).select_related("endpoint")
    }
    endpoint = (
        PartyEndpoint.objects.filter(party_id=holder, disabled_at__isnull=True).first()
        if holder is not None
        else None
    )
    written = 0
    if endpoint is not None and endpoint.pk not in links:
        links[endpoint.pk] = _bond(ticket, endpoint, party_id=party_id, now=now)
        written += int(links[endpoint.pk].remote_id == "")
    now_known = _known(ticket)
    for link in links.values():
        if not link.endpoint.is_live or link.synced == now_known:
            continue
        if party_id == link.endpoint.party_id:  # their own change: they know it already
            link.synced = now_known
            link.save(update_fields=["synced"])
            continue
        body = _patch_body(ticket, link.synced, now_known)
        link.synced = now_known
        link.save(update_fields=["synced"])
        if body:
            _queue_call(link, DeliveryKind.UPDATE, body, now)
            written += 1
    return written


def _bond(
    ticket: Ticket, endpoint: PartyEndpoint, *, party_id: int | None, now: dt.datetime
) -> BondedTicket:
    """Start keeping `ticket` at `endpoint`: a ticket the party's own tool raised is there
    already (its number is the correlation key); any other is created there."""
    theirs = party_id == endpoint.party_id and ticket.raised_by_id == endpoint.party_id
    link = BondedTicket(
        ticket=ticket,
        endpoint=endpoint,
        remote_id=ticket.external_id if theirs else "",
        synced=_known(ticket),
        created_at=now,
    )
    link.full_clean()
    link.save()
    if not link.remote_id:
        _queue_call(link, DeliveryKind.CREATE, _create_body(ticket, endpoint), now)
    return link


def _queue_call(link: BondedTicket, kind: str, body: dict[str, Any], now: dt.datetime) -> None:
    from podium.apps.operations.services import hub

    hub.queue(
        Delivery(
            kind=kind,
            link=link,
            ticket=link.ticket,
            event_id=uuid.uuid4().hex,
            body=json.dumps(body, separators=(",", ":"), ensure_ascii=False),
            created_at=now,
            next_attempt_at=now,
        )
    )


# -- sending and reading back ---------------------------------------------------------------


def _headers(endpoint: PartyEndpoint, content_type: str | None = None) -> dict[str, str]:
    headers = {
        "Authorization": f"Bearer {unseal(endpoint.token_sealed)}",
        "Accept": "application/json",
    }
    if content_type:
        headers["Content-Type"] = content_type
    return headers


def request_for(delivery: Delivery) -> Outgoing | str:
    """The request a create or change makes, or why it cannot go yet ("!…": ever)."""
    link = delivery.link
    assert link is not None
    endpoint = link.endpoint
    if not endpoint.is_live:
        return "!the endpoint is no longer registered"
    earlier = Delivery.objects.filter(link=link, status=DeliveryStatus.PENDING, pk__lt=delivery.pk)
    if earlier.exists():
        return "waiting for an earlier call of this ticket"
    body = delivery.body.encode()
    try:
        if delivery.kind == DeliveryKind.CREATE:
            headers = _headers(endpoint, "application/json")
            headers["Idempotency-Key"] = delivery.event_id
            return Outgoing("POST", f"{endpoint.base_url}/troubleTicket", headers, body)
        if not link.remote_id:
            return "!the ticket was never created there"
        headers = _headers(endpoint, "application/merge-patch+json")
        headers["Idempotency-Key"] = delivery.event_id
        url = f"{endpoint.base_url}/troubleTicket/{quote(link.remote_id, safe='')}"
        return Outgoing("PATCH", url, headers, body)
    except UnsealError:
        return "!the endpoint's token cannot be unsealed (was the secret key changed?)"


def worth_retrying(answer: outbound.Answer) -> bool:
    """A party's server that refuses the body (a 4xx) will refuse it again; the rest (no
    answer, 5xx, 408, 425, 429, a redirect) may pass later."""
    status = answer.status
    return status is None or status >= 500 or status in {408, 425, 429} or 300 <= status < 400


def accepted(delivery: Delivery, answer: outbound.Answer, now: dt.datetime) -> str:
    """After a 2xx: a create's answer gives their id (kept on the link). Returns a problem
    when the answer is not what a TMF621 server gives."""
    if delivery.kind != DeliveryKind.CREATE:
        return ""
    try:
        body = json.loads(answer.body or b"null")
    except ValueError:
        body = None
    remote = body.get("id") if isinstance(body, dict) else None
    if not isinstance(remote, (str, int)) or not str(remote).strip():
        return f"{answer.status}: the answer to the create holds no ticket id"
    link = delivery.link
    assert link is not None
    link.remote_id = str(remote)[:120]
    href = body.get("href") if isinstance(body, dict) else ""
    link.remote_href = href[:500] if isinstance(href, str) else ""
    link.save(update_fields=["remote_id", "remote_href"])
    return ""


def _enqueue_poll(endpoint_id: int, run_after: dt.datetime | None) -> None:
    from podium.apps.operations import tasks

    task = (
        tasks.poll_endpoint if run_after is None else tasks.poll_endpoint.using(run_after=run_after)
    )
    task.enqueue(endpoint_id)


def poll_when_due(endpoint_id: int, *, now: dt.datetime) -> int:
    """The worker's poll of one endpoint: when it is due, queue the next one first (so a
    worker that dies mid-poll leaves the next behind), then poll. Several queued polls of one
    endpoint collapse into one chain: only the one that finds it due goes on."""
    endpoint = PartyEndpoint.objects.filter(pk=endpoint_id, disabled_at__isnull=True).first()
    if endpoint is None:
        return 0
    following = now + dt.timedelta(seconds=endpoint.poll_seconds)
    claimed = (
        PartyEndpoint.objects.filter(pk=endpoint_id, disabled_at__isnull=True)
        .filter(next_poll_at__lte=now)
        .update(next_poll_at=following)
    )
    if not claimed:
        return 0
    _enqueue_poll(endpoint_id, following)
    return poll(endpoint, now=now)


def resume_polling(*, now: dt.datetime) -> None:
    for pk, when in PartyEndpoint.objects.filter(disabled_at__isnull=True).values_list(
        "pk", "next_poll_at"
    ):
        _enqueue_poll(pk, when if when is not None and when > now else None)


def poll(endpoint: PartyEndpoint, *, now: dt.datetime) -> int:
    """Read back the open tickets kept at `endpoint` and apply what changed there; returns
    how many tickets changed."""
    links = list(
        BondedTicket.objects.filter(endpoint=endpoint)
        .exclude(remote_id="")
        .exclude(ticket__status__in=STOPPING_STATUSES - {"resolved"})
        .exclude(deliveries__status=DeliveryStatus.PENDING)
        .select_related("ticket", "endpoint__party")
        .order_by("polled_at", "id")[:POLL_BATCH]
    )
    try:
        headers = _headers(endpoint)
    except UnsealError:
        _poll_error(endpoint, now, "the endpoint's token cannot be unsealed")
        return 0
    changed, errors = 0, []
    for link in links:
        url = f"{endpoint.base_url}/troubleTicket/{quote(link.remote_id, safe='')}"
        from podium.apps.operations.services import hub

        answer = outbound.send(
            "GET", url, headers=headers, body=None, timeout=hub.timeout_seconds()
        )
        if not answer.ok:
            errors.append(f"{link.remote_id}: {answer.status or answer.error}")
            continue
        try:
            resource = json.loads(answer.body)
        except ValueError:
            errors.append(f"{link.remote_id}: the answer is not JSON")
            continue
        try:
            changed += _apply(link, resource, url, answer.body, now)
        except (tmf621.TmfInputError, ValidationError) as error:
            errors.append(f"{link.remote_id}: {error}"[:200])
    _poll_error(endpoint, now, "; ".join(errors))
    return changed


def _poll_error(endpoint: PartyEndpoint, now: dt.datetime, error: str) -> None:
    PartyEndpoint.objects.filter(pk=endpoint.pk).update(
        last_poll_at=now, last_poll_error=error[:400]
    )


def _apply(link: BondedTicket, resource: Any, url: str, raw: bytes, now: dt.datetime) -> int:
    """What their copy says that ours does not know: a new status, new notes."""
    from podium.apps.operations.services import tickets

    if not isinstance(resource, dict):
        raise tmf621.TmfInputError([tmf621.Problem("$", "the answer is not a trouble ticket")])
    ticket = link.ticket
    known = link.synced or {}
    body: dict[str, Any] = {}
    status = resource.get("status")
    if isinstance(status, str) and status and status != known.get("status"):
        body["status"] = status
        if isinstance(resource.get("statusChangeReason"), str):
            body["statusChangeReason"] = resource["statusChangeReason"]
    ours = set(known.get("notes") or []) | set(ticket.notes.values_list("text", flat=True))
    listed = resource.get("note")
    notes: list[Any] = listed if isinstance(listed, list) else []
    fresh = [
        n
        for n in notes
        if isinstance(n, dict) and str(n.get("id", "")) not in ours and n.get("text") not in ours
    ]
    if fresh:
        body["note"] = [
            {k: n[k] for k in ("id", "text", "author", "date") if k in n} for n in fresh
        ]
    BondedTicket.objects.filter(pk=link.pk).update(polled_at=now)
    if not body:
        return 0
    if isinstance(resource.get("lastUpdate"), str):
        body["lastUpdate"] = resource["lastUpdate"]
    party = link.endpoint.party
    change = tmf621.read_ticket(body, creating=False, owner=party.slug)
    with transaction.atomic():
        payload = RawPayload(
            received_at=now,
            party=party,
            channel="bonding",
            method="GET",
            path=url[:300],
            content_type="application/json",
            body=raw.decode("utf-8", errors="replace").replace("\x00", "\\u0000"),
            outcome="polled",
        )
        payload.save()
        received = tickets.update_ticket(
            ticket=ticket, party=party, change=change, now=now, payload=payload, source="bonding"
        )
        payload.ticket = received.ticket
        payload.status_code = 200
        payload.outcome = received.outcome
        payload.save(update_fields=["ticket", "status_code", "outcome"])
        # what they have is known now, whether or not our ticket took it (an older status)
        link.refresh_from_db()
        seen = set(link.synced.get("notes") or []) | {
            str(n.get("id", "")) for n in fresh if n.get("id")
        }
        link.synced = {**link.synced, "notes": sorted(seen)}
        link.save(update_fields=["synced"])
    return int(received.outcome == "updated")


def owner_names(party_id: int) -> set[str]:
    """The names under which Podium's references are kept at the party's servers."""
    names = set(PartyEndpoint.objects.filter(party_id=party_id).values_list("owner", flat=True))
    return names | {"podium"}


def ticket_bonded_as(party_id: int, remote_id: str, reachable: Any) -> Ticket | None:
    """The ticket the party's server knows by `remote_id`, if it is within `reachable`."""
    ids = BondedTicket.objects.filter(endpoint__party_id=party_id, remote_id=remote_id).values(
        "ticket_id"
    )
    result: Ticket | None = reachable.filter(pk__in=ids).first()
    return result
