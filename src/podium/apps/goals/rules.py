"""Every permission of shared goals, as `rules` predicates on the roles.

Objectives belong to the whole ecosystem: everyone signed in reads them. Integrator admins set
objectives and key results; a check-in is taken by an integrator admin or by a manager of the
party that owns the objective. A metric-bound value is never typed: the engine computes it.
"""

from __future__ import annotations

from rules.predicates import Predicate

from podium.platform.access import (
    define,
    is_integrator_admin,
    is_integrator_staff,
    is_party_manager,
    is_party_user,
    party_of,
)


def _owns_objective(user: object, objective: object) -> bool:
    party_id = party_of(user)
    return party_id is not None and getattr(objective, "owner_id", None) == party_id


owns_objective = Predicate(_owns_objective, name="owns_objective")

EDIT = define(
    "goals.edit",
    is_integrator_admin,
    "Only an integrator admin sets objectives and key results.",
)
CHECK_IN = define(
    "goals.check_in",
    is_integrator_admin | (is_party_manager & owns_objective),
    "Only the integrator or the manager of the objective's owner checks in.",
)
VIEW_CREDITS = define(
    "goals.view_credits",
    is_integrator_staff | is_party_user,
    "A party's service credits are for that party and the integrator only.",
)
DISPUTE_CREDIT = define(
    "goals.dispute_credit",
    is_party_manager,
    "A party's manager disputes the party's credits.",
)
DECIDE_DISPUTE = define(
    "goals.decide_dispute",
    is_integrator_admin,
    "Only an integrator admin decides a dispute.",
)
