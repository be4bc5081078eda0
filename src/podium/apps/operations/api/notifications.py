"""`/api/v1/operations/inbox` (the caller's own notifications, marking them read),
`/api/v1/operations/notification-preferences` (how the caller wants e-mail of each type) and
`/api/v1/operations/webhooks` (a party's CloudEvents webhooks; the secret comes out once, in
the answer that made it). Their deliveries are in `/api/v1/operations/deliveries`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors
from podium.apps.operations.models import HubSubscription, Notification
from podium.apps.operations.rules import MANAGE_SUBSCRIPTIONS
from podium.apps.operations.services import notifications
from podium.core import notifications as notification_types
from podium.platform.access import party_of, require
from podium.platform.api import BoundedPagination, InputSchema, invalid, row_by_key

router = Router(tags=["operations"])


class NotificationOut(Schema):
    id: int
    event_type: str
    title: str
    detail: str
    link: str
    ticket: str | None
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_ticket(obj: Notification) -> str | None:
        return obj.ticket.reference if obj.ticket is not None else None


class ReadAllOut(Schema):
    marked: int


_MODES = "immediately, digest or off"
# The schemas below have one field per event type, named by its key in
# `podium.core.notifications.EVENTS` (tests/apps/operations/test_notification_types.py holds
# them to it).
_BY_FIELD = {event.key: event.type for event in notification_types.EVENTS}


class PreferencesOut(Schema):
    warning: str = Field(description=f"Deadline warnings: {_MODES}.")
    breach: str = Field(description=f"Breaches: {_MODES}.")
    step: str = Field(description=f"Escalation steps: {_MODES}.")
    assigned: str = Field(description=f"Tickets assigned to your party: {_MODES}.")
    change_scheduled: str = Field(description=f"Changes scheduled on what you run: {_MODES}.")
    change_moved: str = Field(description=f"Changes moved after approval: {_MODES}.")
    change_failed: str = Field(description=f"Changes failed or rolled back: {_MODES}.")
    major_incident_declared: str = Field(
        description=f"Major incidents declared with your party on the bridge: {_MODES}."
    )
    major_incident_update: str = Field(
        description=f"Updates of major incidents your party is on the bridge of: {_MODES}."
    )
    major_incident_closed: str = Field(
        description=f"Major incidents closed that your party was on the bridge of: {_MODES}."
    )
    grouped: str = Field(
        description=f"Many warnings, breaches or steps at once, grouped: {_MODES}."
    )


class PreferencesIn(InputSchema):
    """What is left out stays as it is."""

    warning: str | None = None
    breach: str | None = None
    step: str | None = None
    assigned: str | None = None
    change_scheduled: str | None = None
    change_moved: str | None = None
    change_failed: str | None = None
    major_incident_declared: str | None = None
    major_incident_update: str | None = None
    major_incident_closed: str | None = None
    grouped: str | None = None


def _preferences_of(user: Any) -> dict[str, str]:
    modes = notifications.email_preferences(user)
    return {field: modes[event_type] for field, event_type in _BY_FIELD.items()}


class WebhookOut(Schema):
    id: int
    party: str
    callback: str
    event_types: list[str]
    created_at: dt.datetime
    disabled_at: dt.datetime | None
    disabled_reason: str

    @staticmethod
    def resolve_party(obj: HubSubscription) -> str:
        return obj.party.slug


class WebhookCreatedOut(WebhookOut):
    secret: str


class WebhookIn(InputSchema):
    party: str
    callback: str
    event_types: list[str] = Field(default_factory=list, description="Empty: every event type.")


def _refuse(field: str, message: str) -> Exception:
    return invalid(["body", "payload", field], message)


@router.get("/inbox", response=list[NotificationOut], summary="Your notifications")
@paginate(BoundedPagination)
def list_inbox(request: HttpRequest, unread: bool | None = None) -> QuerySet[Notification]:
    rows = selectors.notifications_of(request.user)
    return rows if unread is None else rows.filter(read_at__isnull=unread)


@router.post("/inbox/read", response=ReadAllOut, summary="Mark all your notifications read")
def read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": notifications.mark_all_read(acting_user=request.user, now=timezone.now())}


@router.post(
    "/inbox/{notification_id}/read", response=NotificationOut, summary="Mark a notification read"
)
def read_one(request: HttpRequest, notification_id: int) -> Notification:
    row = get_object_or_404(selectors.notifications_in_reach(request.user), pk=notification_id)
    notifications.mark_read(acting_user=request.user, notification=row, now=timezone.now())
    return row


@router.get("/notification-preferences", response=PreferencesOut, summary="How you get e-mail")
def get_preferences(request: HttpRequest) -> dict[str, str]:
    return _preferences_of(request.user)


@router.put(
    "/notification-preferences", response=PreferencesOut, summary="Choose how you get e-mail"
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> dict[str, str]:
    given = payload.dict()
    chosen: dict[str, str] = {}
    for field, event_type in _BY_FIELD.items():
        value = given.get(field)
        if value in (None, ""):
            continue
        if value not in notification_types.EMAIL_MODES:
            raise _refuse(field, f"must be one of {_MODES}, not {str(value)[:20]!r}")
        chosen[event_type] = value
    notifications.set_email_preferences(acting_user=request.user, modes=chosen)
    return _preferences_of(request.user)


@router.get("/webhooks", response=list[WebhookOut], summary="Parties' webhooks")
@paginate(BoundedPagination)
def list_webhooks(request: HttpRequest) -> QuerySet[HubSubscription]:
    return selectors.webhooks_visible_to(request.user)


@router.post("/webhooks", response={201: WebhookCreatedOut}, summary="Add a party's webhook")
def create_webhook(request: HttpRequest, payload: WebhookIn) -> Status[HubSubscription]:
    own = ecosystem.parties_among([p] if (p := party_of(request.user)) else []).first()
    require(request.user, MANAGE_SUBSCRIPTIONS, own)
    party = row_by_key(ecosystem.parties_visible_to(request.user), payload.party, field="party")
    try:
        subscription, secret = notifications.create_webhook(
            acting_user=request.user,
            party=party,
            callback=payload.callback,
            event_types=payload.event_types,
            now=timezone.now(),
            sees_everything=party.is_integrator,
        )
    except ValueError as error:
        field = "event_types" if str(error).startswith("event_types") else "callback"
        raise _refuse(field, str(error)) from error
    subscription.secret = secret  # type: ignore[attr-defined]
    return Status(201, subscription)


@router.delete("/webhooks/{webhook_id}", response={204: None}, summary="Remove a webhook")
def remove_webhook(request: HttpRequest, webhook_id: int) -> HttpResponse:
    subscription = get_object_or_404(selectors.webhooks_visible_to(request.user), pk=webhook_id)
    notifications.remove_webhook(
        acting_user=request.user, subscription=subscription, now=timezone.now()
    )
    return HttpResponse(status=204)
