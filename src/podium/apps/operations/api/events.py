"""`POST /api/v1/events`: event logs that parties' tools push in bulk, rather than tickets.

The body is a JSON array of events, an object ``{"owner": …, "events": [...]}`` (owner: the
correlation owner of events that name none; default the sender's slug), or NDJSON (one event
object a line, `application/x-ndjson`); at most `MAX_EVENTS` events and `MAX_BODY_BYTES`
bytes a request (beyond: 413). A tool calls with its party's bearer token (`podium token
create`), as it calls the TMF621 API; a signed-in user calls with the session and sends for
their own party (the integrator's staff for the integrator).

A request is all or nothing: if any event is rejected, nothing is written and the answer is a
422 listing each rejected event's place (its index; for NDJSON also its line) and field, in the
API's error shape (`detail`) beside the summary. With `?partial=true` the valid events are
stored and the rejected ones listed (200). Sending the same events again stores nothing
(`skipped`). Every body is kept as it came (`RawPayload`, channel "events"), refused ones too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.security import django_auth

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations.models import IntegrationCredential, RawPayload
from podium.apps.operations.rules import EXCHANGE_TICKETS
from podium.apps.operations.services import credentials
from podium.apps.operations.services import events as ingest
from podium.core.ingest import TEXT_LIMITS, Problem, read_event_records
from podium.platform.access import ToolActor, may, party_of
from podium.platform.api import ToolToken
from podium.platform.values import text_problem

if TYPE_CHECKING:
    from podium.apps.ecosystem.models import Party

router = Router(tags=["operations"])

MAX_EVENTS = 10_000
MAX_BODY_BYTES = 10 << 20
"""10 MiB: 10,000 events of about a kilobyte each, the longest every field allows."""
MAX_LISTED = 1_000
"""Rejections listed in one answer; `rejected_events` counts them all."""
NDJSON_TYPES = frozenset(
    {"application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"}
)
BODY = ("body", "payload")


class RejectionOut(Schema):
    index: int
    line: int | None = None
    field: str
    message: str


class EventsSummaryOut(Schema):
    created: int
    updated: int
    stored: int
    skipped: int
    rejected_events: int
    rejected: list[RejectionOut]
    written: bool


_TEXT = {"anyOf": [{"type": "string"}, {"type": "null"}]}
EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        **{
            name: {**_TEXT, "description": f"at most {limit} characters"}
            for name, limit in TEXT_LIMITS.items()
        },
        "timestamp": {"type": "string", "format": "date-time", "description": "with an offset"},
    },
    "required": ["case_id", "timestamp", "activity"],
    "additionalProperties": False,
}
BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "owner": {**_TEXT, "description": "correlation owner of events that name none"},
        "events": {"type": "array", "items": EVENT_SCHEMA, "maxItems": MAX_EVENTS},
    },
    "required": ["events"],
    "additionalProperties": False,
}


class RefusedError(Exception):
    """A request refused as a whole, before any event is read."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.body = body
        super().__init__(str(body))


@dataclass(frozen=True)
class _Body:
    records: list[Any]
    owner: str | None
    base: tuple[str | int, ...]  # where the events are in the body, for `loc`
    lines: dict[int, int] | None  # NDJSON: each record's line


def _sender(request: HttpRequest) -> tuple[Party, Any]:
    """The party the events come from and the user sending them (None for a tool's token)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ToolActor):
        return auth.credential.party, None
    user = request.user
    if not may(user, EXCHANGE_TICKETS):
        raise PermissionDenied(
            "Only the integrator's staff and a party's users raise and change tickets."
        )
    party_id = party_of(user)
    party = ecosystem.parties_among([party_id] if party_id else []).first()
    if party is None:
        raise PermissionDenied("Events are sent for a party; your user belongs to none.")
    return party, user


def _problem(loc: list[str | int], message: str) -> RefusedError:
    return RefusedError(422, {"detail": [{"loc": loc, "msg": message, "type": "value_error"}]})


def _read_body(request: HttpRequest) -> tuple[str, _Body]:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
        raise RefusedError(413, {"detail": _too_big()})
    data = request.read(MAX_BODY_BYTES + 1)
    if len(data) > MAX_BODY_BYTES:
        raise RefusedError(413, {"detail": _too_big()})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RefusedError(400, {"detail": f"The body is not UTF-8 text ({error})."}) from None
    kind = (request.content_type or "").lower()
    if kind in NDJSON_TYPES:
        return text, _ndjson(text)
    if kind != "application/json":
        raise RefusedError(
            415,
            {"detail": "Send the events as application/json (an array, or an object with "
             "events) or as application/x-ndjson (one event a line)."},
        )  # fmt: skip
    try:
        document = json.loads(text)
    except ValueError as error:
        raise RefusedError(400, {"detail": f"The body is not JSON ({error})."}) from None
    if isinstance(document, list):
        return text, _Body(document, None, BODY, None)
    if not isinstance(document, dict):
        raise _problem(list(BODY), "must be an array of events or an object with events")
    for key in sorted(document.keys() - {"owner", "events"}, key=str):
        raise _problem([*BODY, str(key)[:60]], "is not a field here; give owner and events")
    owner = document.get("owner")
    if owner is not None and not isinstance(owner, str):
        raise _problem([*BODY, "owner"], f"must be a string, not {type(owner).__name__}")
    if isinstance(owner, str):
        problem = text_problem(owner, multiline=False)
        if problem is None and len(owner) > TEXT_LIMITS["owner"]:
            problem = f"must be at most {TEXT_LIMITS['owner']} characters"
        if problem is not None:
            raise _problem([*BODY, "owner"], problem)
    records = document.get("events")
    if not isinstance(records, list):
        raise _problem([*BODY, "events"], "is required: an array of events")
    return text, _Body(records, owner.strip() or None if owner else None, (*BODY, "events"), None)


def _ndjson(text: str) -> _Body:
    records: list[Any] = []
    lines: dict[int, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        lines[len(records)] = number
        try:
            records.append(json.loads(line))
        except ValueError as error:
            records.append(_Unreadable(str(error)))
    return _Body(records, None, BODY, lines)


@dataclass(frozen=True)
class _Unreadable:
    """An NDJSON line that is not JSON."""

    error: str


def _too_big() -> str:
    return (
        f"A request takes at most {MAX_BODY_BYTES // (1 << 20)} MiB and {MAX_EVENTS:,} events; "
        "send them in several requests."
    )


def _keep(
    request: HttpRequest, credential: IntegrationCredential | None, party: Party
) -> RawPayload:
    payload = RawPayload(
        received_at=timezone.now(),
        party=party,
        credential=credential,
        channel="events",
        method=request.method or "",
        path=request.path[:300],
        content_type=(request.content_type or "")[:100],
    )
    payload.save()
    return payload


def _settle(
    payload: RawPayload, text: str, status: int, answer: dict[str, Any], outcome: str
) -> HttpResponse:
    body = json.dumps(answer)
    payload.body = text.replace("\x00", "\\u0000")
    payload.status_code = status
    payload.outcome = outcome
    payload.answer = body
    payload.save(update_fields=["body", "status_code", "outcome", "answer"])
    return HttpResponse(body, status=status, content_type="application/json")


def _placed(
    body: _Body, problems: list[Problem]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Problems as the summary lists them and as the API's `detail` locates them."""
    rejected: list[dict[str, Any]] = []
    detail: list[dict[str, Any]] = []
    for problem in problems[:MAX_LISTED]:
        line = body.lines.get(problem.seq) if body.lines is not None else None
        rejected.append(
            {"index": problem.seq, "line": line, "field": problem.field, "message": problem.message}
        )
        where: list[str | int] = [*body.base, problem.seq]
        if problem.field != "$":  # "$": the event itself
            where.append(problem.field)
        detail.append({"loc": where, "msg": problem.message, "type": "value_error"})
    if len(problems) > MAX_LISTED:
        more = f" (and {len(problems) - MAX_LISTED:,} more problems not listed)"
        rejected[-1]["message"] += more
        detail[-1]["msg"] += more
    return rejected, detail


@router.post(
    "",
    auth=[ToolToken(credentials.admit_tool), django_auth],
    response={200: EventsSummaryOut},
    summary="Receive events in bulk (JSON array, object or NDJSON)",
    description=__doc__,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BODY_SCHEMA}},
        },
        "responses": {
            "415": {
                "description": "The body is neither JSON nor NDJSON.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        },
    },
)
def receive_events(request: HttpRequest, partial: bool = False) -> HttpResponse:
    party, user = _sender(request)
    auth = getattr(request, "auth", None)
    credential = auth.credential if isinstance(auth, ToolActor) else None
    payload = _keep(request, credential, party)
    text = ""
    try:
        text, body = _read_body(request)
        if len(body.records) > MAX_EVENTS:
            raise RefusedError(413, {"detail": _too_big()})
    except RefusedError as refused:
        return _settle(payload, text, refused.status, refused.body, "rejected")
    records = [r if not isinstance(r, _Unreadable) else None for r in body.records]
    read = read_event_records(records, owner=body.owner)
    unreadable = [
        Problem(i, "$", f"is not JSON ({r.error})")
        for i, r in enumerate(body.records)
        if isinstance(r, _Unreadable)
    ]
    problems = [p for p in read.problems if not isinstance(body.records[p.seq], _Unreadable)]
    summary = ingest.ingest_events(
        acting_user=user,
        sender=party,
        events=read.frame,
        now=timezone.now(),
        payload=payload,
        owner=body.owner,
        partial=partial,
        problems=[*unreadable, *problems],
    )
    rejected, detail = _placed(body, summary.rejected)
    answer: dict[str, Any] = {**summary.counts(), "rejected": rejected, "written": summary.written}
    if summary.rejected and not partial:
        return _settle(payload, text, 422, {"detail": detail, **answer}, "rejected")
    outcome = "created" if summary.created else "updated" if summary.updated else "unchanged"
    return _settle(payload, text, 200, answer, outcome)
