"""Every permission of the cockpit, as `rules` predicates on the roles.

The cockpit writes nothing of the other contexts; what a reader sees in it is scoped by the
selectors it reads through, the same as on each context's own pages. The overview of the whole
ecosystem is the integrator's (and auditors'); a party's view is for that party's users and
the integrator. A saved view is its owner's to rename and delete; the integrator's staff may
share one with everyone, a party's users only with their own party.
"""

from __future__ import annotations

from typing import Any

from rules.predicates import Predicate

from podium.platform.access import (
    belongs_to_objects_party,
    define,
    is_integrator_staff,
    is_party_user,
    sees_everything,
)

VIEW_OVERVIEW = define(
    "cockpit.view_overview",
    sees_everything,
    "The cockpit shows the whole ecosystem: it is the integrator's. Your party's view is open"
    " to you.",
)
VIEW_PARTY = define(
    "cockpit.view_party",
    sees_everything | (is_party_user & belongs_to_objects_party),
    "A party's view is for that party's users and the integrator.",
)


def _owns_the_view(user: object, view: Any) -> bool:
    owner = getattr(view, "owner_id", None)
    return owner is not None and owner == getattr(user, "pk", None)


owns_the_view = Predicate(_owns_the_view, name="owns_the_view")


SAVE_VIEW = define(
    "cockpit.save_view",
    sees_everything | is_party_user,
    "Saved views are for Podium's users: the integrator, auditors and a party's users.",
)
CHANGE_VIEW = define(
    "cockpit.change_view",
    (sees_everything | is_party_user) & owns_the_view,
    "Only the user who saved a view renames or deletes it.",
)
SHARE_VIEW_WITH_EVERYONE = define(
    "cockpit.share_view_with_everyone",
    is_integrator_staff,
    "Only the integrator's staff share a view with everyone; a party's users share theirs"
    " with their own party.",
)
