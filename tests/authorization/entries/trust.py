"""Relationship surveys and the trust map in the matrix.

`build` adds two waves: one in which the integrator's three respondents rate supplier B (its
comment is B's: supplier A's users must never read it), and one in which only two respondents
rate the integrator (below the threshold, so its comment must never appear to anyone; the
integrator's side of that is proved in tests/apps/trust/test_anonymity.py); and an unused
one-time link of supplier A's, which answers without a session.
"""

from __future__ import annotations

from typing import Any

from tests.authorization.support import INTEGRATOR_ADMIN_ONLY, Entry, slug
from tests.support.clock import TEST_NOW
from tests.support.trust import GOOD, run_wave

BETA_COMMENT = "Beta answers within the hour"
BELOW_K_COMMENT = "Only two of us said this"


def build(world: Any) -> None:
    from podium.apps.accounts import services as accounts
    from podium.apps.trust.services import surveys

    world.trust_wave = run_wave(
        "matrix-q4",
        [(world.integrator, world.supplier_b, GOOD, BETA_COMMENT)] * 3
        + [(world.supplier_a, world.integrator, (2,) * 5, BELOW_K_COMMENT)] * 2,
    )
    accounts.create_user(
        acting_user=None,
        username="alpha-respondent",
        password="x" * 12,
        role="party_member",
        party_id=world.supplier_a.pk,
        email="respondent@alpha.example",
    )
    [sent] = surveys.invite(acting_user=None, wave=world.trust_wave, now=TEST_NOW, link_for=str)
    world.trust_token = sent.token


WAVE = {"own": slug("trust_wave")}

PAGES = {
    "trust:wave_list": Entry(),
    "trust:wave_create": Entry(allowed_roles=INTEGRATOR_ADMIN_ONLY),
    "trust:wave_detail": Entry(**WAVE),
    "trust:wave_invite": Entry(
        **WAVE, method="post", allowed_roles=INTEGRATOR_ADMIN_ONLY, ok_status=302
    ),
    "trust:answer": Entry(own=lambda w: {"token": w.trust_token}, public=True),
    "trust:trust_map": Entry(),
}

API = {
    "GET /api/v1/trust/surveys": Entry(),
    "GET /api/v1/trust/surveys/{slug}": Entry(**WAVE),
    "GET /api/v1/trust/map": Entry(),
}

FOREIGN_MARKERS = (BETA_COMMENT, BELOW_K_COMMENT)
