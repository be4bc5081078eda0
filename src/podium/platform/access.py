"""Who may see and do what, across the companies that share one Podium.

Every row that belongs to a party carries that party. Reads go through selectors that call
:func:`visible_party_ids`; writes go through services that check a `rules` predicate. The
predicates read only `role` and `party_id` from the user, so this module needs no app models.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db import models
from rules.permissions import add_perm
from rules.predicates import predicate


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
    """What access control needs to know about a user."""

    is_authenticated: bool
    role: str
    party_id: int | None


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "role", None)


@predicate
def is_integrator_admin(user: Any) -> bool:
    return _role(user) == Role.INTEGRATOR_ADMIN


@predicate
def is_integrator_staff(user: Any) -> bool:
    return _role(user) in INTEGRATOR_ROLES


@predicate
def is_auditor(user: Any) -> bool:
    return _role(user) == Role.AUDITOR


@predicate
def sees_everything(user: Any) -> bool:
    return _role(user) in SEES_EVERYTHING


@predicate
def is_party_user(user: Any) -> bool:
    return _role(user) in PARTY_ROLES and getattr(user, "party_id", None) is not None


@predicate
def is_party_manager(user: Any) -> bool:
    return _role(user) == Role.PARTY_MANAGER and getattr(user, "party_id", None) is not None


@predicate
def belongs_to_objects_party(user: Any, obj: Any) -> bool:
    """True when `obj` is the user's party or carries it (`party_id` or `party_ids()`)."""
    party_id = getattr(user, "party_id", None)
    if party_id is None or obj is None:
        return False
    if hasattr(obj, "party_ids"):
        return party_id in obj.party_ids()
    if getattr(obj, "is_party", False):
        return bool(obj.pk == party_id)
    return bool(getattr(obj, "party_id", None) == party_id)


can_view_object = sees_everything | (is_party_user & belongs_to_objects_party)

add_perm("platform.view_everything", sees_everything)
add_perm("platform.edit_governance", is_integrator_admin)
add_perm("platform.edit_operations", is_integrator_staff)
add_perm("platform.view_object", can_view_object)
add_perm("platform.manage_own_party", is_party_manager)


def visible_party_ids(user: Any) -> set[int] | None:
    """Parties whose rows the user may read: None means all of them, an empty set none."""
    role = _role(user)
    if role in SEES_EVERYTHING:
        return None
    party_id = getattr(user, "party_id", None)
    if role in PARTY_ROLES and party_id is not None:
        return {party_id}
    return set()
