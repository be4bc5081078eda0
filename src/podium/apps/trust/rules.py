"""Every permission of trust, as `rules` predicates on the roles.

Integrator admins run survey waves (and send their invitations). Answering needs no rule: the
one-time link is the respondent's right to answer, once. Reading is scoped by the selectors:
aggregates only, never below a wave's anonymity threshold, and a party's users only about their
own party and the ecosystem average.
"""

from __future__ import annotations

from podium.platform.access import define, is_integrator_admin

MANAGE_SURVEYS = define(
    "trust.manage_surveys",
    is_integrator_admin,
    "Only an integrator admin runs survey waves.",
)
