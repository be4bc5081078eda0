"""Notifications in the matrix: the inbox (each user's own; another user's notification answers
404 beyond the viewer's parties and 403 within them), the e-mail preferences, a party's
webhooks (supplier B's callback host is a leak marker) and the delivery log's pages.

`build` runs after the escalations' (files load in name order), whose breaches have already
told each supplier's users of their own ticket; it adds a webhook per supplier.
"""

from __future__ import annotations

from typing import Any

from tests.authorization.support import PARTY_ROLES, Entry, pk

from podium.core import notifications as kinds

WRITERS = ("integrator_admin", "integrator_analyst", *PARTY_ROLES)
STAFF = ("integrator_admin", "integrator_analyst")
FOREIGN_MARKERS = ("webhooks.beta.example",)


def build(world: Any) -> None:
    from tests.support.clock import TEST_NOW

    from podium.apps.operations.models import Notification
    from podium.apps.operations.services import notifications

    for name, party, host in (("a", world.supplier_a, "alpha"), ("b", world.supplier_b, "beta")):
        webhook, _ = notifications.create_webhook(
            acting_user=None,
            party=party,
            callback=f"https://webhooks.{host}.example/podium",
            event_types=[],
            now=TEST_NOW,
        )
        setattr(world, f"webhook_{name}", webhook)
    world.notification_member = Notification.objects.filter(
        user=world.users["party_member"]
    ).first()
    world.notification_beta = Notification.objects.filter(
        user=world.users["other_party_member"]
    ).first()
    assert world.notification_member is not None
    assert world.notification_beta is not None


def _preferences(world: Any) -> dict[str, str]:
    return {
        "email_escalation_warning": "off",
        "email_escalation_breach": "digest",
        "email_escalation_step": "immediately",
        "email_ticket_assigned": "digest",
    }


PAGES = {
    "operations:inbox": Entry(),
    "operations:inbox_badge": Entry(),
    "operations:inbox_read_all": Entry(method="post", ok_status=302),
    "operations:notification_read": Entry(
        own=pk("notification_member"),
        foreign=pk("notification_beta"),
        method="post",
        allowed_roles=("party_member",),
        ok_status=302,
    ),
    "operations:notification_preferences": Entry(method="post", ok_status=302, body=_preferences),
    "operations:webhook_list": Entry(),
    "operations:webhook_create": Entry(
        method="post",
        allowed_roles=WRITERS,
        ok_status=201,
        body=lambda w: {
            "party": str(w.supplier_a.pk),
            "callback": "https://webhooks2.alpha.example/podium",
            "event_types": [kinds.BREACH],
        },
    ),
    "operations:webhook_remove": Entry(
        own=pk("webhook_a"),
        foreign=pk("webhook_b"),
        method="post",
        allowed_roles=WRITERS,
        ok_status=302,
    ),
    "operations:delivery_list": Entry(),
    "operations:delivery_detail": Entry(own=pk("delivery_a"), foreign=pk("delivery_b")),
    "operations:delivery_replay": Entry(
        own=pk("delivery_a"),
        foreign=pk("delivery_b"),
        method="post",
        allowed_roles=STAFF,
        ok_status=302,
    ),
}


def _id(attr: str, name: str) -> Any:
    return lambda w: {name: str(getattr(w, attr).pk)}


API = {
    "GET /api/v1/operations/inbox": Entry(),
    "POST /api/v1/operations/inbox/read": Entry(method="post"),
    "POST /api/v1/operations/inbox/{notification_id}/read": Entry(
        own=_id("notification_member", "notification_id"),
        foreign=_id("notification_beta", "notification_id"),
        method="post",
        allowed_roles=("party_member",),
    ),
    "GET /api/v1/operations/notification-preferences": Entry(),
    "PUT /api/v1/operations/notification-preferences": Entry(
        method="put", body=lambda w: {"breach": "digest"}
    ),
    "GET /api/v1/operations/webhooks": Entry(),
    "POST /api/v1/operations/webhooks": Entry(
        method="post",
        allowed_roles=WRITERS,
        ok_status=201,
        body=lambda w: {
            "party": "alpha",
            "callback": "https://webhooks2.alpha.example/podium",
            "event_types": [],
        },
    ),
    "DELETE /api/v1/operations/webhooks/{webhook_id}": Entry(
        own=_id("webhook_a", "webhook_id"),
        foreign=_id("webhook_b", "webhook_id"),
        method="delete",
        allowed_roles=WRITERS,
        ok_status=204,
    ),
}
