"""Every permission of trust, as `rules` predicates on the roles.

Integrator admins run survey waves (and send their invitations) and record retrospectives;
the owning party (or the integrator) moves a retrospective's action along. Answering needs no rule: the
one-time link is the respondent's right to answer, once. Reading is scoped by the selectors:
aggregates only, never below a wave's anonymity threshold, and a party's users only about their
own party and the ecosystem average.
"""

from __future__ import annotations

from rules.predicates import Predicate

from podium.platform.access import (
    belongs_to_objects_party,
    define,
    is_integrator_admin,
    is_integrator_staff,
    is_party_user,
    party_of,
)

MANAGE_SURVEYS = define(
    "trust.manage_surveys",
    is_integrator_admin,
    "Only an integrator admin runs survey waves.",
)


def _owns_retro_action(user: object, action: object) -> bool:
    party_id = party_of(user)
    return party_id is not None and getattr(action, "owner_party_id", None) == party_id


owns_retro_action = Predicate(_owns_retro_action, name="owns_retro_action")

RUN_RETROSPECTIVES = define(
    "trust.run_retrospectives",
    is_integrator_admin,
    "Only an integrator admin records retrospectives and their actions.",
)
SET_RETRO_ACTION_STATUS = define(
    "trust.set_retro_action_status",
    is_integrator_admin | (is_party_user & owns_retro_action),
    "Only the integrator or the owning party updates this action.",
)
GIVE_KUDOS = define(
    "trust.give_kudos",
    (is_integrator_staff | is_party_user) & ~belongs_to_objects_party,
    "Kudos come from a party's users or the integrator's staff, to another party.",
)
PLAN_GATHERINGS = define(
    "trust.plan_gatherings",
    is_integrator_admin,
    "Only an integrator admin plans gatherings.",
)
