"""Who may see and do what, across the companies that share one Podium.

Every row that belongs to a party carries that party. Reads go through selectors that call
:func:`visible_party_ids`; writes go through services that call :func:`require` with a named
permission. The permissions themselves live in each app's ``rules.py``, built from the role
predicates below with :func:`define`, so that a service, a page that hides a button and an API
operation all ask the same rule. The predicates read only `role` and `party_id` from the user,
so this module needs no app models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from rules.permissions import add_perm, has_perm, perm_exists
from rules.predicates import Predicate, predicate

T = TypeVar("T")


class Role(models.TextChoices):
    INTEGRATOR_ADMIN = "integrator_admin", "Integrator admin"
    INTEGRATOR_ANALYST = "integrator_analyst", "Integrator analyst"
    PARTY_MANAGER = "party_manager", "Party manager"
    PARTY_MEMBER = "party_member", "Party member"
    AUDITOR = "auditor", "Auditor (read-only)"


INTEGRATOR_ROLES = frozenset({Role.INTEGRATOR_ADMIN, Role.INTEGRATOR_ANALYST})
PARTY_ROLES = frozenset({Role.PARTY_MANAGER, Role.PARTY_MEMBER})
SEES_EVERYTHING = INTEGRATOR_ROLES | {Role.AUDITOR}


class Actor(Protocol):
    """Whoever acts: a logged-in user, or an anonymous visitor who may do nothing.

    Access control reads `role` and `party_id` where the actor has them (a Podium user always
    does); `None` in place of an actor is the operator at the command line of the machine.
    """

    @property
    def is_authenticated(self) -> bool: ...

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...


def role_of(user: object) -> str | None:
    """The user's role, or None for anyone not logged in."""
    if not getattr(user, "is_authenticated", False):
        return None
    role = getattr(user, "role", None)
    return str(role) if role is not None else None


def party_of(user: object) -> int | None:
    """The id of the party the user works for, if any."""
    party_id = getattr(user, "party_id", None)
    return int(party_id) if party_id is not None else None


@predicate
def is_integrator_admin(user: object) -> bool:
    return role_of(user) == Role.INTEGRATOR_ADMIN


@predicate
def is_integrator_staff(user: object) -> bool:
    return role_of(user) in INTEGRATOR_ROLES


@predicate
def is_auditor(user: object) -> bool:
    return role_of(user) == Role.AUDITOR


@predicate
def sees_everything(user: object) -> bool:
    return role_of(user) in SEES_EVERYTHING


@predicate
def is_party_user(user: object) -> bool:
    return role_of(user) in PARTY_ROLES and party_of(user) is not None


@predicate
def is_party_manager(user: object) -> bool:
    return role_of(user) == Role.PARTY_MANAGER and party_of(user) is not None


@predicate
def belongs_to_objects_party(user: object, obj: Any) -> bool:
    """True when `obj` is the user's party or carries it (`party_id` or `party_ids()`)."""
    party_id = party_of(user)
    if party_id is None or obj is None:
        return False
    if hasattr(obj, "party_ids"):
        return party_id in obj.party_ids()
    if getattr(obj, "is_party", False):
        return bool(obj.pk == party_id)
    return bool(getattr(obj, "party_id", None) == party_id)


can_view_object = sees_everything | (is_party_user & belongs_to_objects_party)

_REFUSALS: dict[str, str] = {}
_CACHE = "_podium_access_cache"


def define(name: str, rule: Predicate, refusal: str) -> str:
    """Register permission `name` (``"<app>.<verb>"``) and the sentence that refuses it."""
    if not perm_exists(name):
        add_perm(name, rule)
    _REFUSALS[name] = refusal
    return name


def may(actor: Actor | None, permission: str, obj: object = None) -> bool:
    """Whether `actor` holds `permission` (on `obj`); the operator (None) holds every one."""
    if actor is None:
        return True
    return bool(actor.has_perm(permission, obj))


def require(actor: Actor | None, permission: str, obj: object = None) -> None:
    """Refuse with the permission's own sentence (a 403 on pages and in the API).

    A write is decided on the facts as they are now: what :func:`memoised` kept for this actor
    is forgotten first.
    """
    if actor is not None:
        actor.__dict__.pop(_CACHE, None)
    if not may(actor, permission, obj):
        raise PermissionDenied(_REFUSALS.get(permission, "You may not do this."))


def memoised(user: object, key: str, compute: Callable[[], T]) -> T:
    """A per-user fact computed once for the life of the user object (one request), so that a
    rule asked for every row of a list costs one query, not one per row."""
    cache: dict[str, Any] = user.__dict__.setdefault(_CACHE, {})
    if key not in cache:
        cache[key] = compute()
    value: T = cache[key]
    return value


VIEW_EVERYTHING = define(
    "platform.view_everything", sees_everything, "Only the integrator and auditors see this."
)
VIEW_OBJECT = define("platform.view_object", can_view_object, "This is not yours to see.")


def visible_party_ids(user: object) -> set[int] | None:
    """Parties whose rows the user may read: None means all of them, an empty set none."""
    role = role_of(user)
    if role in SEES_EVERYTHING:
        return None
    party_id = party_of(user)
    if role in PARTY_ROLES and party_id is not None:
        return {party_id}
    return set()


class ToolActor:
    """A party's tool calling with its integration credential: a member of its party, no more
    (the rules decide for it as for that party's engineer). Every API a tool calls (TMF621,
    bulk events, the change calendar) authenticates it the same way, through
    `podium.platform.api.ToolToken`; `credential` is the row it authenticated with, for what
    records where a request came from.

    >>> tool = ToolActor(party_id=7, credential=None)
    >>> visible_party_ids(tool), tool.is_authenticated, str(tool)
    ({7}, True, 'tool of party 7')
    """

    is_authenticated = True
    role = Role.PARTY_MEMBER
    pk = None

    def __init__(self, *, party_id: int, credential: Any) -> None:
        self.party_id = party_id
        self.credential = credential

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return bool(has_perm(perm, self, obj))

    def __str__(self) -> str:
        return f"tool of party {self.party_id}"


class TooManyRequestsError(Exception):
    """A caller past its allowance of requests; `retry_after_seconds` says when to come back."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(f"Too many requests: retry after {retry_after_seconds} s.")
