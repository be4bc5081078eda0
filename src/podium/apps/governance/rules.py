"""Every permission of governance, as `rules` predicates on the roles.

Services call :func:`podium.platform.access.require` with these names; pages and the API ask
the same names to decide what to offer. Integrator admins change governance; a manager of the
party that chairs a forum runs that forum's meetings and decision log; a party's users move the
actions their party owns; a party's manager acknowledges the collaboration agreement.
"""

from __future__ import annotations

from rules.predicates import Predicate

from podium.apps.governance.choices import MembershipRole
from podium.apps.governance.models import ForumMembership
from podium.platform.access import (
    define,
    is_integrator_admin,
    is_party_manager,
    is_party_user,
    memoised,
    party_of,
    sees_everything,
)


def _chairs_forum(user: object, forum: object) -> bool:
    """The user's party chairs `forum` (asked once per request, however many rows ask)."""
    party_id = party_of(user)
    if party_id is None or forum is None:
        return False
    chaired = memoised(
        user,
        "governance.chaired_forums",
        lambda: frozenset(
            ForumMembership.objects.filter(
                party_id=party_id, role=MembershipRole.CHAIR
            ).values_list("forum_id", flat=True)
        ),
    )
    return getattr(forum, "pk", None) in chaired


def _owns_action(user: object, action: object) -> bool:
    party_id = party_of(user)
    return party_id is not None and getattr(action, "owner_party_id", None) == party_id


chairs_forum = Predicate(_chairs_forum, name="chairs_forum")
owns_action = Predicate(_owns_action, name="owns_action")


EDIT = define(
    "governance.edit",
    is_integrator_admin,
    "Only an integrator admin changes governance.",
)
RUN_FORUM = define(
    "governance.run_forum",
    is_integrator_admin | (is_party_manager & chairs_forum),
    "Only the integrator or the forum's chair runs its meetings.",
)
SET_ACTION_STATUS = define(
    "governance.set_action_status",
    is_integrator_admin | (is_party_user & owns_action),
    "Only the integrator or the owning party updates this action.",
)
ACKNOWLEDGE_AGREEMENT = define(
    "governance.acknowledge_agreement",
    is_party_manager,
    "A party's manager acknowledges the agreement for the party.",
)
VIEW_CONCENTRATION = define(
    "governance.view_concentration",
    sees_everything,
    "Only the integrator and auditors see concentration risk across parties.",
)
