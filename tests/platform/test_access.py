"""Role predicates and party scoping, on the real user model."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors as operations
from podium.platform.access import visible_party_ids

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "edit_governance", "edit_operations", "view_everything"),
    [
        ("integrator_admin", True, True, True),
        ("integrator_analyst", False, True, True),
        ("auditor", False, False, True),
        ("party_manager", False, False, False),
        ("party_member", False, False, False),
    ],
)
def test_role_permissions(
    world: Any, role: str, edit_governance: bool, edit_operations: bool, view_everything: bool
) -> None:
    user = world.users[role]
    assert user.has_perm("governance.edit") is edit_governance
    assert user.has_perm("operations.edit") is edit_operations
    assert user.has_perm("platform.view_everything") is view_everything


def test_object_visibility_follows_the_party(world: Any) -> None:
    member = world.users["party_member"]
    assert member.has_perm("platform.view_object", world.supplier_a)
    assert not member.has_perm("platform.view_object", world.supplier_b)
    assert member.has_perm("platform.view_object", world.component_a)
    assert not member.has_perm("platform.view_object", world.component_b)
    assert member.has_perm("platform.view_object", world.ticket_a)
    assert not member.has_perm("platform.view_object", world.ticket_b)
    assert world.users["auditor"].has_perm("platform.view_object", world.ticket_b)


def test_anonymous_sees_nothing(world: Any) -> None:
    anonymous = AnonymousUser()
    assert visible_party_ids(anonymous) == set()
    assert not anonymous.has_perm("platform.view_object", world.supplier_a)
    assert ecosystem.parties_visible_to(anonymous).count() == 0
    assert operations.tickets_visible_to(anonymous).count() == 0


def test_selectors_scope_rows_to_the_party(world: Any) -> None:
    member = world.users["party_member"]
    assert list(ecosystem.parties_visible_to(member)) == [world.supplier_a]
    assert list(ecosystem.components_visible_to(member)) == [world.component_a]
    assert list(ecosystem.services_visible_to(member)) == [world.service_a]
    assert list(operations.tickets_visible_to(member)) == [world.ticket_a]
    admin = world.users["integrator_admin"]
    assert ecosystem.parties_visible_to(admin).count() == 3
    assert operations.tickets_visible_to(admin).count() == 2


def test_a_service_is_visible_to_the_party_running_a_component_it_depends_on(world: Any) -> None:
    from podium.apps.ecosystem import services as eco

    # The web shop's cluster needs Beta's WAN: Beta now supports the web shop too.
    eco.add_dependency(acting_user=None, source=world.component_a, target=world.component_b)
    beta = world.users["other_party_member"]
    assert set(ecosystem.services_visible_to(beta)) == {world.service_a, world.service_b}
