"""Every permission of the change calendar, as `rules` predicates on the roles.

Every signed-in party user and the integrator's staff read the whole calendar (windows and
components touched: nobody works past the others); a change's internal notes are read only by
its implementer party and the integrator. A party's users submit and change their own party's
changes; the integrator's staff manage all of them. Approvals are decided by the asked party's
manager or by the integrator; blackouts by integrator admins; a party's maintenance windows by
its manager or an integrator admin.
"""

from __future__ import annotations

from rules.predicates import Predicate

from podium.platform.access import (
    belongs_to_objects_party,
    define,
    is_integrator_admin,
    is_integrator_staff,
    is_party_manager,
    is_party_user,
    sees_everything,
)


def _implements(user: object, change: object) -> bool:
    """`change` (a Change, or the party a new one is for) is the user's party's."""
    return bool(belongs_to_objects_party(user, change))


implements = Predicate(_implements, name="implements_change")

VIEW = define(
    "changes.view",
    sees_everything | is_party_user,
    "Only the integrator, auditors and the parties' users read the change calendar.",
)
SUBMIT = define(
    "changes.submit",
    is_integrator_staff | is_party_user,
    "Only the integrator's staff and a party's users plan changes.",
)
# obj: the change, or the party a new change is for
MANAGE = define(
    "changes.manage",
    is_integrator_staff | (is_party_user & implements),
    "Only the integrator's staff and the implementer party's users change this change.",
)
READ_NOTES = define(
    "changes.read_notes",
    sees_everything | (is_party_user & implements),
    "Only the implementer party and the integrator read a change's internal notes.",
)
# obj: the approval (it carries the party asked)
DECIDE = define(
    "changes.decide",
    is_integrator_staff | (is_party_manager & belongs_to_objects_party),
    "Only the asked party's manager or the integrator's staff decide this approval.",
)
EDIT_BLACKOUTS = define(
    "changes.edit_blackouts",
    is_integrator_admin,
    "Only an integrator admin sets blackout windows.",
)
# obj: the party whose maintenance windows they are
EDIT_MAINTENANCE = define(
    "changes.edit_maintenance",
    is_integrator_admin | (is_party_manager & belongs_to_objects_party),
    "Only an integrator admin or the party's manager sets the party's maintenance windows.",
)
