"""Relationship surveys and the trust map in the matrix.

`build` adds two waves: one in which the integrator's three respondents rate supplier B (its
comment is B's: supplier A's users must never read it), and one in which only two respondents
rate the integrator (below the threshold, so its comment must never appear to anyone; the
integrator's side of that is proved in tests/apps/trust/test_anonymity.py); an unused
one-time link of supplier A's, which answers without a session; and a retrospective with an
action on each supplier's side (B's lesson and action are B's); kudos from the integrator
to supplier B; a gathering for each supplier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.authorization.support import INTEGRATOR_ADMIN_ONLY, PARTY_ROLES, Entry, pk, slug
from tests.support.clock import TEST_NOW
from tests.support.trust import GOOD, respondent, run_wave

BETA_COMMENT = "Beta answers within the hour"
BELOW_K_COMMENT = "Only two of us said this"
BETA_ACTION = "Replace the beta carrier's router"
BETA_LESSON = "Beta should page its on-call earlier"
BETA_KUDOS = "Beta rerouted the branch lines overnight"
BETA_GATHERING = "Beta fibre launch party"
GIVERS = ("integrator_admin", "integrator_analyst", *PARTY_ROLES)


def build(world: Any) -> None:
    from podium.apps.trust.services import surveys

    world.trust_wave = run_wave(
        "matrix-q4",
        [(world.integrator, world.supplier_b, GOOD, BETA_COMMENT)] * 3
        + [(world.supplier_a, world.integrator, (2,) * 5, BELOW_K_COMMENT)] * 2,
    )
    respondent("alpha-respondent", world.supplier_a, email="respondent@alpha.example")
    [sent] = surveys.invite(acting_user=None, wave=world.trust_wave, now=TEST_NOW, link_for=str)
    world.trust_token = sent.token

    from podium.apps.trust.services import retrospectives

    def retro(title: str, party: Any, ticket: Any, action: str, lesson: str) -> tuple[Any, Any]:
        r = retrospectives.record_retrospective(
            acting_user=None,
            title=title,
            kind="major_incident",
            held_on=TEST_NOW.date(),
            parties=[world.integrator, party],
            ticket=ticket,
            to_improve=lesson,
        )
        a = retrospectives.add_retro_action(
            acting_user=None,
            retrospective=r,
            title=action,
            owner_party=party,
            due_on=TEST_NOW.date(),
        )
        return r, a

    world.retro_a, world.retro_action_a = retro(
        "Alpha outage review", world.supplier_a, world.ticket_a, "Alpha runbook", "Call sooner"
    )
    world.retro_b, world.retro_action_b = retro(
        "Beta outage review", world.supplier_b, world.ticket_b, BETA_ACTION, BETA_LESSON
    )

    from podium.apps.trust.services import gatherings, kudos

    at = TEST_NOW + dt.timedelta(days=30)
    gatherings.plan_gathering(
        acting_user=None,
        title="Alpha kick-off",
        kind="kick_off",
        starts_at=at,
        parties=[world.integrator, world.supplier_a],
    )
    gatherings.plan_gathering(
        acting_user=None,
        title=BETA_GATHERING,
        kind="celebration",
        starts_at=at,
        parties=[world.integrator, world.supplier_b],
    )

    kudos.give_kudos(
        acting_user=world.users["integrator_admin"],
        to_party=world.supplier_b,
        message=BETA_KUDOS,
        ticket=world.ticket_b,
        at=TEST_NOW,
    )


WAVE = {"own": slug("trust_wave")}
RETRO = {"own": pk("retro_a"), "foreign": pk("retro_b")}
RETRO_ACTION = {"own": pk("retro_action_a"), "foreign": pk("retro_action_b")}
ADMIN_AND_PARTY = ("integrator_admin", *PARTY_ROLES)

PAGES = {
    "trust:wave_list": Entry(),
    "trust:wave_create": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "trust:wave_detail": Entry(**WAVE),
    "trust:wave_invite": Entry(
        **WAVE, method="post", allowed_roles=INTEGRATOR_ADMIN_ONLY, ok_status=302
    ),
    "trust:answer": Entry(own=lambda w: {"token": w.trust_token}, public=True),
    "trust:trust_map": Entry(),
    "trust:insight": Entry(),
    "trust:retrospective_list": Entry(),
    "trust:retrospective_create": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "trust:retrospective_detail": Entry(**RETRO),
    "trust:retrospective_action": Entry(
        **RETRO,
        method="post",
        allowed_roles=INTEGRATOR_ADMIN_ONLY,
        ok_status=302,
        body=lambda w: {
            "title": "Review the runbook",
            "owner_party": "alpha",
            "due_on": "2026-12-20",
        },
    ),
    "trust:retro_action_list": Entry(),
    "trust:kudos_list": Entry(),
    "trust:kudos_give": Entry(allowed_roles=GIVERS),
    "trust:gathering_list": Entry(),
    "trust:gathering_create": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "trust:gathering_calendar": Entry(),
    "trust:retro_action_status": Entry(
        **RETRO_ACTION,
        method="post",
        allowed_roles=ADMIN_AND_PARTY,
        ok_status=302,
        body=lambda w: {"status": "in_progress"},
    ),
}

API = {
    "GET /api/v1/trust/surveys": Entry(),
    "GET /api/v1/trust/surveys/{slug}": Entry(**WAVE),
    "GET /api/v1/trust/map": Entry(),
    "GET /api/v1/trust/insight": Entry(),
    "GET /api/v1/trust/retrospectives": Entry(),
    "GET /api/v1/trust/retrospectives/{pk}": Entry(**RETRO),
    "GET /api/v1/trust/retro-actions": Entry(),
    "GET /api/v1/trust/kudos": Entry(),
    "GET /api/v1/trust/gatherings": Entry(),
    # to the integrator: its own staff may not (kudos go to another party), a party's users may
    "POST /api/v1/trust/kudos": Entry(
        method="post",
        allowed_roles=PARTY_ROLES,
        ok_status=201,
        body=lambda w: {
            "to_party": "office",
            "message": "Thanks for the runbook",
            "objective": w.objective.pk,
        },
    ),
    "PATCH /api/v1/trust/retro-actions/{pk}": Entry(
        **RETRO_ACTION,
        method="patch",
        allowed_roles=ADMIN_AND_PARTY,
        body=lambda w: {"status": "in_progress"},
    ),
}

FOREIGN_MARKERS = (
    BETA_COMMENT,
    BELOW_K_COMMENT,
    BETA_ACTION,
    BETA_LESSON,
    BETA_KUDOS,
    BETA_GATHERING,
)
