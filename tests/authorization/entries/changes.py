"""The change calendar in the matrix: pages and the native API.

Every party's users read the whole calendar — each change's window and the components it
touches — so a change has no "foreign" 404; what a party must never get is another party's
internal notes (the leak markers). The world (tests/support/changes.py) adds a third party,
Kappa, whose change conflicts with supplier A's; supplier B plans nothing, so its names stay
leak markers for every page here too.
"""

from __future__ import annotations

from typing import Any

from tests.authorization.support import (
    INTEGRATOR_ADMIN_ONLY,
    PARTY_ROLES,
    Entry,
)
from tests.support.changes import GAMMA_NOTES


def build(world: Any) -> None:
    from tests.support.changes import build_changes

    from podium.apps.changes.models import Approval

    world.changes = build_changes(world)
    world.approval_a = Approval.objects.get(change=world.changes.change_a, party=world.supplier_a)


def _change(attr: str) -> Any:
    return lambda w: {"reference": getattr(w.changes, attr).reference}


WRITERS = ("integrator_admin", "integrator_analyst", *PARTY_ROLES)
DECIDERS = ("integrator_admin", "integrator_analyst", "party_manager")
NEW_CHANGE = {
    "title": "Matrix change",
    "planned_start": "2026-12-05T22:00:00Z",
    "planned_end": "2026-12-05T23:00:00Z",
    "components": ["alpha-k8s"],
    "implementer": "alpha",
}

PAGES = {
    "changes:change_list": Entry(),
    "changes:change_detail": Entry(own=_change("change_a")),
    "changes:change_create": Entry(allowed_roles=WRITERS),
    "changes:change_edit": Entry(own=_change("change_a"), allowed_roles=WRITERS),
    # a submitted change goes back to draft? No: it may be cancelled; the answer redirects
    "changes:change_move": Entry(
        own=_change("change_a"),
        method="post",
        allowed_roles=WRITERS,
        ok_status=302,
        body=lambda w: {"status": "cancelled"},
    ),
    # a submitted change cannot ask (the answer says so and redirects); the rule is MANAGE's
    "changes:change_retrospective": Entry(
        own=_change("change_a"),
        method="post",
        allowed_roles=WRITERS,
        ok_status=302,
        body=lambda w: {"reason": "What went wrong"},
    ),
    "changes:change_decide": Entry(
        own=_change("change_a"),
        method="post",
        allowed_roles=("integrator_admin", "integrator_analyst"),
        ok_status=302,
        body=lambda w: {"decision": "approved"},
    ),
    "changes:approval_decide": Entry(
        own=lambda w: {
            "reference": w.changes.change_a.reference,
            "pk": str(w.approval_a.pk),
        },
        method="post",
        allowed_roles=DECIDERS,
        ok_status=302,
        body=lambda w: {"decision": "approved"},
    ),
    "changes:change_calendar": Entry(),
    "changes:party_calendar": Entry(),
    # the feed secret of supplier A's member (entries/governance_forums.py makes it)
    "changes_feed": Entry(own=lambda w: {"token": w.feed_token}, public=True),
    "changes:party_changes_calendar": Entry(own=lambda w: {"party": w.changes.gamma.slug}),
    "changes:service_calendar": Entry(own=lambda w: {"service": w.service_a.slug}),
    "changes_party_feed": Entry(
        own=lambda w: {"token": w.feed_token, "party": w.changes.gamma.slug}, public=True
    ),
    "changes_service_feed": Entry(
        own=lambda w: {"token": w.feed_token, "service": w.service_a.slug}, public=True
    ),
    "changes:blackout_list": Entry(),
    "changes:blackout_create": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "changes:maintenance_list": Entry(),
}

API = {
    "GET /api/v1/changes/changes": Entry(),
    "GET /api/v1/changes/changes/{reference}": Entry(own=_change("change_a")),
    "POST /api/v1/changes/changes": Entry(
        method="post", allowed_roles=WRITERS, ok_status=201, body=lambda w: NEW_CHANGE
    ),
    "PATCH /api/v1/changes/changes/{reference}": Entry(
        own=_change("change_a"),
        method="patch",
        allowed_roles=WRITERS,
        body=lambda w: {"internal_notes": "Alpha: checked"},
    ),
}

FOREIGN_MARKERS = (GAMMA_NOTES,)
