"""Every permission about people and their log-ins."""

from rules.predicates import Predicate

from podium.platform.access import define, is_integrator_admin


def _is_themself(user: object, person: object) -> bool:
    return person is not None and getattr(user, "pk", None) == getattr(person, "pk", -1)


is_themself = Predicate(_is_themself, name="is_themself")


MANAGE_USERS = define(
    "accounts.manage_users",
    is_integrator_admin,
    "Only an integrator admin creates and changes users.",
)
ROTATE_FEED_TOKEN = define(
    "accounts.rotate_feed_token",
    is_themself,
    "Only the person themself creates their calendar feed URL.",
)
