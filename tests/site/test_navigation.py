"""The navigation bar groups pages by context and marks where the user is."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_menus_per_context_with_the_current_page_marked(world: Any) -> None:
    client = Client()
    client.force_login(world.users["party_member"])
    response = client.get(reverse("governance:raci_grid"))
    menus = {menu.label: menu for menu in response.context["nav_menus"]}
    assert list(menus) == [
        "Cockpit",
        "Ecosystem",
        "Governance",
        "Operations",
        "Changes",
        "Goals",
        "Trust",
    ]
    assert menus["Governance"].active
    assert not menus["Ecosystem"].active
    current = [item.label for menu in menus.values() for item in menu.items if item.active]
    assert current == ["Responsibility matrix"]
    assert 'dropdown-toggle active-context">Governance</summary>' in response.content.decode()
    assert 'aria-current="page">Responsibility matrix</a>' in response.content.decode()


def test_every_menu_entry_answers_for_every_role(world: Any) -> None:
    for role in ("integrator_admin", "auditor", "party_member"):
        client = Client()
        client.force_login(world.users[role])
        for menu in client.get(reverse("home")).context["nav_menus"]:
            for item in menu.items:
                status = client.get(item.url).status_code
                # Concentration risk and the like may refuse a role; menu pages never break.
                assert status in {200, 403}, (role, item.url, status)


def test_service_credits_are_offered_only_to_those_who_may_read_them(world: Any) -> None:
    offered = {}
    for role in ("integrator_analyst", "auditor", "party_member"):
        client = Client()
        client.force_login(world.users[role])
        menus = {m.label: m for m in client.get(reverse("home")).context["nav_menus"]}
        offered[role] = [item.label for item in menus["Goals"].items]
    assert "Service credits" in offered["integrator_analyst"]
    assert "Service credits" in offered["party_member"]
    assert "Service credits" not in offered["auditor"]
