"""Every permission of the cockpit, as `rules` predicates on the roles.

The cockpit writes nothing of the other contexts; what a reader sees in it is scoped by the
selectors it reads through, the same as on each context's own pages. The overview of the whole
ecosystem is the integrator's (and auditors'); a party's view is for that party's users and
the integrator.
"""

from __future__ import annotations

from podium.platform.access import belongs_to_objects_party, define, is_party_user, sees_everything

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
