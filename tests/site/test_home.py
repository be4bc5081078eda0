"""Each home page starts with what needs attention, scoped to the viewer: matrix findings,
overdue actions and decisions, contracts near their notice deadline, the tickets a party holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from podium.apps.governance.services import agreements, forums, raci
from podium.site.home import needs_attention

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 9, 15)  # C-BETA-1's notice deadline (2026-10-02) is 17 days away


@pytest.fixture
def board(world: Any) -> Any:
    forum = forums.ensure_forum(
        acting_user=None, slug="ops-board", name="Operations board", kind="operational_board"
    )
    forums.set_membership(acting_user=None, forum=forum, party=world.integrator, role="chair")
    for party in (world.supplier_a, world.supplier_b):
        forums.set_membership(acting_user=None, forum=forum, party=party, role="member")
        forums.add_action(
            acting_user=None,
            forum=forum,
            title=f"Patch the {party.name} routers",
            owner_party=party,
            due_on=dt.date(2026, 9, 1),
        )
    forums.add_action(
        acting_user=None,
        forum=forum,
        title="Not yet due",
        owner_party=world.supplier_a,
        due_on=dt.date(2026, 9, 30),
    )
    raci.assign(
        acting_user=None,
        obj=world.service_a,
        activity=raci.ensure_activity(
            acting_user=None, code="incident-resolution", name="Incident resolution"
        ),
        party=world.supplier_a,
        role="R",
    )
    return forum


def _attention(world: Any, role: str) -> dict[str, Any]:
    user = world.users[role]
    return {a.key: a for a in needs_attention(user, today=TODAY)}


def test_the_integrator_sees_every_finding_overdue_action_and_contract(
    world: Any, board: Any
) -> None:
    found = _attention(world, "integrator_admin")
    assert list(found) == ["findings", "actions", "decisions", "contracts"]
    assert found["findings"].total >= 1
    assert found["findings"].tone == "red"
    assert [i.text for i in found["actions"].items] == [
        "Patch the Alpha Cloud routers (Operations board)",
        "Patch the Beta Networks routers (Operations board)",
    ]
    assert [i.text for i in found["contracts"].items] == ["C-BETA-1 Beta WAN: notice deadline"]
    assert found["contracts"].items[0].day == dt.date(2026, 10, 2)


def test_a_party_engineer_sees_its_tickets_first_and_nothing_of_another_party(
    world: Any, board: Any
) -> None:
    found = _attention(world, "party_member")
    assert list(found) == ["tickets", "findings", "actions"]
    assert [i.text for i in found["tickets"].items] == ["INC-A Web shop down"]
    assert [i.text for i in found["actions"].items] == [
        "Patch the Alpha Cloud routers (Operations board)"
    ]
    shown = repr(found)
    for marker in ("Beta", "INC-B", "C-BETA-1", "beta-wan"):
        assert marker not in shown


def test_a_party_manager_is_asked_to_acknowledge_the_agreement(world: Any, board: Any) -> None:
    agreements.publish_agreement(
        acting_user=None, title="Rules of the club", text="We answer.", effective_from=TODAY
    )
    found = _attention(world, "party_manager")
    assert list(found) == ["findings", "actions", "contracts", "agreement"]
    assert found["contracts"].total == 0  # its own contract's notice deadline is a year away
    assert "waits for your party's acknowledgement" in found["agreement"].items[0].text


def test_the_home_page_puts_attention_before_the_numbers(world: Any, board: Any) -> None:
    client = Client()
    client.force_login(world.users["party_member"])
    body = client.get(reverse("home")).content.decode()
    assert body.index("Needs attention") < body.index("In numbers")
    assert 'data-attention="tickets"' in body
    assert "Beta" not in body
