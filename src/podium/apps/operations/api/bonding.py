"""`/api/v1/operations/endpoints` (parties' own TMF621 servers, e-bonding) and
`/api/v1/operations/deliveries` (the outbox's delivery log, with replay).

An endpoint's bearer token goes in once and never comes out: answers show only its last four
characters. A party's users see their own party's endpoint and deliveries; the integrator and
auditors see all; objects out of reach answer 404 before any rule is asked.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors
from podium.apps.operations.models import Delivery, DeliveryAttempt, PartyEndpoint
from podium.apps.operations.rules import MANAGE_ENDPOINTS, REPLAY_DELIVERIES
from podium.apps.operations.services import bonding, hub
from podium.platform.access import party_of, require
from podium.platform.api import BoundedPagination, InputSchema, row_by_key

router = Router(tags=["operations"])


class EndpointOut(Schema):
    id: int
    party: str
    base_url: str
    owner: str
    poll_seconds: int
    token_hint: str
    created_at: dt.datetime
    last_poll_at: dt.datetime | None
    last_poll_error: str

    @staticmethod
    def resolve_party(obj: PartyEndpoint) -> str:
        return obj.party.slug


class EndpointIn(InputSchema):
    party: str
    base_url: str
    token: str = Field(description="The bearer token Podium calls the endpoint with; kept sealed.")
    owner: str | None = Field(
        None, description="Podium's externalIdentifier owner there (default podium)."
    )
    poll_seconds: int = Field(60, ge=10, le=86_400)


class ReplayIn(InputSchema):
    reason: str | None = Field(None, max_length=200, description="Why, for the audit trail.")


class DeliveryTryOut(Schema):
    number: int
    at: dt.datetime
    status_code: int | None
    error: str
    duration_ms: int
    next_attempt_at: dt.datetime | None


class DeliveryOut(Schema):
    id: int
    kind: str
    event_id: str
    event_type: str
    status: str
    destination: str
    ticket: str | None
    attempts: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    last_status_code: int | None
    last_error: str
    delivered_at: dt.datetime | None

    @staticmethod
    def resolve_destination(obj: Delivery) -> str:
        if obj.subscription is not None:
            return obj.subscription.callback
        return obj.link.endpoint.base_url if obj.link is not None else ""

    @staticmethod
    def resolve_ticket(obj: Delivery) -> str | None:
        return obj.ticket.reference if obj.ticket is not None else None


class DeliveryDetailOut(DeliveryOut):
    body: str
    tries: list[DeliveryTryOut]

    @staticmethod
    def resolve_tries(obj: Delivery) -> list[DeliveryAttempt]:
        return list(selectors.delivery_tries(obj))


@router.get("/endpoints", response=list[EndpointOut], summary="Parties' TMF621 endpoints")
@paginate(BoundedPagination)
def list_endpoints(request: HttpRequest) -> QuerySet[PartyEndpoint]:
    return selectors.endpoints_visible_to(request.user)


@router.post(
    "/endpoints", response={201: EndpointOut}, summary="Register a party's TMF621 endpoint"
)
def register_endpoint(request: HttpRequest, payload: EndpointIn) -> Status[PartyEndpoint]:
    own = ecosystem.parties_among([p] if (p := party_of(request.user)) else []).first()
    require(request.user, MANAGE_ENDPOINTS, own)
    party = row_by_key(ecosystem.parties_visible_to(request.user), payload.party, field="party")
    endpoint = bonding.register_endpoint(
        acting_user=request.user,
        party=party,
        base_url=payload.base_url,
        token=payload.token,
        owner=payload.owner or "podium",
        poll_seconds=payload.poll_seconds,
        now=timezone.now(),
    )
    return Status(201, endpoint)


@router.delete(
    "/endpoints/{endpoint_id}", response={204: None}, summary="Stop e-bonding with an endpoint"
)
def remove_endpoint(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = get_object_or_404(selectors.endpoints_visible_to(request.user), pk=endpoint_id)
    bonding.remove_endpoint(acting_user=request.user, endpoint=endpoint, now=timezone.now())
    return HttpResponse(status=204)


@router.get("/deliveries", response=list[DeliveryOut], summary="The delivery log")
@paginate(BoundedPagination)
def list_deliveries(request: HttpRequest, status: str = "") -> QuerySet[Delivery]:
    rows = selectors.deliveries_visible_to(request.user)
    return rows.filter(status=status) if status else rows


@router.get(
    "/deliveries/{delivery_id}", response=DeliveryDetailOut, summary="One delivery and its tries"
)
def get_delivery(request: HttpRequest, delivery_id: int) -> Delivery:
    return get_object_or_404(selectors.deliveries_visible_to(request.user), pk=delivery_id)


@router.post(
    "/deliveries/{delivery_id}/replay", response=DeliveryOut, summary="Send a delivery again"
)
def replay_delivery(request: HttpRequest, delivery_id: int, payload: ReplayIn) -> Delivery:
    delivery = get_object_or_404(selectors.deliveries_visible_to(request.user), pk=delivery_id)
    require(request.user, REPLAY_DELIVERIES, delivery)
    return hub.replay(
        acting_user=request.user,
        delivery=delivery,
        now=timezone.now(),
        reason=payload.reason or "",
    )
