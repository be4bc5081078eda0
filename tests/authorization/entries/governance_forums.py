"""Escalation ladders, forums, meetings, decisions, actions and the agreement in the matrix.

`build` adds a forum supplier A chairs (the integrator sits in it) and one where only supplier B
sits (chaired by the integrator), a ladder for each, a meeting, a decision and an action in each forum,
the collaboration agreement, and a calendar feed secret of supplier A's member (the token feeds
answer without a session, so every role gets what that member would get).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.authorization.support import (
    INTEGRATOR_ADMIN_ONLY,
    PARTY_ROLES,
    Entry,
    Kwargs,
    pk,
    reference,
    slug,
)

ADMIN_AND_PARTY = ("integrator_admin", *PARTY_ROLES)
MANAGER_ONLY = ("party_manager",)
FIRST = dt.datetime(2026, 1, 13, 9, 0, tzinfo=dt.UTC)


def key(attr: str) -> Kwargs:
    return lambda w: {"key": getattr(w, attr).key}


def build(world: Any) -> None:
    from podium.apps.accounts.services import rotate_calendar_feed_token
    from podium.apps.governance.services import agreements, escalation, forums

    def ladder(key: str, name: str, party: Any) -> Any:
        steps = [
            escalation.StepInput(
                "operational", 30, "business", party.slug, "service_manager", "email"
            ),
            escalation.StepInput(
                "tactical", 120, "business", party.slug, "service_manager", "phone"
            ),
            escalation.StepInput(
                "strategic", 480, "calendar", world.integrator.slug, "service_manager", "meeting"
            ),
        ]
        return escalation.publish_ladder_version(
            acting_user=None, key=key, name=name, party=party.slug, steps=steps
        )[0]

    world.ladder_a = ladder("alpha-ladder", "Alpha escalation ladder", world.supplier_a)
    world.ladder_b = ladder("beta-ladder", "Beta escalation ladder", world.supplier_b)

    def forum(slug: str, name: str, party: Any, action: str, *, party_chairs: bool) -> Any:
        f = forums.ensure_forum(
            acting_user=None,
            slug=slug,
            name=name,
            kind="tactical_board",
            charter=f"Service review of {name}.",
            cadence="FREQ=MONTHLY;BYDAY=2TU",
            first_meeting_at=FIRST,
        )
        chair, member = (party, world.integrator) if party_chairs else (world.integrator, party)
        forums.set_membership(acting_user=None, forum=f, party=chair, role="chair")
        forums.set_membership(acting_user=None, forum=f, party=member, role="member")
        meeting = forums.schedule_meeting(acting_user=None, forum=f, starts_at=FIRST)
        decision = forums.record_decision(
            acting_user=None, forum=f, meeting=meeting, title=f"{name} decision"
        )
        act = forums.add_action(
            acting_user=None,
            forum=f,
            meeting=meeting,
            title=action,
            owner_party=party,
            due_on=dt.date(2026, 2, 1),
        )
        return f, meeting, act, decision

    world.forum_a, world.meeting_a, world.action_a, world.decision_a = forum(
        "alpha-review",
        "Alpha service review",
        world.supplier_a,
        "Patch the alpha cluster",
        party_chairs=True,
    )
    world.forum_b, world.meeting_b, world.action_b, world.decision_b = forum(
        "beta-board",
        "Beta carrier board",
        world.supplier_b,
        "Replace beta routers",
        party_chairs=False,
    )
    member = world.users["party_member"]
    world.feed_token = rotate_calendar_feed_token(acting_user=member, user=member)
    world.agreement = agreements.publish_agreement(
        acting_user=None,
        title="Rules of the club",
        text="We share tickets.\nWe answer each other.",
        effective_from=dt.date(2026, 1, 1),
    )[0]


def _version(world: Any) -> dict[str, str]:
    return {"version": str(world.agreement.version)}


def _ladder_body(world: Any) -> dict[str, Any]:
    return {
        "name": "Changed ladder",
        "party": world.supplier_a.slug,
        "change_note": "faster first step",
        "steps": [
            {
                "level": "operational",
                "wait_minutes": 15,
                "wait_kind": "business",
                "party": world.supplier_a.slug,
                "contact_role": "service_manager",
                "channel": "email",
            }
        ],
    }


A_LADDER = {"own": key("ladder_a"), "foreign": key("ladder_b")}
A_FORUM = {"own": slug("forum_a"), "foreign": slug("forum_b")}
A_MEETING = {"own": pk("meeting_a"), "foreign": pk("meeting_b")}
A_ACTION = {"own": pk("action_a"), "foreign": pk("action_b")}
# Supplier A chairs its review, so its manager runs that forum's meetings and decision log;
# supplier B's board is chaired by the integrator, and A's manager cannot even see it.
CHAIRS = ("integrator_admin", "party_manager")
RUN = {"method": "post", "allowed_roles": CHAIRS, "ok_status": 302}

PAGES = {
    "governance:ladder_list": Entry(),
    "governance:ladder_detail": Entry(**A_LADDER),
    "governance:ladder_new_version": Entry(**A_LADDER, allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "governance:forum_list": Entry(),
    "governance:forum_create": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "governance:forum_detail": Entry(**A_FORUM),
    "governance:forum_edit": Entry(**A_FORUM, allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "governance:forum_members": Entry(**A_FORUM, allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "governance:forum_calendar": Entry(**A_FORUM),
    "governance:my_calendar": Entry(),
    "governance:token_my_calendar": Entry(own=lambda w: {"token": w.feed_token}, public=True),
    "governance:token_forum_calendar": Entry(
        own=lambda w: {"token": w.feed_token, "slug": w.forum_a.slug}, public=True
    ),
    "calendar_feed_rotate": Entry(method="post"),
    "governance:meeting_prepare": Entry(**A_FORUM, **RUN),
    "governance:meeting_detail": Entry(**A_MEETING),
    "governance:meeting_minutes": Entry(**A_MEETING, **RUN, body=lambda w: {"minutes": "Met."}),
    "governance:meeting_decision": Entry(
        **A_MEETING, **RUN, body=lambda w: {"title": "Adopt the new ladder"}
    ),
    "governance:meeting_action": Entry(
        **A_MEETING,
        **RUN,
        body=lambda w: {"title": "Write it up", "owner_party": "office", "due_on": "2026-12-01"},
    ),
    "governance:meeting_held": Entry(**A_MEETING, **RUN),
    "governance:decision_list": Entry(),
    "governance:action_list": Entry(),
    "governance:decision_status": Entry(
        own=reference("decision_a"),
        foreign=reference("decision_b"),
        method="post",
        allowed_roles=CHAIRS,
        ok_status=302,
        body=lambda w: {"status": "superseded"},
    ),
    "governance:action_status": Entry(
        **A_ACTION,
        method="post",
        allowed_roles=ADMIN_AND_PARTY,
        ok_status=302,
        body=lambda w: {"status": "in_progress"},
    ),
    "governance:agreement": Entry(),
    "governance:agreement_history": Entry(),
    "governance:agreement_new": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "governance:agreement_acknowledge": Entry(
        own=_version, method="post", allowed_roles=MANAGER_ONLY, ok_status=302
    ),
}

API = {
    "GET /api/v1/governance/ladders": Entry(),
    "GET /api/v1/governance/ladders/{key}": Entry(**A_LADDER),
    "GET /api/v1/governance/ladders/{key}/versions": Entry(**A_LADDER),
    "POST /api/v1/governance/ladders/{key}/versions": Entry(
        **A_LADDER,
        method="post",
        allowed_roles=INTEGRATOR_ADMIN_ONLY,
        ok_status=201,
        body=_ladder_body,
    ),
    "GET /api/v1/governance/forums": Entry(),
    "GET /api/v1/governance/forums/{slug}": Entry(**A_FORUM),
    "GET /api/v1/governance/forums/{slug}/meetings": Entry(**A_FORUM),
    "POST /api/v1/governance/forums/{slug}/meetings": Entry(
        **A_FORUM, method="post", allowed_roles=CHAIRS, ok_status=201
    ),
    "GET /api/v1/governance/decisions": Entry(),
    "GET /api/v1/governance/actions": Entry(),
    "PATCH /api/v1/governance/decisions/{reference}": Entry(
        own=reference("decision_a"),
        foreign=reference("decision_b"),
        method="patch",
        allowed_roles=CHAIRS,
        body=lambda w: {"status": "superseded"},
    ),
    "PATCH /api/v1/governance/actions/{action_id}": Entry(
        own=pk("action_a", "action_id"),
        foreign=pk("action_b", "action_id"),
        method="patch",
        allowed_roles=ADMIN_AND_PARTY,
        body=lambda w: {"status": "done"},
    ),
    "GET /api/v1/governance/agreement": Entry(),
    "GET /api/v1/governance/agreement/acknowledgements": Entry(),
    "POST /api/v1/governance/agreement/{version}/acknowledgements": Entry(
        own=_version, method="post", allowed_roles=MANAGER_ONLY, ok_status=201
    ),
}

FOREIGN_MARKERS = (
    "Beta carrier board",
    "beta-board",
    "Beta escalation ladder",
    "beta-ladder",
    "Replace beta routers",
    "D-BETA-BOARD",
)
