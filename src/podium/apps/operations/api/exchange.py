"""The TMF621 Trouble Ticket API v5 for parties' tools, at `/tmf-api/troubleTicket/v5/`.

A tool calls with its party's bearer token (`podium token create`); a logged-in user may call
with the session too. Either way the caller acts for one party — the token's, or the user's (the
integrator's staff for every party) — and sees and changes only tickets that party raised or
held; another party's ticket answers 404. Every request body is kept as it came
(`RawPayload`) whatever became of it, an `Idempotency-Key` answers a repeated request as the
first time, and every error is the TMF `Error` body. The body of a create or a merge-patch is read
by `podium.core.tmf621`, so its problems name their place (`relatedParty[1].role`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.security import django_auth

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors
from podium.apps.operations.models import IntegrationCredential, RawPayload, Ticket
from podium.apps.operations.rules import EXCHANGE_TICKETS
from podium.apps.operations.services import credentials, tickets
from podium.core import tmf621
from podium.platform.access import ToolActor, may, party_of, visible_party_ids
from podium.platform.api import RateLimitedError, ToolToken

MAX_LIMIT = 500
SORTABLE = {
    "creationDate": "opened_at",
    "lastUpdate": "updated_at",
    "priority": "priority",
    "status": "status",
    "id": "reference",
}
FILTERABLE = {"status": "status", "priority": "priority", "severity": "severity"}


@dataclass(frozen=True)
class Caller:
    """Who calls: a party's tool (credential) or a logged-in user acting for a party."""

    party_id: int | None  # None: the integrator's staff, for every party
    credential: IntegrationCredential | None
    user: Any
    may_write: bool

    def tickets(self) -> QuerySet[Ticket]:
        if self.credential is not None:
            return selectors.tickets_of_parties({self.credential.party_id})
        return selectors.tickets_visible_to(self.user)


def _caller(request: HttpRequest) -> Caller:
    auth = getattr(request, "auth", None)
    if isinstance(auth, ToolActor):
        return Caller(auth.party_id, auth.credential, None, True)
    user = request.user
    parties = visible_party_ids(user)
    return Caller(
        None if parties is None else party_of(user), None, user, may(user, EXCHANGE_TICKETS)
    )


def _error(
    api: NinjaAPI, request: HttpRequest, status: int, reason: str, message: str
) -> HttpResponse:
    return api.create_response(request, tmf621.error_body(status, reason, message), status=status)


tmf_api = NinjaAPI(
    title="Podium TMF621 Trouble Ticket API",
    version="5.0.1",
    description="The TM Forum Trouble Ticket API v5 as Podium serves it to parties' tools. "
    "Authenticate with a party's bearer token (podium token create) or a session.",
    urls_namespace="tmf621",
    auth=[ToolToken(credentials.admit_tool), django_auth],
    docs_url=None,
)


@tmf_api.exception_handler(RateLimitedError)
def _rate_limited(request: HttpRequest, exc: RateLimitedError) -> HttpResponse:
    response = _error(
        tmf_api, request, 429, "Too many requests", f"Retry after {exc.retry_after} s."
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@tmf_api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(tmf_api, request, 401, "Unauthorized", "Give a party's bearer token, or log in.")


@tmf_api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(tmf_api, request, 403, "Forbidden", str(exc) or "You may not do this.")


@tmf_api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(tmf_api, request, 404, "Not found", "No trouble ticket of yours has this id.")


@tmf_api.exception_handler(RequestInvalid)
def _invalid_request(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    message = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors
    )
    return _error(tmf_api, request, 400, "Invalid request", message)


@tmf_api.exception_handler(MultiPartParserError)
def _unreadable(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _error(tmf_api, request, 400, "Invalid request", f"The body cannot be read ({exc}).")


@tmf_api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1 << 20)
    message = f"The body is larger than the {limit:.1f} MiB a trouble ticket may take."
    return _error(tmf_api, request, 413, "Payload too large", message)


@tmf_api.exception_handler(SuspiciousOperation)
def _malformed(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return _error(tmf_api, request, 400, "Invalid request", f"Bad request: {exc}")


@tmf_api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(tmf_api, request, exc.status_code, "Error", str(exc))


def _href(ticket: Ticket) -> str:
    return reverse("tmf621:retrieve_trouble_ticket", kwargs={"ticket_id": ticket.reference})


_view = selectors.ticket_view  # the one TMF621 view of a ticket (also the hub's events)


def _resource(ticket: Ticket, fields: str = "") -> dict[str, Any]:
    resource = tmf621.ticket_resource(_view(ticket))
    wanted = {f.strip() for f in fields.split(",") if f.strip()}
    if wanted:
        keep = wanted | {"id", "href", "@type"}
        resource = {k: v for k, v in resource.items() if k in keep}
    return resource


def _json(
    request: HttpRequest, body: Any, status: int, headers: dict[str, str] | None = None
) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body), status=status, content_type="application/json;charset=utf-8"
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _etag(ticket: Ticket) -> str:
    return f'W/"{ticket.version}"'


def _if_match(request: HttpRequest) -> int | None:
    raw = request.headers.get("If-Match", "").strip()
    if not raw or raw == "*":
        return None
    digits = raw.removeprefix("W/").strip('"')
    if not digits.isdigit():
        raise HttpError(412, f"If-Match {raw[:40]!r} is not a version this API gave")
    return int(digits)


def _sender(caller: Caller) -> int | None:
    """The party a request came from: its token's, or its user's."""
    if caller.credential is not None:
        return caller.credential.party_id
    return party_of(caller.user)


def _raw_text(request: HttpRequest) -> str:
    """The body as text; a form-encoded body that was read as a form already is kept empty."""
    try:
        return request.body.decode("utf-8", errors="replace")
    except RawPostDataException:
        return ""


def _keep(request: HttpRequest, caller: Caller) -> RawPayload:
    """The body as it came, kept before anything is made of it."""
    payload = RawPayload(
        received_at=timezone.now(),
        party_id=_sender(caller),
        credential=caller.credential,
        channel="tmf621",
        method=request.method or "",
        path=request.path[:300],
        content_type=request.content_type or "",
        body=_raw_text(request).replace("\x00", "\\u0000"),
        idempotency_key=request.headers.get("Idempotency-Key", "")[:200],
    )
    payload.save()
    return payload


def _replayed(caller: Caller, request: HttpRequest) -> HttpResponse | None:
    key = request.headers.get("Idempotency-Key", "")[:200]
    if not key:
        return None
    earlier = (
        RawPayload.objects.filter(
            credential=caller.credential,
            party=_sender(caller),
            idempotency_key=key,
            status_code__isnull=False,
        )
        .order_by("received_at", "id")
        .first()
    )
    if earlier is None:
        return None
    response = HttpResponse(
        earlier.answer, status=earlier.status_code, content_type="application/json;charset=utf-8"
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _settle(
    payload: RawPayload, response: HttpResponse, outcome: str, ticket: Ticket | None
) -> HttpResponse:
    payload.status_code = response.status_code
    payload.outcome = outcome
    payload.answer = response.content.decode()
    payload.ticket = ticket
    payload.save(update_fields=["status_code", "outcome", "answer", "ticket"])
    return response


def _body(request: HttpRequest) -> Any:
    if "json" not in (request.content_type or ""):
        raise tmf621.TmfInputError(
            [tmf621.Problem("$", "the body must be JSON (application/json or merge-patch+json)")]
        )
    try:
        return json.loads(_raw_text(request) or "null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise tmf621.TmfInputError([tmf621.Problem("$", f"the body is not JSON ({exc})")]) from exc


def _party_for_write(caller: Caller) -> Any:
    """The party a write acts for: the token's, or the user's own."""
    if not caller.may_write:
        raise PermissionDenied(
            "Only the integrator's staff and a party's users raise and change tickets."
        )
    if caller.credential is not None:  # its party came with it (`credential_for_token`)
        return caller.credential.party
    party_id = caller.party_id
    if party_id is None:  # the integrator's staff, acting for the integrator office
        party_id = party_of(caller.user)
    party = ecosystem.parties_among([party_id] if party_id else []).first()
    if party is None:
        raise PermissionDenied("A ticket is raised for a party; your user belongs to none.")
    return party


def _refused(
    payload: RawPayload, error: tmf621.TmfInputError, request: HttpRequest
) -> HttpResponse:
    message = "; ".join(f"{p.path}: {p.message}" for p in error.problems)
    response = _json(request, tmf621.error_body(400, "Invalid trouble ticket", message), 400)
    return _settle(payload, response, "rejected", None)


def _not_yours(request: HttpRequest) -> HttpResponse:
    """The correlation key is another party's ticket: it does not exist for this caller, and
    nothing of it was changed."""
    message = "No trouble ticket of yours has this externalIdentifier."
    return _json(request, tmf621.error_body(404, "Not found", message), 404)


@tmf_api.post(
    "/troubleTicket", summary="Create a trouble ticket", operation_id="create_trouble_ticket"
)
def create_trouble_ticket(request: HttpRequest) -> HttpResponse:
    caller = _caller(request)
    party = _party_for_write(caller)
    if (replay := _replayed(caller, request)) is not None:
        return replay
    payload = _keep(request, caller)
    try:
        change = tmf621.read_ticket(_body(request), creating=True, owner=party.slug)
        received = tickets.receive_ticket(
            party=party,
            change=change,
            now=timezone.now(),
            payload=payload,
            may_touch=lambda found: caller.tickets().filter(pk=found.pk).exists(),
        )
    except tmf621.TmfInputError as error:
        return _refused(payload, error, request)
    except tickets.NotYourTicketError:
        return _settle(payload, _not_yours(request), "rejected", None)
    ticket = received.ticket
    # A tool's party raised the ticket it created, and `may_touch` passed the one its key
    # found; a user's view of the tickets is asked again.
    if caller.credential is None and not caller.tickets().filter(pk=ticket.pk).exists():
        return _settle(payload, _not_yours(request), "rejected", None)
    status = 201 if received.outcome == "created" else 200
    response = _json(
        request, _resource(ticket), status, {"ETag": _etag(ticket), "Location": _href(ticket)}
    )
    return _settle(payload, response, received.outcome, ticket)


@tmf_api.get("/troubleTicket", summary="List trouble tickets", operation_id="list_trouble_ticket")
def list_trouble_ticket(
    request: HttpRequest, fields: str = "", offset: int = 0, limit: int = 100, sort: str = ""
) -> HttpResponse:
    if not 0 <= offset <= 1_000_000_000 or not 1 <= limit <= MAX_LIMIT:
        raise HttpError(400, f"offset must be 0 or more and limit 1 to {MAX_LIMIT}")
    rows = _caller(request).tickets()
    for name, field in FILTERABLE.items():
        if value := request.GET.get(name):
            rows = rows.filter(**{field: value})
    order = []
    for key in [s.strip() for s in sort.split(",") if s.strip()]:
        column = SORTABLE.get(key.lstrip("-+"))
        if column is None:
            raise HttpError(400, f"sort by one of {', '.join(sorted(SORTABLE))}, not {key[:40]!r}")
        order.append(f"-{column}" if key.startswith("-") else column)
    rows = (
        rows.order_by(*order, "-opened_at", "-id") if order else rows.order_by("-opened_at", "-id")
    )
    total = rows.count()
    page = list(rows[offset : offset + limit])
    body = [_resource(t, fields) for t in page]
    return _json(
        request, body, 200, {"X-Total-Count": str(total), "X-Result-Count": str(len(page))}
    )


def _ticket(request: HttpRequest, ticket_id: str) -> Ticket:
    ticket = _caller(request).tickets().filter(reference=ticket_id).first()
    if ticket is None:
        raise Http404
    return ticket


@tmf_api.get(
    "/troubleTicket/{path:ticket_id}",
    summary="Retrieve a trouble ticket",
    operation_id="retrieve_trouble_ticket",
)
def retrieve_trouble_ticket(request: HttpRequest, ticket_id: str, fields: str = "") -> HttpResponse:
    ticket = _ticket(request, ticket_id)
    return _json(request, _resource(ticket, fields), 200, {"ETag": _etag(ticket)})


@tmf_api.patch(
    "/troubleTicket/{path:ticket_id}",
    summary="Change a trouble ticket (merge-patch)",
    operation_id="patch_trouble_ticket",
)
def patch_trouble_ticket(request: HttpRequest, ticket_id: str) -> HttpResponse:
    caller = _caller(request)
    ticket = _ticket(request, ticket_id)
    party = _party_for_write(caller)
    if (replay := _replayed(caller, request)) is not None:
        return replay
    payload = _keep(request, caller)
    try:
        change = tmf621.read_ticket(_body(request), creating=False, owner=party.slug)
        received = tickets.update_ticket(
            ticket=ticket,
            party=party,
            change=change,
            now=timezone.now(),
            payload=payload,
            if_match=_if_match(request),
        )
    except tmf621.TmfInputError as error:
        return _refused(payload, error, request)
    except tickets.TicketConflictError as error:
        response = _json(request, tmf621.error_body(412, "Precondition failed", str(error)), 412)
        return _settle(payload, response, "rejected", ticket)
    fresh = received.ticket
    response = _json(request, _resource(fresh), 200, {"ETag": _etag(fresh)})
    return _settle(payload, response, received.outcome, fresh)


# The hub and listener operations of the same API (they use the helpers above).
from podium.apps.operations.api import hub as _hub  # noqa: E402, F401
