"""Every permission of live operations (tickets and what happens to them, and the integration
credentials with which parties' tools call Podium)."""

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

EDIT = define(
    "operations.edit",
    is_integrator_staff,
    "Only the integrator's staff changes tickets on behalf of Podium.",
)
VIEW_CREDENTIALS = define(
    "operations.view_credentials",
    sees_everything | is_party_manager,
    "Only the integrator, auditors and a party's manager see integration credentials.",
)
# Asked with the party a credential is for (or the credential itself): a party's manager
# manages its own party's tokens, an integrator admin every party's.
MANAGE_CREDENTIALS = define(
    "operations.manage_credentials",
    is_integrator_admin | (is_party_manager & belongs_to_objects_party),
    "Only an integrator admin, or a party's manager for the party's own tools, creates and "
    "revokes integration tokens.",
)
EXCHANGE_TICKETS = define(
    "operations.exchange_tickets",
    is_integrator_staff | is_party_user,
    "Only the integrator's staff and a party's users raise and change tickets.",
)
# obj: the subscription (or, when making one, the party it is for)
MANAGE_SUBSCRIPTIONS = define(
    "operations.manage_subscriptions",
    is_integrator_staff | (is_party_user & belongs_to_objects_party),
    "Only the integrator's staff and the party's own users subscribe to its ticket events.",
)
# obj: the party whose TMF621 endpoint it is
MANAGE_ENDPOINTS = define(
    "operations.manage_endpoints",
    is_integrator_admin | (is_party_manager & belongs_to_objects_party),
    "Only an integrator admin or the party's manager registers the party's TMF621 endpoint.",
)
REPLAY_DELIVERIES = define(
    "operations.replay_deliveries",
    is_integrator_staff,
    "Only the integrator's staff sends a delivery again.",
)
ARBITRATE = define(
    "operations.arbitrate",
    is_integrator_staff,
    "Only the integrator's staff decides who owns a ticket that bounces between parties.",
)
RUN_MAJOR_INCIDENTS = define(
    "operations.run_major_incidents",
    is_integrator_staff,
    "Only the integrator's staff declares and closes a major incident.",
)
POST_INCIDENT_UPDATES = define(
    "operations.post_incident_updates",
    is_integrator_staff | is_party_user,
    "Only the integrator's staff and the users of a party on the bridge post status updates.",
)


def _is_own_notification(user: object, obj: object) -> bool:
    """Asked without an object: any logged-in user (they act on their own inbox only)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return obj is None or getattr(obj, "user_id", None) == getattr(user, "pk", None)


READ_NOTIFICATIONS = define(
    "operations.read_notifications",
    Predicate(_is_own_notification, name="is_own_notification"),
    "Only the user a notification is for reads and marks it.",
)
