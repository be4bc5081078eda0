"""TMF621 notifications on the TMF621 API (`/tmf-api/troubleTicket/v5/`): `POST /hub`,
`GET`/`DELETE /hub/{id}` (subscriptions to ticket events), and the `/listener/…Event`
operations the official document lists for the events Podium reads, where a party's own TMF
server pushes its events.

A subscription belongs to the caller's party — the token's, or the logged-in user's; one made
by the integrator's staff hears of every ticket — and a party sees and removes only its own
(another's answers 404). The `201` answer carries the signing secret (`whsec_…`), this once.

A listener call acts for the caller's party like a PATCH would: the event is kept as it came
(`RawPayload`), taken once per `eventId`, and its ticket applied at its own `eventTime`, so
events that arrive late or twice leave the same ticket. These operations register on the
same `tmf_api` as the trouble tickets (this module is imported at the end of `exchange`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from podium.apps.operations import selectors
from podium.apps.operations.api.exchange import (
    _body,
    _caller,
    _json,
    _keep,
    _party_for_write,
    _refused,
    _settle,
    tmf_api,
)
from podium.apps.operations.models import HubSubscription
from podium.apps.operations.services import hub
from podium.core import tmf621, tmf621_events
from podium.platform.access import visible_party_ids


def _hub_resource(subscription: HubSubscription) -> dict[str, Any]:
    return {
        "@type": "Hub",
        "id": str(subscription.pk),
        "href": reverse("tmf621:hub_get", kwargs={"id": str(subscription.pk)}),
        "callback": subscription.callback,
        "query": subscription.query,
    }


def _subscription(request: HttpRequest, id: str) -> HubSubscription:
    caller = _caller(request)
    if not id.isdigit() or len(id) > 18:
        raise Http404
    row = selectors.subscriptions_visible_to(caller.party_id).filter(pk=int(id)).first()
    if row is None:
        raise Http404
    return row


@tmf_api.post(
    "/hub",
    summary="Subscribe to ticket events (hub)",
    operation_id="create_hub",
    tags=["events subscription"],
)
def create_hub(request: HttpRequest) -> HttpResponse:
    caller = _caller(request)
    party = _party_for_write(caller)
    try:
        body = _body(request)
        if not isinstance(body, dict):
            raise tmf621.TmfInputError([tmf621.Problem("$", "the body must be a JSON object")])
        subscription, secret = hub.create_subscription(
            acting_user=caller.user if caller.credential is None else None,
            party=party,
            callback=body.get("callback"),
            query=body.get("query"),
            now=timezone.now(),
            sees_everything=caller.credential is None and visible_party_ids(caller.user) is None,
            credential=caller.credential,
        )
    except tmf621.TmfInputError as error:
        message = "; ".join(f"{p.path}: {p.message}" for p in error.problems)
        return _json(request, tmf621.error_body(400, "Invalid hub", message), 400)
    resource = {**_hub_resource(subscription), "secret": secret}
    return _json(request, resource, 201, {"Location": resource["href"]})


@tmf_api.get(
    "/hub/{id}",
    summary="Retrieve a subscription (hub)",
    operation_id="hub_get",
    tags=["events subscription"],
)
def hub_get(request: HttpRequest, id: str) -> HttpResponse:
    return _json(request, _hub_resource(_subscription(request, id)), 200)


@tmf_api.delete(
    "/hub/{id}",
    summary="Remove a subscription (hub)",
    operation_id="hub_delete",
    tags=["events subscription"],
)
def hub_delete(request: HttpRequest, id: str) -> HttpResponse:
    caller = _caller(request)
    subscription = _subscription(request, id)
    if caller.credential is None and not caller.may_write:
        raise PermissionDenied("Only the integrator's staff and a party's users remove hubs.")
    hub.remove_subscription(
        acting_user=caller.user if caller.credential is None else None,
        subscription=subscription,
        now=timezone.now(),
    )
    return HttpResponse(status=204)


def _listen(request: HttpRequest, event_type: str) -> HttpResponse:
    caller = _caller(request)
    party = _party_for_write(caller)
    payload = _keep(request, caller)
    payload.channel = "listener"
    payload.save(update_fields=["channel"])
    try:
        event = tmf621_events.read_event(_body(request), listener=event_type)
        outcome, ticket = hub.receive_event(
            party=party,
            event=event,
            now=timezone.now(),
            payload=payload,
            reachable=caller.tickets(),
        )
    except tmf621.TmfInputError as error:
        return _refused(payload, error, request)
    except hub.NotYoursError as error:
        response = _json(request, tmf621.error_body(404, "Not found", str(error)), 404)
        return _settle(payload, response, "rejected", None)
    return _settle(payload, HttpResponse(status=204), outcome, ticket)


def _listener(path: str, event_type: str) -> Callable[[HttpRequest], HttpResponse]:
    def listen(request: HttpRequest) -> HttpResponse:
        return _listen(request, event_type)

    listen.__name__ = path
    listen.__doc__ = f"Take a {event_type} from a party's TMF server."
    return tmf_api.post(
        f"/listener/{path}",
        summary=f"Client listener for {event_type}",
        operation_id=path,
        tags=["notification listener"],
    )(listen)


LISTENERS = {
    path: _listener(path, event_type) for path, event_type in tmf621_events.LISTENER_PATHS.items()
}

__all__ = ["LISTENERS", "create_hub", "hub_delete", "hub_get"]
